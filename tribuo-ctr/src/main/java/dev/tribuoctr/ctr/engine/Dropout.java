package dev.tribuoctr.ctr.engine;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.SplittableRandom;

/**
 * Inverted dropout masks for training: each unit is kept with probability {@code 1 − rate} and scaled by
 * {@code 1/(1 − rate)}, so prediction needs no rescaling. Masks are drawn in Java from a seeded
 * {@link SplittableRandom}, so training stays deterministic on every backend.
 */
public final class Dropout {
    private final double rate;
    private final SplittableRandom rng;

    /**
     * @param rate probability of dropping a unit, in [0, 1)
     * @param rng the random source (advanced by every mask)
     */
    public Dropout(double rate, SplittableRandom rng) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("Dropout rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
        this.rng = rng;
    }

    /**
     * @param like the activations to mask
     * @return a mask of the same shape and type, or null when the rate is 0
     */
    public INDArray mask(INDArray like) {
        if (rate == 0) {
            return null;
        }
        int n = Math.toIntExact(like.length());
        double[] m = new double[n];
        double keep = 1 / (1 - rate);
        for (int i = 0; i < n; i++) {
            m[i] = rng.nextDouble() < rate ? 0 : keep;
        }
        return Tensors.matrix(m, like.rows(), like.columns(), like.dataType());
    }
}
