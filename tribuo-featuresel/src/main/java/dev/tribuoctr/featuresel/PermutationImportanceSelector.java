package dev.tribuoctr.featuresel;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.tribuoctr.ctr.engine.OptimiserType;
import org.tribuo.Dataset;
import org.tribuo.FeatureSelector;
import org.tribuo.SelectedFeatureSet;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.provenance.FeatureSelectorProvenance;
import org.tribuo.provenance.impl.FeatureSelectorProvenanceImpl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.logging.Logger;

/**
 * Permutation importance of fields as a Tribuo {@link FeatureSelector}: it trains the field model of design §6 (docs/design/lpfs.md) on every
 * field without gates ({@link GatedFieldTrainer}), then permutes one field's values across held-out rows at a time
 * and measures how much the {@link ImportanceMetric metric} worsens (AUC drop or log-loss rise), averaged over
 * {@code repeats} permutations. The held-out rows are a seeded {@code heldOutFraction} of the dataset
 * ({@link #select}, {@link #fit(Dataset)}) or a dataset of their own ({@link #fit(Dataset, Dataset)}).
 * <p>
 * {@code select} returns every feature ({@code field@value}, or a numeric field's feature) of the fields, fields by
 * importance descending (ties by name), a field's features by name, each scored with its field's importance. Like
 * {@link LpfsFeatureSelector}, this selector's {@code k} counts fields: it keeps the {@code k} most important fields
 * ({@code <= 0}, the default {@link FeatureSelector#SELECT_ALL}, keeps all); Tribuo's {@code SelectedFeatureDataset}
 * k counts features, so use it with {@code SELECT_ALL} to take the fields chosen here. Both routes of
 * {@link GatedFieldTrainer} work: a {@code FieldColumnsDataset} is split and read through its columns. For a fixed
 * seed the result is the same from run to run.
 * <p>
 * Correlated fields share their importance: while one is permuted the model still reads the other, so a field and
 * its duplicate may each score well below the information they carry together.
 */
public final class PermutationImportanceSelector implements FeatureSelector<Label> {
    private static final Logger logger = Logger.getLogger(PermutationImportanceSelector.class.getName());
    /** Key of the selector's provenance in the trained model's run provenance. */
    public static final String SELECTOR_PROVENANCE = "permutation-importance-selector";

    @Config(description = "Optimiser of the field model: ADAM or ADAGRAD.")
    private OptimiserType optimiser = OptimiserType.ADAM;
    @Config(description = "Learning rate of the field model.")
    private double learningRate = 0.01;
    @Config(description = "Passes over the training data.")
    private int epochs = 3;
    @Config(description = "Mini-batch size.")
    private int batchSize = 256;
    @Config(description = "Embedding size per field.")
    private int embeddingSize = 16;
    @Config(description = "Hidden sizes of the ReLU MLP.")
    private int[] hiddenSizes = {256, 128};
    @Config(description = "Seed of the field model (the trainer's seed), of the held-out split and of the permutations.")
    private long seed = Trainer.DEFAULT_SEED;
    @Config(description = "What a permutation worsens: AUC (drop) or LOG_LOSS (rise).")
    private ImportanceMetric metric = ImportanceMetric.AUC;
    @Config(description = "Share of the dataset held out to measure importance on, in (0, 1); not used when a "
            + "held-out dataset is given.")
    private double heldOutFraction = 0.2;
    @Config(description = "Permutations per field whose worsening is averaged.")
    private int repeats = 5;
    @Config(description = "Keep at most this many fields (most important first); <= 0 keeps every field.")
    private int k = FeatureSelector.SELECT_ALL;

    /** For OLCUT. */
    private PermutationImportanceSelector() { }

    /** @return a builder with the defaults (the trainer's, AUC, 20% held out, 5 repeats, every field) */
    public static Builder builder() { return new Builder(); }

    @Override
    public void postConfig() {
        if (metric == null) {
            throw new PropertyException("", "metric", "metric must be AUC or LOG_LOSS");
        }
        if (!(heldOutFraction > 0 && heldOutFraction < 1)) {
            throw new PropertyException("", "heldOutFraction", "heldOutFraction must be in (0, 1), got " + heldOutFraction);
        }
        if (repeats < 1) {
            throw new PropertyException("", "repeats", "repeats must be >= 1, got " + repeats);
        }
        try {
            trainer();
        } catch (IllegalArgumentException e) {
            // The trainer checks its own settings and names the one at fault.
            throw e.getCause() instanceof PropertyException p ? p : e;
        }
    }

    /** A fresh trainer per fit: its first draw from the seed then gives the same model every time. */
    private GatedFieldTrainer trainer() {
        return new GatedFieldTrainer(optimiser, learningRate, epochs, batchSize, seed, embeddingSize, hiddenSizes);
    }

    @Override
    public boolean isOrdered() { return true; }

    @Override
    public SelectedFeatureSet select(Dataset<Label> dataset) {
        return fit(dataset).selectedFeatures();
    }

    /**
     * Holds out a seeded {@code heldOutFraction} of the rows, trains on the rest and measures importance on them.
     * @param dataset the data, labels "0"/"1"; its feature map lists the selected features
     * @return the selection, importances and trained model
     * @throws IllegalArgumentException if the split leaves a part empty or the held-out rows have one class only
     *                                  (under AUC)
     */
    public PermutationImportanceResult fit(Dataset<Label> dataset) {
        HeldOutSplit split = HeldOutSplit.of(dataset, heldOutFraction, streams()[0]);
        return fit(split.train(), split.heldOut(), dataset);
    }

    /**
     * Trains on one dataset and measures importance on another ({@code heldOutFraction} is not used).
     * @param train training data, labels "0"/"1"; its feature map lists the selected features
     * @param heldOut the rows whose fields are permuted, labels "0"/"1" (fields the model lacks are ignored)
     * @return the selection, importances and trained model
     */
    public PermutationImportanceResult fit(Dataset<Label> train, Dataset<Label> heldOut) {
        return fit(train, heldOut, train);
    }

    private PermutationImportanceResult fit(Dataset<Label> train, Dataset<Label> heldOut, Dataset<Label> selectFrom) {
        long start = System.nanoTime();
        GatedFieldModel model = trainer().train(train, Map.of(SELECTOR_PROVENANCE, getProvenance()));
        double trainingSeconds = (System.nanoTime() - start) / 1e9;
        FieldPermutation permutation = new FieldPermutation(model, new TrainingData(heldOut).rows(model.encoder()));
        int[] labels = permutation.labels();
        double baseline = metric.value(permutation.probabilities(), labels);
        List<String> fields = model.layout().fieldNames();
        double[][] worsening = worsening(permutation, labels, baseline, fields.size());
        double[] means = new double[fields.size()];
        double[] deviations = new double[fields.size()];
        for (int f = 0; f < fields.size(); f++) {
            means[f] = mean(worsening[f]);
            deviations[f] = standardDeviation(worsening[f], means[f]);
        }
        List<Integer> order = new ArrayList<>();
        for (int f = 0; f < fields.size(); f++) {
            order.add(f);
        }
        order.sort(Comparator.comparingDouble((Integer f) -> -means[f]).thenComparing(fields::get));
        List<String> ranked = order.stream().map(fields::get).toList();
        List<Double> scores = order.stream().map(f -> means[f]).toList();
        logger.info(String.format(Locale.ROOT, "Permutation importance on %d held-out rows (%s %.4f unpermuted): %s",
                labels.length, metric, baseline, ranked));
        SelectedFeatureSet selected = FieldRankedSelection.of(selectFrom, ranked, scores, k, getProvenance());
        return new PermutationImportanceResult(selected, fields, ranked, means, deviations, metric, baseline, model,
                trainingSeconds);
    }

    /** @return per field and repeat, how much the metric worsens with the field permuted */
    private double[][] worsening(FieldPermutation permutation, int[] labels, double baseline, int fields) {
        double[][] worsening = new double[fields][repeats];
        SplittableRandom rng = streams()[1];
        for (int f = 0; f < fields; f++) {
            for (int r = 0; r < repeats; r++) {
                double permuted = metric.value(permutation.probabilities(f, permutation.randomOrder(rng)), labels);
                worsening[f][r] = metric.worsening(baseline, permuted);
            }
        }
        return worsening;
    }

    /**
     * @return the draws of the held-out split and of the permutations; distinct from the trainer's, which is the
     *         first split of the same seed
     */
    private SplittableRandom[] streams() {
        SplittableRandom root = new SplittableRandom(seed);
        root.split();
        return new SplittableRandom[]{root.split(), root.split()};
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static double standardDeviation(double[] values, double mean) {
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return Math.sqrt(sum / values.length);
    }

    @Override
    public FeatureSelectorProvenance getProvenance() {
        return new FeatureSelectorProvenanceImpl(this);
    }

    @Override
    public String toString() {
        return "PermutationImportanceSelector(metric=" + metric + ",heldOutFraction=" + heldOutFraction + ",repeats="
                + repeats + ",k=" + k + ",optimiser=" + optimiser + ",learningRate=" + learningRate + ",epochs=" + epochs
                + ",batchSize=" + batchSize + ",embeddingSize=" + embeddingSize + ",hiddenSizes="
                + Arrays.toString(hiddenSizes) + ",seed=" + seed + ")";
    }

    /** Builds a {@link PermutationImportanceSelector}; setters mirror the configurable fields. */
    public static final class Builder {
        private final PermutationImportanceSelector s = new PermutationImportanceSelector();

        private Builder() { }

        /** @param type ADAM or ADAGRAD @param lr learning rate @return this */
        public Builder optimiser(OptimiserType type, double lr) { s.optimiser = type; s.learningRate = lr; return this; }
        /** @param v passes over the training data @return this */
        public Builder epochs(int v) { s.epochs = v; return this; }
        /** @param v mini-batch size @return this */
        public Builder batchSize(int v) { s.batchSize = v; return this; }
        /** @param v embedding size per field @return this */
        public Builder embeddingSize(int v) { s.embeddingSize = v; return this; }
        /** @param v hidden sizes of the MLP @return this */
        public Builder hiddenSizes(int... v) { s.hiddenSizes = v.clone(); return this; }
        /** @param v seed of the model, the split and the permutations @return this */
        public Builder seed(long v) { s.seed = v; return this; }
        /** @param v what a permutation worsens @return this */
        public Builder metric(ImportanceMetric v) { s.metric = v; return this; }
        /** @param v share of the rows held out, in (0, 1) @return this */
        public Builder heldOutFraction(double v) { s.heldOutFraction = v; return this; }
        /** @param v permutations per field @return this */
        public Builder repeats(int v) { s.repeats = v; return this; }
        /** @param v fields to keep at most (<= 0: all) @return this */
        public Builder k(int v) { s.k = v; return this; }

        /** @return the selector @throws IllegalArgumentException naming an invalid setting */
        public PermutationImportanceSelector build() {
            try {
                s.postConfig();
            } catch (PropertyException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            return s;
        }
    }
}
