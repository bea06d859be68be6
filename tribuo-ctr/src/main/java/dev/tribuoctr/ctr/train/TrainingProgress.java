package dev.tribuoctr.ctr.train;

/**
 * Follows a training run step by step, for a person watching it: the training loop ({@link MiniBatchLoop}) reports
 * each epoch's start, each step and each epoch's end. The default ({@link LoggedProgress}) writes a log line now and
 * then; a command line on a terminal may draw a progress bar instead. Progress is not part of a trainer's
 * configuration or provenance.
 */
public interface TrainingProgress {
    /** Reports nothing. */
    TrainingProgress NONE = new TrainingProgress() {
        @Override
        public void epochStarted(int epoch, int epochs, int steps, int examplesPerStep) { }

        @Override
        public void stepDone(int epoch, int stepsDone) { }

        @Override
        public void epochEnded(int epoch) { }
    };

    /**
     * An epoch starts.
     * @param epoch the epoch, from 1
     * @param epochs the most epochs the run may take
     * @param steps the steps of this epoch
     * @param examplesPerStep the training examples a step consumes (its in-bag batch)
     */
    void epochStarted(int epoch, int epochs, int steps, int examplesPerStep);

    /**
     * A step has been applied.
     * @param epoch the epoch
     * @param stepsDone the steps of this epoch done so far, from 1
     */
    void stepDone(int epoch, int stepsDone);

    /**
     * The epoch's steps are done (its validation may follow).
     * @param epoch the epoch
     */
    void epochEnded(int epoch);
}
