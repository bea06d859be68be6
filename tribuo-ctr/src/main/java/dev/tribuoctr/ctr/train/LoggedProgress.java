package dev.tribuoctr.ctr.train;

import java.util.Locale;
import java.util.logging.Logger;

/**
 * Training progress as plain log lines, for logs and terminals alike: at most one line per {@code interval}, so a run
 * shorter than the interval logs none, and a long epoch reads as
 * {@code epoch 2/5: step 1,200/4,700 (26%), 12,345 examples/s, about 4:10 left in the epoch}.
 */
public final class LoggedProgress implements TrainingProgress {
    private static final Logger logger = Logger.getLogger(LoggedProgress.class.getName());

    private final long intervalNanos;
    private int epochs;
    private int steps;
    private int examplesPerStep;
    private long epochStart;
    private long lastLine;

    /** Logs at most every 10 seconds. */
    public LoggedProgress() {
        this(10_000);
    }

    /**
     * @param intervalMillis the least time between two lines, in milliseconds
     */
    public LoggedProgress(long intervalMillis) {
        if (intervalMillis < 1) {
            throw new IllegalArgumentException("intervalMillis must be positive, got " + intervalMillis);
        }
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    @Override
    public void epochStarted(int epoch, int epochs, int steps, int examplesPerStep) {
        this.epochs = epochs;
        this.steps = steps;
        this.examplesPerStep = examplesPerStep;
        this.epochStart = System.nanoTime();
        this.lastLine = epochStart;
    }

    @Override
    public void stepDone(int epoch, int stepsDone) {
        long now = System.nanoTime();
        if (now - lastLine < intervalNanos || stepsDone >= steps) {
            return;
        }
        lastLine = now;
        logger.info(line(epoch, stepsDone, (now - epochStart) / 1e9));
    }

    /**
     * @param epoch the epoch
     * @param stepsDone steps done in it
     * @param seconds seconds since it started
     * @return the progress line
     */
    String line(int epoch, int stepsDone, double seconds) {
        double perSecond = stepsDone / seconds;
        long left = Math.round((steps - stepsDone) / perSecond);
        return String.format(Locale.ROOT, "epoch %d/%d: step %,d/%,d (%d%%), %,.0f examples/s, about %d:%02d left in"
                + " the epoch", epoch, epochs, stepsDone, steps, 100L * stepsDone / steps,
                perSecond * examplesPerStep, left / 60, left % 60);
    }

    @Override
    public void epochEnded(int epoch) { }
}
