package dev.tribuoctr.examples.benchmarks;

import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;

import java.nio.file.Path;

/**
 * Options of the {@code local-sgd-sim} command (parsed by OLCUT). The configuration file is OLCUT's
 * {@code --config-file}/{@code -c} (the command also accepts {@code --config}); {@code --@component.field value}
 * overrides any configured field (e.g. {@code --@trainer.learningRate 0.02}) and {@code --set NAME=VALUE} any global
 * property.
 */
public final class LocalSgdSimOptions implements Options {
    /** Value of the global property {@code data.dir}, or null. */
    @Option(longName = "data-dir", usage = "Directory of the data files; sets the global property ${data.dir} used by file-based sources.")
    public Path dataDir = null;
    /** Numbers of workers K. */
    @Option(longName = "workers", usage = "Comma-separated numbers of workers K (each at least 1).")
    public int[] workers = {1, 2, 4, 8};
    /** Steps between combinations H. */
    @Option(longName = "sync-every", usage = "Comma-separated steps H of each worker between two combinations (each at least 1).")
    public int[] syncEvery = {1, 10, 100};
    /** Epoch-equivalents of every run. */
    @Option(longName = "epochs", usage = "Epochs of every run (for K workers, an epoch is 1/K of the single machine's steps on each worker); the configured epochs and early stopping are not used.")
    public int epochs = 5;
    /** The context field that shards the users. */
    @Option(longName = "user-field", usage = "Context field of the trainer's schema that names the user; the training instances are sharded by it.")
    public String userField = "user";
    /** Where the Markdown report goes. */
    @Option(longName = "out", usage = "File to write the Markdown report into (it is also printed).")
    public Path out = null;
    /** Whether an existing report may be replaced. */
    @Option(longName = "overwrite", usage = "Replace --out if it exists (otherwise an existing file is an error).")
    public boolean overwrite = false;

    @Override
    public String getOptionsDescription() {
        return "Simulates training on K machines on this one (docs/distributed-training.md): K copies of the"
                + " configured trainer's loop on disjoint user shards of 'train-data', combined every H steps (dense"
                + " tensors averaged, embedding rows averaged over the workers that changed them), against the single"
                + " machine; prints the validation AUC per epoch on 'validation-data' as Markdown.";
    }
}
