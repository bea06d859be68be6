package dev.tribuoctr.ctr.train;

import dev.tribuoctr.ctr.engine.cpu.ParallelSlices;
import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import dev.tribuoctr.ctr.encoding.CtrEncoder;
import dev.tribuoctr.ctr.encoding.CtrFeatureLayout;
import dev.tribuoctr.ctr.encoding.CtrSchema;
import dev.tribuoctr.ctr.encoding.EncodedInstances;
import dev.tribuoctr.ctr.encoding.LabelMode;
import dev.tribuoctr.ctr.encoding.VocabularyFeatureMap;
import dev.tribuoctr.ctr.engine.Dropout;
import dev.tribuoctr.ctr.engine.OptimiserType;
import dev.tribuoctr.ctr.engine.ParameterSet;
import dev.tribuoctr.ctr.engine.SparseRowOptimiser;
import dev.tribuoctr.ctr.model.ComputeEngine;
import dev.tribuoctr.ctr.model.CtrModel;
import dev.tribuoctr.ctr.model.InterestArchitecture;
import dev.tribuoctr.ctr.model.InterestNetwork;
import dev.tribuoctr.ctr.model.ParameterSnapshot;
import dev.tribuoctr.ctr.model.Pooling;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.logging.Logger;

/**
 * Trains a {@link CtrModel}: a DIN-style interest model whose attentive feature selector is meta-learned with the
 * Meta-Wrapper objective (design §2–4: docs/design/interest-model.md, meta-gradient.md, protocols.md). The switches give the paper's baselines and ablations: {@code pooling=SUM}
 * is Base, {@code mu=0} is DIN (M1), {@code innerSteps=0} is M2, {@code secondOrder=false} is M3, the defaults are
 * Meta-Wrapper (M4).
 * <pre>
 * Cao, Xu, Yang, Huang. "Meta-Wrapper: Differentiable Wrapping Operator for User Interest Selection in CTR
 * Prediction", IEEE TPAMI.
 * </pre>
 * Training runs on ND4J (the CPU backend by default; the CUDA backend with the Maven profile {@code cuda}); the
 * same seed, data and configuration give a bit-identical model on CPU.
 */
public final class MetaWrapperTrainer implements Trainer<Label> {
    private static final Logger logger = Logger.getLogger(MetaWrapperTrainer.class.getName());

    /** Key of the ND4J backend in the model's run provenance. */
    public static final String BACKEND_PROVENANCE = "nd4j-backend";
    /** Key of the training data type in the model's run provenance. */
    public static final String DATA_TYPE_PROVENANCE = "nd4j-data-type";
    /** Key of the validation dataset in the model's run provenance. */
    public static final String VALIDATION_PROVENANCE = "validation-dataset";

    @Config(description = "Feature layout: item, attribute and history fields, context fields, T, minCount.")
    private CtrSchema schema = CtrSchema.defaultSchema();
    @Config(description = "History pooling: ATTENTION (DIN), SOFTMAX, or SUM (the Base model, no selector).")
    private Pooling pooling = Pooling.ATTENTION;
    @Config(description = "Embedding size of the item group.")
    private int itemEmbeddingSize = 16;
    @Config(description = "Embedding size of each attribute group.")
    private int attributeEmbeddingSize = 16;
    @Config(description = "Embedding size of each context field.")
    private int contextEmbeddingSize = 16;
    @Config(description = "Hidden layer sizes of the feature selector (attention unit).")
    private int[] selectorHiddenSizes = {80, 40};
    @Config(description = "Hidden layer sizes of the base predictor.")
    private int[] predictorHiddenSizes = {80, 40};
    @Config(description = "Weight mu of the out-of-bag term; 0 trains plain DIN.")
    private double mu = 0.5;
    @Config(description = "Inner step size beta.")
    private double beta = 0.01;
    @Config(description = "Number of inner steps N; 0 keeps the out-of-bag loss as an auxiliary loss (M2).")
    private int innerSteps = 1;
    @Config(description = "Differentiate through the inner steps (Meta-Wrapper); false gives the first-order M3.")
    private boolean secondOrder = true;
    @Config(description = "Finite-difference scale c, epsilon = c/||v|| (DARTS' 0.01 suits float32).")
    private double fdScale = 0.01;
    @Config(description = "Dropout rate on the base predictor's hidden units (DIN with dropout); needs mu = 0.")
    private double dropout = 0.0;
    @Config(description = "Hessian-vector products by CENTRAL differences (O(eps^2), default) or FORWARD (O(eps), one pass less).")
    private FiniteDifference finiteDifference = FiniteDifference.CENTRAL;
    @Config(description = "Fraction of the training set drawn into the out-of-bag part each epoch.")
    private double outOfBagFraction = 0.2;
    @Config(description = "Size of an out-of-bag batch relative to the in-bag batch.")
    private double outBatchRatio = 0.25;
    @Config(description = "Optimiser: SGD, ADAGRAD or ADAM.")
    private OptimiserType optimiser = OptimiserType.ADAM;
    @Config(description = "Learning rate.")
    private double learningRate = 0.001;
    @Config(description = "Learning-rate decay factor per decaySteps steps (1 = no decay).")
    private double decayRate = 1.0;
    @Config(description = "Steps per learning-rate decay factor.")
    private int decaySteps = 1000;
    @Config(description = "Adam's first-moment decay.")
    private double adamBeta1 = 0.9;
    @Config(description = "Adam's second-moment decay.")
    private double adamBeta2 = 0.999;
    @Config(description = "Adagrad/Adam denominator guard.")
    private double epsilon = 1e-8;
    @Config(description = "L2 weight decay: adds l2 * theta to the gradient of every dense tensor and of each embedding row a step touches (0 = none).")
    private double l2 = 0.0;
    @Config(description = "Number of epochs.")
    private int epochs = 5;
    @Config(description = "Stop after this many steps in all, ending the epoch there (0 = no limit): bounds a run on "
            + "data whose epoch takes hours.")
    private long maxSteps = 0;
    @Config(description = "In-bag mini-batch size.")
    private int batchSize = 256;
    @Config(description = "Standard deviation of the initial embeddings.")
    private double embeddingStd = 0.05;
    @Config(description = "Seed of every random draw (initialisation, splits, batches).")
    private long seed = Trainer.DEFAULT_SEED;
    @Config(description = "Early stopping metric on the validation set: NONE, AUC or LOG_LOSS.")
    private EarlyStopping earlyStopping = EarlyStopping.NONE;
    @Config(description = "Epochs without validation improvement before stopping.")
    private int patience = 2;
    @Config(description = "Training stops with an error when a loss exceeds this (or is NaN/inf).")
    private double lossLimit = 100.0;
    @Config(description = "Log the running loss at FINE every this many steps (0 = only per epoch).")
    private int loggingInterval = 100;
    @Config(description = "Train in float64 instead of float32 (for tests and gradient checks).")
    private boolean doublePrecision = false;
    @Config(description = "Data-parallel compute threads of the fused CPU pass (0 = every core the JVM may use).")
    private int threads = 0;
    @Config(description = "Compute engine: AUTO (the fused CPU pass for float32 on the CPU backend, else ND4J) or ND4J.")
    private ComputeEngine engine = ComputeEngine.AUTO;

    private SplittableRandom rng;
    private int invocationCount = 0;
    private transient TrainingProgress progress;

    /** For OLCUT. */
    private MetaWrapperTrainer() { }

    /** @return a builder with the defaults (Meta-Wrapper, μ = 0.5, β = 0.01, N = 1, Adam 0.001) */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public synchronized void postConfig() {
        check(schema != null, "schema", "must be set");
        check(pooling != null, "pooling", "must be ATTENTION, SOFTMAX or SUM");
        check(optimiser != null, "optimiser", "must be SGD, ADAGRAD or ADAM");
        check(earlyStopping != null, "earlyStopping", "must be NONE, AUC or LOG_LOSS");
        check(dropout >= 0 && dropout < 1, "dropout", "must be in [0,1), got " + dropout);
        check(dropout == 0 || mu == 0, "dropout", "needs mu = 0: the wrapping operator's finite differences need a deterministic network");
        check(finiteDifference != null, "finiteDifference", "must be CENTRAL or FORWARD");
        check(itemEmbeddingSize > 0, "itemEmbeddingSize", "must be positive, got " + itemEmbeddingSize);
        check(attributeEmbeddingSize > 0, "attributeEmbeddingSize", "must be positive, got " + attributeEmbeddingSize);
        check(contextEmbeddingSize > 0, "contextEmbeddingSize", "must be positive, got " + contextEmbeddingSize);
        check(selectorHiddenSizes.length > 0 && java.util.Arrays.stream(selectorHiddenSizes).allMatch(h -> h > 0),
                "selectorHiddenSizes", "needs at least one positive size");
        check(predictorHiddenSizes.length > 0 && java.util.Arrays.stream(predictorHiddenSizes).allMatch(h -> h > 0),
                "predictorHiddenSizes", "needs at least one positive size");
        check(mu >= 0 && Double.isFinite(mu), "mu", "must be finite and >= 0, got " + mu);
        check(beta >= 0 && Double.isFinite(beta), "beta", "must be finite and >= 0, got " + beta);
        check(innerSteps >= 0, "innerSteps", "must be >= 0, got " + innerSteps);
        check(fdScale > 0 && Double.isFinite(fdScale), "fdScale", "must be > 0, got " + fdScale);
        check(outOfBagFraction > 0 && outOfBagFraction < 1, "outOfBagFraction", "must be in (0,1), got " + outOfBagFraction);
        check(outBatchRatio > 0, "outBatchRatio", "must be > 0, got " + outBatchRatio);
        check(learningRate > 0, "learningRate", "must be > 0, got " + learningRate);
        check(decayRate > 0 && decayRate <= 1, "decayRate", "must be in (0,1], got " + decayRate);
        check(decaySteps > 0, "decaySteps", "must be > 0, got " + decaySteps);
        check(adamBeta1 >= 0 && adamBeta1 < 1, "adamBeta1", "must be in [0,1), got " + adamBeta1);
        check(adamBeta2 >= 0 && adamBeta2 < 1, "adamBeta2", "must be in [0,1), got " + adamBeta2);
        check(epsilon > 0, "epsilon", "must be > 0, got " + epsilon);
        check(l2 >= 0 && Double.isFinite(l2), "l2", "must be finite and >= 0, got " + l2);
        check(epochs > 0, "epochs", "must be > 0, got " + epochs);
        check(batchSize > 0, "batchSize", "must be > 0, got " + batchSize);
        check(embeddingStd >= 0, "embeddingStd", "must be >= 0, got " + embeddingStd);
        check(patience > 0, "patience", "must be > 0, got " + patience);
        check(maxSteps >= 0, "maxSteps", "must be >= 0 (0 = no limit), got " + maxSteps);
        check(lossLimit > 0, "lossLimit", "must be > 0, got " + lossLimit);
        check(loggingInterval >= 0, "loggingInterval", "must be >= 0, got " + loggingInterval);
        check(ParallelSlices.threadsProblem(threads) == null, "threads", ParallelSlices.threadsProblem(threads));
        check(engine != null, "engine", "must be AUTO or ND4J");
        this.rng = new SplittableRandom(seed);
    }

    private static void check(boolean ok, String field, String msg) {
        if (!ok) {
            throw new PropertyException("", field, field + " " + msg);
        }
    }

    @Override
    public CtrModel train(Dataset<Label> examples) {
        return train(examples, Collections.emptyMap());
    }

    @Override
    public CtrModel train(Dataset<Label> examples, Map<String, Provenance> runProvenance, int invocationCount) {
        synchronized (this) {
            if (invocationCount != INCREMENT_INVOCATION_COUNT) {
                setInvocationCount(invocationCount);
            }
            return train(examples, runProvenance);
        }
    }

    @Override
    public CtrModel train(Dataset<Label> examples, Map<String, Provenance> runProvenance) {
        return train(examples, null, runProvenance);
    }

    /**
     * Trains with a validation set, used for early stopping (when configured) and per-epoch validation metrics.
     * @param examples training data
     * @param validation validation data, or null
     * @param runProvenance extra provenance to record in the model
     * @return the trained model
     */
    public CtrModel train(Dataset<Label> examples, Dataset<Label> validation, Map<String, Provenance> runProvenance) {
        return train(examples, validation, null, runProvenance);
    }

    /**
     * Trains with a validation set and item metadata. The metadata fills the item→attribute table for items that
     * appear only in histories (design §1.6, docs/design/data-encoding.md); the training rows' own attributes take precedence.
     * @param examples training data
     * @param validation validation data, or null
     * @param itemMetadata attribute values per item id, in the schema's attribute order, or null
     * @param runProvenance extra provenance to record in the model
     * @return the trained model
     */
    public CtrModel train(Dataset<Label> examples, Dataset<Label> validation, Map<String, List<String>> itemMetadata,
                          Map<String, Provenance> runProvenance) {
        return trainWithHistory(examples, validation, itemMetadata, runProvenance).model();
    }

    /**
     * Trains as {@link #train(Dataset, Dataset, Map, Map)} does and returns the per-epoch statistics with the model.
     * @param examples training data
     * @param validation validation data, or null
     * @param itemMetadata attribute values per item id, in the schema's attribute order, or null
     * @param runProvenance extra provenance to record in the model
     * @return the model and its training history
     */
    public TrainingRun trainWithHistory(Dataset<Label> examples, Dataset<Label> validation,
                                        Map<String, List<String>> itemMetadata, Map<String, Provenance> runProvenance) {
        ImmutableOutputInfo<Label> outputInfo = checkLabels(examples);
        TrainerProvenance trainerProvenance;
        SplittableRandom localRng;
        synchronized (this) {
            localRng = rng.split();
            trainerProvenance = getProvenance();
            invocationCount++;
        }
        DataType type = dataType();
        Encoded data = encode(examples, validation, itemMetadata);
        CtrFeatureLayout layout = data.layout();
        CtrEncoder encoder = new CtrEncoder(layout);
        InterestArchitecture arch = architecture(layout);
        logger.info(String.format("Training %s on %d examples (%s, %s): %s", pooling == Pooling.SUM ? "Base" : mu == 0 ? "DIN" : "Meta-Wrapper",
                examples.size(), type, Nd4j.getBackend().getClass().getSimpleName(), arch));
        ParameterSet params = arch.initialise(localRng.split(), embeddingStd, type);
        InterestNetwork network = network(arch, localRng);
        logger.info("Compute: " + (network.usesFusedPath(params) ? "fused CPU pass, " + computeThreads() + " thread(s)"
                : "ND4J pass (" + Nd4j.getBackend().getClass().getSimpleName() + ")"));
        TrainingLoop loop = new TrainingLoop(this, network, type);
        ParameterSet trained = loop.run(params, data.train(), data.validation(), localRng);

        Map<String, Provenance> instance = new HashMap<>(runProvenance);
        instance.put(BACKEND_PROVENANCE, new StringProvenance(BACKEND_PROVENANCE, Nd4j.getBackend().getClass().getName()));
        instance.put(DATA_TYPE_PROVENANCE, new StringProvenance(DATA_TYPE_PROVENANCE, type.name()));
        if (validation != null) {
            instance.put(VALIDATION_PROVENANCE, validation.getProvenance());
        }
        ModelProvenance provenance = new ModelProvenance(CtrModel.class.getName(), OffsetDateTime.now(),
                examples.getProvenance(), trainerProvenance, instance);
        // The model's feature map reads the layout's vocabularies, so they are stored once.
        return new TrainingRun(new CtrModel("meta-wrapper-ctr", provenance, VocabularyFeatureMap.of(layout), outputInfo,
                arch, encoder, ParameterSnapshot.of(trained)), loop.history());
    }

    /**
     * The training set and the validation set encoded against one layout, built from the training set.
     * @param layout the feature layout
     * @param train the encoded training set
     * @param validation the encoded validation set, or null
     */
    record Encoded(CtrFeatureLayout layout, EncodedInstances train, EncodedInstances validation) { }

    /** Builds the layout from the training data and encodes both sets (from their columns when possible). */
    Encoded encode(Dataset<Label> examples, Dataset<Label> validation, Map<String, List<String>> itemMetadata) {
        long encodeStart = System.nanoTime();
        CtrFeatureLayout layout;
        EncodedInstances encoded;
        if (readsColumns(examples)) {
            EncodedInstances.Columnar columns = (EncodedInstances.Columnar) examples;
            layout = columns.buildLayout(schema, itemMetadata);
            encoded = columns.encode(layout);
        } else {
            List<Example<Label>> trainList = new ArrayList<>(examples.size());
            examples.forEach(trainList::add);
            layout = CtrFeatureLayout.build(schema, trainList, itemMetadata);
            encoded = EncodedInstances.of(new CtrEncoder(layout).encode(trainList, LabelMode.REQUIRED));
        }
        EncodedInstances encodedValidation = null;
        if (validation != null) {
            if (readsColumns(validation)) {
                encodedValidation = ((EncodedInstances.Columnar) validation).encode(layout);
            } else {
                List<Example<Label>> v = new ArrayList<>(validation.size());
                validation.forEach(v::add);
                encodedValidation = EncodedInstances.of(new CtrEncoder(layout).encode(v, LabelMode.REQUIRED));
            }
        }
        logger.info(String.format("Encoded %d training instances%s in %.1f s (%s)", encoded.size(),
                validation == null ? "" : " and " + encodedValidation.size() + " validation instances",
                (System.nanoTime() - encodeStart) / 1e9,
                readsColumns(examples) ? "read from the dataset's columns" : "read from its examples"));
        return new Encoded(layout, encoded, encodedValidation);
    }

    /** @return the network of a run; a dropout stream, when dropout is on, is split from {@code rng} */
    InterestNetwork network(InterestArchitecture arch, SplittableRandom rng) {
        return new InterestNetwork(arch, dropout > 0 ? new Dropout(dropout, rng.split()) : null, engine, computeThreads());
    }

    /** @return the tensors' data type */
    DataType dataType() { return doublePrecision ? DataType.DOUBLE : DataType.FLOAT; }

    /** Columnar data is read directly when it can serve this trainer's schema. */
    private boolean readsColumns(Dataset<Label> data) {
        return data instanceof EncodedInstances.Columnar && ((EncodedInstances.Columnar) data).supports(schema);
    }

    private static ImmutableOutputInfo<Label> checkLabels(Dataset<Label> examples) {
        if (examples.size() == 0) {
            throw new IllegalArgumentException("Cannot train a CTR model on an empty dataset");
        }
        ImmutableOutputInfo<Label> info = examples.getOutputIDInfo();
        for (Label l : info.getDomain()) {
            if (!CtrModel.CLICK.equals(l.getLabel()) && !CtrModel.NO_CLICK.equals(l.getLabel())) {
                throw new IllegalArgumentException("CTR labels must be \"1\" (click) or \"0\" (no click); the dataset has \""
                        + l.getLabel() + "\"");
            }
        }
        return info;
    }

    InterestArchitecture architecture(CtrFeatureLayout layout) {
        int attrs = layout.attributeCount();
        int[] attrVocab = new int[attrs];
        int[] attrDims = new int[attrs];
        for (int a = 0; a < attrs; a++) {
            attrVocab[a] = layout.attributeVocabulary(a).size();
            attrDims[a] = attributeEmbeddingSize;
        }
        int ctx = layout.contextFields().size();
        int[] ctxVocab = new int[ctx];
        int[] ctxDims = new int[ctx];
        for (int f = 0; f < ctx; f++) {
            ctxVocab[f] = layout.contextVocabulary(f).size();
            ctxDims[f] = contextEmbeddingSize;
        }
        return new InterestArchitecture(layout.itemVocabulary().size(), itemEmbeddingSize,
                layout.schema().attributeFields(), attrVocab, attrDims, layout.contextFields(), ctxVocab, ctxDims,
                layout.numericFeatures().size(), selectorHiddenSizes, predictorHiddenSizes, pooling);
    }

    /** @return the data-parallel threads a pass uses: {@code threads}, or every available core when it is 0 */
    public int computeThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    /**
     * Sets what follows the steps of the next trainings (a log line now and then by default; a command line may draw
     * a progress bar). Not part of the configuration or the provenance.
     * @param progress the progress listener, or null for the default
     */
    public void setProgress(TrainingProgress progress) { this.progress = progress; }

    /** @return the progress listener, or null for the default */
    TrainingProgress progress() { return progress; }

    MetaSettings metaSettings() { return new MetaSettings(mu, beta, innerSteps, secondOrder, fdScale, finiteDifference); }

    SparseRowOptimiser createOptimiser() {
        return new SparseRowOptimiser(optimiser, learningRate, decayRate, decaySteps, adamBeta1, adamBeta2, epsilon)
                .threads(computeThreads());
    }

    int epochs() { return epochs; }

    long maxSteps() { return maxSteps; }
    double l2() { return l2; }
    int batchSize() { return batchSize; }
    double outOfBagFraction() { return outOfBagFraction; }
    double outBatchRatio() { return outBatchRatio; }
    EarlyStopping earlyStopping() { return earlyStopping; }
    int patience() { return patience; }
    double lossLimit() { return lossLimit; }
    double learningRate() { return learningRate; }
    long seed() { return seed; }
    double embeddingStd() { return embeddingStd; }
    double dropout() { return dropout; }
    int loggingInterval() { return loggingInterval; }

    @Override
    public int getInvocationCount() { return invocationCount; }

    @Override
    public synchronized void setInvocationCount(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("The invocation count must be >= 0, got " + count);
        }
        rng = new SplittableRandom(seed);
        for (invocationCount = 0; invocationCount < count; invocationCount++) {
            rng.split();
        }
    }

    @Override
    public TrainerProvenance getProvenance() { return new TrainerProvenanceImpl(this); }

    @Override
    public String toString() {
        return "MetaWrapperTrainer(pooling=" + pooling + ",mu=" + mu + ",beta=" + beta + ",innerSteps=" + innerSteps
                + ",secondOrder=" + secondOrder + ",fdScale=" + fdScale + ",finiteDifference=" + finiteDifference + ",dropout=" + dropout + ",optimiser=" + optimiser + ",learningRate="
                + learningRate + (l2 > 0 ? ",l2=" + l2 : "") + ",epochs=" + epochs + (maxSteps > 0 ? ",maxSteps=" + maxSteps : "") + ",batchSize=" + batchSize + ",embedding=" + itemEmbeddingSize
                + "/" + attributeEmbeddingSize + "/" + contextEmbeddingSize + ",selector="
                + java.util.Arrays.toString(selectorHiddenSizes) + ",predictor="
                + java.util.Arrays.toString(predictorHiddenSizes) + ",seed=" + seed + (threads > 0 ? ",threads=" + threads : "") + (engine != ComputeEngine.AUTO ? ",engine=" + engine : "") + ")";
    }

    /** Builds a {@link MetaWrapperTrainer}; every setter mirrors the configurable field of the same name. */
    public static final class Builder {
        private final MetaWrapperTrainer t = new MetaWrapperTrainer();

        private Builder() { }

        /** @param v feature layout @return this */
        public Builder schema(CtrSchema v) { t.schema = v; return this; }
        /** @param v pooling @return this */
        public Builder pooling(Pooling v) { t.pooling = v; return this; }
        /** @param item item group size @param attribute attribute group size @param context context field size @return this */
        public Builder embeddingSizes(int item, int attribute, int context) {
            t.itemEmbeddingSize = item; t.attributeEmbeddingSize = attribute; t.contextEmbeddingSize = context; return this;
        }
        /** @param v selector hidden sizes @return this */
        public Builder selectorHiddenSizes(int... v) { t.selectorHiddenSizes = v.clone(); return this; }
        /** @param v predictor hidden sizes @return this */
        public Builder predictorHiddenSizes(int... v) { t.predictorHiddenSizes = v.clone(); return this; }
        /** @param v μ @return this */
        public Builder mu(double v) { t.mu = v; return this; }
        /** @param v β @return this */
        public Builder beta(double v) { t.beta = v; return this; }
        /** @param v N @return this */
        public Builder innerSteps(int v) { t.innerSteps = v; return this; }
        /** @param v second order @return this */
        public Builder secondOrder(boolean v) { t.secondOrder = v; return this; }
        /** @param v finite-difference scale @return this */
        public Builder fdScale(double v) { t.fdScale = v; return this; }
        /** @param v dropout rate on the predictor's hidden units (needs mu = 0) @return this */
        public Builder dropout(double v) { t.dropout = v; return this; }
        /** @param v central or forward differences @return this */
        public Builder finiteDifference(FiniteDifference v) { t.finiteDifference = v; return this; }
        /** @param v out-of-bag fraction @return this */
        public Builder outOfBagFraction(double v) { t.outOfBagFraction = v; return this; }
        /** @param v out-of-bag batch ratio @return this */
        public Builder outBatchRatio(double v) { t.outBatchRatio = v; return this; }
        /** @param type optimiser @param lr learning rate @return this */
        public Builder optimiser(OptimiserType type, double lr) { t.optimiser = type; t.learningRate = lr; return this; }
        /** @param rate decay factor @param steps per this many steps @return this */
        public Builder learningRateDecay(double rate, int steps) { t.decayRate = rate; t.decaySteps = steps; return this; }
        /** @param v L2 weight decay (0 = none) @return this */
        public Builder l2(double v) { t.l2 = v; return this; }
        /** @param v epochs @return this */
        public Builder epochs(int v) { t.epochs = v; return this; }

        /** @param v most steps in all, 0 = no limit @return this */
        public Builder maxSteps(long v) { t.maxSteps = v; return this; }
        /** @param v batch size @return this */
        public Builder batchSize(int v) { t.batchSize = v; return this; }
        /** @param v embedding initial standard deviation @return this */
        public Builder embeddingStd(double v) { t.embeddingStd = v; return this; }
        /** @param v seed @return this */
        public Builder seed(long v) { t.seed = v; return this; }
        /** @param metric early-stopping metric @param patience epochs without improvement @return this */
        public Builder earlyStopping(EarlyStopping metric, int patience) { t.earlyStopping = metric; t.patience = patience; return this; }
        /** @param v loss limit @return this */
        public Builder lossLimit(double v) { t.lossLimit = v; return this; }
        /** @param v logging interval @return this */
        public Builder loggingInterval(int v) { t.loggingInterval = v; return this; }
        /** @param v data-parallel threads of the fused CPU pass (0 = every core) @return this */
        public Builder threads(int v) { t.threads = v; return this; }
        /** @param v compute engine @return this */
        public Builder engine(ComputeEngine v) { t.engine = v; return this; }
        /** @param v train in float64 @return this */
        public Builder doublePrecision(boolean v) { t.doublePrecision = v; return this; }

        /**
         * @return the trainer
         * @throws IllegalArgumentException when a setting is invalid (the message names it)
         */
        public MetaWrapperTrainer build() {
            try {
                t.postConfig();
            } catch (PropertyException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            return t;
        }
    }
}
