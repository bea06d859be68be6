package dev.tribuoctr.featuresel;

/**
 * The proximal step of the ℓ¹ penalty λ‖x‖₁ after a gradient step with learning rate η (the LPFS paper's Eq. 11):
 * soft thresholding at {@code 2·λ·η}. Values inside the threshold become exactly {@code 0.0}, which is what lets
 * LPFS drop fields without a cut-off.
 */
public final class ProximalL1 {
    private ProximalL1() { }

    /**
     * @param lambda the ℓ¹ weight λ ≥ 0
     * @param learningRate the gate learning rate η ≥ 0
     * @return the threshold 2·λ·η
     */
    public static double threshold(double lambda, double learningRate) {
        return 2 * lambda * learningRate;
    }

    /**
     * @param xTilde the value after the gradient step
     * @param threshold the soft threshold ≥ 0
     * @return {@code x̃ − t} if {@code x̃ ≥ t}, {@code x̃ + t} if {@code x̃ ≤ −t}, else exactly 0.0
     */
    public static double apply(double xTilde, double threshold) {
        if (xTilde >= threshold) {
            return xTilde - threshold;
        }
        if (xTilde <= -threshold) {
            return xTilde + threshold;
        }
        return 0.0;
    }

    /**
     * In place over an array of gate parameters.
     * @param x the values after the gradient step; replaced by the proximal values
     * @param threshold the soft threshold ≥ 0
     */
    public static void applyInPlace(double[] x, double threshold) {
        for (int i = 0; i < x.length; i++) {
            x[i] = apply(x[i], threshold);
        }
    }
}
