package dev.tribuoctr.ctr.engine.cpu;

/**
 * Element-wise kernels over float arrays written so that the JIT turns them into SIMD loops: only additions,
 * multiplications, divisions, minimum and maximum, no calls and no branches. {@link Math#exp} is neither
 * vectorised nor cheap (about 5 ns an element, 8 ms for the 1.5M activations of one attention pass); the sigmoid
 * here is {@code (1 + tanh(x/2)) / 2} with Eigen's rational approximation of tanh (absolute error below 4e-7, so
 * the sigmoid's below 2.5e-7), about 0.4 ns an element.
 */
public final class FastMath {
    private FastMath() { }

    private static final float TANH_CLAMP = 7.90531110763549805f;

    /**
     * @param a any float
     * @return tanh(a) to within 4e-7 absolute (Eigen's {@code ptanh_float} rational approximation, clamped at ±7.9)
     */
    public static float tanh(float a) {
        float x = Math.max(-TANH_CLAMP, Math.min(TANH_CLAMP, a));
        float x2 = x * x;
        float p = x2 * -2.76076847742355e-16f + 2.00018790482477e-13f;
        p = p * x2 + -8.60467152213735e-11f;
        p = p * x2 + 5.12229709037114e-08f;
        p = p * x2 + 1.48572235717979e-05f;
        p = p * x2 + 6.37261928875436e-04f;
        p = p * x2 + 4.89352455891786e-03f;
        p = x * p;
        float q = x2 * 1.19825839466702e-06f + 1.18534705686654e-04f;
        q = q * x2 + 2.26843463243900e-03f;
        q = q * x2 + 4.89352518554385e-03f;
        return p / q;
    }

    /** @param x any float @return the logistic sigmoid of x to within 2.5e-7 absolute */
    public static float sigmoid(float x) {
        return 0.5f + 0.5f * tanh(0.5f * x);
    }



    /**
     * In place: {@code g ⊙= σ'} from the stored sigmoid outputs, {@code g[i] *= z[i]·(1 − z[i])}.
     * @param g gradient w.r.t. the activations; becomes the gradient w.r.t. the pre-activations
     * @param z the sigmoid outputs
     * @param len elements
     */
    public static void timesSigmoidDerivative(float[] g, float[] z, int len) {
        for (int i = 0; i < len; i++) {
            g[i] *= z[i] * (1f - z[i]);
        }
    }

    /**
     * In place: {@code g ⊙= relu'} from the stored outputs ({@code g[i] = 0} where {@code z[i] = 0}).
     * @param g gradient
     * @param z the ReLU outputs
     * @param len elements
     */
    public static void timesReluDerivative(float[] g, float[] z, int len) {
        for (int i = 0; i < len; i++) {
            g[i] = z[i] > 0f ? g[i] : 0f;
        }
    }


    /**
     * @param a first vector
     * @param ao offset in a
     * @param b second vector
     * @param bo offset in b
     * @param len elements
     * @return Σ a[ao+i]·b[bo+i]
     */
    public static float dot(float[] a, int ao, float[] b, int bo, int len) {
        float s = 0f;
        for (int i = 0; i < len; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    /**
     * {@code y[yo+i] += alpha·x[xo+i]}.
     * @param alpha scale
     * @param x source
     * @param xo offset in x
     * @param y destination
     * @param yo offset in y
     * @param len elements
     */
    public static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int len) {
        for (int i = 0; i < len; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }
}
