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
    @Override
    public String toString() {
        return String.format("epoch %d: %d steps, loss_in %.5f, loss_out %.5f, %.0f examples/s, validation auc %.5f, logloss %.5f",
                epoch, steps, trainLossIn, trainLossOut, examplesPerSecond, validationAuc, validationLogLoss);
    }
}
