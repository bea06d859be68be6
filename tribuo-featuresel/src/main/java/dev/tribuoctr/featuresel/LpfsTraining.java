package dev.tribuoctr.featuresel;

import dev.tribuoctr.ctr.engine.ParameterSet;
import dev.tribuoctr.ctr.engine.SparseRowOptimiser;
import dev.tribuoctr.ctr.engine.TouchedRows;
import dev.tribuoctr.ctr.engine.cpu.HostArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The one training loop of the gated field model (SPEC §6), shared by LPFS and by plain training / fine-tuning
 * ({@link GatedFieldTrainer}): the network's weights train with the engine's optimiser (Adam or Adagrad, row-wise
 * for embedding tables). With {@link FieldGates} the gates train too (momentum SGD and the proximal ℓ¹ step, the
 * LPFS case); without, the gate factors stay fixed (1 for a plain or pruned model). The data are encoded once;
 * each step works on compact copies of the embedding rows its batch touches.
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
     * @param data training examples
     * @param epochs passes over the data
     * @param rng shuffling source
     * @param afterStep called after every step with the step count (tests use it to intervene)
     */
    void run(ParameterSet params, List<? extends Example<Label>> data, int epochs, SplittableRandom rng,
             Consumer<Long> afterStep) {
        run(params, data, epochs, rng, (step, loss, batch) -> afterStep.accept(step));
    }

    /**
     * @param params parameters, trained in place
     * @param data training examples
     * @param epochs passes over the data
     * @param rng shuffling source
     * @param listener called after every step with the step count, its loss and its batch
     */
    void run(ParameterSet params, List<? extends Example<Label>> data, int epochs, SplittableRandom rng,
             StepListener listener) {
        int cats = encoder.layout().categoricalFields().size();
        TouchedRows[] touched = new TouchedRows[cats];
        for (int f = 0; f < cats; f++) {
            touched[f] = new TouchedRows(Math.toIntExact(params.get(network.tableName(f)).rows()));
        }
        // on the fused path a step's rows are copied in Java, cheaper than an ND4J op per table and step
        boolean javaGathers = network.usesFusedPath(params);
        List<Example<Label>> order = new ArrayList<>(data);
        EncodedFields encoded = encoder.encodeAll(order, 0, order.size(), true);
        // row numbers of the encoded examples, shuffled together with the examples
        int[] rowsInOrder = new int[order.size()];
        for (int i = 0; i < rowsInOrder.length; i++) {
            rowsInOrder[i] = i;
        }
        long step = 0;
        double lossSum = 0;
        int lossCount = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            shuffle(order, rowsInOrder, rng);
            for (int from = 0; from < order.size(); from += batchSize) {
                FieldBatch batch = encoded.batch(rowsInOrder, from, Math.min(order.size(), from + batchSize));
                ParameterSet local = new ParameterSet();
                Map<String, int[]> tableRows = new HashMap<>();
                int[][] mapped = new int[cats][];
                for (int f = 0; f < cats; f++) {
                    int[] rows = touched[f].collect(batch.indices()[f]);
                    String name = network.tableName(f);
                    tableRows.put(name, rows);
                    local.put(name, javaGathers ? HostArrays.gatherRows(params.get(name), rows)
                            : Nd4j.pullRows(params.get(name), 1, rows));
                    mapped[f] = new int[batch.indices()[f].length];
                    for (int i = 0; i < mapped[f].length; i++) {
                        mapped[f][i] = touched[f].positionOf(batch.indices()[f][i]);
                    }
                }
                params.names().stream().filter(n -> !tableRows.containsKey(n)).forEach(n -> local.put(n, params.get(n)));
                GatedFieldNetwork.Result r = network.run(local, new GatedFieldNetwork.Input(batch, mapped, type),
                        factors(), true);
                if (!Double.isFinite(r.loss())) {
                    throw new IllegalStateException("Training diverged: loss " + r.loss() + " at epoch " + epoch
                            + ", step " + (step + 1) + "; lower the learning rates");
                }
                optimiser.step(params, r.gradients(), tableRows);
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
                listener.afterStep(step, r.loss(), order.subList(from, Math.min(order.size(), from + batchSize)));
            }
            if (gates != null) {
                logger.info(String.format("LPFS epoch %d: %d steps, %d of %d gates zero, eps %.3g, gate lr %.3g",
                        epoch, step, gates.zeroCount(), network.fieldCount(), gates.eps(), gates.learningRate()));
            } else {
                logger.fine(String.format("Gated field model epoch %d: %d steps", epoch, step));
            }
        }
        trajectory.add(new GateTrajectoryPoint(step, zeroCount(), factors(),
                lossCount == 0 ? Double.NaN : lossSum / lossCount));
    }

    /** Fisher–Yates, applying the same swaps to {@code list} and {@code rows}. */
    private static <T> void shuffle(List<T> list, int[] rows, SplittableRandom rng) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
            int r = rows[i];
            rows[i] = rows[j];
            rows[j] = r;
        }
    }
}
