package dev.tribuoctr.examples.commands;

import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;
import dev.tribuoctr.ctr.engine.OptimiserType;

import java.nio.file.Path;

/**
 * Options of the {@code compare} command (parsed by OLCUT).
 */
public final class CompareOptions implements Options {
    /** Data-parallel compute threads of every trainer (0 = every core). */
    @Option(longName = "threads", usage = "Compute threads of each training run (0 = every core the JVM may use).")
    public int threads = 0;
    /** Epochs per method (the default keeps the three trainings to about two minutes on two cores). */
    @Option(longName = "epochs", usage = "Training epochs per method.")
    public int epochs = 5;
    /** Seed of the data and of every trainer. */
    @Option(longName = "seed", usage = "Seed of the generated data and of the trainers.")
    public long seed = 1L;
    /** Optimiser. */
    @Option(longName = "optimiser", usage = "Optimiser of every method.")
    public OptimiserType optimiser = OptimiserType.ADAM;
    /** Learning rate. */
    @Option(longName = "learning-rate", usage = "Learning rate of every method.")
    public double learningRate = 0.01;
    /** Out-of-bag weight of Meta-Wrapper. */
    @Option(longName = "mu", usage = "Meta-Wrapper's out-of-bag weight mu (Base and DIN use 0).")
    public double mu = 0.5;
    /** Inner step size of Meta-Wrapper. */
    @Option(longName = "beta", usage = "Meta-Wrapper's inner step size beta.")
    public double beta = 0.01;
    /** Mini-batch size. */
    @Option(longName = "batch-size", usage = "In-bag mini-batch size of every method.")
    public int batchSize = 256;
    /** Number of users of the synthetic world (1,000 users give 40,000 training and 10,000 test instances). */
    @Option(longName = "users", usage = "Users in the synthetic world (each has 50 impressions, the last 10 for testing).")
    public int users = 1000;
    /** Items of the synthetic world. */
    @Option(longName = "items", usage = "Items in the synthetic world (20 categories; each item is shown about users * 50 / items times).")
    public int items = 1000;
    /** Directory for {@code metrics.json}, or null. */
    @Option(longName = "out", usage = "Directory to write metrics.json into (created if missing).")
    public Path out = null;
    /** Whether existing outputs may be replaced. */
    @Option(longName = "overwrite", usage = "Replace the files of an earlier run in --out (otherwise a non-empty --out is an error).")
    public boolean overwrite = false;

    @Override
    public String getOptionsDescription() {
        return "Trains Base, DIN and Meta-Wrapper on a learnable synthetic world and compares them with the best possible"
                + " ranking (the generating click probabilities); see docs/design/protocols.md.";
    }
}
