package dev.tribuoctr.examples.cli;

import dev.tribuoctr.ctr.engine.cpu.ParallelSlices;
import org.nd4j.linalg.factory.Nd4j;

import java.util.logging.Logger;

/**
 * Chooses ND4J's own thread count for the command line, which matters for the ND4J pass only (the CUDA backend's
 * host side, float64, dropout, {@code --engine ND4J}); the fused CPU pass takes its data-parallel threads from the
 * trainer's {@code threads} setting ({@code --threads}) and runs OpenBLAS with one thread per product. With the ND4J
 * pass on the small machines this project is measured on (2 cores), one ND4J thread trained 1.5–2.5× faster than two
 * (see {@code docs/BENCHMARKS.md}), hence one thread per two cores unless {@code OMP_NUM_THREADS} or
 * {@code -Dctr.threads=N} says otherwise.
 */
public final class ComputeThreads {
    private static final Logger logger = Logger.getLogger(ComputeThreads.class.getName());

    private ComputeThreads() { }

    /**
     * Applies {@code -Dctr.threads}, else one thread per two cores when OMP_NUM_THREADS is unset.
     * @throws CliUsageException if {@code -Dctr.threads} is not a whole number from 1 to
     *     {@link ParallelSlices#MAX_THREADS}
     */
    public static void configure() {
        String property = System.getProperty("ctr.threads");
        int threads;
        if (property != null) {
            threads = parse(property);
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

    private static int parse(String property) {
        int threads;
        try {
            threads = Integer.parseInt(property);
        } catch (NumberFormatException e) {
            threads = -1;
        }
        if (threads < 1 || threads > ParallelSlices.MAX_THREADS) {
            throw new CliUsageException("-Dctr.threads=" + property + ": give a whole number of ND4J threads from 1 to "
                    + ParallelSlices.MAX_THREADS, null);
        }
        return threads;
    }
}
