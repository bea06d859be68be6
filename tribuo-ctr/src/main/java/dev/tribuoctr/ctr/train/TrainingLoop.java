package dev.tribuoctr.ctr.train;

import dev.tribuoctr.ctr.encoding.BatchRows;
import dev.tribuoctr.ctr.encoding.CtrBatch;
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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The training protocol of SPEC §4 over an encoded training set: each epoch splits the data at random into Ω_in
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
    ParameterSet run(ParameterSet params, CtrBatch train, CtrBatch validation, SplittableRandom rng) {
        ExecutorService planner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tribuo-ctr-step-planner");
            t.setDaemon(true);
            return t;
        });
        try {
            return run(params, train, validation, rng, planner);
        } finally {
            planner.shutdownNow();
        }
    }

    private ParameterSet run(ParameterSet params, CtrBatch train, CtrBatch validation, SplittableRandom rng,
                             ExecutorService planner) {
        SparseRowOptimiser optimiser = config.createOptimiser();
        StepTables tables = new StepTables(network.architecture(), params);
        boolean meta = config.metaSettings().mu() > 0 && train.size() >= 2;
        ParameterSet best = null;
        double bestScore = Double.NaN;
        int sinceBest = 0;
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            long start = System.nanoTime();
            int[] order = permutation(train.size(), rng);
            int outCount = meta ? Math.max(1, (int) Math.round(train.size() * config.outOfBagFraction())) : 0;
            int[] outRows = Arrays.copyOfRange(order, 0, outCount);
            int[] inRows = Arrays.copyOfRange(order, outCount, order.length);
            int outBatch = Math.max(1, (int) Math.round(config.batchSize() * config.outBatchRatio()));
            double lossIn = 0;
            double lossOut = 0;
            int steps = 0;
            StepProfiler.reset();
            int stepCount = (inRows.length + config.batchSize() - 1) / config.batchSize();
            int outPerStep = meta ? Math.min(outBatch, outRows.length) : 0;
            // The next step's batches and index work are prepared on another thread while this step computes.
            Future<StepTables.StepPlan> next = planner.submit(planTask(train, tables, inRows, outRows, outPerStep, 0));
            for (int step = 0; step < stepCount; step++) {
                long stepStart = StepProfiler.start();
                long t0 = StepProfiler.start();
                StepTables.StepPlan plan = await(next);
                if (step + 1 < stepCount) {
                    next = planner.submit(planTask(train, tables, inRows, outRows, outPerStep, step + 1));
                }
                StepProfiler.stop(Phase.BATCH_ASSEMBLY, t0);
                // Every temporary of a step lives in one workspace that the next step reuses: no per-op allocation.
                try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP_WORKSPACE, "ctr-step")) {
                    long t1 = StepProfiler.start();
                    ParameterSet local = tables.localise(params, plan);
                    StepProfiler.stop(Phase.LOCALISE, t1);
                    long t3 = StepProfiler.start();
                    MetaGradient g = operator.compute(local, plan.in(), plan.out());
                    StepProfiler.stop(Phase.GRADIENT, t3);
                    checkLoss("in-bag", g.lossIn(), epoch, steps + 1);
                    if (meta) {
                        checkLoss("out-of-bag", g.lossOutAfterInner(), epoch, steps + 1);
                        lossOut += g.lossOutAfterInner();
                    }
                    long t4 = StepProfiler.start();
                    ParameterSet grads = g.all();
                    if (config.l2() > 0) {
                        // Weight decay on what this step touches: dense tensors whole, embedding rows of the batch.
                        grads.addScaledInPlace(config.l2(), local);
                    }
                    optimiser.step(params, grads, plan.tableRows());
                    StepProfiler.stop(Phase.OPTIMISER, t4);
                    lossIn += g.lossIn();
                }
                StepProfiler.stop(Phase.STEP, stepStart);
                steps++;
                if (config.loggingInterval() > 0 && steps % config.loggingInterval() == 0) {
                    logger.fine(String.format("epoch %d step %d: loss_in %.5f", epoch, steps, lossIn / steps));
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            EpochStats stats = new EpochStats(epoch, steps, lossIn / Math.max(1, steps),
                    meta ? lossOut / Math.max(1, steps) : Double.NaN, inRows.length / seconds,
                    validation == null ? Double.NaN : validationScore(params, validation, EarlyStopping.AUC),
                    validation == null ? Double.NaN : validationScore(params, validation, EarlyStopping.LOG_LOSS));
            history.add(stats);
            logger.info(stats.toString());
            if (validation != null && config.earlyStopping() != EarlyStopping.NONE) {
                double score = config.earlyStopping() == EarlyStopping.AUC ? stats.validationAuc() : -stats.validationLogLoss();
                if (best == null || score > bestScore) {
                    best = params.dup();
                    bestScore = score;
                    sinceBest = 0;
                } else if (++sinceBest >= config.patience()) {
                    logger.info("Early stopping after epoch " + epoch + ": no validation improvement for "
                            + config.patience() + " epochs; keeping epoch " + (epoch - sinceBest));
                    break;
                }
            }
        }
        return best != null ? best : params;
    }

    /**
     * The batches of step {@code step} of an epoch and their plan: in-bag rows in order, out-of-bag rows cycling
     * through the epoch's out-of-bag part.
     */
    private Callable<StepTables.StepPlan> planTask(CtrBatch train, StepTables tables, int[] inRows, int[] outRows,
                                                  int outPerStep, int step) {
        return () -> {
            int from = step * config.batchSize();
            CtrBatch in = BatchRows.select(train, Arrays.copyOfRange(inRows, from, Math.min(inRows.length, from + config.batchSize())));
            CtrBatch out = null;
            if (outPerStep > 0) {
                int[] rows = new int[outPerStep];
                long cursor = (long) step * outPerStep;
                for (int i = 0; i < rows.length; i++) {
                    rows[i] = outRows[(int) ((cursor + i) % outRows.length)];
                }
                out = BatchRows.select(train, rows);
            }
            return tables.plan(in, out, dataType);
        };
    }

    private static StepTables.StepPlan await(Future<StepTables.StepPlan> plan) {
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
            throw new IllegalStateException("Preparing a training step failed", cause);
        }
    }

    private double validationScore(ParameterSet params, CtrBatch validation, EarlyStopping metric) {
        double[] p = new double[validation.size()];
        for (int from = 0; from < validation.size(); from += 1024) {
            int to = Math.min(validation.size(), from + 1024);
            double[] chunk = network.probabilities(params, NetworkInput.of(BatchRows.range(validation, from, to), dataType));
            System.arraycopy(chunk, 0, p, from, chunk.length);
        }
        int[] labels = new int[p.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = validation.labels()[i] > 0.5f ? 1 : 0;
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

    private static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) { p[i] = i; }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i]; p[i] = p[j]; p[j] = t;
        }
        return p;
    }
}
