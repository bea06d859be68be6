package dev.tribuoctr.featuresel;

import dev.tribuoctr.ctr.engine.cpu.ParallelSlices;
import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import dev.tribuoctr.ctr.encoding.NumericTransform;
import dev.tribuoctr.ctr.engine.OptimiserType;
import dev.tribuoctr.ctr.engine.ParameterSet;
import dev.tribuoctr.ctr.engine.SparseRowOptimiser;
import dev.tribuoctr.ctr.model.ComputeEngine;
import dev.tribuoctr.ctr.model.ParameterSnapshot;
import org.nd4j.linalg.api.buffer.DataType;
import org.tribuo.Dataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains the gated field model of design §6.2 and §6.6 (docs/design/lpfs.md) without gates (every gate factor fixed at 1), from scratch
 * ({@link #train}) or from an existing model ({@link #fineTune}: the "hot start" of a pruned LPFS model). It runs the
 * same loop as LPFS ({@code LpfsTraining}) minus the gate updates. A {@code FieldColumnsDataset} is read through its
 * columns, without making an example.
 */
public final class GatedFieldTrainer implements Trainer<Label> {
    /** Key of the start model's provenance in a fine-tuned model's instance provenance. */
    public static final String START_MODEL_PROVENANCE = "start-model";

    @Config(description = "Optimiser of the network weights: ADAM or ADAGRAD.")
    private OptimiserType optimiser = OptimiserType.ADAM;
    @Config(description = "Learning rate.")
    private double learningRate = 0.01;
    @Config(description = "Passes over the data.")
    private int epochs = 3;
    @Config(description = "Mini-batch size.")
    private int batchSize = 256;
    @Config(description = "Seed of initialisation and shuffling.")
    private long seed = Trainer.DEFAULT_SEED;
    @Config(description = "Embedding size per field (training from scratch only).")
    private int embeddingSize = 16;
    @Config(description = "Hidden sizes of the ReLU MLP (training from scratch only).")
    private int[] hiddenSizes = {256, 128};
    @Config(description = "Values seen fewer times map to out-of-vocabulary (training from scratch only).")
    private int minCount = 1;
    @Config(description = "Data-parallel compute threads of the fused CPU pass and of the optimiser (0 = every core the "
            + "JVM may use). Results are bit-reproducible for a fixed count; the default 1 makes them the same on every machine.")
    private int threads = 1;

    private SplittableRandom rng;
    private int trainInvocationCounter;
    private List<Double> lastStepLosses = List.of();

    /** For OLCUT. */
    private GatedFieldTrainer() { }

    /**
     * @param optimiser ADAM or ADAGRAD
     * @param learningRate learning rate
     * @param epochs passes over the data
     * @param batchSize mini-batch size
     * @param seed seed
     * @param embeddingSize embedding size per field
     * @param hiddenSizes MLP hidden sizes
     */
    public GatedFieldTrainer(OptimiserType optimiser, double learningRate, int epochs, int batchSize, long seed,
                             int embeddingSize, int... hiddenSizes) {
        this.optimiser = optimiser;
        this.learningRate = learningRate;
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.seed = seed;
        this.embeddingSize = embeddingSize;
        this.hiddenSizes = hiddenSizes.clone();
        try {
            postConfig();
        } catch (PropertyException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public synchronized void postConfig() {
        check(optimiser == OptimiserType.ADAM || optimiser == OptimiserType.ADAGRAD, "optimiser", "must be ADAM or ADAGRAD");
        check(learningRate > 0, "learningRate", "must be > 0");
        check(epochs > 0, "epochs", "must be > 0");
        check(batchSize > 0, "batchSize", "must be > 0");
        check(embeddingSize > 0, "embeddingSize", "must be > 0");
        check(hiddenSizes.length > 0 && Arrays.stream(hiddenSizes).allMatch(h -> h > 0), "hiddenSizes", "needs positive sizes");
        check(minCount >= 1, "minCount", "must be >= 1");
        check(ParallelSlices.threadsProblem(threads) == null, "threads", ParallelSlices.threadsProblem(threads));
        rng = new SplittableRandom(seed);
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

    /** Trains a fresh gated field model (gate factors 1) on the dataset's fields. */
    @Override
    public GatedFieldModel train(Dataset<Label> dataset) {
        return train(dataset, Collections.emptyMap());
    }

    /** Trains a fresh gated field model (gate factors 1) on the dataset's fields. */
    @Override
    public GatedFieldModel train(Dataset<Label> dataset, Map<String, Provenance> runProvenance) {
        return train(dataset, runProvenance, INCREMENT_INVOCATION_COUNT);
    }

    @Override
    public GatedFieldModel train(Dataset<Label> dataset, Map<String, Provenance> runProvenance, int invocationCount) {
        TrainingData data = new TrainingData(dataset);
        FieldLayout layout = data.layout(minCount);
        if (layout.fieldCount() == 0) {
            throw new IllegalArgumentException("The dataset has no features to train on");
        }
        SplittableRandom local;
        TrainerProvenance provenance;
        synchronized (this) {
            if (invocationCount != INCREMENT_INVOCATION_COUNT) {
                setInvocationCount(invocationCount);
            }
            local = rng.split();
            provenance = getProvenance();
            trainInvocationCounter++;
        }
        GatedFieldNetwork network = new GatedFieldNetwork(layout, embeddingSize, hiddenSizes, ComputeEngine.AUTO,
                computeThreads());
        ParameterSet params = network.initialise(local.split(), 0.05, DataType.FLOAT);
        double[] ones = new double[layout.fieldCount()];
        Arrays.fill(ones, 1.0);
        return fit(network, new FieldEncoder(layout), params, ones, data, local, dataset, provenance,
                runProvenance, "gated-field-model", (step, loss, batch) -> { });
    }

    /**
     * Continues training from a model's parameters (same layout, network and gate factors, which stay fixed): a
     * pruned LPFS model ({@link LpfsResult#prunedModel()}) is "hot started" this way. The trainer's
     * {@code embeddingSize}, {@code hiddenSizes} and {@code minCount} are not used; the start model is unchanged.
     * @param start the model to start from
     * @param dataset training data (fields the start model does not know are ignored)
     * @return the fine-tuned model
     * @throws IllegalArgumentException if the dataset's source declares another numeric transform for a field than
     *                                  the start model records (the model would learn from differently scaled values)
     */
    public GatedFieldModel fineTune(GatedFieldModel start, Dataset<Label> dataset) {
        return fineTune(start, dataset, (step, loss, batch) -> { });
    }

    /** {@link #fineTune(GatedFieldModel, Dataset)} with a listener after every step (tests). */
    GatedFieldModel fineTune(GatedFieldModel start, Dataset<Label> dataset, LpfsTraining.StepListener listener) {
        SplittableRandom local;
        TrainerProvenance provenance;
        synchronized (this) {
            local = rng.split();
            provenance = getProvenance();
            trainInvocationCounter++;
        }
        Map<String, Provenance> run = new HashMap<>();
        run.put(START_MODEL_PROVENANCE, start.getProvenance());
        TrainingData data = new TrainingData(dataset);
        requireSameTransforms(start.layout(), data);
        GatedFieldNetwork network = start.network().withCompute(start.network().engine(), computeThreads());
        return fit(network, start.encoder(), start.parameters(), start.gateFactors(), data, local,
                dataset, provenance, run, start.getName() + "-fine-tuned", listener);
    }

    /** A field whose source declares a transform must have been trained with the same one. */
    private static void requireSameTransforms(FieldLayout layout, TrainingData data) {
        if (!layout.numericTransformsRecorded()) {
            return;
        }
        List<String> numeric = layout.numericFields();
        for (int n = 0; n < numeric.size(); n++) {
            NumericTransform declared = data.transforms().get(numeric.get(n));
            if (declared != null && declared != layout.numericTransform(n)) {
                throw new IllegalArgumentException("Numeric field '" + numeric.get(n) + "' went through "
                        + declared.formula() + " in the fine-tuning data's source, but the start model was trained on "
                        + layout.numericTransform(n).formula() + "; fine-tune on data read the way the start model's was");
            }
        }
    }

    private GatedFieldModel fit(GatedFieldNetwork network, FieldEncoder encoder, ParameterSet params, double[] factors,
                                TrainingData data, SplittableRandom rng, Dataset<Label> dataset,
                                TrainerProvenance provenance, Map<String, Provenance> runProvenance, String name,
                                LpfsTraining.StepListener listener) {
        SparseRowOptimiser opt = new SparseRowOptimiser(optimiser, learningRate, 1.0, 1, 0.9, 0.999, 1e-8)
                .threads(computeThreads());
        LpfsTraining training = new LpfsTraining(network, encoder, opt, factors, batchSize, Integer.MAX_VALUE);
        List<Double> losses = new ArrayList<>();
        training.run(params, data, epochs, 0, rng, (step, loss, batch) -> {
            losses.add(loss);
            listener.afterStep(step, loss, batch);
        });
        synchronized (this) {
            lastStepLosses = Collections.unmodifiableList(losses);
        }
        ModelProvenance modelProvenance = new ModelProvenance(GatedFieldModel.class.getName(), OffsetDateTime.now(),
                dataset.getProvenance(), provenance, runProvenance);
        return new GatedFieldModel(name, modelProvenance, encoder.layout().featureMap(), dataset.getOutputIDInfo(),
                network, encoder, ParameterSnapshot.of(params), factors);
    }

    /** @return the training loss of every step of the last {@code train} or {@code fineTune} call */
    public synchronized List<Double> lastStepLosses() { return lastStepLosses; }

    @Override
    public synchronized int getInvocationCount() { return trainInvocationCounter; }

    @Override
    public synchronized void setInvocationCount(int invocationCount) {
        if (invocationCount < 0) {
            throw new IllegalArgumentException("The supplied invocationCount is less than zero.");
        }
        rng = new SplittableRandom(seed);
        for (trainInvocationCounter = 0; trainInvocationCounter < invocationCount; trainInvocationCounter++) {
            rng.split();
        }
    }

    @Override
    public TrainerProvenance getProvenance() { return new TrainerProvenanceImpl(this); }

    @Override
    public String toString() {
        return "GatedFieldTrainer(optimiser=" + optimiser + ",learningRate=" + learningRate + ",epochs=" + epochs
                + ",batchSize=" + batchSize + ",seed=" + seed + ",embeddingSize=" + embeddingSize + ",hiddenSizes="
                + Arrays.toString(hiddenSizes) + (threads != 1 ? ",threads=" + threads : "") + ")";
    }
}
