package dev.tribuoctr.ctr.train;

import dev.tribuoctr.ctr.encoding.CtrBatch;
import dev.tribuoctr.ctr.encoding.EncodedInstances;
import dev.tribuoctr.ctr.engine.ParameterSet;
import dev.tribuoctr.ctr.engine.SparseRowOptimiser;
import dev.tribuoctr.ctr.engine.StepProfiler;
import dev.tribuoctr.ctr.engine.StepProfiler.Phase;
import dev.tribuoctr.ctr.eval.CtrMetrics;
import dev.tribuoctr.ctr.model.InterestNetwork;
import dev.tribuoctr.ctr.model.NetworkInput;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The training protocol of design §4 (docs/design/protocols.md) over an encoded training set: each epoch splits the data at random into Ω_in
 * (in-bag) and Ω_out (out-of-bag), each step takes an in-bag batch and an out-of-bag batch a quarter its size,
 * computes ∇ℒ with the {@link WrappingOperator} on compact copies of the touched embedding rows, and applies the
 * optimiser. With μ = 0 the whole set feeds ordinary mini-batches. Optional early stopping keeps the best epoch on
 * a validation set.
 */
final class TrainingLoop {
    private static final Logger logger = Logger.getLogger(TrainingLoop.class.getName());

    private static final WorkspaceConfiguration STEP_WORKSPACE = WorkspaceConfiguration.builder()
            .initialSize(0)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .overallocationLimit(0.2)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .build();

    private final MetaWrapperTrainer config;
    private final InterestNetwork network;
    private final WrappingOperator operator;
    private final DataType dataType;
    private final List<EpochStats> history = new ArrayList<>();

    TrainingLoop(MetaWrapperTrainer config, InterestNetwork network, DataType dataType) {
        this.config = config;
        this.network = network;
        this.dataType = dataType;
        this.operator = new WrappingOperator(network, config.metaSettings());
    }

    /**
     * Called after every optimiser step of {@link #runSteps}, on the training thread and outside the step's
     * workspace, so it may read and overwrite the parameters (the local-SGD simulation synchronises there).
     */
    interface StepHook {
        /** @param steps the steps applied so far in this run, from 1 */
        void afterStep(long steps);
    }

    /** @return one entry per epoch trained */
    List<EpochStats> history() { return history; }

    /**
     * Trains the parameters in place.
     * @param params initial parameters (updated)
     * @param train the encoded training set
     * @param validation the encoded validation set, or null
     * @param rng the run's random source
     * @return the parameters to keep (the best epoch's under early stopping)
     */
    ParameterSet run(ParameterSet params, EncodedInstances train, EncodedInstances validation, SplittableRandom rng) {
        Epochs epochs = new Epochs(params, train, validation, rng, config.maxSteps(), null);
        epochs.run(config.epochs());
        return epochs.best != null ? epochs.best : params;
    }

    /**
     * Trains the parameters in place for exactly {@code steps} steps, in as many epochs of {@code train} as that
     * takes (the last one cut short), with the trainer's settings but its epochs, step limit and early stopping
     * replaced by {@code steps}; no validation and no progress reports, epoch lines at FINE.
     * @param params initial parameters (updated)
     * @param train the encoded training set, not empty
     * @param rng the run's random source
     * @param steps the steps to take, at least 1
     * @param hook called after every step
     */
    void runSteps(ParameterSet params, EncodedInstances train, SplittableRandom rng, long steps, StepHook hook) {
        if (steps < 1 || train.size() == 0) {
            throw new IllegalArgumentException("runSteps needs steps >= 1 and training instances, got " + steps
                    + " steps and " + train.size() + " instances");
        }
        new Epochs(params, train, null, rng, steps, hook).run(Integer.MAX_VALUE);
    }

    /**
     * @param config the trainer's settings
     * @param n training instances
     * @return the steps of one epoch over {@code n} instances: its in-bag part in batches
     */
    static int stepsPerEpoch(MetaWrapperTrainer config, int n) {
        int in = n - outOfBagCount(config, n);
        return (in + config.batchSize() - 1) / config.batchSize();
    }

    /** Meta-learning needs an out-of-bag part: at least one instance, and one left in bag. */
    private static boolean meta(MetaWrapperTrainer config, int n) {
        return config.metaSettings().mu() > 0 && n >= 2;
    }

    private static int outOfBagCount(MetaWrapperTrainer config, int n) {
        return meta(config, n) ? Math.max(1, (int) Math.round(n * config.outOfBagFraction())) : 0;
    }

    /** The epochs of one training run on the shared loop template. */
    private final class Epochs extends MiniBatchLoop<StepTables.StepPlan> {
        private final ParameterSet params;
        private final EncodedInstances train;
        private final EncodedInstances validation;
        private final SplittableRandom rng;
        private final SparseRowOptimiser optimiser = config.createOptimiser();
        private final StepTables tables;
        private final boolean meta;
        private final int outBatch;
        private final long maxSteps;
        private final StepHook hook;
        private long stepsApplied;
        private ParameterSet best;
        private double bestScore = Double.NaN;
        private int sinceBest;
        private long stepsDone;
        // the current epoch
        /** The epoch's order: out-of-bag rows first ({@code outCount}), then in-bag rows; one array for every epoch. */
        private int[] order;
        private int outCount;
        private int inCount;
        private int outPerStep;
        private double lossIn;
        private double lossOut;

        Epochs(ParameterSet params, EncodedInstances train, EncodedInstances validation, SplittableRandom rng,
               long maxSteps, StepHook hook) {
            super(hook == null ? config.progress() : TrainingProgress.NONE);
            this.params = params;
            this.train = train;
            this.validation = validation;
            this.rng = rng;
            this.tables = new StepTables(network.architecture(), params);
            this.meta = meta(config, train.size());
            this.outBatch = Math.max(1, (int) Math.round(config.batchSize() * config.outBatchRatio()));
            this.maxSteps = maxSteps;
            this.hook = hook;
        }

        @Override
        protected int examplesPerStep() {
            return config.batchSize();
        }

        @Override
        protected int startEpoch(int epoch) {
            // A 176M-instance epoch's order is 700 MB: permute one array in place, slice it without copies.
            order = permutation(order, train.size(), rng);
            outCount = outOfBagCount(config, train.size());
            inCount = order.length - outCount;
            outPerStep = meta ? Math.min(outBatch, outCount) : 0;
            lossIn = 0;
            lossOut = 0;
            int steps = (inCount + config.batchSize() - 1) / config.batchSize();
            if (maxSteps > 0 && stepsDone + steps >= maxSteps) {
                steps = (int) (maxSteps - stepsDone);
                logger.log(hook == null ? Level.INFO : Level.FINE, "Epoch " + epoch + " stops after " + steps
                        + " steps: maxSteps " + maxSteps + " reached");
            }
            stepsDone += steps;
            return steps;
        }

        /** In-bag rows in order; out-of-bag rows cycling through the epoch's out-of-bag part. */
        @Override
        protected StepTables.StepPlan plan(int epoch, int step) {
            int from = outCount + step * config.batchSize();
            CtrBatch in = train.select(Arrays.copyOfRange(order, from, Math.min(order.length, from + config.batchSize())));
            CtrBatch out = null;
            if (outPerStep > 0) {
                int[] rows = new int[outPerStep];
                long cursor = (long) step * outPerStep;
                for (int i = 0; i < rows.length; i++) {
                    rows[i] = order[(int) ((cursor + i) % outCount)];
                }
                out = train.select(rows);
            }
            return tables.plan(in, out, dataType);
        }

        @Override
        protected void step(int epoch, int step, StepTables.StepPlan plan) {
            // Every temporary of a step lives in one workspace that the next step reuses: no per-op allocation.
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP_WORKSPACE, "ctr-step")) {
                long t1 = StepProfiler.start();
                ParameterSet local = tables.localise(params, plan);
                StepProfiler.stop(Phase.LOCALISE, t1);
                long t2 = StepProfiler.start();
                MetaGradient g = operator.compute(local, plan.in(), plan.out());
                StepProfiler.stop(Phase.GRADIENT, t2);
                checkLoss("in-bag", g.lossIn(), epoch, step + 1);
                if (meta) {
                    checkLoss("out-of-bag", g.lossOutAfterInner(), epoch, step + 1);
                    lossOut += g.lossOutAfterInner();
                }
                long t3 = StepProfiler.start();
                ParameterSet grads = g.all();
                if (config.l2() > 0) {
                    // Weight decay on what this step touches: dense tensors whole, embedding rows of the batch.
                    grads.addScaledInPlace(config.l2(), local);
                }
                optimiser.step(params, grads, plan.tableRows());
                StepProfiler.stop(Phase.OPTIMISER, t3);
                lossIn += g.lossIn();
            }
            int done = step + 1;
            if (config.loggingInterval() > 0 && done % config.loggingInterval() == 0) {
                logger.fine(String.format("epoch %d step %d: loss_in %.5f", epoch, done, lossIn / done));
            }
            if (hook != null) {
                hook.afterStep(++stepsApplied);
            }
        }

        @Override
        protected boolean endEpoch(int epoch, int steps, double seconds) {
            EpochStats stats = new EpochStats(epoch, steps, lossIn / Math.max(1, steps),
                    meta ? lossOut / Math.max(1, steps) : Double.NaN,
                    Math.min(inCount, (double) steps * config.batchSize()) / seconds,
                    validation == null ? Double.NaN : validationScore(params, validation, EarlyStopping.AUC),
                    validation == null ? Double.NaN : validationScore(params, validation, EarlyStopping.LOG_LOSS));
            history.add(stats);
            logger.log(hook == null ? Level.INFO : Level.FINE, stats::toString);
            boolean budgetSpent = maxSteps > 0 && stepsDone >= maxSteps;
            if (validation == null || config.earlyStopping() == EarlyStopping.NONE) {
                return budgetSpent;
            }
            double score = config.earlyStopping() == EarlyStopping.AUC ? stats.validationAuc() : -stats.validationLogLoss();
            if (best == null || score > bestScore) {
                best = params.dup();
                bestScore = score;
                sinceBest = 0;
                return budgetSpent;
            }
            if (++sinceBest >= config.patience()) {
                logger.info("Early stopping after epoch " + epoch + ": no validation improvement for "
                        + config.patience() + " epochs; keeping epoch " + (epoch - sinceBest));
                return true;
            }
            return budgetSpent;
        }
    }

    /**
     * @param params the parameters to score
     * @param validation the encoded validation set
     * @param metric AUC or LOG_LOSS
     * @return the metric of the network's click probabilities on the validation set
     */
    double validationScore(ParameterSet params, EncodedInstances validation, EarlyStopping metric) {
        double[] p = new double[validation.size()];
        int[] labels = new int[p.length];
        for (int from = 0; from < validation.size(); from += 1024) {
            int to = Math.min(validation.size(), from + 1024);
            CtrBatch chunk = validation.range(from, to);
            double[] probabilities = network.probabilities(params, NetworkInput.of(chunk, dataType));
            System.arraycopy(probabilities, 0, p, from, probabilities.length);
            for (int i = 0; i < chunk.size(); i++) {
                labels[from + i] = chunk.labels()[i] > 0.5f ? 1 : 0;
            }
        }
        return metric == EarlyStopping.AUC ? CtrMetrics.auc(p, labels) : CtrMetrics.logLoss(p, labels);
    }

    private void checkLoss(String which, double loss, int epoch, int step) {
        if (!Double.isFinite(loss) || loss > config.lossLimit()) {
            String msg = String.format("Training diverged: the %s loss is %s at epoch %d, step %d (limit %g). "
                    + "Lower learningRate (now %g) or beta (now %g), or check the data for extreme numeric features.",
                    which, loss, epoch, step, config.lossLimit(), config.learningRate(), config.metaSettings().beta());
            logger.log(Level.SEVERE, msg);
            throw new TrainingDivergedException(msg);
        }
    }

    /** A uniform permutation of 0 … n − 1, written into {@code reuse} when it has the size. */
    private static int[] permutation(int[] reuse, int n, SplittableRandom rng) {
        int[] p = reuse != null && reuse.length == n ? reuse : new int[n];
        for (int i = 0; i < n; i++) { p[i] = i; }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i]; p[i] = p[j]; p[j] = t;
        }
        return p;
    }
}
