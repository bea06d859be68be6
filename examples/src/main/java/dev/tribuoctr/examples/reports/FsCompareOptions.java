package dev.tribuoctr.examples.reports;

import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;

import java.nio.file.Path;

/** Options of the {@code fs-compare} command (parsed by OLCUT). */
public final class FsCompareOptions implements Options {
    /** Field counts to compare at. */
    @Option(longName = "k-values", usage = "Comma-separated numbers of fields to keep.")
    public int[] kValues = {2, 4, 6, 8};
    /** Output directory. */
    @Option(longName = "out", usage = "Directory to write fs-compare.md and fs-compare.json into.")
    public Path out = null;
    /** Whether existing outputs may be replaced. */
    @Option(longName = "overwrite", usage = "Replace the files of an earlier run in --out (otherwise a non-empty --out is an error).")
    public boolean overwrite = false;
    /** Planted fields. */
    @Option(longName = "fields", usage = "Number of planted fields (at least 6).")
    public int fields = 12;
    /** Values per field. */
    @Option(longName = "cardinality", usage = "Values per planted field.")
    public int cardinality = 8;
    /** Training examples. */
    @Option(longName = "train-size", usage = "Training examples.")
    public int trainSize = 10000;
    /** Test examples. */
    @Option(longName = "test-size", usage = "Test examples.")
    public int testSize = 5000;
    /** Seed of the planted data. */
    @Option(longName = "data-seed", usage = "Seed of the planted data (one draw, split into train and test).")
    public long dataSeed = 1;
    /** Epochs of each field model. */
    @Option(longName = "epochs", usage = "Epochs of each field model trained on a selection.")
    public int epochs = 2;
    /** Epochs of LPFS. */
    @Option(longName = "lpfs-epochs", usage = "Epochs of the LPFS / LPFS++ selectors.")
    public int lpfsEpochs = 3;
    /** Embedding size. */
    @Option(longName = "embedding-size", usage = "Embedding size per field.")
    public int embeddingSize = 8;
    /** Hidden size of the MLP's first layer (the second is half). */
    @Option(longName = "hidden", usage = "Hidden size of the MLP's first layer; the second layer has half.")
    public int hidden = 32;
    /** Bins of MIM / mRMR. */
    @Option(longName = "bins", usage = "Bins of Tribuo's MIM and mRMR (features are 0/1 here).")
    public int bins = 2;
    /** Seed of training. */
    @Option(longName = "seed", usage = "Seed of every model's initialisation and shuffling.")
    public long seed = 7;

    @Override
    public String getOptionsDescription() {
        return "Compares field selection by LPFS, LPFS++, Tribuo's MIM and mRMR and permutation importance on "
                + "planted field data: test AUC and log loss of a field model retrained on each selection, against k.";
    }
}
