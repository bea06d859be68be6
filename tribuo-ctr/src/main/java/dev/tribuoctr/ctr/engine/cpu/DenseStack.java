package dev.tribuoctr.ctr.engine.cpu;

import dev.tribuoctr.ctr.engine.ParameterSet;

/**
 * A stack of dense layers with sigmoid or ReLU hidden units and one linear output unit, on Java arrays with BLAS
 * products and fused element-wise passes: the CPU twin of {@link dev.tribuoctr.ctr.engine.Mlp}, with the same
 * parameter names ({@code prefix + "w" + l}, {@code prefix + "b" + l}). As there, the caller computes the first
 * layer's pre-activation (each model has its own cheaper form of it) and receives the gradient of that
 * pre-activation; this class owns the rest. It holds no per-call state: buffers live in a {@link Pass}, one per
 * thread.
 */
public final class DenseStack {
    /** Hidden-unit activation. */
    public enum Activation {
        /** Logistic sigmoid ({@link FastMath#sigmoid}). */
        SIGMOID,
        /** Rectified linear units. */
        RELU
    }

    private final String prefix;
    private final int[] hidden;
    private final Activation activation;

    /**
     * @param prefix parameter name prefix, e.g. {@code "sel."}
     * @param hidden hidden layer widths H1 … H_{L−1} (the output layer has one unit)
     * @param activation hidden-unit activation
     */
    public DenseStack(String prefix, int[] hidden, Activation activation) {
        if (hidden.length < 1) {
            throw new IllegalArgumentException("A dense stack needs at least one hidden layer");
        }
        this.prefix = prefix;
        this.hidden = hidden.clone();
        this.activation = activation;
    }

    /** @return the width of the first hidden layer */
    public int firstWidth() { return hidden[0]; }

    /** @return the number of layers L (hidden layers + the output layer) */
    public int layers() { return hidden.length + 1; }

    /** @param l layer (1-based) @return the weight name */
    public String weight(int l) { return prefix + "w" + l; }

    /** @param l layer (1-based) @return the bias name */
    public String bias(int l) { return prefix + "b" + l; }

    /**
     * @param params parameters holding this stack's tensors (float32)
     * @return their values as Java arrays, row-major ({@code w[l−1]} is layer l's [in, out] weight)
     */
    public Weights read(ParameterSet params) {
        int layers = layers();
        float[][] w = new float[layers][];
        float[][] b = new float[layers][];
        for (int l = 1; l <= layers; l++) {
            w[l - 1] = HostArrays.read(params.get(weight(l)), null);
            b[l - 1] = HostArrays.read(params.get(bias(l)), null);
        }
        return new Weights(w, b);
    }

    /** A stack's weights and biases as Java arrays (or their gradients, same shapes). */
    public static final class Weights {
        /** Per layer (index l−1), the row-major [in, out] weight. */
        public final float[][] w;
        /** Per layer (index l−1), the bias. */
        public final float[][] b;

        Weights(float[][] w, float[][] b) {
            this.w = w;
            this.b = b;
        }

        /** @return zero-filled arrays of the same shapes (for gradients) */
        public Weights zerosLike() {
            float[][] zw = new float[w.length][];
            float[][] zb = new float[b.length][];
            for (int i = 0; i < w.length; i++) {
                zw[i] = new float[w[i].length];
                zb[i] = new float[b[i].length];
            }
            return new Weights(zw, zb);
        }

        /** @param other same shapes; added element-wise into this */
        public void add(Weights other) {
            for (int i = 0; i < w.length; i++) {
                FastMath.axpy(1f, other.w[i], 0, w[i], 0, w[i].length);
                FastMath.axpy(1f, other.b[i], 0, b[i], 0, b[i].length);
            }
        }
    }

    /** @return buffers for one thread's passes */
    public Pass newPass() { return new Pass(); }

    /** One thread's activations and gradient buffers, grown to the largest row count seen. */
    public final class Pass {
        private float[][] z = new float[hidden.length][0];
        private float[][] dPre = new float[hidden.length][0];
        private float[] out = new float[0];
        private float[] ones = new float[0];
        private int rows;

        /**
         * Sizes the buffers for n rows. Buffers are exactly n rows long (BLAS copies whole arrays across JNI).
         * @param n rows
         */
        public void resize(int n) {
            if (n != rows || out.length != n) {
                for (int l = 0; l < hidden.length; l++) {
                    z[l] = new float[n * hidden[l]];
                    dPre[l] = new float[n * hidden[l]];
                }
                out = new float[n];
                ones = new float[n];
                java.util.Arrays.fill(ones, 1f);
                rows = n;
            }
        }

        /** @return the first hidden layer's buffer, [n, H1]: the caller writes the pre-activation into it */
        public float[] firstLayer() { return z[0]; }

        /** @return the output, [n] (valid after {@link #forward}) */
        public float[] output() { return out; }

        /**
         * Writes the first layer's additive term into its buffer, before the caller accumulates its product into it
         * (BLAS with beta 1): row r gets {@code rowTerm[(r / rowsPerTerm)·H1 …]} (the bias, or a per-instance term
         * with the bias in it). Filling rows by copies and activating the whole buffer in one flat pass keeps every
         * loop long enough to be vectorised; a loop per row of 40–80 units is not.
         * @param rowTerm the term, one row per {@code rowsPerTerm} rows
         * @param rowsPerTerm consecutive rows sharing one row of {@code rowTerm} ({@code rows} for a plain bias)
         */
        public void seedFirstLayer(float[] rowTerm, int rowsPerTerm) {
            int h1 = hidden[0];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(rowTerm, (r / rowsPerTerm) * h1, z[0], r * h1, h1);
            }
        }

        /**
         * Activates the first layer (seeded and accumulated by the caller) and runs the rest of the stack.
         * @param weights the stack's weights
         */
        public void forward(Weights weights) {
            activate(z[0], rows * hidden[0]);
            for (int l = 1; l < hidden.length; l++) {
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(weights.b[l], 0, z[l], r * hidden[l], hidden[l]);
                }
                CpuBlas.gemm(false, false, rows, hidden[l], hidden[l - 1], z[l - 1], hidden[l - 1], weights.w[l],
                        hidden[l], 1f, z[l], hidden[l]);
                activate(z[l], rows * hidden[l]);
            }
            int last = hidden.length - 1;
            CpuBlas.gemv(false, rows, hidden[last], z[last], weights.w[hidden.length], out);
            float bOut = weights.b[hidden.length][0];
            for (int r = 0; r < rows; r++) {
                out[r] += bOut;
            }
        }

        private void activate(float[] x, int len) {
            if (activation == Activation.SIGMOID) {
                for (int i = 0; i < len; i++) {
                    x[i] = FastMath.sigmoid(x[i]);
                }
            } else {
                for (int i = 0; i < len; i++) {
                    x[i] = Math.max(0f, x[i]);
                }
            }
        }

        private void timesDerivative(float[] g, float[] zl, int len) {
            if (activation == Activation.SIGMOID) {
                FastMath.timesSigmoidDerivative(g, zl, len);
            } else {
                FastMath.timesReluDerivative(g, zl, len);
            }
        }

        /**
         * Backward pass down to the first layer's pre-activation.
         * @param dOut gradient of the loss w.r.t. the output, [n]
         * @param weights the stack's weights
         * @param grads where the gradients of layers 2…L and of the first layer's bias go (overwritten); null to
         *              skip them (the caller computes the first layer's weight gradient from its own input)
         * @return the gradient w.r.t. the first layer's pre-activation, [n, H1] (a buffer of this pass)
         */
        public float[] backward(float[] dOut, Weights weights, Weights grads) {
            int last = hidden.length - 1;
            int hl = hidden[last];
            float[] wOut = weights.w[hidden.length];
            if (grads != null) {
                CpuBlas.gemv(true, rows, hl, z[last], dOut, grads.w[hidden.length]);
                float s = 0f;
                for (int r = 0; r < rows; r++) {
                    s += dOut[r];
                }
                grads.b[hidden.length][0] = s;
            }
            // dz = dOut ⊗ w_L, an outer product (k = 1)
            CpuBlas.gemm(false, false, rows, hl, 1, dOut, 1, wOut, hl, 0f, dPre[last], hl);
            timesDerivative(dPre[last], z[last], rows * hl);
            for (int l = last; l >= 1; l--) {
                if (grads != null) {
                    CpuBlas.gemm(true, false, hidden[l - 1], hidden[l], rows, z[l - 1], hidden[l - 1], dPre[l],
                            hidden[l], 0f, grads.w[l], hidden[l]);
                    CpuBlas.gemv(true, rows, hidden[l], dPre[l], ones, grads.b[l]);
                }
                CpuBlas.gemm(false, true, rows, hidden[l - 1], hidden[l], dPre[l], hidden[l], weights.w[l], hidden[l],
                        0f, dPre[l - 1], hidden[l - 1]);
                timesDerivative(dPre[l - 1], z[l - 1], rows * hidden[l - 1]);
            }
            if (grads != null) {
                CpuBlas.gemv(true, rows, hidden[0], dPre[0], ones, grads.b[0]);
            }
            return dPre[0];
        }
    }
}
