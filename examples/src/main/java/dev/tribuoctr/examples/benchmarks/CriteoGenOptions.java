package dev.tribuoctr.examples.benchmarks;

import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;

import java.nio.file.Path;

/** Options of the {@code criteo-gen} command (parsed by OLCUT). */
public final class CriteoGenOptions implements Options {
    /** Rows to write. */
    @Option(longName = "rows", usage = "Rows to write (required).")
    public long rows = 0;
    /** Output file. */
    @Option(longName = "out", usage = "The file to write, e.g. /tmp/criteo-45M.txt (required; never inside the repository).")
    public Path out = null;
    /** Whether an existing file may be replaced. */
    @Option(longName = "overwrite", usage = "Replace --out if it exists (otherwise an existing file is an error).")
    public boolean overwrite = false;
    /** Distinct values per categorical field. */
    @Option(longName = "cardinality", usage = "Distinct values per categorical field (drawn log-uniformly: a few values are frequent, most rare).")
    public int cardinality = 100_000;
    /** Informative categorical fields. */
    @Option(longName = "informative-categorical", usage = "The first N categorical fields C1..CN carry signal; the others are noise.")
    public int informativeCategorical = 6;
    /** Informative integer fields. */
    @Option(longName = "informative-integer", usage = "The first N integer fields I1..IN carry signal; the others are noise.")
    public int informativeInteger = 3;
    /** Probability that a column is empty. */
    @Option(longName = "missing", usage = "Probability that a feature column is empty (missing).")
    public double missing = 0.05;
    /** Seed. */
    @Option(longName = "seed", usage = "Seed of the random draws and of the planted weights.")
    public long seed = 1;

    @Override
    public String getOptionsDescription() {
        return "Writes a synthetic Criteo-format file (label, I1..I13, C1..C26; tab-separated) whose labels follow a "
                + "planted logistic model over the first few fields, for benchmarks of field selection at scale.";
    }
}
