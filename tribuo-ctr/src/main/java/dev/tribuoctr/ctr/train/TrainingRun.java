package dev.tribuoctr.ctr.train;

import dev.tribuoctr.ctr.model.CtrModel;

import java.util.List;

/**
 * What one training run returns: the model and its per-epoch statistics. Returned rather than kept on the trainer,
 * so that a trainer holds only its configuration and two runs of one trainer (as {@code tune} may make) cannot read
 * each other's history.
 * @param model the trained model
 * @param history the statistics of each epoch run, in order (the last may be partial under {@code maxSteps})
 */
public record TrainingRun(CtrModel model, List<EpochStats> history) {
    /**
     * @param model the trained model
     * @param history the statistics of each epoch run, copied
     */
    public TrainingRun {
        history = List.copyOf(history);
    }
}
