package dev.tribuoctr.examples.benchmarks;

import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;

import java.nio.file.Path;

/** Options of the {@code onnx-bench} command (parsed by OLCUT). */
public final class OnnxBenchOptions implements Options {
    /** Batch sizes measured. */
    @Option(longName = "batch-sizes", usage = "Comma-separated request batch sizes.")
    public int[] batchSizes = {1, 256};
    /** Timed calls per engine and batch size. */
    @Option(longName = "calls", usage = "Timed calls per engine and batch size (batch 1 gets 10x as many).")
    public int calls = 200;
    /** Untimed calls first. */
    @Option(longName = "warmup", usage = "Untimed calls per engine and batch size before timing.")
    public int warmup = 50;
    /** Threads of both engines. */
    @Option(longName = "threads", usage = "Compute threads of ND4J and ONNX Runtime (0 = one per two cores, as the CLI's ND4J default).")
    public int threads = 0;
    /** Training epochs of the benchmarked model. */
    @Option(longName = "epochs", usage = "Epochs of the Meta-Wrapper model trained on the synthetic data to benchmark.")
    public int epochs = 1;
    /** Where the Markdown report goes. */
    @Option(longName = "out", usage = "File to write the Markdown table into (it is also printed).")
    public Path out = null;
    /** Whether existing outputs may be replaced. */
    @Option(longName = "overwrite", usage = "Replace --out if it exists (otherwise an existing file is an error).")
    public boolean overwrite = false;

    @Override
    public String getOptionsDescription() {
        return "Measures prediction latency (p50/p99) of a Meta-Wrapper model on ND4J against its ONNX export, through"
                + " Tribuo's API (OnnxCtrModel) and through plain ONNX Runtime with prepared string inputs.";
    }
}
