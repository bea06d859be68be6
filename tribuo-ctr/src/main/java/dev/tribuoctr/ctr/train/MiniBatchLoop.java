package dev.tribuoctr.ctr.train;

import dev.tribuoctr.ctr.engine.StepProfiler;
import dev.tribuoctr.ctr.engine.StepProfiler.Phase;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The one training-loop template of the plugin, shared by {@link MetaWrapperTrainer} and LPFS: epochs of steps, each
 * step's batch and index work ({@code P}, its plan) prepared on a second thread while the previous step computes,
 * the step timed for {@code bench --profile}, and a hook at the end of each epoch that may stop training. What a
 * step is (the meta-gradient, or the gated field model and its gates) is the subclass's.
 * <p>
 * Plans are made in step order on one thread, so a plan may reuse state of the previous plan (row maps); a step
 * runs on the calling thread, after its plan and before the next step's plan is used.
 * @param <P> a prepared step
 */
public abstract class MiniBatchLoop<P> {
    private final TrainingProgress progress;

    /** Creates a loop that logs its progress now and then ({@link LoggedProgress}); {@link #run} drives it. */
    protected MiniBatchLoop() {
        this(new LoggedProgress());
    }

    /**
     * Creates a loop; {@link #run} drives it.
     * @param progress what follows its steps
     */
    protected MiniBatchLoop(TrainingProgress progress) {
        this.progress = progress == null ? new LoggedProgress() : progress;
    }

    /** @return the training examples one step consumes, for progress reports */
    protected abstract int examplesPerStep();

    /**
     * Starts an epoch (shuffles, splits) on the calling thread.
     * @param epoch the epoch, from 1
     * @return the number of steps of this epoch
     */
    protected abstract int startEpoch(int epoch);

    /**
     * Prepares a step on the planning thread: its batches and whatever depends on them only.
     * @param epoch the epoch
     * @param step the step within the epoch, from 0
     * @return the plan
     */
    protected abstract P plan(int epoch, int step);

    /**
     * Computes and applies one step on the calling thread.
     * @param epoch the epoch
     * @param step the step within the epoch, from 0
     * @param plan its plan
     */
    protected abstract void step(int epoch, int step, P plan);

    /**
     * Ends an epoch.
     * @param epoch the epoch
     * @param steps its steps
     * @param seconds its wall-clock time, planning and steps
     * @return true to stop training here
     */
    protected abstract boolean endEpoch(int epoch, int steps, double seconds);

    /**
     * Runs up to {@code epochs} epochs.
     * @param epochs the most epochs to run
     */
    public final void run(int epochs) {
        ExecutorService planner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tribuo-ctr-step-planner");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int epoch = 1; epoch <= epochs; epoch++) {
                long start = System.nanoTime();
                StepProfiler.reset();
                int steps = startEpoch(epoch);
                progress.epochStarted(epoch, epochs, steps, examplesPerStep());
                int e = epoch;
                Future<P> next = steps > 0 ? planner.submit(() -> plan(e, 0)) : null;
                for (int s = 0; s < steps; s++) {
                    long stepStart = StepProfiler.start();
                    long waited = StepProfiler.start();
                    P plan = await(next);
                    if (s + 1 < steps) {
                        int following = s + 1;
                        next = planner.submit(() -> plan(e, following));
                    }
                    StepProfiler.stop(Phase.BATCH_ASSEMBLY, waited);
                    step(epoch, s, plan);
                    StepProfiler.stop(Phase.STEP, stepStart);
                    progress.stepDone(epoch, s + 1);
                }
                progress.epochEnded(epoch);
                if (endEpoch(epoch, steps, (System.nanoTime() - start) / 1e9)) {
                    return;
                }
            }
        } finally {
            planner.shutdownNow();
        }
    }

    private static <P> P await(Future<P> plan) {
        try {
            return plan.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while preparing a training step", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException("Preparing a training step failed", cause);
        }
    }
}
