package dev.tribuoctr.examples.benchmarks;

import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;

import java.nio.file.Path;

/** Options of the {@code taobao-gen} command (parsed by OLCUT). */
public final class TaobaoGenOptions implements Options {
    /** Rows to write. */
    @Option(longName = "rows", usage = "Rows to write (required).")
    public long rows = 0;
    /** Output file. */
    @Option(longName = "out", usage = "The file to write, e.g. /tmp/UserBehavior-5M.csv (required; never inside the repository).")
    public Path out = null;
    /** Whether existing outputs may be replaced. */
    @Option(longName = "overwrite", usage = "Replace --out if it exists (otherwise an existing file is an error).")
    public boolean overwrite = false;
    /** Distinct users. */
    @Option(longName = "users", usage = "Number of users (ids 1..users, drawn uniformly).")
    public int users = 100_000;
    /** Distinct items. */
    @Option(longName = "items", usage = "Number of items (ids 1..items, drawn uniformly).")
    public int items = 1_000_000;
    /** Distinct categories. */
    @Option(longName = "categories", usage = "Number of categories (each item has one, fixed).")
    public int categories = 5_000;
    /** Fraction of rows that are page views. */
    @Option(longName = "pv-fraction", usage = "Fraction of rows with behaviour pv (clicks); the rest are buy, cart or fav.")
    public double pvFraction = 0.9;
    /** Seed. */
    @Option(longName = "seed", usage = "Seed of the random draws.")
    public long seed = 1;

    @Override
    public String getOptionsDescription() {
        return "Writes a synthetic Taobao UserBehavior.csv (user,item,category,behaviour,timestamp; no header) for "
                + "load benchmarks of TaobaoUserBehaviorDataSource.";
    }
}
