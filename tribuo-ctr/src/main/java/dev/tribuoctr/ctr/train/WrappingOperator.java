package dev.tribuoctr.ctr.train;

import dev.tribuoctr.ctr.engine.ParameterSet;
import dev.tribuoctr.ctr.model.InterestArchitecture;
import dev.tribuoctr.ctr.model.InterestNetwork;
import dev.tribuoctr.ctr.model.InterestNetwork.Gradients;
import dev.tribuoctr.ctr.model.NetworkInput;

import java.util.ArrayList;
import java.util.List;

/**
 * The wrapping operator of Meta-Wrapper: the gradient of the bilevel objective of design §3 (docs/design/meta-gradient.md; the paper's Eq. 12,
 * Algorithms 1–3),
 * <pre>
 *   ℒ(θ, φ) = L_in(θ, φ) + μ · L_out(θ⁽ᴺ⁾(φ), φ),   θ⁽ʲ⁾ = θ⁽ʲ⁻¹⁾ − β ∇_θ L_in(θ⁽ʲ⁻¹⁾, φ)
 * </pre>
 * with θ detached in the outer term. The total derivative of the outer term w.r.t. φ goes back through the inner
 * steps with Hessian-vector products taken as central differences of first-order gradients (as in DARTS):
 * {@code H·v ≈ (∇L_in(θ + εv) − ∇L_in(θ − εv)) / 2ε}, {@code ε = fdScale / ‖v‖} (or, as a speed option, forward
 * differences that reuse the gradient at θ). No second-order autodiff is
 * needed, and since the network only ever sees the rows of the embedding tables the batches touch, the
 * perturbations are sparse in the tables.
 * <pre>
 * Cao, Xu, Yang, Huang. "Meta-Wrapper: Differentiable Wrapping Operator for User Interest Selection in CTR
 * Prediction", IEEE TPAMI.
 * </pre>
 */
public final class WrappingOperator {
    private final InterestNetwork network;
    private final MetaSettings settings;

    /**
     * @param network the interest network
     * @param settings μ, β, N, second order, fdScale
     */
    public WrappingOperator(InterestNetwork network, MetaSettings settings) {
        this.network = network;
        this.settings = settings;
    }

    /**
     * Computes the losses and ∇ℒ for one step.
     * @param params θ and φ (tables addressed by both inputs)
     * @param in the in-bag batch D_in
     * @param out the out-of-bag batch D_out; ignored (may be null) when μ = 0
     * @return losses and gradients
     */
    public MetaGradient compute(ParameterSet params, NetworkInput in, NetworkInput out) {
        InterestNetwork.Result inner = network.lossAndGradients(params, in, Gradients.BOTH);
        ParameterSet gradTheta = inner.gradients().subset(n -> !InterestArchitecture.isSelector(n));
        ParameterSet gradPhi = inner.gradients().subset(InterestArchitecture::isSelector);
        if (settings.mu() == 0.0 || out == null) {
            return new MetaGradient(inner.loss(), Double.NaN, gradTheta, gradPhi);
        }
        ParameterSet phi = params.subset(InterestArchitecture::isSelector);
        ParameterSet theta = params.subset(n -> !InterestArchitecture.isSelector(n));
        int steps = settings.innerSteps();
        boolean secondOrder = settings.secondOrder() && steps > 0 && phi.size() > 0;

        // Inner trajectory θ⁽⁰⁾ … θ⁽ᴺ⁾ (θ⁽⁰⁾ = θ, detached: nothing flows back into θ from the outer term).
        // Forward differences reuse the gradient at each θ⁽ʲ⁾, so the trajectory keeps the full gradients then.
        boolean forward = secondOrder && settings.difference() == FiniteDifference.FORWARD;
        List<ParameterSet> trajectory = new ArrayList<>(steps + 1);
        List<ParameterSet> gradientsAlong = new ArrayList<>(steps);
        trajectory.add(theta);
        gradientsAlong.add(inner.gradients());
        ParameterSet step = gradTheta;
        for (int j = 1; j <= steps; j++) {
            if (j > 1) {
                ParameterSet g = network.lossAndGradients(trajectory.get(j - 1).with(phi), in,
                        forward ? Gradients.BOTH : Gradients.THETA).gradients();
                gradientsAlong.add(g);
                step = g.subset(n -> !InterestArchitecture.isSelector(n));
            }
            trajectory.add(trajectory.get(j - 1).plusScaled(-settings.beta(), step));
        }

        InterestNetwork.Result outer = network.lossAndGradients(trajectory.get(steps).with(phi), out,
                secondOrder ? Gradients.BOTH : Gradients.PHI);
        ParameterSet outerPhi = outer.gradients().subset(InterestArchitecture::isSelector);
        ParameterSet metaPhi = outerPhi.dup();
        if (secondOrder) {
            ParameterSet v = outer.gradients().subset(n -> !InterestArchitecture.isSelector(n));
            for (int j = steps - 1; j >= 0; j--) {
                boolean needThetaBlock = j > 0;
                double norm = v.norm2();
                if (norm == 0.0 || !Double.isFinite(norm)) {
                    break;
                }
                double eps = settings.fdScale() / norm;
                Gradients wanted = needThetaBlock ? Gradients.BOTH : Gradients.PHI;
                ParameterSet plus = network.lossAndGradients(trajectory.get(j).plusScaled(eps, v).with(phi), in, wanted).gradients();
                ParameterSet minus = forward ? gradientsAlong.get(j)
                        : network.lossAndGradients(trajectory.get(j).plusScaled(-eps, v).with(phi), in, wanted).gradients();
                double scale = forward ? 1.0 / eps : 1.0 / (2 * eps);
                ParameterSet hPhiV = ParameterSet.scaledDifference(plus.subset(InterestArchitecture::isSelector),
                        minus, scale);
                metaPhi.addScaledInPlace(-settings.beta(), hPhiV);
                if (needThetaBlock) {
                    ParameterSet hThetaV = ParameterSet.scaledDifference(
                            plus.subset(n -> !InterestArchitecture.isSelector(n)), minus, scale);
                    v = v.plusScaled(-settings.beta(), hThetaV);
                }
            }
        }
        gradPhi.addScaledInPlace(settings.mu(), metaPhi);
        return new MetaGradient(inner.loss(), outer.loss(), gradTheta, gradPhi);
    }
}
