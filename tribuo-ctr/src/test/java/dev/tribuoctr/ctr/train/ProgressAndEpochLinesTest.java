package dev.tribuoctr.ctr.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What a person reads while training: progress lines and epoch lines without values that were not measured. */
class ProgressAndEpochLinesTest {
    @Test
    void aProgressLineSaysTheStepTheSpeedAndTheTimeLeft() {
        LoggedProgress progress = new LoggedProgress(1000);
        progress.epochStarted(2, 5, 400, 256);
        // 100 of 400 steps in 10 s: 10 steps/s = 2,560 examples/s, 300 steps (30 s) to go
        assertEquals("epoch 2/5: step 100/400 (25%), 2,560 examples/s, about 0:30 left in the epoch",
                progress.line(2, 100, 10.0));
        assertEquals("epoch 2/5: step 4/400 (1%), 102 examples/s, about 16:30 left in the epoch",
                progress.line(2, 4, 10.0));
        assertThrows(IllegalArgumentException.class, () -> new LoggedProgress(0));
    }

    @Test
    void epochLinesLeaveOutWhatWasNotMeasured() {
        EpochStats din = new EpochStats(1, 47, 0.69732, Double.NaN, 32745, Double.NaN, Double.NaN);
        assertEquals("epoch 1: 47 steps, loss_in 0.69732, 32745 examples/s", din.toString());
        EpochStats mw = new EpochStats(3, 10, 0.5, 0.6, 1000, 0.75, 0.55);
        assertEquals("epoch 3: 10 steps, loss_in 0.50000, loss_out 0.60000, 1000 examples/s, validation auc 0.75000,"
                + " logloss 0.55000", mw.toString());
        assertFalse(din.toString().contains("NaN"));
    }
}
