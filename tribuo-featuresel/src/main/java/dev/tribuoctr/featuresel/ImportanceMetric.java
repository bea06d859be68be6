package dev.tribuoctr.featuresel;

import dev.tribuoctr.ctr.eval.CtrMetrics;

/**
 * How {@link PermutationImportanceSelector} measures the damage of permuting a field on held-out data: the
 * importance is the metric's worsening, positive when the permutation hurts.
 */
public enum ImportanceMetric {
    // Plain constants (no bodies): OLCUT restores enum provenance only for the enum class itself.
    /** Importance = AUC without the permutation − AUC with it. */
    AUC,
    /** Importance = log loss with the permutation − log loss without it. */
    LOG_LOSS;

    /**
     * @param probabilities click probabilities
     * @param labels 0/1 labels
     * @return the metric
     */
    public double value(double[] probabilities, int[] labels) {
        return this == AUC ? CtrMetrics.auc(probabilities, labels) : CtrMetrics.logLoss(probabilities, labels);
    }

    /**
     * @param baseline the metric of the unpermuted data
     * @param permuted the metric with a field permuted
     * @return how much worse the permuted value is (negative when it is better)
     */
    public double worsening(double baseline, double permuted) {
        return this == AUC ? baseline - permuted : permuted - baseline;
    }
}
