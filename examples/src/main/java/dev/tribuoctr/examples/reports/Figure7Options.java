package dev.tribuoctr.examples.reports;

import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;

import java.nio.file.Path;

/** Options of the {@code figure7} command (parsed by OLCUT). */
public final class Figure7Options implements Options {
    /** Data-parallel compute threads of every trainer (0 = every core). */
    @Option(longName = "threads", usage = "Compute threads of each training run (0 = every core the JVM may use).")
    public int threads = 0;
    /** Epochs per variant (no early stopping). */
    @Option(longName = "epochs", usage = "Training epochs per variant (all are trained, no early stopping).")
    public int epochs = 10;
    /** Users of the synthetic data. */
    @Option(longName = "users", usage = "Users in the synthetic data (100 in design §5.4, docs/design/protocols.md).")
    public int users = 100;
    /** Seed. */
    @Option(longName = "seed", usage = "Seed of the data and of the trainers.")
    public long seed = 1L;
    /** Learning rate. */
    @Option(longName = "learning-rate", usage = "Adam learning rate of every variant.")
    public double learningRate = 0.01;
    /** L2 of the DIN + L2 variant. */
    /** Dropout rate of the 'DIN + dropout' variant. */
    @Option(longName = "dropout", usage = "Dropout rate on the predictor's hidden units of the 'DIN + dropout' variant.")
    public double dropout = 0.5;

    @Option(longName = "l2", usage = "Weight decay of the 'DIN + L2' variant.")
    /** Weight decay of the DIN + L2 variant. */
    public double l2 = 1e-3;
    /** Meta-Wrapper's mu. */
    @Option(longName = "mu", usage = "Meta-Wrapper's out-of-bag weight mu.")
    public double mu = 0.5;
    /** Output directory. */
    @Option(longName = "out", usage = "Directory for figure7.png, report.md and one folder per variant (required).")
    public Path out = null;
    /** Whether existing outputs may be replaced. */
    @Option(longName = "overwrite", usage = "Replace the files of an earlier run in --out (otherwise a non-empty --out is an error).")
    public boolean overwrite = false;

    @Override
    public String getOptionsDescription() {
        return "The paper's Figure 7 on the synthetic data: train and test loss per epoch of Base, DIN, DIN + L2, "
                + "DIN + dropout and Meta-Wrapper.";
    }
}
