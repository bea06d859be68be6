package dev.tribuoctr.featuresel;

import dev.tribuoctr.ctr.engine.ParameterSet;
import dev.tribuoctr.ctr.engine.SparseRowOptimiser;
import dev.tribuoctr.ctr.engine.TouchedRows;
import dev.tribuoctr.ctr.engine.cpu.HostArrays;
import dev.tribuoctr.ctr.train.MiniBatchLoop;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The one training loop of the gated field model (design §6.4, docs/design/lpfs.md), shared by LPFS and by plain training / fine-tuning
 * ({@link GatedFieldTrainer}): the network's weights train with the engine's optimiser (Adam or Adagrad, row-wise
 * for embedding tables). With {@link FieldGates} the gates train too (momentum SGD and the proximal ℓ¹ step, the
 * LPFS case); without, the gate factors stay fixed (1 for a plain or pruned model). The data are encoded once (a
 * {@code FieldColumnsDataset} not at all: its columns are read directly, see {@link TrainingData});
 * each step works on compact copies of the embedding rows its batch touches. The epochs run on the plugin's shared
 * loop template ({@link MiniBatchLoop}): a step's batch and row maps are prepared on a second thread while the
 * previous step computes.
 */
final class LpfsTraining {
    private static final Logger logger = Logger.getLogger(LpfsTraining.class.getName());

    private final GatedFieldNetwork network;
    private final FieldEncoder encoder;
    private final SparseRowOptimiser optimiser;
    private final FieldGates gates;
    private final double[] fixedFactors;
    private final int batchSize;
    private final int logInterval;
    private final DataType type = DataType.FLOAT;
    private final List<GateTrajectoryPoint> trajectory = new ArrayList<>();

    /** Called after every step. */
    interface StepListener {
        /**
         * @param step steps taken so far
         * @param loss the step's training loss (before its update)
         * @param batch the step's examples
         */
        void afterStep(long step, double loss, List<Example<Label>> batch);
    }

    /** LPFS: weights and gates train together. */
    LpfsTraining(GatedFieldNetwork network, FieldEncoder encoder, SparseRowOptimiser optimiser, FieldGates gates,
                 int batchSize, int logInterval) {
        this(network, encoder, optimiser, gates, null, batchSize, logInterval);
    }

    /** Weights only, with fixed gate factors. */
    LpfsTraining(GatedFieldNetwork network, FieldEncoder encoder, SparseRowOptimiser optimiser, double[] fixedFactors,
                 int batchSize, int logInterval) {
        this(network, encoder, optimiser, null, fixedFactors.clone(), batchSize, logInterval);
    }

    private LpfsTraining(GatedFieldNetwork network, FieldEncoder encoder, SparseRowOptimiser optimiser, FieldGates gates,
                         double[] fixedFactors, int batchSize, int logInterval) {
        if (fixedFactors != null && fixedFactors.length != network.fieldCount()) {
            throw new IllegalArgumentException(fixedFactors.length + " gate factors for " + network.fieldCount() + " fields");
        }
        this.network = network;
        this.encoder = encoder;
        this.optimiser = optimiser;
        this.gates = gates;
        this.fixedFactors = fixedFactors;
        this.batchSize = batchSize;
        this.logInterval = logInterval;
    }

    /**
     * @param setting a {@code threads} setting
     * @return the threads it means: itself, or every core the JVM may use when it is 0
     */
    static int threadsFor(int setting) {
        return setting > 0 ? setting : Runtime.getRuntime().availableProcessors();
    }

    private double[] factors() { return gates == null ? fixedFactors.clone() : gates.factors(); }

    private int zeroCount() {
        if (gates != null) { return gates.zeroCount(); }
        int n = 0;
        for (double f : fixedFactors) {
            if (f == 0.0) { n++; }
        }
        return n;
    }

    List<GateTrajectoryPoint> trajectory() { return trajectory; }

    /**
     * @param params parameters, trained in place
     * @param data training data
     * @param epochs passes over the data
     * @param maxSteps stop after this many steps in all (0 = no limit)
     * @param rng shuffling source
     * @param afterStep called after every step with the step count (tests use it to intervene)
     */
    void run(ParameterSet params, TrainingData data, int epochs, long maxSteps, SplittableRandom rng,
             Consumer<Long> afterStep) {
        run(params, data, epochs, maxSteps, rng, (step, loss, batch) -> afterStep.accept(step));
    }

    /**
     * @param params parameters, trained in place
     * @param data training data
     * @param epochs passes over the data
     * @param maxSteps stop after this many steps in all (0 = no limit)
     * @param rng shuffling source
     * @param listener called after every step with the step count, its loss and its batch
     */
    void run(ParameterSet params, TrainingData data, int epochs, long maxSteps, SplittableRandom rng,
             StepListener listener) {
        Epochs loop = new Epochs(params, data, maxSteps, rng, listener);
        loop.run(epochs);
        trajectory.add(new GateTrajectoryPoint(loop.step, zeroCount(), factors(),
                loop.lossCount == 0 ? Double.NaN : loop.lossSum / loop.lossCount));
    }

    /** A step's batch, the table rows its compact copies hold, and its indices into them. */
    private static final class Plan {
        final FieldBatch batch;
        final Map<String, int[]> tableRows;
        final int[][] mapped;

        Plan(FieldBatch batch, Map<String, int[]> tableRows, int[][] mapped) {
            this.batch = batch;
            this.tableRows = tableRows;
            this.mapped = mapped;
        }
    }

    /** The epochs of one run on the shared loop template. */
    private final class Epochs extends MiniBatchLoop<Plan> {
        private final ParameterSet params;
        private final SplittableRandom rng;
        private final StepListener listener;
        private final TouchedRows[] touched;
        /** On the fused path a step's rows are copied in Java, cheaper than an ND4J op per table and step. */
        private final boolean javaGathers;
        private final List<Example<Label>> examples;
        private final FieldRows encoded;
        private final long maxSteps;
        /** Row numbers in this epoch's order (shuffled). */
        private final int[] rowsInOrder;
        long step;
        double lossSum;
        int lossCount;

        @Override
        protected int examplesPerStep() {
            return batchSize;
        }

        Epochs(ParameterSet params, TrainingData data, long maxSteps, SplittableRandom rng, StepListener listener) {
            this.params = params;
            this.rng = rng;
            this.listener = listener;
            int cats = encoder.layout().categoricalFields().size();
            this.touched = new TouchedRows[cats];
            for (int f = 0; f < cats; f++) {
                touched[f] = new TouchedRows(Math.toIntExact(params.get(network.tableName(f)).rows()));
            }
            this.javaGathers = network.usesFusedPath(params);
            this.examples = data.examples();
            this.encoded = data.rows(encoder);
            this.maxSteps = maxSteps;
            this.rowsInOrder = new int[encoded.size()];
            for (int i = 0; i < rowsInOrder.length; i++) {
                rowsInOrder[i] = i;
            }
        }

        @Override
        protected int startEpoch(int epoch) {
            shuffle(rowsInOrder, rng);
            long steps = (rowsInOrder.length + batchSize - 1) / batchSize;
            return (int) (maxSteps > 0 ? Math.max(0, Math.min(steps, maxSteps - step)) : steps);
        }

        @Override
        protected Plan plan(int epoch, int stepInEpoch) {
            int from = stepInEpoch * batchSize;
            FieldBatch batch = encoded.batch(rowsInOrder, from, Math.min(rowsInOrder.length, from + batchSize));
            Map<String, int[]> tableRows = new LinkedHashMap<>();
            int[][] mapped = new int[touched.length][];
            for (int f = 0; f < touched.length; f++) {
                tableRows.put(network.tableName(f), touched[f].collect(batch.indices()[f]));
                mapped[f] = new int[batch.indices()[f].length];
                for (int i = 0; i < mapped[f].length; i++) {
                    mapped[f][i] = touched[f].positionOf(batch.indices()[f][i]);
                }
            }
            return new Plan(batch, tableRows, mapped);
        }

        @Override
        protected void step(int epoch, int stepInEpoch, Plan plan) {
            ParameterSet local = new ParameterSet();
            plan.tableRows.forEach((name, rows) -> local.put(name, javaGathers
                    ? HostArrays.gatherRows(params.get(name), rows) : Nd4j.pullRows(params.get(name), 1, rows)));
            params.names().stream().filter(n -> !plan.tableRows.containsKey(n)).forEach(n -> local.put(n, params.get(n)));
            GatedFieldNetwork.Result r = network.run(local, new GatedFieldNetwork.Input(plan.batch, plan.mapped, type),
                    factors(), true);
            if (!Double.isFinite(r.loss())) {
                throw new IllegalStateException("Training diverged: loss " + r.loss() + " at epoch " + epoch
                        + ", step " + (step + 1) + "; lower the learning rates");
            }
            optimiser.step(params, r.gradients(), plan.tableRows);
            if (gates != null) {
                gates.step(r.gateFactorGradients());
            }
            step++;
            lossSum += r.loss();
            lossCount++;
            if (step % logInterval == 0) {
                trajectory.add(new GateTrajectoryPoint(step, zeroCount(), factors(), lossSum / lossCount));
                lossSum = 0;
                lossCount = 0;
            }
            int from = stepInEpoch * batchSize;
            listener.afterStep(step, r.loss(), new BatchExamples(examples, rowsInOrder, from,
                    Math.min(rowsInOrder.length, from + batchSize)));
        }

        @Override
        protected boolean endEpoch(int epoch, int steps, double seconds) {
            if (gates != null) {
                logger.info(String.format("LPFS epoch %d: %d steps, %d of %d gates zero, eps %.3g, gate lr %.3g",
                        epoch, step, gates.zeroCount(), network.fieldCount(), gates.eps(), gates.learningRate()));
            } else {
                logger.fine(String.format("Gated field model epoch %d: %d steps", epoch, step));
            }
            return maxSteps > 0 && step >= maxSteps;
        }
    }

    /** A step's examples, looked up (for a columnar dataset, made) on access. */
    private static final class BatchExamples extends AbstractList<Example<Label>> implements RandomAccess {
        private final List<Example<Label>> examples;
        private final int[] rows;

        BatchExamples(List<Example<Label>> examples, int[] rows, int from, int to) {
            this.examples = examples;
            this.rows = Arrays.copyOfRange(rows, from, to);
        }

        @Override
        public Example<Label> get(int index) { return examples.get(rows[index]); }

        @Override
        public int size() { return rows.length; }
    }

    /**
     * Fisher–Yates, with the draws of the shuffle that used to permute the examples alongside.
     * @param rows the array to permute in place
     * @param rng the draws
     */
    static void shuffle(int[] rows, SplittableRandom rng) {
        for (int i = rows.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int r = rows[i];
            rows[i] = rows[j];
            rows[j] = r;
        }
    }
}
