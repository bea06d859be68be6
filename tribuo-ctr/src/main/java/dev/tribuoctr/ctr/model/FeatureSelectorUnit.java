package dev.tribuoctr.ctr.model;

import dev.tribuoctr.ctr.engine.ParameterSet;
import dev.tribuoctr.ctr.engine.Mlp;
import dev.tribuoctr.ctr.engine.Tensors;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The feature selector g_φ of Meta-Wrapper (DIN's attention unit): scores each history item against the target,
 * {@code s_t = MLP([h_t ; e ; h_t − e ; h_t ⊙ e])} (design §2.3, docs/design/interest-model.md).
 * <p>
 * The first layer is computed in the equivalent split form
 * {@code a_t·W1 = h_t·(W1a + W1c) + e·(W1b − W1c) + (h_t ⊙ e)·W1d}: the {@code e} term is per instance, not per
 * history position, which halves the cost of the largest product in the model.
 */
final class FeatureSelectorUnit {
    private final Mlp mlp;
    private final int k;

    FeatureSelectorUnit(InterestArchitecture arch) {
        this.mlp = new Mlp(InterestArchitecture.SELECTOR_PREFIX, arch.selectorLayers(), Mlp.Activation.SIGMOID);
        this.k = arch.itemRepresentationSize();
    }

    /** Intermediate values of one forward pass. */
    static final class State {
        final int steps;
        final INDArray h;
        final INDArray e;
        final INDArray he;
        final Mlp.Activations acts;
        final INDArray wh;
        final INDArray we;
        final INDArray wd;

        State(int steps, INDArray h, INDArray e, INDArray he, Mlp.Activations acts,
              INDArray wh, INDArray we, INDArray wd) {
            this.steps = steps;
            this.h = h;
            this.e = e;
            this.he = he;
            this.acts = acts;
            this.wh = wh;
            this.we = we;
            this.wd = wd;
        }

        /** @return raw scores, [B*T, 1] */
        INDArray scores() { return acts.output(); }
    }

    /**
     * @param h history representations, [B*T, K]
     * @param e target representations, [B, K]
     * @param steps T
     * @param params parameters holding φ
     * @return the forward state; scores are [B*T, 1]
     */
    State forward(INDArray h, INDArray e, int steps, ParameterSet params) {
        INDArray w1 = params.get(mlp.weight(1));
        INDArray w1a = Tensors.rows(w1, 0, k);
        INDArray w1b = Tensors.rows(w1, k, 2L * k);
        INDArray w1c = Tensors.rows(w1, 2L * k, 3L * k);
        INDArray wd = Tensors.rows(w1, 3L * k, 4L * k);
        INDArray wh = w1a.add(w1c);
        INDArray we = w1b.sub(w1c);
        INDArray he = Tensors.mulPerInstance(h, e, steps);
        INDArray pre = Tensors.mm(h, wh, false, false);
        pre.addi(Tensors.mm(he, wd, false, false));
        Tensors.addPerInstanceInPlace(pre, Tensors.mm(e, we, false, false), steps);
        return new State(steps, h, e, he, mlp.forward(pre, params), wh, we, wd);
    }

    /**
     * @param dScores gradient w.r.t. the scores, [B*T, 1]
     * @param s forward state
     * @param params parameters
     * @param phiGrads where φ's gradients go, or null
     * @param inputGrads whether to return the gradients w.r.t. h and e (needed for θ's embedding gradients)
     * @return {dh [B*T, K], de [B, K]} when asked, else null
     */
    INDArray[] backward(INDArray dScores, State s, ParameterSet params, ParameterSet phiGrads, boolean inputGrads) {
        INDArray dPre = mlp.backward(dScores, s.acts, params, phiGrads);
        int batch = (int) s.e.rows();
        INDArray dPreSum = Tensors.sumOverSteps(dPre, batch, s.steps);
        if (phiGrads != null) {
            INDArray dWh = Tensors.mm(s.h, dPre, true, false);
            INDArray dWe = Tensors.mm(s.e, dPreSum, true, false);
            INDArray dWd = Tensors.mm(s.he, dPre, true, false);
            INDArray dW1 = org.nd4j.linalg.factory.Nd4j.vstack(dWh, dWe, dWh.sub(dWe), dWd);
            phiGrads.put(mlp.weight(1), dW1);
            phiGrads.put(mlp.bias(1), dPreSum.sum(true, 0));
        }
        if (!inputGrads) {
            return null;
        }
        INDArray dHe = Tensors.mm(dPre, s.wd, false, true);
        INDArray dh = Tensors.mm(dPre, s.wh, false, true).addi(Tensors.mulPerInstance(dHe, s.e, s.steps));
        INDArray de = Tensors.mm(dPreSum, s.we, false, true).addi(Tensors.sumOverSteps(dHe.muli(s.h), batch, s.steps));
        return new INDArray[]{dh, de};
    }
}
