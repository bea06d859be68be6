package dev.tribuoctr.ctr.engine;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where a training step spends its time, for {@code bench --profile}: wall-clock nanoseconds per {@link Phase},
 * summed over the steps of the current epoch. Off by default; when off, {@link #start()} returns 0 and
 * {@link #stop} does nothing, so the hooks cost one volatile read. Phases nest (a gemm happens inside a network
 * pass); the report subtracts the nested phases so that its rows add up to the step.
 */
public final class StepProfiler {
    /** The measured parts of a step. */
    public enum Phase {
        /** Whole steps (the reference for percentages). */
        STEP,
        /** Choosing the rows of a batch and building the network's input (indices, masks, labels). */
        BATCH_ASSEMBLY,
        /** Copying the touched embedding rows into the step's compact tables. */
        LOCALISE,
        /** Forward and backward passes of the network, all they contain (wall clock on the calling thread). */
        NETWORK,
        /** The fused pass's slices of a batch, summed over the threads that ran them (thread time). */
        SLICES,
        /** Matrix products inside the passes (BLAS gemm/gemv). */
        GEMM,
        /** Gathering embedding rows into the pass's inputs. */
        GATHER,
        /** Scatter-adding row gradients into the embedding-table gradients. */
        SCATTER,
        /** The wrapping operator's whole gradient computation (its passes and its parameter-set algebra). */
        GRADIENT,
        /** The optimiser's update. */
        OPTIMISER
    }

    private static volatile boolean enabled;
    private static final Map<Phase, LongAdder> NANOS = new EnumMap<>(Phase.class);
    private static final AtomicLong STEPS = new AtomicLong();

    static {
        for (Phase p : Phase.values()) {
            NANOS.put(p, new LongAdder());
        }
    }

    private StepProfiler() { }

    /** @param on whether to measure from now on (clears what was measured) */
    public static void setEnabled(boolean on) {
        reset();
        enabled = on;
    }

    /** @return whether measuring */
    public static boolean isEnabled() { return enabled; }

    /** Clears the measurements (the training loop calls it at the start of every epoch). */
    public static void reset() {
        NANOS.values().forEach(LongAdder::reset);
        STEPS.set(0);
    }

    /** @return a start time for {@link #stop}, or 0 when off */
    public static long start() {
        return enabled ? System.nanoTime() : 0L;
    }

    /**
     * @param phase the phase that ran since {@code start}
     * @param start what {@link #start()} returned
     */
    public static void stop(Phase phase, long start) {
        if (start != 0L && enabled) {
            NANOS.get(phase).add(System.nanoTime() - start);
            if (phase == Phase.STEP) {
                STEPS.incrementAndGet();
            }
        }
    }

    /** @return the measurements so far */
    public static Profile snapshot() {
        Map<Phase, Long> m = new EnumMap<>(Phase.class);
        NANOS.forEach((k, v) -> m.put(k, v.sum()));
        return new Profile(m, STEPS.get());
    }

    /** Measured time per phase over a number of steps. */
    public static final class Profile {
        private final Map<Phase, Long> nanos;
        private final long steps;

        Profile(Map<Phase, Long> nanos, long steps) {
            this.nanos = nanos;
            this.steps = steps;
        }

        /** @return steps measured */
        public long steps() { return steps; }

        /** @param p a phase @return its milliseconds per step, nested phases included */
        public double millisPerStep(Phase p) {
            return steps == 0 ? 0 : nanos.get(p) / 1e6 / steps;
        }

        /**
         * The breakdown of a step. Top-level rows add up to the step (wall clock); rows starting with "·" split the
         * network passes and are thread time, summed over the compute threads of the fused pass (with one thread
         * they add up to the passes, with several they may exceed them).
         * @return label → milliseconds per step, in report order
         */
        public Map<String, Double> breakdown() {
            Map<String, Double> out = new java.util.LinkedHashMap<>();
            double gemm = millisPerStep(Phase.GEMM);
            double gather = millisPerStep(Phase.GATHER);
            double scatter = millisPerStep(Phase.SCATTER);
            double network = millisPerStep(Phase.NETWORK);
            double slices = millisPerStep(Phase.SLICES);
            double meta = Math.max(0, millisPerStep(Phase.GRADIENT) - network);
            out.put("batch assembly (waiting for the step planned ahead)", millisPerStep(Phase.BATCH_ASSEMBLY));
            out.put("localise touched rows", millisPerStep(Phase.LOCALISE));
            out.put("network passes", network);
            out.put("· gemm", gemm);
            out.put("· gather embedding rows", gather);
            out.put("· scatter row gradients", scatter);
            // the fused pass's slices hold products, gathers and element-wise work; the scatter runs after them
            double elementwise = slices > 0 ? slices - gemm - gather : network - gemm - gather - scatter;
            out.put("· element-wise, allocation, other", Math.max(0, elementwise));
            out.put("meta-gradient algebra (θ ± εv, differences)", meta);
            out.put("optimiser", millisPerStep(Phase.OPTIMISER));
            double covered = millisPerStep(Phase.BATCH_ASSEMBLY) + millisPerStep(Phase.LOCALISE) + network + meta
                    + millisPerStep(Phase.OPTIMISER);
            out.put("rest of the step", Math.max(0, millisPerStep(Phase.STEP) - covered));
            return out;
        }
    }
}
