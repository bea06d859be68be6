package dev.tribuoctr.examples.commands;

import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;

import java.nio.file.Path;

/**
 * Options of the {@code select} command (parsed by OLCUT). The configuration file is OLCUT's
 * {@code --config-file}/{@code -c} (the command also accepts {@code --config}); {@code --@component.field value}
 * overrides any configured field.
 */
public final class SelectOptions implements Options {
    /** Value of the global property {@code data.dir}, or null. */
    @Option(longName = "data-dir", usage = "Directory of the data files; sets the global property ${data.dir} used by file-based sources.")
    public Path dataDir = null;
    /** Output directory. */
    @Option(longName = "out", usage = "Directory to write selected.json, trajectory.json, pruned-model.tribuo and run-complete.json into (required; must be empty or new).")
    public Path out = null;
    /** Whether existing outputs may be replaced. */
    @Option(longName = "overwrite", usage = "Replace the files of an earlier run in --out (otherwise a non-empty --out is an error).")
    public boolean overwrite = false;

    @Override
    public String getOptionsDescription() {
        return "Runs the LPFS field selector 'selector' of an OLCUT configuration on 'train-data' and writes the kept "
                + "fields, the gate trajectory and the pruned model; evaluates the pruned model on 'validation-data' and "
                + "'test-data' when the configuration has them.";
    }
}
