package dev.tribuoctr.ctr.engine.cpu;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Runs the slices of a data-parallel pass: slice 0 on the calling thread, the others on a shared pool of daemon
 * threads, and returns when all are done. The pool grows to the largest slice count asked for.
 */
public final class ParallelSlices {
    /**
     * Most data-parallel threads a pass may be configured with: more than any machine's cores (a pass splits a batch
     * into this many slices, each with its own buffers), so a larger setting is a mistake, refused before it asks the
     * system for threads and memory it does not have.
     */
    public static final int MAX_THREADS = 1024;

    private ParallelSlices() { }

    /**
     * @param threads a configured thread count (0 = every core)
     * @return the problem with it, or null when it is between 0 and {@link #MAX_THREADS}
     */
    public static String threadsProblem(int threads) {
        if (threads < 0 || threads > MAX_THREADS) {
            return "must be between 0 (every core) and " + MAX_THREADS + ", got " + threads + " (this machine has "
                    + Runtime.getRuntime().availableProcessors() + " cores)";
        }
        return null;
    }

    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tribuo-ctr-slice");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param total items to split (instances of a batch, rows of a table)
     * @param slices number of contiguous slices
     * @param slice a slice, from 0; {@code slice = slices} gives {@code total}
     * @return the first item of the slice (the slices differ in size by at most one)
     */
    public static int start(int total, int slices, int slice) {
        return (int) ((long) total * slice / slices);
    }

    /**
     * @param slices number of slices (1 runs inline)
     * @param task the work of one slice, given its index
     */
    public static void run(int slices, IntConsumer task) {
        if (slices <= 1) {
            task.accept(0);
            return;
        }
        @SuppressWarnings("unchecked")
        Future<?>[] pending = new Future<?>[slices - 1];
        for (int s = 1; s < slices; s++) {
            int slice = s;
            pending[s - 1] = POOL.submit(() -> task.accept(slice));
        }
        RuntimeException failure = null;
        try {
            task.accept(0);
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for a slice of a parallel pass", e);
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause()
                            : new IllegalStateException("A slice of a parallel pass failed", e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
