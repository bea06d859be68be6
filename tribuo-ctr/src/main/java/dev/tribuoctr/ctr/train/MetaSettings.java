package dev.tribuoctr.ctr.train;

import java.io.Serializable;

/**
 * The switches of the Meta-Wrapper objective (design §3.6, docs/design/meta-gradient.md). Between them they give the paper's ablations:
 * {@code mu = 0} → DIN (M1); {@code innerSteps = 0, mu > 0} → auxiliary out-of-bag loss only (M2);
 * {@code secondOrder = false} → first-order inner step (M3); the defaults → Meta-Wrapper (M4).
 */
public final class MetaSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double mu;
    private final double beta;
    private final int innerSteps;
    private final boolean secondOrder;
    private final double fdScale;
    private final FiniteDifference difference;

    /**
     * @param mu weight of the out-of-bag term, ≥ 0
     * @param beta inner step size, ≥ 0
     * @param innerSteps N, ≥ 0
     * @param secondOrder whether the φ-gradient goes back through the inner steps
     * @param fdScale c in ε = c/‖v‖ for the finite-difference Hessian-vector products, &gt; 0
     */
    public MetaSettings(double mu, double beta, int innerSteps, boolean secondOrder, double fdScale) {
        this(mu, beta, innerSteps, secondOrder, fdScale, FiniteDifference.CENTRAL);
    }

    /**
     * @param mu weight of the out-of-bag term, ≥ 0
     * @param beta inner step size, ≥ 0
     * @param innerSteps N, ≥ 0
     * @param secondOrder whether the φ-gradient goes back through the inner steps
     * @param fdScale c in ε = c/‖v‖ for the finite-difference Hessian-vector products, &gt; 0
     * @param difference central (default) or forward differences
     */
    public MetaSettings(double mu, double beta, int innerSteps, boolean secondOrder, double fdScale,
                        FiniteDifference difference) {
        if (!(mu >= 0) || !(beta >= 0) || innerSteps < 0 || !(fdScale > 0) || Double.isInfinite(mu) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("Invalid Meta-Wrapper settings: mu=" + mu + ", beta=" + beta
                    + ", innerSteps=" + innerSteps + ", fdScale=" + fdScale
                    + " (need mu >= 0, beta >= 0, innerSteps >= 0, fdScale > 0, all finite)");
        }
        this.mu = mu;
        this.beta = beta;
        this.innerSteps = innerSteps;
        this.secondOrder = secondOrder;
        this.fdScale = fdScale;
        this.difference = java.util.Objects.requireNonNull(difference, "difference");
    }

    /** @return how Hessian-vector products are taken */
    public FiniteDifference difference() { return difference; }

    /** @return μ */
    public double mu() { return mu; }

    /** @return β */
    public double beta() { return beta; }

    /** @return N */
    public int innerSteps() { return innerSteps; }

    /** @return whether the H term is taken */
    public boolean secondOrder() { return secondOrder; }

    /** @return the finite-difference scale c */
    public double fdScale() { return fdScale; }

    @Override
    public String toString() {
        return "MetaSettings(mu=" + mu + ",beta=" + beta + ",innerSteps=" + innerSteps + ",secondOrder=" + secondOrder
                + ",fdScale=" + fdScale + ",difference=" + difference + ")";
    }
}
