package dev.tribuoctr.examples;

import org.nd4j.linalg.factory.Nd4j;

import java.util.logging.Logger;

/**
 * Chooses ND4J's thread count for the command line. On the small machines this project is measured on (2 cores),
 * one compute thread trains 1.5–2.5× faster than two: the Java thread that drives the ops and ND4J's second
 * OpenMP thread compete for the same cores (see {@code docs/BENCHMARKS.md}). An explicit {@code OMP_NUM_THREADS}
 * or {@code -Dctr.threads=N} wins.
 */
final class ComputeThreads {
    private static final Logger logger = Logger.getLogger(ComputeThreads.class.getName());

    private ComputeThreads() { }

    /** Applies {@code -Dctr.threads}, else one thread per two cores when OMP_NUM_THREADS is unset. */
    static void configure() {
        String property = System.getProperty("ctr.threads");
        int threads;
        if (property != null) {
            threads = Integer.parseInt(property.trim());
        } else if (System.getenv("OMP_NUM_THREADS") == null) {
            threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        } else {
            return;
        }
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        logger.fine("ND4J compute threads: " + threads);
    }
}
