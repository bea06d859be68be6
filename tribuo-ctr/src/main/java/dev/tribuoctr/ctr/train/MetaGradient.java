package dev.tribuoctr.ctr.train;

import dev.tribuoctr.ctr.engine.ParameterSet;

/**
 * The result of one {@link WrappingOperator} evaluation: the losses and ∇ℒ split into θ and φ.
 */
public final class MetaGradient {
    private final double lossIn;
    private final double lossOutAfterInner;
    private final ParameterSet gradTheta;
    private final ParameterSet gradPhi;

    MetaGradient(double lossIn, double lossOutAfterInner, ParameterSet gradTheta, ParameterSet gradPhi) {
        this.lossIn = lossIn;
        this.lossOutAfterInner = lossOutAfterInner;
        this.gradTheta = gradTheta;
        this.gradPhi = gradPhi;
    }

    /** @return L_in(θ, φ) */
    public double lossIn() { return lossIn; }

    /** @return L_out(θ⁽ᴺ⁾, φ), or NaN when μ = 0 */
    public double lossOutAfterInner() { return lossOutAfterInner; }

    /** @return ∇_θ ℒ (embedding tables and predictor) */
    public ParameterSet gradTheta() { return gradTheta; }

    /** @return ∇_φ ℒ (feature selector) */
    public ParameterSet gradPhi() { return gradPhi; }

    /** @return both gradients in one set */
    public ParameterSet all() { return gradTheta.with(gradPhi); }
}
