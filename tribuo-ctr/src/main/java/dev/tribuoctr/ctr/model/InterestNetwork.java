package dev.tribuoctr.ctr.model;

import dev.tribuoctr.ctr.engine.ParameterSet;
import dev.tribuoctr.ctr.engine.Dropout;
import dev.tribuoctr.ctr.engine.Losses;
import dev.tribuoctr.ctr.engine.Mlp;
import dev.tribuoctr.ctr.engine.StepProfiler;
import dev.tribuoctr.ctr.engine.Tensors;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.List;

/**
 * The interest model of design §2 (docs/design/interest-model.md; the paper's section 5.6) with hand-written forward and backward passes on ND4J
 * arrays: embeddings, the {@link FeatureSelectorUnit feature selector} g_φ, the pooling, the base predictor f_θ and
 * the mean binary cross-entropy. Works in whatever float type its parameters have (float32 to train, float64 in
 * tests) and on whatever tables it is given (full tables, or the compact per-step copies of the touched rows).
 * <p>
 * Two implementations compute the passes: the fused CPU pass ({@link FusedInterestNetwork}: float32, Java arrays,
 * direct BLAS calls, data-parallel threads), taken by itself for float32 on ND4J's CPU backend, and the ND4J pass
 * here, which runs on any backend (CUDA included) and in float64, and also trains with dropout.
 */
public final class InterestNetwork {
    /** Gradients of the loss w.r.t. θ (embeddings and predictor), φ (selector), or both. */
    public enum Gradients { NONE, THETA, PHI, BOTH;
        boolean theta() { return this == THETA || this == BOTH; }
        boolean phi() { return this == PHI || this == BOTH; }
    }

    private final InterestArchitecture arch;
    private final FeatureSelectorUnit selector;
    private final Mlp predictor;
    private final Dropout predictorDropout;
    private final HistoryPooling pooling;
    private final FusedInterestNetwork fused;

    /**
     * A network on the fastest path available, one compute thread per pass.
     * @param arch the architecture
     */
    public InterestNetwork(InterestArchitecture arch) {
        this(arch, null, ComputeEngine.AUTO, 1);
    }

    /**
     * @param arch the architecture
     * @param predictorDropout dropout on the base predictor's hidden units in training passes
     *                         ({@link #lossAndGradients}), or null; prediction never drops units
     */
    public InterestNetwork(InterestArchitecture arch, Dropout predictorDropout) {
        this(arch, predictorDropout, ComputeEngine.AUTO, 1);
    }

    /**
     * @param arch the architecture
     * @param predictorDropout dropout on the base predictor's hidden units in training passes, or null
     * @param engine which implementation computes the passes: {@link ComputeEngine#AUTO} takes the fused CPU pass
     *               for float32 parameters on the CPU backend without dropout, and the ND4J pass otherwise
     * @param threads data-parallel threads per pass of the fused CPU pass (at least 1)
     */
    public InterestNetwork(InterestArchitecture arch, Dropout predictorDropout, ComputeEngine engine, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.arch = arch;
        this.predictorDropout = predictorDropout;
        this.selector = arch.pooling().usesSelector() ? new FeatureSelectorUnit(arch) : null;
        this.pooling = HistoryPooling.of(arch.pooling());
        this.predictor = new Mlp(InterestArchitecture.PREDICTOR_PREFIX, arch.predictorLayers(), Mlp.Activation.SIGMOID);
        this.fused = engine == ComputeEngine.AUTO && predictorDropout == null && FusedInterestNetwork.isAvailable()
                ? new FusedInterestNetwork(arch, threads) : null;
    }

    /**
     * @param params parameters
     * @return whether passes over these parameters run on the fused CPU path (float32 on the CPU backend)
     */
    public boolean usesFusedPath(ParameterSet params) {
        return fused != null && params.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT;
    }

    /** @return the architecture */
    public InterestArchitecture architecture() { return arch; }

    /**
     * @param params parameters (tables addressed by the input's indices)
     * @param in the batch
     * @return logits, [B, 1]
     */
    public INDArray logits(ParameterSet params, NetworkInput in) {
        if (usesFusedPath(params)) {
            return fused.lossAndGradients(params, in, Gradients.NONE).logits();
        }
        long start = StepProfiler.start();
        INDArray logits = forward(params, in, false).logits;
        StepProfiler.stop(StepProfiler.Phase.NETWORK, start);
        return logits;
    }

    /**
     * @param params parameters (tables addressed by the input's indices)
     * @param in the batch
     * @return click probabilities σ(logit), one per instance
     */
    public double[] probabilities(ParameterSet params, NetworkInput in) {
        if (usesFusedPath(params)) {
            return fused.probabilities(fused.prepare(params), in);
        }
        return Transforms.sigmoid(logits(params, in), false).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                .dup('c').data().asDouble();
    }

    /**
     * Loss and the requested gradients in one forward and one backward pass.
     * @param params parameters
     * @param in the batch
     * @param wanted which gradients to compute
     * @return the loss, logits and gradients (embedding gradients are dense over the tables given)
     */
    public Result lossAndGradients(ParameterSet params, NetworkInput in, Gradients wanted) {
        if (usesFusedPath(params)) {
            return fused.lossAndGradients(params, in, wanted);
        }
        long start = StepProfiler.start();
        Result r = nd4jLossAndGradients(params, in, wanted);
        StepProfiler.stop(StepProfiler.Phase.NETWORK, start);
        return r;
    }

    private Result nd4jLossAndGradients(ParameterSet params, NetworkInput in, Gradients wanted) {
        Forward f = forward(params, in, true);
        double loss = Losses.meanBinaryCrossEntropy(f.logits, in.labels());
        ParameterSet grads = new ParameterSet();
        if (wanted != Gradients.NONE) {
            backward(f, params, in, wanted, grads);
        }
        return new Result(loss, f.logits, grads);
    }

    /**
     * A predictor for parameters that will not change (a trained model's): on the fused CPU pass it reads the dense
     * tensors once and then predicts from reused buffers, with no ND4J allocation per call.
     * @param frozen the parameters; they must not be modified while the predictor is in use
     * @return the predictor (safe for concurrent use)
     */
    public Predictor predictor(ParameterSet frozen) {
        if (usesFusedPath(frozen)) {
            FusedInterestNetwork.CallParameters prepared = fused.prepare(frozen);
            return in -> fused.probabilities(prepared, in);
        }
        return in -> probabilities(frozen, in);
    }

    /** Click probabilities from fixed parameters. */
    @FunctionalInterface
    public interface Predictor {
        /**
         * @param in the batch
         * @return click probabilities σ(logit), one per instance
         */
        double[] probabilities(NetworkInput in);
    }

    /** Everything the backward pass needs from the forward pass. */
    private static final class Forward {
        INDArray e;
        INDArray h;
        INDArray c;
        INDArray x;
        FeatureSelectorUnit.State sel;
        INDArray poolWeights;
        Mlp.Activations pred;
        INDArray logits;
    }

    private Forward forward(ParameterSet p, NetworkInput in, boolean training) {
        Forward f = new Forward();
        int b = in.batch;
        int t = in.steps;
        List<INDArray> target = new ArrayList<>();
        target.add(gather(p, InterestArchitecture.ITEM_GROUP, in.items));
        for (int a = 0; a < in.attributes.length; a++) {
            target.add(gather(p, arch.attributeGroups().get(a), in.attributes[a]));
        }
        f.e = Nd4j.hstack(target);
        List<INDArray> parts = new ArrayList<>();
        if (t > 0) {
            List<INDArray> hist = new ArrayList<>();
            hist.add(gather(p, InterestArchitecture.ITEM_GROUP, in.historyItems));
            for (int a = 0; a < in.historyAttributes.length; a++) {
                hist.add(gather(p, arch.attributeGroups().get(a), in.historyAttributes[a]));
            }
            f.h = Nd4j.hstack(hist);
            parts.add(pool(f, p, in));
        } else {
            parts.add(Nd4j.zeros(f.e.dataType(), b, arch.itemRepresentationSize()));
        }
        parts.add(f.e);
        if (in.contextIndices.length > 0) {
            List<INDArray> ctx = new ArrayList<>();
            for (int i = 0; i < in.contextIndices.length; i++) {
                INDArray rows = gather(p, arch.contextFields().get(i), in.contextIndices[i]).muliColumnVector(in.contextWeightColumn(i));
                ctx.add(Tensors.sumOverSteps(rows, b, in.contextWidths[i]));
            }
            f.c = Nd4j.hstack(ctx);
            parts.add(f.c);
        }
        if (in.numeric() != null) {
            parts.add(in.numeric());
        }
        f.x = Nd4j.hstack(parts);
        f.pred = predictor.forward(Tensors.mm(f.x, p.get(predictor.weight(1)), false, false), p,
                training ? predictorDropout : null);
        f.logits = f.pred.output();
        return f;
    }

    private INDArray gather(ParameterSet p, String group, int[] rows) {
        long start = StepProfiler.start();
        INDArray out = Nd4j.pullRows(p.get(InterestArchitecture.tableName(group)), 1, rows);
        StepProfiler.stop(StepProfiler.Phase.GATHER, start);
        return out;
    }

    /** Pools the history into u, [B, K], remembering the pooling weights for the backward pass. */
    private INDArray pool(Forward f, ParameterSet p, NetworkInput in) {
        if (selector != null) {
            f.sel = selector.forward(f.h, f.e, in.steps, p);
        }
        f.poolWeights = pooling.weights(f.sel == null ? null : f.sel.scores(), in.mask(), in.batch, in.steps);
        return Tensors.sumOverSteps(f.h.mulColumnVector(f.poolWeights), in.batch, in.steps);
    }

    private void backward(Forward f, ParameterSet p, NetworkInput in, Gradients wanted, ParameterSet grads) {
        int b = in.batch;
        int t = in.steps;
        int k = arch.itemRepresentationSize();
        INDArray dLogits = Losses.meanBinaryCrossEntropyGradient(f.logits, in.labels());
        ParameterSet predGrads = wanted.theta() ? grads : null;
        INDArray dPre1 = predictor.backward(dLogits, f.pred, p, predGrads);
        if (wanted.theta()) {
            grads.put(predictor.weight(1), Tensors.mm(f.x, dPre1, true, false));
            grads.put(predictor.bias(1), dPre1.sum(true, 0));
        }
        INDArray dx = Tensors.mm(dPre1, p.get(predictor.weight(1)), false, true);
        INDArray du = Tensors.columns(dx, 0, k);
        INDArray de = wanted.theta() ? Tensors.columns(dx, k, 2L * k).dup() : null;
        INDArray dh = null;
        if (t > 0) {
            INDArray dScores = null;
            if (selector != null && (wanted.phi() || wanted.theta())) {
                dScores = pooling.scoreGradient(Tensors.dotPerInstance(f.h, du, t), f.poolWeights, in.mask(), b, t);
            }
            if (wanted.theta()) {
                dh = Tensors.outerPerInstance(f.poolWeights, du, t);
            }
            if (dScores != null) {
                INDArray[] inputGrads = selector.backward(dScores, f.sel, p, wanted.phi() ? grads : null, wanted.theta());
                if (inputGrads != null) {
                    dh.addi(inputGrads[0]);
                    de.addi(inputGrads[1]);
                }
            }
        }
        if (wanted.theta()) {
            embeddingGradients(f, p, in, dh, de, dx, grads);
        }
    }

    private void embeddingGradients(Forward f, ParameterSet p, NetworkInput in, INDArray dh, INDArray de, INDArray dx,
                                    ParameterSet grads) {
        int k = arch.itemRepresentationSize();
        int offset = 0;
        offset = tableGradient(p, grads, InterestArchitecture.ITEM_GROUP, arch.itemDim(), offset, de, in.items, dh, in.historyItems);
        for (int a = 0; a < arch.attributeGroups().size(); a++) {
            offset = tableGradient(p, grads, arch.attributeGroups().get(a), arch.attributeDim(a), offset, de,
                    in.attributes[a], dh, in.historyAttributes[a]);
        }
        long col = 2L * k;
        for (int i = 0; i < in.contextIndices.length; i++) {
            String name = InterestArchitecture.tableName(arch.contextFields().get(i));
            INDArray table = p.get(name);
            int d = arch.contextDim(i);
            double[] acc = new double[Math.toIntExact(table.length())];
            INDArray dc = Tensors.repeatRows(Tensors.columns(dx, col, col + d), in.contextWidths[i]);
            Tensors.scatterAddRows(acc, d, in.contextIndices[i], dc, in.contextWeights[i]);
            grads.put(name, Tensors.matrix(acc, table.rows(), d, table.dataType()));
            col += d;
        }
    }

    private static int tableGradient(ParameterSet p, ParameterSet grads, String group, int dim, int offset,
                                     INDArray de, int[] targetRows, INDArray dh, int[] historyRows) {
        String name = InterestArchitecture.tableName(group);
        INDArray table = p.get(name);
        double[] acc = new double[Math.toIntExact(table.length())];
        Tensors.scatterAddRows(acc, dim, targetRows, Tensors.columns(de, offset, offset + dim), null);
        if (dh != null) {
            Tensors.scatterAddRows(acc, dim, historyRows, Tensors.columns(dh, offset, offset + dim), null);
        }
        grads.put(name, Tensors.matrix(acc, table.rows(), dim, table.dataType()));
        return offset + dim;
    }

    /** Loss, logits and gradients of one pass. */
    public static final class Result {
        private final double loss;
        private final INDArray logits;
        private final ParameterSet gradients;

        Result(double loss, INDArray logits, ParameterSet gradients) {
            this.loss = loss;
            this.logits = logits;
            this.gradients = gradients;
        }

        /** @return the mean binary cross-entropy */
        public double loss() { return loss; }

        /** @return logits, [B, 1] */
        public INDArray logits() { return logits; }

        /** @return gradients by parameter name (only those requested) */
        public ParameterSet gradients() { return gradients; }
    }
}
