package dev.tribuoctr.ctr.eval;

/**
 * The immutable result of evaluating a CTR model: AUC, log loss and GAUC over a number of instances.
 */
public final class CtrEvaluation {
    private final double auc;
    private final double logLoss;
    private final double gauc;
    private final int count;

    /**
     * Creates a result.
     * @param auc the AUC, ties averaged
     * @param logLoss the mean log loss, or {@code NaN} if the model does not produce probabilities
     * @param gauc the GAUC, or {@code NaN} if it was not asked for or every user had a single class
     * @param count the number of instances evaluated
     */
    public CtrEvaluation(double auc, double logLoss, double gauc, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive, found " + count);
        }
        this.auc = auc;
        this.logLoss = logLoss;
        this.gauc = gauc;
        this.count = count;
    }

    /**
     * Returns the AUC (ties averaged).
     * @return the AUC
     */
    public double auc() {
        return auc;
    }

    /**
     * Returns the mean log loss.
     * @return the log loss, {@code NaN} when the model does not produce probabilities
     */
    public double logLoss() {
        return logLoss;
    }

    /**
     * Returns the GAUC.
     * @return the GAUC, {@code NaN} when not computed or when every user had a single class
     */
    public double gauc() {
        return gauc;
    }

    /**
     * Returns the number of instances evaluated.
     * @return the count
     */
    public int count() {
        return count;
    }

    /**
     * Returns the relative improvement {@code Impr} of this result's AUC over a base result's AUC.
     * @param base the base model's evaluation
     * @return the improvement in percent, see {@link CtrMetrics#impr(double, double)}
     */
    public double imprOver(CtrEvaluation base) {
        return CtrMetrics.impr(auc, base.auc);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "CtrEvaluation(count=%d,auc=%.6f,logLoss=%.6f,gauc=%.6f)",
                count, auc, logLoss, gauc);
    }
}
