package dev.tribuoctr.ctr.train;

import java.io.Serializable;

/**
 * What one training epoch did: mean losses, speed and validation metrics (NaN where not measured).
 * @param epoch epoch number, from 1
 * @param steps optimiser steps taken
 * @param trainLossIn mean in-bag loss L_in over the epoch's steps
 * @param trainLossOut mean out-of-bag loss L_out(θ⁽ᴺ⁾) (NaN when μ = 0)
 * @param examplesPerSecond in-bag training examples processed per second
 * @param validationAuc AUC on the validation set after the epoch
 * @param validationLogLoss log loss on the validation set after the epoch
 */
public record EpochStats(int epoch, int steps, double trainLossIn, double trainLossOut, double examplesPerSecond,
                         double validationAuc, double validationLogLoss) implements Serializable {
    /** @return the epoch in words; values that were not measured (NaN) are left out */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format(java.util.Locale.ROOT, "epoch %d: %d steps, loss_in %.5f",
                epoch, steps, trainLossIn));
        if (Double.isFinite(trainLossOut)) {
            sb.append(String.format(java.util.Locale.ROOT, ", loss_out %.5f", trainLossOut));
        }
        sb.append(String.format(java.util.Locale.ROOT, ", %.0f examples/s", examplesPerSecond));
        if (Double.isFinite(validationAuc) || Double.isFinite(validationLogLoss)) {
            sb.append(String.format(java.util.Locale.ROOT, ", validation auc %.5f, logloss %.5f", validationAuc,
                    validationLogLoss));
        }
        return sb.toString();
    }
}
