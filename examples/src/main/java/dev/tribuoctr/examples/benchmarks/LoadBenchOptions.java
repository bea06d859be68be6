package dev.tribuoctr.examples.benchmarks;

import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Options of the {@code load-bench} command (parsed by OLCUT). The configuration file is OLCUT's
 * {@code --config-file}/{@code -c} (the command also accepts {@code --config}); {@code --@component.field value}
 * overrides any configured field and {@code --set NAME=VALUE} any global property.
 */
public final class LoadBenchOptions implements Options {
    /** What loading a component means. */
    public enum Mode {
        /** Create the data source only (for the file-based sources: read the files and prepare the split). */
        SOURCE,
        /** Create the source and iterate over its examples once, counting them; nothing is kept. */
        ITERATE,
        /** Create the source and build the dataset {@code train} builds from it (compact when the source has one). */
        DATASET
    }

    /** Value of the global property {@code data.dir}, or null. */
    @Option(longName = "data-dir", usage = "Directory of the data files; sets the global property ${data.dir} used by file-based sources.")
    public Path dataDir = null;
    /** Components to load, in order. */
    @Option(longName = "components", usage = "Comma-separated data-source components to load, in order (absent ones are skipped).")
    public List<String> components = new ArrayList<>(List.of("train-data", "validation-data", "test-data"));
    /** What loading means. */
    @Option(longName = "mode", usage = "SOURCE (create the sources), ITERATE (also iterate once, keeping nothing) or DATASET (also build Tribuo datasets).")
    public Mode mode = Mode.DATASET;

    @Override
    public String getOptionsDescription() {
        return "Loads the data-source components of an OLCUT configuration and prints the load time and peak memory "
                + "(heap, retained heap, resident set) as Markdown.";
    }
}
