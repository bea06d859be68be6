package dev.tribuoctr.examples.cli;

import dev.tribuoctr.ctr.train.LoggedProgress;
import dev.tribuoctr.ctr.train.MetaWrapperTrainer;
import dev.tribuoctr.ctr.train.TrainingProgress;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * A progress bar per epoch on a terminal (me.tongfei:progressbar): steps, examples/s and the time left in the epoch.
 * The bar appears only once an epoch has run for a few seconds, so short runs print nothing; where there is no
 * terminal (a pipe, a log file, CI) the commands use {@link LoggedProgress} lines instead ({@link #forThisProcess}).
 */
public final class TerminalProgress implements TrainingProgress {
    /** How long an epoch runs before its bar appears. */
    private static final long DELAY_NANOS = 3_000_000_000L;

    private ProgressBar bar;
    private int epochs;
    private int steps;
    private int examplesPerStep;
    private long start;

    /**
     * @return a progress bar when standard output is a terminal, else log lines now and then
     */
    public static TrainingProgress forThisProcess() {
        return System.console() != null ? new TerminalProgress() : new LoggedProgress();
    }

    /**
     * Sets the progress of a trainer the command line runs, if it reports any.
     * @param trainer the trainer
     */
    public static void attach(Object trainer) {
        if (trainer instanceof MetaWrapperTrainer mw) {
            mw.setProgress(forThisProcess());
        }
    }

    @Override
    public void epochStarted(int epoch, int epochs, int steps, int examplesPerStep) {
        this.epochs = epochs;
        this.steps = steps;
        this.examplesPerStep = examplesPerStep;
        this.start = System.nanoTime();
        this.bar = null;
    }

    @Override
    public void stepDone(int epoch, int stepsDone) {
        if (bar == null) {
            if (System.nanoTime() - start < DELAY_NANOS || stepsDone >= steps) {
                return;
            }
            bar = new ProgressBarBuilder().setTaskName("epoch " + epoch + "/" + epochs).setInitialMax(steps)
                    .setUnit(" examples", 1).setStyle(ProgressBarStyle.ASCII).showSpeed()
                    .setSpeedUnit(ChronoUnit.SECONDS).setMaxRenderedLength(100)
                    .startsFrom(0, Duration.ofNanos(System.nanoTime() - start)).setConsumer(
                            new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build();
            bar.maxHint((long) steps * examplesPerStep);
        }
        bar.stepTo((long) stepsDone * examplesPerStep);
    }

    @Override
    public void epochEnded(int epoch) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
