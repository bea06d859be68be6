package dev.tribuoctr.ctr.train;

/**
 * Thrown when a training loss becomes NaN, infinite or larger than the trainer's limit: the run stops at once
 * rather than producing a silently broken model.
 */
public final class TrainingDivergedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** @param message what diverged, where, and what to try */
    public TrainingDivergedException(String message) {
        super(message);
    }
}
