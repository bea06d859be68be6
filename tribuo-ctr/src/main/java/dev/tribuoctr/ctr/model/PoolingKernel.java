package dev.tribuoctr.ctr.model;

/**
 * One pooling of the history on Java arrays (the fused CPU pass): the pooling weights {@code w} from the selector's
 * scores and the validity mask, and the gradient of the scores from the gradient of the weights. The interest
 * vector is then {@code u = Σ_t w_t h_t} for every pooling. Rows are T consecutive positions per instance.
 */
interface PoolingKernel {
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

    /** @param pooling a pooling @return its kernel */
    static PoolingKernel of(Pooling pooling) {
        switch (pooling) {
            case SUM: return new Sum();
            case ATTENTION: return new Attention();
            case SOFTMAX: return new Softmax();
            default: throw new IllegalArgumentException("Unknown pooling " + pooling);
        }
    }

    /** {@code w = m}: the Base model, no scores. */
    final class Sum implements PoolingKernel {
        @Override
        public void weights(float[] scores, float[] mask, int instances, int steps, float[] weights) {
            System.arraycopy(mask, 0, weights, 0, instances * steps);
        }

        @Override
        public void scoreGradient(float[] dWeights, float[] weights, float[] mask, int instances, int steps, float[] dScores) {
            throw new IllegalStateException("SUM pooling has no scores");
        }
    }

    /** {@code w = m ⊙ s}: DIN's raw attention scores. */
    final class Attention implements PoolingKernel {
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
    }

    /** {@code w = softmax(s)} over each instance's valid positions; an instance without history gets zeros. */
    final class Softmax implements PoolingKernel {
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
    }
}
