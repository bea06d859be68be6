package dev.tribuoctr.ctr.train;

/** The validation metric that early stopping watches, if any. */
public enum EarlyStopping {
    /** Train all epochs. */
    NONE,
    /** Keep the epoch with the highest validation AUC. */
    AUC,
    /** Keep the epoch with the lowest validation log loss. */
    LOG_LOSS
}
