package dev.tribuoctr.featuresel;

import dev.tribuoctr.ctr.engine.ParameterSet;
import dev.tribuoctr.ctr.engine.SparseRowOptimiser;
import dev.tribuoctr.ctr.engine.TouchedRows;
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
 * Trains the gated field model and its gates together (SPEC §6): the network's weights with the engine's
 * optimiser (Adam or Adagrad, row-wise for embedding tables), the gates with momentum SGD and the proximal ℓ¹ step.
 * Each step works on compact copies of the embedding rows its batch touches.
 */
final class LpfsTraining {
    private static final Logger logger = Logger.getLogger(LpfsTraining.class.getName());

    private final GatedFieldNetwork network;
    private final FieldEncoder encoder;
    private final SparseRowOptimiser optimiser;
    private final FieldGates gates;
    private final int batchSize;
    private final int logInterval;
    private final DataType type = DataType.FLOAT;
    private final List<GateTrajectoryPoint> trajectory = new ArrayList<>();

    LpfsTraining(GatedFieldNetwork network, FieldEncoder encoder, SparseRowOptimiser optimiser, FieldGates gates,
                 int batchSize, int logInterval) {
        this.network = network;
        this.encoder = encoder;
        this.optimiser = optimiser;
        this.gates = gates;
        this.batchSize = batchSize;
        this.logInterval = logInterval;
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
        int cats = encoder.layout().categoricalFields().size();
        TouchedRows[] touched = new TouchedRows[cats];
        for (int f = 0; f < cats; f++) {
            touched[f] = new TouchedRows(Math.toIntExact(params.get(network.tableName(f)).rows()));
        }
        List<Example<Label>> order = new ArrayList<>(data);
        long step = 0;
        double lossSum = 0;
        int lossCount = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            shuffle(order, rng);
            for (int from = 0; from < order.size(); from += batchSize) {
                FieldBatch batch = encoder.encode(order, from, Math.min(order.size(), from + batchSize), true);
                ParameterSet local = new ParameterSet();
                Map<String, int[]> tableRows = new HashMap<>();
                int[][] mapped = new int[cats][];
                for (int f = 0; f < cats; f++) {
                    int[] rows = touched[f].collect(batch.indices()[f]);
                    String name = network.tableName(f);
                    tableRows.put(name, rows);
                    local.put(name, Nd4j.pullRows(params.get(name), 1, rows));
                    mapped[f] = new int[batch.indices()[f].length];
                    for (int i = 0; i < mapped[f].length; i++) {
                        mapped[f][i] = touched[f].positionOf(batch.indices()[f][i]);
                    }
                }
                params.names().stream().filter(n -> !tableRows.containsKey(n)).forEach(n -> local.put(n, params.get(n)));
                GatedFieldNetwork.Result r = network.run(local, new GatedFieldNetwork.Input(batch, mapped, type),
                        gates.factors(), true);
                if (!Double.isFinite(r.loss())) {
                    throw new IllegalStateException("LPFS training diverged: loss " + r.loss() + " at epoch " + epoch
                            + ", step " + (step + 1) + "; lower the learning rates");
                }
                optimiser.step(params, r.gradients(), tableRows);
                gates.step(r.gateFactorGradients());
                step++;
                lossSum += r.loss();
                lossCount++;
                if (step % logInterval == 0) {
                    trajectory.add(new GateTrajectoryPoint(step, gates.zeroCount(), gates.factors(), lossSum / lossCount));
                    lossSum = 0;
                    lossCount = 0;
                }
                afterStep.accept(step);
            }
            logger.info(String.format("LPFS epoch %d: %d steps, %d of %d gates zero, eps %.3g, gate lr %.3g",
                    epoch, step, gates.zeroCount(), network.fieldCount(), gates.eps(), gates.learningRate()));
        }
        trajectory.add(new GateTrajectoryPoint(step, gates.zeroCount(), gates.factors(),
                lossCount == 0 ? Double.NaN : lossSum / lossCount));
    }

    private static <T> void shuffle(List<T> list, SplittableRandom rng) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
