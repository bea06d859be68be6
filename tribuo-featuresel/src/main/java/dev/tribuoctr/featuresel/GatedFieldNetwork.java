package dev.tribuoctr.featuresel;

import dev.tribuoctr.ctr.engine.Losses;
import dev.tribuoctr.ctr.engine.Mlp;
import dev.tribuoctr.ctr.engine.ParameterSet;
import dev.tribuoctr.ctr.engine.Tensors;
import dev.tribuoctr.ctr.model.ComputeEngine;
import dev.tribuoctr.featuresel.protos.ComputeEngineProto;
import dev.tribuoctr.featuresel.protos.GatedFieldNetworkProto;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The gated field model of design §6.2 (docs/design/lpfs.md; DLRM-like): each field's embedding {@code e_f} (categorical: value-weighted
 * sum of table rows; numeric: {@code value · v_f}) is scaled by its gate factor {@code γ_f = g(x_f)/g₀}, the scaled
 * embeddings are concatenated and a ReLU MLP gives the logit; the loss is mean binary cross-entropy. The backward
 * pass also returns {@code ∂L/∂γ_f}, from which the gate parameters' gradients follow.
 * <p>
 * Two implementations compute the passes: the fused CPU pass ({@link FusedGatedFieldNetwork}: float32, Java arrays,
 * direct BLAS calls, data-parallel threads), taken by itself for float32 parameters on ND4J's CPU backend, and the
 * hand-written ND4J pass here with the engine's {@link Mlp}, which runs on any backend and in float64.
 */
public final class GatedFieldNetwork implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Prefix of the MLP's parameters. */
    public static final String MLP_PREFIX = "mlp.";

    private final List<String> categorical;
    private final int[] vocabularySizes;
    private final List<String> numeric;
    private final int dim;
    private final int[] hidden;
    /** Null in networks serialized before engines existed: {@link ComputeEngine#AUTO}. */
    private final ComputeEngine engine;
    /** 0 in networks serialized before threads existed: one thread. */
    private final int threads;
    private transient Mlp mlp;
    private transient FusedGatedFieldNetwork fused;

    /**
     * A network on the fastest path available, one compute thread per pass.
     * @param layout the fields
     * @param dim embedding size per field
     * @param hidden MLP hidden sizes (at least one)
     */
    public GatedFieldNetwork(FieldLayout layout, int dim, int[] hidden) {
        this(layout, dim, hidden, ComputeEngine.AUTO, 1);
    }

    /**
     * @param layout the fields
     * @param dim embedding size per field
     * @param hidden MLP hidden sizes (at least one)
     * @param engine which implementation computes the passes: {@link ComputeEngine#AUTO} takes the fused CPU pass
     *               for float32 parameters on the CPU backend and the ND4J pass otherwise
     * @param threads data-parallel threads per pass of the fused CPU pass (at least 1)
     */
    public GatedFieldNetwork(FieldLayout layout, int dim, int[] hidden, ComputeEngine engine, int threads) {
        if (dim <= 0 || hidden.length == 0) {
            throw new IllegalArgumentException("Need a positive embedding size and at least one hidden layer");
        }
        this.categorical = layout.categoricalFields();
        this.vocabularySizes = new int[categorical.size()];
        for (int f = 0; f < vocabularySizes.length; f++) {
            vocabularySizes[f] = layout.vocabulary(f).size();
        }
        this.numeric = layout.numericFields();
        this.dim = dim;
        this.hidden = hidden.clone();
        this.engine = Objects.requireNonNull(engine, "engine");
        this.threads = checkThreads(threads);
    }

    private GatedFieldNetwork(GatedFieldNetwork other, ComputeEngine engine, int threads) {
        this.categorical = other.categorical;
        this.vocabularySizes = other.vocabularySizes;
        this.numeric = other.numeric;
        this.dim = other.dim;
        this.hidden = other.hidden;
        this.engine = Objects.requireNonNull(engine, "engine");
        this.threads = checkThreads(threads);
    }

    private static int checkThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        return threads;
    }

    /**
     * @param engine which implementation computes the passes
     * @param threads data-parallel threads per pass of the fused CPU pass (at least 1)
     * @return the same network (fields, sizes, parameter names) computed with these settings
     */
    public GatedFieldNetwork withCompute(ComputeEngine engine, int threads) {
        return new GatedFieldNetwork(this, engine, threads);
    }

    /** @return which implementation computes the passes */
    public ComputeEngine engine() { return engine == null ? ComputeEngine.AUTO : engine; }

    /** @return data-parallel threads per pass of the fused CPU pass */
    public int threads() { return Math.max(1, threads); }

    /**
     * @param params parameters
     * @return whether passes over these parameters run on the fused CPU path (float32 on the CPU backend)
     */
    public boolean usesFusedPath(ParameterSet params) {
        return fusedFor(params) != null;
    }

    /** @return the fused pass when it computes passes over these parameters, else null */
    private FusedGatedFieldNetwork fusedFor(ParameterSet params) {
        if (params.dataType() != DataType.FLOAT || engine() != ComputeEngine.AUTO || !FusedGatedFieldNetwork.isAvailable()) {
            return null;
        }
        FusedGatedFieldNetwork f = fused;
        if (f == null) {
            // a race makes two equivalent instances, one of which is kept: harmless
            f = new FusedGatedFieldNetwork(this, threads());
            fused = f;
        }
        return f;
    }

    private Mlp mlp() {
        if (mlp == null) {
            mlp = new Mlp(MLP_PREFIX, hidden.length + 1, Mlp.Activation.RELU);
        }
        return mlp;
    }

    /** @return number of categorical fields (the first fields) */
    int categoricalCount() { return categorical.size(); }

    /** @return number of fields */
    public int fieldCount() { return categorical.size() + numeric.size(); }

    /** @return the embedding size */
    public int dim() { return dim; }

    /** @return a copy of the MLP hidden sizes */
    public int[] hiddenSizes() { return hidden.clone(); }

    /** @param f categorical field index @return its table's name */
    public String tableName(int f) { return "emb." + categorical.get(f); }

    /** @param n numeric field index @return its vector's name */
    public String numericName(int n) { return "num." + numeric.get(n); }

    /** @return parameter names and shapes, in the order {@link #initialise} makes them */
    public Map<String, long[]> parameterShapes() {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (int f = 0; f < categorical.size(); f++) {
            shapes.put(tableName(f), new long[]{vocabularySizes[f], dim});
        }
        for (int n = 0; n < numeric.size(); n++) {
            shapes.put(numericName(n), new long[]{1, dim});
        }
        int in = fieldCount() * dim;
        for (int l = 0; l <= hidden.length; l++) {
            int out = l < hidden.length ? hidden[l] : 1;
            shapes.put(mlp().weight(l + 1), new long[]{in, out});
            shapes.put(mlp().bias(l + 1), new long[]{1, out});
            in = out;
        }
        return shapes;
    }

    /** @return the protobuf form of the sizes and compute settings (the fields come from the layout) */
    public GatedFieldNetworkProto toProto() {
        GatedFieldNetworkProto.Builder b = GatedFieldNetworkProto.newBuilder().setEmbeddingDim(dim)
                .setEngine(ComputeEngineProto.valueOf(engine().name())).setThreads(threads());
        Arrays.stream(hidden).forEach(b::addHiddenSizes);
        return b.build();
    }

    /**
     * @param proto the protobuf form
     * @param layout the fields the network reads
     * @return the network
     * @throws IllegalArgumentException if the engine is unknown or a size or the thread count is invalid
     */
    public static GatedFieldNetwork fromProto(GatedFieldNetworkProto proto, FieldLayout layout) {
        ComputeEngineProto engine = proto.getEngine();
        if (engine == ComputeEngineProto.COMPUTE_ENGINE_UNSPECIFIED || engine == ComputeEngineProto.UNRECOGNIZED) {
            throw new IllegalArgumentException("Unknown compute engine " + proto.getEngineValue());
        }
        return new GatedFieldNetwork(layout, proto.getEmbeddingDim(),
                proto.getHiddenSizesList().stream().mapToInt(Integer::intValue).toArray(),
                ComputeEngine.valueOf(engine.name()), proto.getThreads());
    }

    /**
     * @param rng random source
     * @param std embedding standard deviation
     * @param type float type
     * @return initial parameters (padding rows zero, Glorot-uniform dense weights, zero biases)
     */
    public ParameterSet initialise(SplittableRandom rng, double std, DataType type) {
        ParameterSet p = new ParameterSet();
        for (int f = 0; f < categorical.size(); f++) {
            p.put(tableName(f), gaussian(rng, vocabularySizes[f], dim, std, true, type));
        }
        for (int n = 0; n < numeric.size(); n++) {
            p.put(numericName(n), gaussian(rng, 1, dim, std, false, type));
        }
        int in = fieldCount() * dim;
        for (int l = 0; l <= hidden.length; l++) {
            int out = l < hidden.length ? hidden[l] : 1;
            double limit = Math.sqrt(6.0 / (in + out));
            double[] w = new double[in * out];
            for (int i = 0; i < w.length; i++) {
                w[i] = (2 * rng.nextDouble() - 1) * limit;
            }
            p.put(mlp().weight(l + 1), Tensors.matrix(w, in, out, type));
            p.put(mlp().bias(l + 1), Nd4j.zeros(type, 1, out));
            in = out;
        }
        return p;
    }

    private static INDArray gaussian(SplittableRandom rng, int rows, int cols, double std, boolean zeroFirstRow, DataType type) {
        double[] v = new double[rows * cols];
        for (int i = zeroFirstRow ? cols : 0; i < v.length; i++) {
            double u1 = rng.nextDouble();
            double u2 = rng.nextDouble();
            v[i] = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2) * std;
        }
        return Tensors.matrix(v, rows, cols, type);
    }

    /**
     * The network's view of a batch: indices into the tables it is given, weights, numeric values and labels as
     * Java arrays; the ND4J pass makes its tensors from them when it first needs them (the fused pass never does).
     */
    public static final class Input {
        final int size;
        final int[][] indices;
        final float[][] weights;
        final int[] widths;
        /** [B*N] numeric values. */
        final float[] numericValues;
        final int numericCount;
        /** [B] labels. */
        final float[] labelValues;
        private final DataType type;
        private INDArray[] weightColumns;
        private INDArray numeric;
        private INDArray labels;

        /**
         * @param batch the encoded batch
         * @param mappedIndices per categorical field, the indices into the tables the network will get
         * @param type compute type of the ND4J pass
         */
        public Input(FieldBatch batch, int[][] mappedIndices, DataType type) {
            this.size = batch.size();
            this.indices = mappedIndices;
            this.weights = batch.weights();
            this.widths = batch.widths();
            this.numericValues = batch.numeric();
            this.numericCount = batch.size() == 0 ? 0 : batch.numeric().length / batch.size();
            this.labelValues = batch.labels();
            this.type = type;
        }

        private INDArray weightColumn(int f) {
            if (weightColumns == null) {
                weightColumns = new INDArray[weights.length];
            }
            if (weightColumns[f] == null) {
                weightColumns[f] = Nd4j.createFromArray(weights[f]).castTo(type).reshape(weights[f].length, 1);
            }
            return weightColumns[f];
        }

        private INDArray numeric() {
            if (numeric == null && numericCount > 0) {
                numeric = Nd4j.createFromArray(numericValues).castTo(type).reshape(size, numericCount);
            }
            return numeric;
        }

        private INDArray labels() {
            if (labels == null) {
                labels = Nd4j.createFromArray(labelValues).castTo(type).reshape(size, 1);
            }
            return labels;
        }
    }

    /** Loss, logits, parameter gradients and ∂L/∂γ of one pass. */
    public record Result(double loss, INDArray logits, ParameterSet gradients, double[] gateFactorGradients) { }

    /**
     * @param p parameters
     * @param in the batch
     * @param gateFactors γ_f per field (categorical first, then numeric)
     * @param withGradients whether to run the backward pass
     * @return the pass's result
     */
    public Result run(ParameterSet p, Input in, double[] gateFactors, boolean withGradients) {
        FusedGatedFieldNetwork f = fusedFor(p);
        if (f != null) {
            FusedGatedFieldNetwork.Outcome o = f.run(f.new Bound(p, gateFactors), in, withGradients);
            return new Result(o.loss(), Nd4j.createFromArray(o.logits()).reshape(in.size, 1), o.gradients(),
                    o.gateFactorGradients());
        }
        return nd4jRun(p, in, gateFactors, withGradients);
    }

    /**
     * @param p parameters, fixed from now on (a trained model's)
     * @param gateFactors γ_f per field
     * @return a predictor that reads them once and reuses its buffers from call to call
     */
    public GatedFieldPredictor predictor(ParameterSet p, double[] gateFactors) {
        FusedGatedFieldNetwork f = fusedFor(p);
        return f != null ? new GatedFieldPredictor(f, f.new Bound(p, gateFactors)) : new GatedFieldPredictor(this, p, gateFactors);
    }

    private Result nd4jRun(ParameterSet p, Input in, double[] gateFactors, boolean withGradients) {
        int fields = fieldCount();
        List<INDArray> raw = new ArrayList<>(fields);
        for (int f = 0; f < categorical.size(); f++) {
            INDArray rows = Nd4j.pullRows(p.get(tableName(f)), 1, in.indices[f]).muliColumnVector(in.weightColumn(f));
            raw.add(Tensors.sumOverSteps(rows, in.size, in.widths[f]));
        }
        for (int n = 0; n < numeric.size(); n++) {
            INDArray values = in.numeric().getColumn(n, true);
            raw.add(Tensors.mm(values, p.get(numericName(n)), false, false));
        }
        List<INDArray> gated = new ArrayList<>(fields);
        for (int f = 0; f < fields; f++) {
            gated.add(raw.get(f).mul(gateFactors[f]));
        }
        INDArray x = Nd4j.hstack(gated);
        Mlp.Activations acts = mlp().forward(Tensors.mm(x, p.get(mlp().weight(1)), false, false), p);
        INDArray logits = acts.output();
        double loss = Losses.meanBinaryCrossEntropy(logits, in.labels());
        if (!withGradients) {
            return new Result(loss, logits, null, null);
        }
        ParameterSet grads = new ParameterSet();
        INDArray dLogits = Losses.meanBinaryCrossEntropyGradient(logits, in.labels());
        INDArray dPre1 = mlp().backward(dLogits, acts, p, grads);
        grads.put(mlp().weight(1), Tensors.mm(x, dPre1, true, false));
        grads.put(mlp().bias(1), dPre1.sum(true, 0));
        INDArray dx = Tensors.mm(dPre1, p.get(mlp().weight(1)), false, true);
        double[] dGate = new double[fields];
        for (int f = 0; f < fields; f++) {
            INDArray dGated = Tensors.columns(dx, (long) f * dim, (long) (f + 1) * dim);
            dGate[f] = dGated.mul(raw.get(f)).sumNumber().doubleValue();
            INDArray dRaw = dGated.mul(gateFactors[f]);
            if (f < categorical.size()) {
                INDArray table = p.get(tableName(f));
                double[] acc = new double[Math.toIntExact(table.length())];
                Tensors.scatterAddRows(acc, dim, in.indices[f], Tensors.repeatRows(dRaw, in.widths[f]), in.weights[f]);
                grads.put(tableName(f), Tensors.matrix(acc, table.rows(), dim, table.dataType()));
            } else {
                int n = f - categorical.size();
                grads.put(numericName(n), Tensors.mm(in.numeric().getColumn(n, true), dRaw, true, false));
            }
        }
        return new Result(loss, logits, grads, dGate);
    }

}
