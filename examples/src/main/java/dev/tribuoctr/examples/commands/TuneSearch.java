package dev.tribuoctr.examples.commands;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.PropertyException;

import java.util.ArrayList;
import java.util.List;

/**
 * A search declared in an OLCUT configuration, as the component {@code search} beside the experiment's components:
 * {@code tune --config FILE --out DIR} then runs it without {@code --grid} options. Its fields are those of the
 * command line ({@link TuneOptions}); {@code grid} lists {@code component.field=v1,v2,...} entries.
 * <pre>
 * &lt;component name="search" type="dev.tribuoctr.examples.commands.TuneSearch"&gt;
 *   &lt;propertylist name="grid"&gt;&lt;item&gt;trainer.mu=0.2,0.4,0.6,0.8&lt;/item&gt;&lt;/propertylist&gt;
 *   &lt;propertylist name="seeds"&gt;&lt;item&gt;1&lt;/item&gt;&lt;item&gt;2&lt;/item&gt;&lt;item&gt;3&lt;/item&gt;&lt;/propertylist&gt;
 * &lt;/component&gt;
 * </pre>
 */
public final class TuneSearch implements Configurable {
    /** Component name the command looks for. */
    public static final String COMPONENT = "search";

    @Config(mandatory = true, description = "Swept fields, each component.field=v1,v2,...")
    private List<String> grid = new ArrayList<>();
    @Config(description = "Seeds; every cell is trained once per seed.")
    private int[] seeds = {1};
    @Config(description = "Train only this many cells drawn at random from the grid (0 = the whole grid).")
    private int random = 0;
    @Config(description = "Seed of the random draws.")
    private long searchSeed = 1L;
    @Config(description = "Runs side by side (0 = as many as the cores and memory allow).")
    private int parallel = 1;
    @Config(description = "Validation metric that chooses the best cell.")
    private TuneMetric metric = TuneMetric.AUC;
    @Config(description = "The configured field each run's seed is written to.")
    private String seedField = "trainer.seed";
    @Config(description = "The configured field that takes each run's share of the cores when runs go side by side.")
    private String threadsField = "trainer.threads";

    /** For OLCUT. */
    private TuneSearch() { }

    @Override
    public void postConfig() {
        if (grid.isEmpty()) {
            throw new PropertyException("", "grid", "grid needs at least one component.field=v1,v2,... entry");
        }
        TuneGrid.parse(grid); // the same checks as the command line's --grid
    }

    /** @return the swept fields' specifications */
    public List<String> grid() { return List.copyOf(grid); }

    /**
     * Fills the command's options with this search's settings.
     * @param options the options ({@code config}, {@code dataDir}, {@code out}, {@code overwrite} are kept)
     */
    public void applyTo(TuneOptions options) {
        options.seeds = seeds.clone();
        options.random = random;
        options.searchSeed = searchSeed;
        options.parallel = parallel;
        options.metric = metric;
        options.seedField = seedField;
        options.threadsField = threadsField;
    }
}
