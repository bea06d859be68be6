package dev.tribuoctr.featuresel;

import dev.tribuoctr.ctr.engine.ParameterSet;
import dev.tribuoctr.ctr.engine.StepProfiler;
import dev.tribuoctr.ctr.engine.StepProfiler.Phase;
import dev.tribuoctr.ctr.engine.cpu.CpuBlas;
import dev.tribuoctr.ctr.engine.cpu.DenseStack;
import dev.tribuoctr.ctr.engine.cpu.FastMath;
import dev.tribuoctr.ctr.engine.cpu.HostArrays;
import dev.tribuoctr.ctr.engine.cpu.LogisticLoss;
import dev.tribuoctr.ctr.engine.cpu.ParallelSlices;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.FloatBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The gated field network's forward and backward passes on the CPU, in float32: the same mathematics as the ND4J
 * pass of {@link GatedFieldNetwork} (which the finite-difference test holds in float64), computed on Java arrays
 * with BLAS products into reused buffers. A batch is split into contiguous slices of instances, one per thread;
 * dense gradients are summed over the slices in a fixed order and table-row gradients are scattered in instance
 * order, so a fixed thread count is bit-reproducible.
 * <p>
 * The gates never scale the embeddings element by element: with {@code x = raw ⊙ γ} (γ repeated over each field's
 * columns), {@code x·W1 = raw·(diag(γ)·W1)}, so the first layer uses the gate-scaled weight once per call. From
 * {@code G = rawᵀ·dPre1} follow both {@code ∂L/∂W1 = diag(γ)·G} and {@code ∂L/∂γ_f = Σ_{j∈f} Σ_h G[j,h]·W1[j,h]},
 * and the embeddings' gradient is {@code dPre1·(diag(γ)·W1)ᵀ}.
 */
final class FusedGatedFieldNetwork {
    private final int categorical;
    private final int numeric;
    private final int dim;
    /** Width of the MLP's input: fields × dim. */
    private final int width;
    private final String[] tables;
    private final String[] vectors;
    private final DenseStack mlp;
    private final int threads;
    private final ConcurrentLinkedQueue<Worker[]> idle = new ConcurrentLinkedQueue<>();

    /**
     * @param network the network whose passes this computes
     * @param threads data-parallel threads per pass (at least 1)
     */
    FusedGatedFieldNetwork(GatedFieldNetwork network, int threads) {
        this.categorical = network.categoricalCount();
        this.numeric = network.fieldCount() - categorical;
        this.dim = network.dim();
        this.width = network.fieldCount() * dim;
        this.tables = new String[categorical];
        for (int f = 0; f < categorical; f++) {
            tables[f] = network.tableName(f);
        }
        this.vectors = new String[numeric];
        for (int n = 0; n < numeric; n++) {
            vectors[n] = network.numericName(n);
        }
        this.mlp = new DenseStack(GatedFieldNetwork.MLP_PREFIX, network.hiddenSizes(), DenseStack.Activation.RELU);
        this.threads = Math.max(1, threads);
    }

    /** @return whether this pass can run here: the CPU backend with its OpenBLAS reachable */
    static boolean isAvailable() {
        return CpuBlas.isAvailable();
    }

    /**
     * Parameters and gate factors read for passes (the tables stay where they are, read through buffers): made
     * once per training step, or once for all the predictions of a model whose parameters do not change.
     */
    final class Bound {
        final ParameterSet params;
        final FloatBuffer[] tableRows = new FloatBuffer[categorical];
        final float[][] numericVectors = new float[numeric][];
        final DenseStack.Weights weights;
        /** γ_f repeated over field f's columns, [width]. */
        final float[] columnFactors = new float[width];
        /** diag(γ)·W1, [width, H1]. */
        final float[] gatedFirstWeight;

        /**
         * @param params float32 parameters
         * @param gateFactors γ_f per field
         */
        Bound(ParameterSet params, double[] gateFactors) {
            this.params = params;
            for (int f = 0; f < categorical; f++) {
                tableRows[f] = HostArrays.buffer(params.get(tables[f]));
            }
            for (int n = 0; n < numeric; n++) {
                numericVectors[n] = HostArrays.read(params.get(vectors[n]), null);
            }
            weights = mlp.read(params);
            int h1 = mlp.firstWidth();
            float[] w1 = weights.w[0];
            gatedFirstWeight = new float[w1.length];
            for (int j = 0; j < width; j++) {
                float g = (float) gateFactors[j / dim];
                columnFactors[j] = g;
                for (int h = 0; h < h1; h++) {
                    gatedFirstWeight[j * h1 + h] = g * w1[j * h1 + h];
                }
            }
        }
    }

    /** One thread's buffers, sized to its slice of the batch. */
    private final class Worker {
        final DenseStack.Pass pass = mlp.newPass();
        /** Gradients of layers 2…L and of b1; {@code w[0]} holds {@code G = rawᵀ·dPre1} of the slice. */
        final DenseStack.Weights grads;
        final float[] row = new float[dim];
        int from;
        int instances = -1;
        float[] raw = new float[0];
        float[] dRaw = new float[0];
        float[] dLogits = new float[0];
        double lossSum;

        Worker(DenseStack.Weights like) {
            grads = like.zerosLike();
        }

        void resize(int from, int instances) {
            this.from = from;
            if (instances != this.instances) {
                this.instances = instances;
                raw = new float[instances * width];
                dRaw = new float[instances * width];
                dLogits = new float[instances];
                pass.resize(instances);
            }
        }
    }

    /** The outcome of one call: loss, logits and, when asked for, the gradients. */
    record Outcome(double loss, float[] logits, ParameterSet gradients, double[] gateFactorGradients) { }

    /**
     * @param bound parameters and gate factors
     * @param in the batch (indices into the bound tables)
     * @param withGradients whether to run the backward pass
     * @return the pass's outcome
     */
    Outcome run(Bound bound, GatedFieldNetwork.Input in, boolean withGradients) {
        long start = StepProfiler.start();
        Worker[] workers = acquire(bound);
        try {
            int b = in.size;
            int used = Math.max(1, Math.min(threads, b));
            for (int w = 0; w < used; w++) {
                int from = ParallelSlices.start(b, used, w);
                int to = ParallelSlices.start(b, used, w + 1);
                workers[w].resize(from, to - from);
            }
            ParallelSlices.run(used, w -> {
                forward(workers[w], bound, in);
                if (withGradients) {
                    backward(workers[w], bound, in);
                }
            });
            double loss = 0;
            float[] logits = new float[b];
            for (int w = 0; w < used; w++) {
                loss += workers[w].lossSum;
                System.arraycopy(workers[w].pass.output(), 0, logits, workers[w].from, workers[w].instances);
            }
            if (!withGradients) {
                return new Outcome(loss / b, logits, null, null);
            }
            ParameterSet grads = new ParameterSet();
            double[] dGate = denseGradients(bound, workers, used, grads);
            long s = StepProfiler.start();
            rowGradients(bound, in, workers, used, grads);
            StepProfiler.stop(Phase.SCATTER, s);
            return new Outcome(loss / b, logits, grads, dGate);
        } finally {
            idle.offer(workers);
            StepProfiler.stop(Phase.NETWORK, start);
        }
    }

    private Worker[] acquire(Bound bound) {
        Worker[] w = idle.poll();
        if (w == null) {
            w = new Worker[threads];
            for (int i = 0; i < threads; i++) {
                w[i] = new Worker(bound.weights);
            }
        }
        return w;
    }

    private void forward(Worker w, Bound bound, GatedFieldNetwork.Input in) {
        int nb = w.instances;
        long g0 = StepProfiler.start();
        gatherFields(w, bound, in);
        StepProfiler.stop(Phase.GATHER, g0);
        int h1 = mlp.firstWidth();
        w.pass.seedFirstLayer(bound.weights.b[0], nb);
        CpuBlas.gemm(false, false, nb, h1, width, w.raw, width, bound.gatedFirstWeight, h1, 1f, w.pass.firstLayer(), h1);
        w.pass.forward(bound.weights);
        float[] logits = w.pass.output();
        w.lossSum = LogisticLoss.sum(logits, in.labelValues, w.from, nb);
    }

    /** Writes the ungated field embeddings of the slice's instances into {@code raw}, [n, width]. */
    private void gatherFields(Worker w, Bound bound, GatedFieldNetwork.Input in) {
        int nb = w.instances;
        for (int f = 0; f < categorical; f++) {
            FloatBuffer table = bound.tableRows[f];
            int slots = in.widths[f];
            int[] idx = in.indices[f];
            float[] wt = in.weights[f];
            for (int b = 0; b < nb; b++) {
                int out = b * width + f * dim;
                int first = (w.from + b) * slots;
                // the first value is copied in place (most fields are one-hot), the others added
                table.get(idx[first] * dim, w.raw, out, dim);
                float w0 = wt[first];
                if (w0 != 1f) {
                    for (int j = 0; j < dim; j++) {
                        w.raw[out + j] *= w0;
                    }
                }
                for (int s = 1; s < slots; s++) {
                    float ws = wt[first + s];
                    if (ws != 0f) {
                        table.get(idx[first + s] * dim, w.row, 0, dim);
                        FastMath.axpy(ws, w.row, 0, w.raw, out, dim);
                    }
                }
            }
        }
        for (int n = 0; n < numeric; n++) {
            float[] v = bound.numericVectors[n];
            int col = (categorical + n) * dim;
            for (int b = 0; b < nb; b++) {
                float value = in.numericValues[(w.from + b) * numeric + n];
                int out = b * width + col;
                for (int j = 0; j < dim; j++) {
                    w.raw[out + j] = value * v[j];
                }
            }
        }
    }

    private void backward(Worker w, Bound bound, GatedFieldNetwork.Input in) {
        int nb = w.instances;
        float[] logits = w.pass.output();
        LogisticLoss.gradient(logits, in.labelValues, w.from, nb, in.size, w.dLogits);
        int h1 = mlp.firstWidth();
        float[] dPre = w.pass.backward(w.dLogits, bound.weights, w.grads);
        CpuBlas.gemm(true, false, width, h1, nb, w.raw, width, dPre, h1, 0f, w.grads.w[0], h1);
        CpuBlas.gemm(false, true, nb, width, h1, dPre, h1, bound.gatedFirstWeight, h1, 0f, w.dRaw, width);
    }

    /**
     * Sums the slices' MLP gradients in slice order into {@code grads} and derives ∂L/∂γ from the summed G.
     * @return ∂L/∂γ_f per field
     */
    private double[] denseGradients(Bound bound, Worker[] workers, int used, ParameterSet grads) {
        DenseStack.Weights sum = workers[0].grads;
        for (int w = 1; w < used; w++) {
            sum.add(workers[w].grads);
        }
        int h1 = mlp.firstWidth();
        float[] g = sum.w[0];
        float[] w1 = bound.weights.w[0];
        float[] dW1 = new float[g.length];
        double[] dGate = new double[width / dim];
        for (int j = 0; j < width; j++) {
            float factor = bound.columnFactors[j];
            double dot = 0;
            for (int h = 0; h < h1; h++) {
                int at = j * h1 + h;
                dW1[at] = factor * g[at];
                dot += (double) g[at] * w1[at];
            }
            dGate[j / dim] += dot;
        }
        ParameterSet params = bound.params;
        grads.put(mlp.weight(1), HostArrays.write(dW1, params.get(mlp.weight(1)).shape()));
        for (int l = 1; l <= mlp.layers(); l++) {
            if (l > 1) {
                grads.put(mlp.weight(l), HostArrays.write(sum.w[l - 1], params.get(mlp.weight(l)).shape()));
            }
            grads.put(mlp.bias(l), HostArrays.write(sum.b[l - 1], params.get(mlp.bias(l)).shape()));
        }
        return dGate;
    }

    /** Scatters the embedding gradients into the tables' rows and sums the numeric vectors', in instance order. */
    private void rowGradients(Bound bound, GatedFieldNetwork.Input in, Worker[] workers, int used, ParameterSet grads) {
        for (int f = 0; f < categorical; f++) {
            INDArray table = bound.params.get(tables[f]);
            float[] acc = new float[Math.toIntExact(table.length())];
            int slots = in.widths[f];
            int[] idx = in.indices[f];
            float[] wt = in.weights[f];
            for (int w = 0; w < used; w++) {
                Worker wk = workers[w];
                for (int b = 0; b < wk.instances; b++) {
                    for (int s = 0; s < slots; s++) {
                        int at = (wk.from + b) * slots + s;
                        // row 0 is padding (also in a step's compact tables): the ND4J pass skips it too
                        if (idx[at] != 0 && wt[at] != 0f) {
                            FastMath.axpy(wt[at], wk.dRaw, b * width + f * dim, acc, idx[at] * dim, dim);
                        }
                    }
                }
            }
            grads.put(tables[f], HostArrays.write(acc, table.shape()));
        }
        for (int n = 0; n < numeric; n++) {
            float[] acc = new float[dim];
            int col = (categorical + n) * dim;
            for (int w = 0; w < used; w++) {
                Worker wk = workers[w];
                for (int b = 0; b < wk.instances; b++) {
                    FastMath.axpy(in.numericValues[(wk.from + b) * numeric + n], wk.dRaw, b * width + col, acc, 0, dim);
                }
            }
            grads.put(vectors[n], HostArrays.write(acc, bound.params.get(vectors[n]).shape()));
        }
    }
}
