package dev.tribuoctr.examples.commands;

import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;

import java.nio.file.Path;

/**
 * Options of the {@code train} command (parsed by OLCUT). The configuration file itself is OLCUT's
 * {@code --config-file}/{@code -c} (the command also accepts {@code --config}); {@code --@component.field value}
 * overrides any configured field.
 */
public final class TrainOptions implements Options {
    /** Value of the global property {@code data.dir}, or null. */
    @Option(longName = "data-dir", usage = "Directory of the data files; sets the global property ${data.dir} used by file-based sources.")
    public Path dataDir = null;
    /** Output directory. */
    @Option(longName = "out", usage = "Directory to write metrics.json, history.json, model.tribuo, provenance.json and run-complete.json into (must be empty or new).")
    public Path out = null;
    /** Whether existing outputs may be replaced. */
    @Option(longName = "overwrite", usage = "Replace the files of an earlier run in --out (otherwise a non-empty --out is an error).")
    public boolean overwrite = false;
    /** metrics.json of a Base run, for test_impr. */
    @Option(longName = "base-metrics", usage = "metrics.json of a Base run (train or compare output): adds test_impr.")
    public Path baseMetrics = null;

    @Override
    public String getOptionsDescription() {
        return "Trains the component 'trainer' of an OLCUT configuration on 'train-data' (early stopping on "
                + "'validation-data' if present), evaluates on 'test-data' with 'evaluator', and writes the results.";
    }
}
