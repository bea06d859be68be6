package dev.tribuoctr.examples.commands;

/** The validation metric that chooses the best cell of a search. */
public enum TuneMetric {
    /** Validation AUC, higher is better. */
    AUC("validation_auc", true),
    /** Validation log loss, lower is better. */
    LOGLOSS("validation_logloss", false);

    private final String key;
    private final boolean higherIsBetter;

    TuneMetric(String key, boolean higherIsBetter) {
        this.key = key;
        this.higherIsBetter = higherIsBetter;
    }

    /** @return its key in a run's {@code metrics.json} */
    public String key() { return key; }

    /**
     * @param a a value
     * @param b another
     * @return whether {@code a} is strictly better than {@code b} (a NaN is never better)
     */
    public boolean better(double a, double b) {
        if (Double.isNaN(a)) {
            return false;
        }
        return Double.isNaN(b) || (higherIsBetter ? a > b : a < b);
    }
}
