package dev.tribuoctr.featuresel;

import java.io.Serializable;

/**
 * A field gate g_ε(x) of LPFS / LPFS++ (design §6.3, docs/design/lpfs.md; the paper's Eq. 4 and Eq. 8) with its derivative in x, and the
 * value at the initial state used to normalise every gate to 1 at the start of training.
 * <pre>
 * Guo et al. "LPFS: Learnable Polarizing Feature Selection for Click-Through Rate Prediction".
 * </pre>
 */
public final class SmoothedL0Gate implements Serializable {
    private static final long serialVersionUID = 1L;

    private final GateType type;
    private final double alpha;
    private final double tau;

    /**
     * @param type LPFS or LPFS++
     * @param alpha LPFS++'s weight of the arctangent term (ignored by LPFS), ≥ 0
     * @param tau LPFS++'s root of ε in that term (2 gives √ε), &gt; 0
     */
    public SmoothedL0Gate(GateType type, double alpha, double tau) {
        if (type == null || !(alpha >= 0) || !(tau > 0) || Double.isInfinite(alpha) || Double.isInfinite(tau)) {
            throw new IllegalArgumentException("Invalid gate: type=" + type + ", alpha=" + alpha + ", tau=" + tau
                    + " (need a type, finite alpha >= 0 and tau > 0)");
        }
        this.type = type;
        this.alpha = alpha;
        this.tau = tau;
    }

    /** @return the gate type */
    public GateType type() { return type; }

    /**
     * @param x the gate parameter
     * @param eps the smoothing ε &gt; 0
     * @return g_ε(x); exactly 0.0 at x = 0
     */
    public double value(double x, double eps) {
        double polar = x * x / (x * x + eps);
        if (type == GateType.LPFS) {
            return polar;
        }
        return Math.signum(x) * polar + alpha * Math.pow(eps, 1.0 / tau) * Math.atan(x);
    }

    /**
     * @param x the gate parameter
     * @param eps the smoothing ε &gt; 0
     * @return dg_ε/dx at x
     */
    public double derivative(double x, double eps) {
        double denom = x * x + eps;
        double polar = 2 * x * eps / (denom * denom);
        if (type == GateType.LPFS) {
            return polar;
        }
        return Math.abs(polar) + alpha * Math.pow(eps, 1.0 / tau) / (1 + x * x);
    }

    /**
     * @param eps0 the initial ε
     * @return g₀ = g_{ε₀}(1), the value every gate is divided by so that it starts at exactly 1
     */
    public double initialValue(double eps0) {
        return value(1.0, eps0);
    }

    @Override
    public String toString() {
        return type == GateType.LPFS ? "LPFS" : "LPFS++(alpha=" + alpha + ",tau=" + tau + ")";
    }
}
