package dev.tribuoctr.ctr.model;

import dev.tribuoctr.ctr.engine.ParameterSet;
import dev.tribuoctr.ctr.engine.StepProfiler;
import dev.tribuoctr.ctr.engine.StepProfiler.Phase;
import dev.tribuoctr.ctr.engine.cpu.CpuBlas;
import dev.tribuoctr.ctr.engine.cpu.DenseStack;
import dev.tribuoctr.ctr.engine.cpu.FastMath;
import dev.tribuoctr.ctr.engine.cpu.HostArrays;
import dev.tribuoctr.ctr.engine.cpu.LogisticLoss;
import dev.tribuoctr.ctr.engine.cpu.ParallelSlices;
import dev.tribuoctr.ctr.model.InterestNetwork.Gradients;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The interest model's forward and backward passes on the CPU, in float32: the same mathematics as the ND4J pass of
 * {@link InterestNetwork} (the golden vectors and the float64 pass hold it), computed on Java arrays with BLAS
 * products into reused buffers and element-wise work fused into single passes (bias + sigmoid, the per-instance
 * broadcast of the selector's target term, the derivative chains). A batch is split into contiguous slices of
 * instances, one per thread; dense gradients are summed over the slices in a fixed order and embedding-row
 * gradients are scattered in instance order, so a fixed thread count is bit-reproducible (and the row gradients do
 * not depend on it at all).
 * <p>
 * The selector's first layer uses the split form of {@link FeatureSelectorUnit} with its two per-position products
 * stacked into one: {@code [h_t, h_t ⊙ e]·[W1a + W1c; W1d] + e·(W1b − W1c)}.
 */
final class FusedInterestNetwork {
    private final InterestArchitecture arch;
    private final int threads;
    private final int k;
    private final int[] groupDims;
    private final String[] groupTables;
    private final DenseStack selector;
    private final DenseStack predictor;
    private final HistoryPooling pooling;
    private final int predictorInput;
    private final ConcurrentLinkedQueue<Worker[]> idle = new ConcurrentLinkedQueue<>();

    /**
     * @param arch the architecture
     * @param threads data-parallel threads per pass (at least 1)
     */
    FusedInterestNetwork(InterestArchitecture arch, int threads) {
        this.arch = arch;
        this.threads = Math.max(1, threads);
        this.k = arch.itemRepresentationSize();
        int groups = 1 + arch.attributeGroups().size();
        this.groupDims = new int[groups];
        this.groupTables = new String[groups];
        groupDims[0] = arch.itemDim();
        groupTables[0] = InterestArchitecture.tableName(InterestArchitecture.ITEM_GROUP);
        for (int a = 0; a < arch.attributeGroups().size(); a++) {
            groupDims[a + 1] = arch.attributeDim(a);
            groupTables[a + 1] = InterestArchitecture.tableName(arch.attributeGroups().get(a));
        }
        this.selector = arch.pooling().usesSelector()
                ? new DenseStack(InterestArchitecture.SELECTOR_PREFIX, arch.selectorHidden(), DenseStack.Activation.SIGMOID) : null;
        this.predictor = new DenseStack(InterestArchitecture.PREDICTOR_PREFIX, arch.predictorHidden(), DenseStack.Activation.SIGMOID);
        this.pooling = HistoryPooling.of(arch.pooling());
        this.predictorInput = arch.predictorInputSize();
    }

    /** @return whether this pass can run here: the CPU backend with its OpenBLAS reachable */
    static boolean isAvailable() {
        return CpuBlas.isAvailable();
    }

    /** The parameters of one call as Java arrays, shared read-only by the threads. */
    final class CallParameters {
        final FloatBuffer[] groups = new FloatBuffer[groupTables.length];
        final FloatBuffer[] context = new FloatBuffer[arch.contextFields().size()];
        final DenseStack.Weights pred;
        final DenseStack.Weights sel;
        /** [W1a + W1c; W1d], [2K, H1]. */
        final float[] selStacked;
        /** W1b − W1c, [K, H1]. */
        final float[] selTarget;

        CallParameters(ParameterSet p) {
            for (int g = 0; g < groups.length; g++) {
                groups[g] = HostArrays.buffer(p.get(groupTables[g]));
            }
            for (int f = 0; f < context.length; f++) {
                context[f] = HostArrays.buffer(p.get(InterestArchitecture.tableName(arch.contextFields().get(f))));
            }
            pred = predictor.read(p);
            if (selector != null) {
                sel = selector.read(p);
                int h1 = selector.firstWidth();
                float[] w1 = sel.w[0];
                selStacked = new float[2 * k * h1];
                selTarget = new float[k * h1];
                int block = k * h1;
                for (int i = 0; i < block; i++) {
                    selStacked[i] = w1[i] + w1[2 * block + i];
                    selStacked[block + i] = w1[3 * block + i];
                    selTarget[i] = w1[block + i] - w1[2 * block + i];
                }
            } else {
                sel = null;
                selStacked = null;
                selTarget = null;
            }
        }
    }

    /** One thread's buffers, sized to its slice of the batch. */
    private final class Worker {
        final DenseStack.Pass predPass = predictor.newPass();
        final DenseStack.Pass selPass = selector == null ? null : selector.newPass();
        final DenseStack.Weights predGrads;
        final DenseStack.Weights selGrads;
        float[] predFirstWeightGrad;
        float[] selStackedGrad;
        float[] selTargetGrad;
        int from;
        int instances;
        int steps;
        /** Row width of {@code hx}: [h, h ⊙ e] with a selector, h alone without. */
        int hxWidth;
        float[] e = new float[0];
        float[] hx = new float[0];
        float[] mask = new float[0];
        float[] poolWeights = new float[0];
        float[] x = new float[0];
        float[] targetTerm = new float[0];
        float[] dLogits = new float[0];
        float[] dx = new float[0];
        float[] dPoolWeights = new float[0];
        float[] dScores = new float[0];
        float[] dhx = new float[0];
        float[] dh = new float[0];
        float[] de = new float[0];
        float[] dPreSum = new float[0];
        float[] deSelector = new float[0];
        /** One context-table row, read before it is weighted into the predictor's input. */
        final float[] contextRow = new float[arch.contextFields().isEmpty() ? 0
                : java.util.stream.IntStream.range(0, arch.contextFields().size()).map(arch::contextDim).max().getAsInt()];
        /** Per table, the accumulator of its row gradients (used on the first worker of a call only). */
        float[][] rowGradients = new float[0][];
        double lossSum;

        Worker(DenseStack.Weights predLike, DenseStack.Weights selLike) {
            predGrads = predLike.zerosLike();
            selGrads = selLike == null ? null : selLike.zerosLike();
        }

        void resize(int from, int instances, int steps) {
            this.from = from;
            this.steps = steps;
            if (instances == this.instances && hx.length == instances * steps * (selector == null ? k : 2 * k)) {
                return;
            }
            this.instances = instances;
            int n = instances * steps;
            hxWidth = selector == null ? k : 2 * k;
            e = new float[instances * k];
            hx = new float[n * hxWidth];
            mask = new float[n];
            poolWeights = new float[n];
            x = new float[instances * predictorInput];
            dLogits = new float[instances];
            dx = new float[instances * predictorInput];
            dPoolWeights = new float[n];
            dScores = new float[n];
            dh = new float[n * k];
            de = new float[instances * k];
            predPass.resize(instances);
            if (selector != null) {
                int h1 = selector.firstWidth();
                targetTerm = new float[instances * h1];
                dhx = new float[n * 2 * k];
                dPreSum = new float[instances * h1];
                deSelector = new float[instances * k];
                selPass.resize(n);
            }
        }
    }

    private Worker[] acquire(CallParameters cp) {
        Worker[] w = idle.poll();
        if (w == null) {
            w = new Worker[threads];
            for (int i = 0; i < threads; i++) {
                w[i] = new Worker(cp.pred, cp.sel);
            }
        }
        return w;
    }

    /**
     * @param params parameters (float32; tables addressed by the input's indices)
     * @param in the batch
     * @param wanted which gradients to compute
     * @return the loss, logits and requested gradients, as the ND4J pass returns them
     */
    InterestNetwork.Result lossAndGradients(ParameterSet params, NetworkInput in, Gradients wanted) {
        long start = StepProfiler.start();
        try {
            return compute(params, in, wanted);
        } finally {
            StepProfiler.stop(Phase.NETWORK, start);
        }
    }

    /**
     * Reads a parameter set's dense tensors once, for {@link #probabilities} calls on parameters that do not change
     * (a trained model's).
     * @param params the parameters (float32)
     * @return their prepared form
     */
    CallParameters prepare(ParameterSet params) {
        return new CallParameters(params);
    }

    /**
     * Click probabilities from prepared parameters, without any ND4J allocation: the thread's buffers are reused.
     * @param prepared what {@link #prepare} returned
     * @param in the batch
     * @return σ(logit) per instance
     */
    double[] probabilities(CallParameters prepared, NetworkInput in) {
        double[] p = new double[in.batch];
        run(prepared, in, Gradients.NONE, (workers, used) -> {
            for (int w = 0; w < used; w++) {
                float[] logits = workers[w].predPass.output();
                for (int b = 0; b < workers[w].instances; b++) {
                    p[workers[w].from + b] = 1.0 / (1.0 + Math.exp(-logits[b]));
                }
            }
            return null;
        });
        return p;
    }

    /** What a call does with the workers' results once their slices are done. */
    private interface Collector<T> {
        T collect(Worker[] workers, int used);
    }

    private <T> T run(CallParameters cp, NetworkInput in, Gradients wanted, Collector<T> collector) {
        Worker[] workers = acquire(cp);
        try {
            int b = in.batch;
            int used = Math.max(1, Math.min(threads, b));
            for (int w = 0; w < used; w++) {
                int from = ParallelSlices.start(b, used, w);
                int to = ParallelSlices.start(b, used, w + 1);
                workers[w].resize(from, to - from, in.steps);
            }
            ParallelSlices.run(used, w -> pass(workers[w], cp, in, wanted));
            return collector.collect(workers, used);
        } finally {
            idle.offer(workers);
        }
    }

    private InterestNetwork.Result compute(ParameterSet params, NetworkInput in, Gradients wanted) {
        return run(new CallParameters(params), in, wanted, (workers, used) -> {
            int b = in.batch;
            double loss = 0;
            float[] logits = new float[b];
            for (int w = 0; w < used; w++) {
                loss += workers[w].lossSum;
                System.arraycopy(workers[w].predPass.output(), 0, logits, workers[w].from, workers[w].instances);
            }
            ParameterSet grads = new ParameterSet();
            if (wanted != Gradients.NONE) {
                collectGradients(params, in, wanted, workers, used, grads);
            }
            return new InterestNetwork.Result(loss / b, Nd4j.createFromArray(logits).reshape(b, 1), grads);
        });
    }

    /** The forward pass, and the backward pass when gradients are wanted, over one worker's slice. */
    private void pass(Worker w, CallParameters cp, NetworkInput in, Gradients wanted) {
        long start = StepProfiler.start();
        forward(w, cp, in);
        if (wanted != Gradients.NONE) {
            backward(w, cp, in, wanted);
        }
        StepProfiler.stop(Phase.SLICES, start);
    }

    private void forward(Worker w, CallParameters cp, NetworkInput in) {
        int nb = w.instances;
        int t = w.steps;
        int n = nb * t;
        long g0 = StepProfiler.start();
        gatherGroups(cp, in.items, in.attributes, w.from, nb, w.e, k);
        if (t > 0) {
            gatherGroups(cp, in.historyItems, in.historyAttributes, w.from * t, n, w.hx, w.hxWidth);
            System.arraycopy(in.maskValues, w.from * t, w.mask, 0, n);
        }
        StepProfiler.stop(Phase.GATHER, g0);
        float[] x = w.x;
        int p = predictorInput;
        java.util.Arrays.fill(x, 0f);
        if (t > 0) {
            float[] scores = null;
            if (selector != null) {
                selectorForward(w, cp);
                scores = w.selPass.output();
            }
            pooling.weights(scores, w.mask, nb, t, w.poolWeights);
            // u = Σ_t w_t h_t, straight into the predictor's input
            for (int b = 0; b < nb; b++) {
                for (int s = 0; s < t; s++) {
                    int r = b * t + s;
                    float pw = w.poolWeights[r];
                    if (pw != 0f) {
                        FastMath.axpy(pw, w.hx, r * w.hxWidth, x, b * p, k);
                    }
                }
            }
        }
        for (int b = 0; b < nb; b++) {
            System.arraycopy(w.e, b * k, x, b * p + k, k);
        }
        int col = 2 * k;
        float[] row = w.contextRow;
        for (int f = 0; f < cp.context.length; f++) {
            int d = arch.contextDim(f);
            int width = in.contextWidths[f];
            int[] idx = in.contextIndices[f];
            float[] wt = in.contextWeights[f];
            for (int b = 0; b < nb; b++) {
                for (int j = 0; j < width; j++) {
                    int at = (w.from + b) * width + j;
                    cp.context[f].get(idx[at] * d, row, 0, d);
                    FastMath.axpy(wt[at], row, 0, x, b * p + col, d);
                }
            }
            col += d;
        }
        for (int b = 0; b < nb; b++) {
            System.arraycopy(in.numericValues, (w.from + b) * in.numericCount, x, b * p + col, in.numericCount);
        }
        int g1 = predictor.firstWidth();
        w.predPass.seedFirstLayer(cp.pred.b[0], nb);
        CpuBlas.gemm(false, false, nb, g1, p, x, p, cp.pred.w[0], g1, 1f, w.predPass.firstLayer(), g1);
        w.predPass.forward(cp.pred);
        float[] logits = w.predPass.output();
        w.lossSum = LogisticLoss.sum(logits, in.labelValues, w.from, nb);
    }

    /** Copies the item and attribute rows of {@code count} positions from {@code first} into rows of {@code out}. */
    private void gatherGroups(CallParameters cp, int[] items, int[][] attributes, int first, int count, float[] out, int stride) {
        int off = 0;
        for (int g = 0; g < groupDims.length; g++) {
            int[] idx = g == 0 ? items : attributes[g - 1];
            int d = groupDims[g];
            FloatBuffer table = cp.groups[g];
            for (int i = 0; i < count; i++) {
                table.get(idx[first + i] * d, out, i * stride + off, d);
            }
            off += d;
        }
    }

    private void selectorForward(Worker w, CallParameters cp) {
        int nb = w.instances;
        int t = w.steps;
        int n = nb * t;
        int h1 = selector.firstWidth();
        float[] hx = w.hx;
        int hw = w.hxWidth;
        // the second half of each row: h_t ⊙ e
        for (int b = 0; b < nb; b++) {
            int eo = b * k;
            for (int s = 0; s < t; s++) {
                int o = (b * t + s) * hw;
                for (int j = 0; j < k; j++) {
                    hx[o + k + j] = hx[o + j] * w.e[eo + j];
                }
            }
        }
        // per instance: e·(W1b − W1c) + b1, copied to its T rows, then the per-position product added by BLAS
        float[] b1 = cp.sel.b[0];
        for (int b = 0; b < nb; b++) {
            System.arraycopy(b1, 0, w.targetTerm, b * h1, h1);
        }
        CpuBlas.gemm(false, false, nb, h1, k, w.e, k, cp.selTarget, h1, 1f, w.targetTerm, h1);
        w.selPass.seedFirstLayer(w.targetTerm, t);
        CpuBlas.gemm(false, false, n, h1, 2 * k, hx, hw, cp.selStacked, h1, 1f, w.selPass.firstLayer(), h1);
        w.selPass.forward(cp.sel);
    }

    private void backward(Worker w, CallParameters cp, NetworkInput in, Gradients wanted) {
        int nb = w.instances;
        int t = w.steps;
        int p = predictorInput;
        float[] logits = w.predPass.output();
        LogisticLoss.gradient(logits, in.labelValues, w.from, nb, in.batch, w.dLogits);
        boolean theta = wanted == Gradients.THETA || wanted == Gradients.BOTH;
        boolean phi = wanted == Gradients.PHI || wanted == Gradients.BOTH;
        int g1 = predictor.firstWidth();
        float[] dPre = w.predPass.backward(w.dLogits, cp.pred, theta ? w.predGrads : null);
        if (theta) {
            if (w.predFirstWeightGrad == null) {
                w.predFirstWeightGrad = new float[p * g1];
            }
            CpuBlas.gemm(true, false, p, g1, nb, w.x, p, dPre, g1, 0f, w.predFirstWeightGrad, g1);
        }
        CpuBlas.gemm(false, true, nb, p, g1, dPre, g1, cp.pred.w[0], g1, 0f, w.dx, p);
        // du = dx[:, 0:K], de = dx[:, K:2K]
        for (int b = 0; b < nb; b++) {
            System.arraycopy(w.dx, b * p + k, w.de, b * k, k);
        }
        if (t == 0) {
            return;
        }
        int n = nb * t;
        int hw = w.hxWidth;
        if (theta) {
            // the pooling's share of dh: w_t · du
            for (int b = 0; b < nb; b++) {
                for (int s = 0; s < t; s++) {
                    int r = b * t + s;
                    float pw = w.poolWeights[r];
                    int o = r * k;
                    for (int j = 0; j < k; j++) {
                        w.dh[o + j] = pw * w.dx[b * p + j];
                    }
                }
            }
        }
        if (selector == null) {
            return;
        }
        for (int b = 0; b < nb; b++) {
            for (int s = 0; s < t; s++) {
                int r = b * t + s;
                w.dPoolWeights[r] = FastMath.dot(w.hx, r * hw, w.dx, b * p, k);
            }
        }
        pooling.scoreGradient(w.dPoolWeights, w.poolWeights, w.mask, nb, t, w.dScores);
        int h1 = selector.firstWidth();
        float[] dPre1 = w.selPass.backward(w.dScores, cp.sel, phi ? w.selGrads : null);
        float[] dPreSum = w.dPreSum;
        java.util.Arrays.fill(dPreSum, 0f);
        for (int b = 0; b < nb; b++) {
            for (int s = 0; s < t; s++) {
                FastMath.axpy(1f, dPre1, (b * t + s) * h1, dPreSum, b * h1, h1);
            }
        }
        if (phi) {
            if (w.selStackedGrad == null) {
                w.selStackedGrad = new float[2 * k * h1];
                w.selTargetGrad = new float[k * h1];
            }
            CpuBlas.gemm(true, false, 2 * k, h1, n, w.hx, hw, dPre1, h1, 0f, w.selStackedGrad, h1);
            CpuBlas.gemm(true, false, k, h1, nb, w.e, k, dPreSum, h1, 0f, w.selTargetGrad, h1);
        }
        if (!theta) {
            return;
        }
        // [dh_a, d(h⊙e)] = dPre1 · [W1a + W1c; W1d]ᵀ
        CpuBlas.gemm(false, true, n, 2 * k, h1, dPre1, h1, cp.selStacked, h1, 0f, w.dhx, 2 * k);
        CpuBlas.gemm(false, true, nb, k, h1, dPreSum, h1, cp.selTarget, h1, 0f, w.deSelector, k);
        for (int b = 0; b < nb; b++) {
            int eo = b * k;
            for (int s = 0; s < t; s++) {
                int r = b * t + s;
                int o = r * 2 * k;
                int ho = r * hw;
                int dho = r * k;
                for (int j = 0; j < k; j++) {
                    float dProd = w.dhx[o + k + j];
                    w.dh[dho + j] += w.dhx[o + j] + dProd * w.e[eo + j];
                    w.deSelector[eo + j] += dProd * w.hx[ho + j];
                }
            }
        }
        FastMath.axpy(1f, w.deSelector, 0, w.de, 0, nb * k);
    }

    /** Sums the slices' dense gradients in slice order and scatters the row gradients in instance order. */
    private void collectGradients(ParameterSet params, NetworkInput in, Gradients wanted, Worker[] workers, int used,
                                  ParameterSet grads) {
        boolean theta = wanted == Gradients.THETA || wanted == Gradients.BOTH;
        boolean phi = wanted == Gradients.PHI || wanted == Gradients.BOTH;
        if (theta) {
            DenseStack.Weights pg = workers[0].predGrads;
            float[] firstW = workers[0].predFirstWeightGrad;
            for (int w = 1; w < used; w++) {
                pg.add(workers[w].predGrads);
                FastMath.axpy(1f, workers[w].predFirstWeightGrad, 0, firstW, 0, firstW.length);
            }
            putStack(params, grads, predictor, pg, firstW);
        }
        if (phi && selector != null && in.steps > 0) {
            DenseStack.Weights sg = workers[0].selGrads;
            float[] stacked = workers[0].selStackedGrad;
            float[] target = workers[0].selTargetGrad;
            for (int w = 1; w < used; w++) {
                sg.add(workers[w].selGrads);
                FastMath.axpy(1f, workers[w].selStackedGrad, 0, stacked, 0, stacked.length);
                FastMath.axpy(1f, workers[w].selTargetGrad, 0, target, 0, target.length);
            }
            int block = k * selector.firstWidth();
            float[] w1 = new float[4 * block];
            for (int i = 0; i < block; i++) {
                float dWh = stacked[i];
                float dWe = target[i];
                w1[i] = dWh;
                w1[block + i] = dWe;
                w1[2 * block + i] = dWh - dWe;
                w1[3 * block + i] = stacked[block + i];
            }
            putStack(params, grads, selector, sg, w1);
        } else if (phi && selector != null) {
            // no history: the selector is not used and its gradient is zero
            for (int l = 1; l <= selector.layers(); l++) {
                grads.put(selector.weight(l), Nd4j.zerosLike(params.get(selector.weight(l))));
                grads.put(selector.bias(l), Nd4j.zerosLike(params.get(selector.bias(l))));
            }
        }
        if (theta) {
            long start = StepProfiler.start();
            scatterEmbeddingGradients(params, in, workers, used, grads);
            StepProfiler.stop(Phase.SCATTER, start);
        }
    }

    private static void putStack(ParameterSet params, ParameterSet grads, DenseStack stack, DenseStack.Weights g, float[] firstWeight) {
        grads.put(stack.weight(1), HostArrays.write(firstWeight, params.get(stack.weight(1)).shape()));
        grads.put(stack.bias(1), HostArrays.write(g.b[0], params.get(stack.bias(1)).shape()));
        for (int l = 2; l <= stack.layers(); l++) {
            grads.put(stack.weight(l), HostArrays.write(g.w[l - 1], params.get(stack.weight(l)).shape()));
            grads.put(stack.bias(l), HostArrays.write(g.b[l - 1], params.get(stack.bias(l)).shape()));
        }
    }

    /** @return the first worker's zeroed accumulator for the gradient of table {@code slot}, reused between calls */
    private static float[] rowGradientBuffer(Worker w, int slot, int length) {
        if (w.rowGradients.length <= slot) {
            w.rowGradients = java.util.Arrays.copyOf(w.rowGradients, slot + 1);
        }
        float[] acc = HostArrays.atLeast(w.rowGradients[slot], length);
        w.rowGradients[slot] = acc;
        java.util.Arrays.fill(acc, 0, length, 0f);
        return acc;
    }

    private void scatterEmbeddingGradients(ParameterSet params, NetworkInput in, Worker[] workers, int used, ParameterSet grads) {
        int off = 0;
        for (int g = 0; g < groupDims.length; g++) {
            INDArray table = params.get(groupTables[g]);
            int d = groupDims[g];
            float[] acc = rowGradientBuffer(workers[0], g, Math.toIntExact(table.length()));
            int[] targets = g == 0 ? in.items : in.attributes[g - 1];
            int[] history = g == 0 ? in.historyItems : in.historyAttributes[g - 1];
            for (int w = 0; w < used; w++) {
                Worker wk = workers[w];
                for (int b = 0; b < wk.instances; b++) {
                    int row = targets[wk.from + b];
                    if (row != 0) {
                        FastMath.axpy(1f, wk.de, b * k + off, acc, row * d, d);
                    }
                }
            }
            for (int w = 0; w < used; w++) {
                Worker wk = workers[w];
                int n = wk.instances * wk.steps;
                int first = wk.from * wk.steps;
                for (int r = 0; r < n; r++) {
                    int row = history[first + r];
                    if (row != 0) {
                        FastMath.axpy(1f, wk.dh, r * k + off, acc, row * d, d);
                    }
                }
            }
            grads.put(groupTables[g], HostArrays.write(acc, table.shape()));
            off += d;
        }
        int col = 2 * k;
        int p = predictorInput;
        for (int f = 0; f < arch.contextFields().size(); f++) {
            String name = InterestArchitecture.tableName(arch.contextFields().get(f));
            INDArray table = params.get(name);
            int d = arch.contextDim(f);
            int width = in.contextWidths[f];
            int[] idx = in.contextIndices[f];
            float[] wt = in.contextWeights[f];
            float[] acc = rowGradientBuffer(workers[0], groupDims.length + f, Math.toIntExact(table.length()));
            for (int w = 0; w < used; w++) {
                Worker wk = workers[w];
                for (int b = 0; b < wk.instances; b++) {
                    for (int j = 0; j < width; j++) {
                        int at = (wk.from + b) * width + j;
                        if (idx[at] != 0 && wt[at] != 0f) {
                            FastMath.axpy(wt[at], wk.dx, b * p + col, acc, idx[at] * d, d);
                        }
                    }
                }
            }
            grads.put(name, HostArrays.write(acc, table.shape()));
            col += d;
        }
    }
}
