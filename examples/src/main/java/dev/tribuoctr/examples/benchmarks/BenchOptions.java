package dev.tribuoctr.examples.benchmarks;

import dev.tribuoctr.examples.commands.CtrMethod;

import dev.tribuoctr.ctr.model.ComputeEngine;

import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;
import dev.tribuoctr.ctr.train.FiniteDifference;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Options of the {@code bench} command (parsed by OLCUT).
 */
public final class BenchOptions implements Options {
    /** Item vocabulary sizes to measure, one run each. */
    @Option(longName = "items", usage = "Comma-separated item vocabulary sizes, one benchmark each.")
    public List<Integer> items = new ArrayList<>(List.of(100_000, 4_000_000));
    /** Training examples per epoch; 0 picks enough for every item to appear (at least 10,000). */
    @Option(longName = "examples", usage = "Training examples per epoch (0 = max(10000, items/history), so every item appears).")
    public int examples = 0;
    /** Methods to measure. */
    @Option(longName = "methods", usage = "Comma-separated methods to measure.")
    public EnumSet<CtrMethod> methods = EnumSet.allOf(CtrMethod.class);
    /** Timed epochs after the warm-up epoch; the median is reported. */
    @Option(longName = "repeats", usage = "Timed epochs after one warm-up epoch (the median is reported).")
    public int repeats = 3;
    /** Mini-batch size. */
    @Option(longName = "batch-size", usage = "In-bag mini-batch size.")
    public int batchSize = 256;
    /** History length. */
    @Option(longName = "history", usage = "History length T (every example has a full history).")
    public int history = 50;
    /** Categories. */
    @Option(longName = "categories", usage = "Number of item categories.")
    public int categories = 1_000;
    /** Users (the one context field). */
    @Option(longName = "users", usage = "Number of users (the context field 'user').")
    public int users = 50_000;
    /** Embedding size of every group. */
    @Option(longName = "embedding", usage = "Embedding size of every group (item, category, user).")
    public int embedding = 16;
    /** Seed. */
    @Option(longName = "finite-difference", usage = "Meta-Wrapper's Hessian-vector products: CENTRAL (default) or FORWARD.")
    public FiniteDifference finiteDifference = FiniteDifference.CENTRAL;

    /** Data-parallel compute threads (0 = every core). */
    @Option(longName = "threads", usage = "Compute threads of the passes (0 = every core the JVM may use).")
    public int threads = 0;
    /** Whether to print where a step spends its time. */
    @Option(longName = "profile", usage = "Also print where the last epoch's steps spent their time, per method.")
    public boolean profile = false;
    /** Whether to measure the trained models' size. */
    @Option(longName = "model-size", usage = "Also measure each trained model: its size in Tribuo's protobuf format (model.tribuo), feature-map entries and the heap it retains.")
    public boolean modelSize = false;
    /** Compute engine. */
    @Option(longName = "engine", usage = "Compute engine: AUTO (fused CPU pass on the CPU backend) or ND4J.")
    public ComputeEngine engine = ComputeEngine.AUTO;

    @Option(longName = "seed", usage = "Seed of the data and the trainers.")
    /** Seed of the generated data. */
    public long seed = 1L;

    @Override
    public String getOptionsDescription() {
        return "Measures training throughput and peak memory of Base, DIN and Meta-Wrapper (hidden sizes 80/40).";
    }

    /**
     * @param itemCount the item vocabulary size of one run
     * @return the number of examples per epoch for that run
     */
    public int examplesFor(int itemCount) {
        if (examples > 0) {
            return examples;
        }
        return Math.max(10_000, (int) Math.ceil(itemCount / (double) history));
    }
}
