package dev.tribuoctr.featuresel;

import dev.tribuoctr.ctr.engine.cpu.ParallelSlices;
import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.tribuoctr.ctr.engine.OptimiserType;
import dev.tribuoctr.ctr.engine.ParameterSet;
import dev.tribuoctr.ctr.engine.SparseRowOptimiser;
import dev.tribuoctr.ctr.model.ComputeEngine;
import dev.tribuoctr.ctr.model.ParameterSnapshot;
import org.nd4j.linalg.api.buffer.DataType;
import org.tribuo.Dataset;
import org.tribuo.FeatureSelector;
import org.tribuo.SelectedFeatureSet;
import org.tribuo.classification.Label;
import org.tribuo.provenance.FeatureSelectorProvenance;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.impl.EmptyTrainerProvenance;
import org.tribuo.provenance.impl.FeatureSelectorProvenanceImpl;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * LPFS / LPFS++ field selection as a Tribuo {@link FeatureSelector} (design §6, docs/design/lpfs.md). It trains the gated field model with
 * smoothed-ℓ⁰ gates under proximal SGD; fields whose gate parameter ends exactly at zero are dropped. {@code select}
 * returns every {@code field@value} feature (and numeric feature) of the kept fields, ordered by |gate| descending,
 * with the gate value as score; use it with Tribuo's {@code SelectedFeatureDataset} and {@code k = SELECT_ALL}
 * (Tribuo's k counts features, this selector's {@code k} counts fields). {@link #fit} also returns the gates, their
 * trajectory and the trained gated model, whose layout records the numeric transforms the data's source declares
 * (in the dataset's provenance: {@code dev.tribuoctr.ctr.data.DeclaredTransforms}).
 * <pre>
 * Guo et al. "LPFS: Learnable Polarizing Feature Selection for Click-Through Rate Prediction".
 * </pre>
 */
public final class LpfsFeatureSelector implements FeatureSelector<Label> {
    /** Key of the selector's provenance in the gated model's instance provenance. */
    public static final String SELECTOR_PROVENANCE = "lpfs-selector";

    @Config(description = "Gate function: LPFS or LPFS_PLUS_PLUS.")
    private GateType gate = GateType.LPFS_PLUS_PLUS;
    @Config(description = "LPFS++ weight alpha of the arctangent term.")
    private double alpha = 10.0;
    @Config(description = "LPFS++ root tau of epsilon in the arctangent term (2 = sqrt).")
    private double tau = 2.0;
    @Config(description = "Initial epsilon.")
    private double eps0 = 0.1;
    @Config(description = "Epsilon decay factor per decay interval.")
    private double epsDecay = 0.9978;
    @Config(description = "Smallest epsilon.")
    private double epsFloor = 1e-5;
    @Config(description = "Steps per decay of epsilon and of the gate learning rate.")
    private int decayInterval = 100;
    @Config(description = "Weight lambda of the L1 penalty on the gate parameters.")
    private double lambda = 1e-3;
    @Config(description = "Initial gate learning rate.")
    private double gateLearningRate = 0.01;
    @Config(description = "Gate learning-rate decay factor per decay interval.")
    private double gateLearningRateDecay = 0.9991;
    @Config(description = "Smallest gate learning rate.")
    private double gateLearningRateFloor = 5e-4;
    @Config(description = "Momentum of the gate SGD.")
    private double momentum = 0.9;
    @Config(description = "Optimiser of the network weights: ADAM or ADAGRAD.")
    private OptimiserType optimiser = OptimiserType.ADAGRAD;
    @Config(description = "Learning rate of the network weights.")
    private double learningRate = 0.01;
    @Config(description = "Embedding size per field.")
    private int embeddingSize = 16;
    @Config(description = "Hidden sizes of the ReLU MLP.")
    private int[] hiddenSizes = {256, 128};
    @Config(description = "Passes over the data.")
    private int epochs = 3;
    @Config(description = "Mini-batch size.")
    private int batchSize = 512;
    @Config(description = "Stop after this many steps in all, even within an epoch (0 = run every epoch to the end).")
    private long maxSteps = 0;
    @Config(description = "Seed of initialisation and shuffling.")
    private long seed = 12345L;
    @Config(description = "Keep at most this many fields (strongest |gate| first); <= 0 keeps every non-zero field.")
    private int k = -1;
    @Config(description = "Values seen fewer times map to out-of-vocabulary.")
    private int minCount = 1;
    @Config(description = "Record the gates every this many steps.")
    private int logInterval = 50;
    @Config(description = "Data-parallel compute threads of the fused CPU pass and of the optimiser (0 = every core the "
            + "JVM may use). Results are bit-reproducible for a fixed count; the default 1 makes them the same on every machine.")
    private int threads = 1;

    /** For OLCUT. */
    private LpfsFeatureSelector() { }

    /** @return a builder with the defaults (LPFS++, alpha 10, the paper's schedules) */
    public static Builder builder() { return new Builder(); }

    @Override
    public void postConfig() {
        check(gate != null, "gate", "must be LPFS or LPFS_PLUS_PLUS");
        check(alpha >= 0 && Double.isFinite(alpha), "alpha", "must be finite and >= 0");
        check(tau > 0, "tau", "must be > 0");
        check(optimiser == OptimiserType.ADAM || optimiser == OptimiserType.ADAGRAD, "optimiser", "must be ADAM or ADAGRAD");
        check(learningRate > 0, "learningRate", "must be > 0");
        check(embeddingSize > 0, "embeddingSize", "must be > 0");
        check(hiddenSizes.length > 0 && java.util.Arrays.stream(hiddenSizes).allMatch(h -> h > 0), "hiddenSizes", "needs positive sizes");
        check(epochs > 0, "epochs", "must be > 0");
        check(batchSize > 0, "batchSize", "must be > 0");
        check(maxSteps >= 0, "maxSteps", "must be >= 0 (0 = no limit)");
        check(minCount >= 1, "minCount", "must be >= 1");
        check(ParallelSlices.threadsProblem(threads) == null, "threads", ParallelSlices.threadsProblem(threads));
        check(logInterval > 0, "logInterval", "must be > 0");
        try {
            schedule();
        } catch (IllegalArgumentException e) {
            throw new PropertyException("", "eps0", e.getMessage());
        }
    }

    /** @return the data-parallel threads a pass uses: {@code threads}, or every available core when it is 0 */
    public int computeThreads() {
        return LpfsTraining.threadsFor(threads);
    }

    private static void check(boolean ok, String field, String msg) {
        if (!ok) {
            throw new PropertyException("", field, field + " " + msg);
        }
    }

    private GateSchedule schedule() {
        return new GateSchedule(eps0, epsDecay, epsFloor, gateLearningRate, gateLearningRateDecay,
                gateLearningRateFloor, decayInterval, momentum, lambda);
    }

    @Override
    public boolean isOrdered() { return true; }

    @Override
    public SelectedFeatureSet select(Dataset<Label> dataset) {
        return fit(dataset).selectedFeatures();
    }

    /**
     * Trains the gates and returns the full result.
     * @param dataset training data, labels "0"/"1"; a {@code FieldColumnsDataset} is read through its columns (no
     *                example is made)
     * @return the selection, gates, trajectory and gated model
     */
    public LpfsResult fit(Dataset<Label> dataset) {
        return fit(dataset, s -> { }, null);
    }

    /**
     * Trains with a hook after every step and access to the gates (for experiments such as forcing a gate to zero
     * mid-training, the paper's motivation for LPFS++).
     * @param dataset training data
     * @param afterStep called with the step count after each step
     * @param gatesOut receives the gate state before training starts, or null
     * @return the result
     */
    public LpfsResult fit(Dataset<Label> dataset, Consumer<Long> afterStep, Consumer<FieldGates> gatesOut) {
        TrainingData data = new TrainingData(dataset);
        FieldLayout layout = data.layout(minCount);
        if (layout.fieldCount() == 0) {
            throw new IllegalArgumentException("The dataset has no features to select from");
        }
        FieldEncoder encoder = new FieldEncoder(layout);
        GatedFieldNetwork network = new GatedFieldNetwork(layout, embeddingSize, hiddenSizes, ComputeEngine.AUTO,
                computeThreads());
        SplittableRandom rng = new SplittableRandom(seed);
        ParameterSet params = network.initialise(rng.split(), 0.05, DataType.FLOAT);
        FieldGates gates = new FieldGates(new SmoothedL0Gate(gate, alpha, tau), schedule(), layout.fieldCount());
        if (gatesOut != null) {
            gatesOut.accept(gates);
        }
        SparseRowOptimiser opt = new SparseRowOptimiser(optimiser, learningRate, 1.0, 1, 0.9, 0.999, 1e-8)
                .threads(computeThreads());
        LpfsTraining training = new LpfsTraining(network, encoder, opt, gates, batchSize, logInterval);
        training.run(params, data, epochs, maxSteps, rng, afterStep);
        double[] x = gates.parameters();
        double[] factors = gates.factors();
        FeatureSelectorProvenance selectorProvenance = getProvenance();
        ModelProvenance provenance = new ModelProvenance(GatedFieldModel.class.getName(), OffsetDateTime.now(),
                dataset.getProvenance(), new EmptyTrainerProvenance(), Map.of(SELECTOR_PROVENANCE, selectorProvenance));
        GatedFieldModel model = new GatedFieldModel("lpfs-gated-field-model", provenance, layout.featureMap(),
                dataset.getOutputIDInfo(), network, encoder, ParameterSnapshot.of(params), factors);
        return new LpfsResult(selection(dataset, layout, x, factors), layout.fieldNames(), x, factors,
                training.trajectory(), model);
    }

    private SelectedFeatureSet selection(Dataset<Label> dataset, FieldLayout layout, double[] x, double[] factors) {
        List<Integer> kept = new ArrayList<>();
        for (int f = 0; f < x.length; f++) {
            if (x[f] != 0.0) { kept.add(f); }
        }
        kept.sort(Comparator.comparingDouble((Integer f) -> -Math.abs(factors[f])).thenComparing(layout::fieldName));
        List<String> fields = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        for (int f : kept) {
            fields.add(layout.fieldName(f));
            scores.add(Math.abs(factors[f]));
        }
        return FieldRankedSelection.of(dataset, fields, scores, k, getProvenance());
    }

    @Override
    public FeatureSelectorProvenance getProvenance() {
        return new FeatureSelectorProvenanceImpl(this);
    }

    @Override
    public String toString() {
        return "LpfsFeatureSelector(gate=" + gate + ",alpha=" + alpha + ",lambda=" + lambda + ",eps0=" + eps0
                + ",gateLearningRate=" + gateLearningRate + ",epochs=" + epochs + (maxSteps > 0 ? ",maxSteps=" + maxSteps : "")
                + ",k=" + k + ",seed=" + seed
                + (threads != 1 ? ",threads=" + threads : "") + ")";
    }

    /** Builds an {@link LpfsFeatureSelector}; setters mirror the configurable fields. */
    public static final class Builder {
        private final LpfsFeatureSelector s = new LpfsFeatureSelector();

        private Builder() { }

        /** @param v gate type @param alpha LPFS++ alpha @return this */
        public Builder gate(GateType v, double alpha) { s.gate = v; s.alpha = alpha; return this; }
        /** @param v lambda @return this */
        public Builder lambda(double v) { s.lambda = v; return this; }
        /** @param lr initial gate learning rate @param decay per interval @param floor smallest @return this */
        public Builder gateLearningRate(double lr, double decay, double floor) {
            s.gateLearningRate = lr; s.gateLearningRateDecay = decay; s.gateLearningRateFloor = floor; return this;
        }
        /** @param eps0 initial eps @param decay per interval @param floor smallest @param interval steps @return this */
        public Builder eps(double eps0, double decay, double floor, int interval) {
            s.eps0 = eps0; s.epsDecay = decay; s.epsFloor = floor; s.decayInterval = interval; return this;
        }
        /** @param v momentum @return this */
        public Builder momentum(double v) { s.momentum = v; return this; }
        /** @param type ADAM or ADAGRAD @param lr learning rate @return this */
        public Builder optimiser(OptimiserType type, double lr) { s.optimiser = type; s.learningRate = lr; return this; }
        /** @param v embedding size @return this */
        public Builder embeddingSize(int v) { s.embeddingSize = v; return this; }
        /** @param v hidden sizes @return this */
        public Builder hiddenSizes(int... v) { s.hiddenSizes = v.clone(); return this; }
        /** @param v epochs @return this */
        public Builder epochs(int v) { s.epochs = v; return this; }
        /** @param v batch size @return this */
        public Builder batchSize(int v) { s.batchSize = v; return this; }
        /** @param v steps in all at most (0 = no limit) @return this */
        public Builder maxSteps(long v) { s.maxSteps = v; return this; }
        /** @param v seed @return this */
        public Builder seed(long v) { s.seed = v; return this; }
        /** @param v fields to keep at most (<= 0: all non-zero) @return this */
        public Builder k(int v) { s.k = v; return this; }
        /** @param v data-parallel compute threads (0 = every core) @return this */
        public Builder threads(int v) { s.threads = v; return this; }
        /** @param v gate logging interval in steps @return this */
        public Builder logInterval(int v) { s.logInterval = v; return this; }

        /** @return the selector @throws IllegalArgumentException naming an invalid setting */
        public LpfsFeatureSelector build() {
            try {
                s.postConfig();
            } catch (PropertyException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            return s;
        }
    }
}
