package dev.tribuoctr.ctr.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One pooling of the history, forward and backward, for both passes (Java arrays for the fused CPU pass, ND4J arrays
 * for the portable one): the pooling weights {@code w} from the selector's scores and the validity mask, and the
 * gradient of the scores from the gradient of the weights. The interest vector is then {@code u = Σ_t w_t h_t} for
 * every pooling. Rows are T consecutive positions per instance.
 */
interface HistoryPooling {
    /**
     * @param scores the selector's scores, [n·T] (ignored by SUM)
     * @param mask 1 for a valid position, 0 for padding, [n·T]
     * @param instances n
     * @param steps T
     * @param weights the pooling weights, [n·T] (written)
     */
    void weights(float[] scores, float[] mask, int instances, int steps, float[] weights);

    /**
     * @param dWeights gradient of the loss w.r.t. the weights, [n·T]
     * @param weights the weights of the forward pass
     * @param mask the mask
     * @param instances n
     * @param steps T
     * @param dScores gradient w.r.t. the scores, [n·T] (written)
     */
    void scoreGradient(float[] dWeights, float[] weights, float[] mask, int instances, int steps, float[] dScores);

    /**
     * @param scores the selector's scores, [n·T, 1] (ignored by SUM, may be null)
     * @param mask the mask, [n·T, 1]
     * @param instances n
     * @param steps T
     * @return the pooling weights, [n·T, 1]
     */
    INDArray weights(INDArray scores, INDArray mask, int instances, int steps);

    /**
     * @param dWeights gradient w.r.t. the weights, [n·T, 1] (may be modified)
     * @param weights the weights of the forward pass
     * @param mask the mask
     * @param instances n
     * @param steps T
     * @return gradient w.r.t. the scores, [n·T, 1]
     */
    INDArray scoreGradient(INDArray dWeights, INDArray weights, INDArray mask, int instances, int steps);

    /** @param pooling a pooling @return its implementation */
    static HistoryPooling of(Pooling pooling) {
        switch (pooling) {
            case SUM: return new Sum();
            case ATTENTION: return new Attention();
            case SOFTMAX: return new Softmax();
            default: throw new IllegalArgumentException("Unknown pooling " + pooling);
        }
    }

    /** {@code w = m}: the Base model, no scores. */
    final class Sum implements HistoryPooling {
        @Override
        public void weights(float[] scores, float[] mask, int instances, int steps, float[] weights) {
            System.arraycopy(mask, 0, weights, 0, instances * steps);
        }

        @Override
        public void scoreGradient(float[] dWeights, float[] weights, float[] mask, int instances, int steps, float[] dScores) {
            throw new IllegalStateException("SUM pooling has no scores");
        }

        @Override
        public INDArray weights(INDArray scores, INDArray mask, int instances, int steps) {
            return mask;
        }

        @Override
        public INDArray scoreGradient(INDArray dWeights, INDArray weights, INDArray mask, int instances, int steps) {
            throw new IllegalStateException("SUM pooling has no scores");
        }
    }

    /** {@code w = m ⊙ s}: DIN's raw attention scores. */
    final class Attention implements HistoryPooling {
        @Override
        public void weights(float[] scores, float[] mask, int instances, int steps, float[] weights) {
            int n = instances * steps;
            for (int i = 0; i < n; i++) {
                weights[i] = scores[i] * mask[i];
            }
        }

        @Override
        public void scoreGradient(float[] dWeights, float[] weights, float[] mask, int instances, int steps, float[] dScores) {
            int n = instances * steps;
            for (int i = 0; i < n; i++) {
                dScores[i] = dWeights[i] * mask[i];
            }
        }

        @Override
        public INDArray weights(INDArray scores, INDArray mask, int instances, int steps) {
            return scores.mul(mask);
        }

        @Override
        public INDArray scoreGradient(INDArray dWeights, INDArray weights, INDArray mask, int instances, int steps) {
            return dWeights.muli(mask);
        }
    }

    /** {@code w = softmax(s)} over each instance's valid positions; an instance without history gets zeros. */
    final class Softmax implements HistoryPooling {
        @Override
        public void weights(float[] scores, float[] mask, int instances, int steps, float[] weights) {
            for (int b = 0; b < instances; b++) {
                int o = b * steps;
                float max = Float.NEGATIVE_INFINITY;
                for (int t = 0; t < steps; t++) {
                    if (mask[o + t] != 0f) {
                        max = Math.max(max, scores[o + t]);
                    }
                }
                double sum = 0;
                for (int t = 0; t < steps; t++) {
                    float e = mask[o + t] != 0f ? (float) Math.exp(scores[o + t] - max) : 0f;
                    weights[o + t] = e;
                    sum += e;
                }
                float inv = sum == 0 ? 0f : (float) (1.0 / sum);
                for (int t = 0; t < steps; t++) {
                    weights[o + t] *= inv;
                }
            }
        }

        @Override
        public void scoreGradient(float[] dWeights, float[] weights, float[] mask, int instances, int steps, float[] dScores) {
            for (int b = 0; b < instances; b++) {
                int o = b * steps;
                float dot = 0f;
                for (int t = 0; t < steps; t++) {
                    dot += weights[o + t] * dWeights[o + t];
                }
                for (int t = 0; t < steps; t++) {
                    dScores[o + t] = weights[o + t] * (dWeights[o + t] - dot);
                }
            }
        }

        @Override
        public INDArray weights(INDArray scores, INDArray mask, int instances, int steps) {
            INDArray s = scores.reshape('c', instances, steps);
            INDArray m = mask.reshape('c', instances, steps);
            // Invalid positions are pushed far down for the max, then zeroed so that exp() never overflows.
            INDArray rowMax = s.mul(m).addi(m.sub(1.0).muli(1e9)).max(true, 1);
            INDArray shifted = s.subColumnVector(rowMax).muli(m);
            INDArray ex = Transforms.exp(shifted, false).muli(m);
            INDArray denom = ex.sum(true, 1);
            denom.addi(denom.eq(0.0).castTo(denom.dataType()));
            return ex.diviColumnVector(denom).reshape('c', (long) instances * steps, 1);
        }

        @Override
        public INDArray scoreGradient(INDArray dWeights, INDArray weights, INDArray mask, int instances, int steps) {
            INDArray dw2 = dWeights.reshape('c', instances, steps);
            INDArray w2 = weights.reshape('c', instances, steps);
            INDArray dot = dw2.mul(w2).sum(true, 1);
            return w2.mul(dw2.subColumnVector(dot)).reshape('c', (long) instances * steps, 1);
        }
    }
}
