package dev.tribuoctr.examples.commands;

import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;

import java.nio.file.Path;

/**
 * Options of the {@code tune} command (parsed by OLCUT); the swept fields are given with
 * {@code --grid component.field=v1,v2,...}, taken out before OLCUT parses the rest.
 */
public final class TuneOptions implements Options {
    /** The experiment's OLCUT configuration. */
    @Option(longName = "config", usage = "OLCUT configuration of the experiment, as for 'train' (required; needs a 'validation-data' component).")
    public Path config = null;
    /** Value of the global property {@code data.dir}, or null. */
    @Option(longName = "data-dir", usage = "Directory of the data files; sets ${data.dir}.")
    public Path dataDir = null;
    /** Output directory. */
    @Option(longName = "out", usage = "Directory of the search: one run folder per cell and seed, results.md, results.json, best.xml, sensitivity plots (required; re-running the same search resumes it).")
    public Path out = null;
    /** Seeds of every cell. */
    @Option(longName = "seeds", usage = "Comma-separated seeds; every cell is trained once per seed.")
    public int[] seeds = {1};
    /** Random draws instead of the whole grid. */
    @Option(longName = "random", usage = "Train only this many cells drawn at random from the grid (0 = the whole grid).")
    public int random = 0;
    /** Seed of the random draws. */
    @Option(longName = "search-seed", usage = "Seed of the --random draws.")
    public long searchSeed = 1L;
    /** Runs side by side. */
    @Option(longName = "parallel", usage = "Runs trained side by side (0 = as many as the cores and memory allow).")
    public int parallel = 1;
    /** Selection metric. */
    @Option(longName = "metric", usage = "Validation metric that chooses the best cell: AUC (higher is better) or LOGLOSS (lower).")
    public TuneMetric metric = TuneMetric.AUC;
    /** The field a run's seed sets. */
    @Option(longName = "seed-field", usage = "The configured field each run's seed is written to.")
    public String seedField = "trainer.seed";
    /** The field a run's thread count sets when runs go side by side. */
    @Option(longName = "threads-field", usage = "The configured field that takes each run's share of the cores when --parallel > 1 (empty: none).")
    public String threadsField = "trainer.threads";
    /** Whether a non-empty --out that is not this search may be replaced. */
    @Option(longName = "overwrite", usage = "Start over in an --out that holds another search or other files.")
    public boolean overwrite = false;

    /** Global properties set with {@code --set NAME=VALUE} (taken out before OLCUT parses the rest). */
    public java.util.Map<String, String> properties = java.util.Map.of();

    /**
     * Fields set for every run with {@code --@component.field value}, as {@code train} takes them (taken out before
     * OLCUT parses the rest: without the configuration it cannot know the components).
     */
    public java.util.Map<String, String> fixedFields = java.util.Map.of();

    @Override
    public String getOptionsDescription() {
        return "Grid or random search over configured fields: every cell trained and evaluated like 'train', over"
                + " the seeds, chosen by the validation metric only (never test).";
    }
}
