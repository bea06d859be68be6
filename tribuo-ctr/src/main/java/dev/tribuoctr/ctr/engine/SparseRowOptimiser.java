package dev.tribuoctr.ctr.engine;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scatter.ScatterUpdate;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.HashMap;
import java.util.Map;

/**
 * Applies SGD, Adagrad or Adam steps to a {@link ParameterSet}. Dense tensors are updated whole; embedding tables
 * are updated only in the rows a step touched (gathered, updated, and written back by a scatter), so a step's
 * cost does not grow with the vocabulary. Row 0 of a table (padding) is never updated. The learning rate decays
 * exponentially: {@code lr_t = lr · decayRate^(t / decaySteps)}.
 */
public final class SparseRowOptimiser {
    private final OptimiserType type;
    private final double learningRate;
    private final double decayRate;
    private final int decaySteps;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final Map<String, INDArray> first = new HashMap<>();
    private final Map<String, INDArray> second = new HashMap<>();
    private long step;

    /**
     * @param type the update rule
     * @param learningRate base learning rate
     * @param decayRate learning-rate decay factor per {@code decaySteps} steps (1 = none)
     * @param decaySteps steps per decay factor
     * @param beta1 Adam's first-moment decay
     * @param beta2 Adam's second-moment decay
     * @param epsilon Adagrad/Adam denominator guard
     */
    public SparseRowOptimiser(OptimiserType type, double learningRate, double decayRate, int decaySteps,
                              double beta1, double beta2, double epsilon) {
        if (!(learningRate > 0) || !(decayRate > 0 && decayRate <= 1) || decaySteps < 1 || !(beta1 >= 0 && beta1 < 1)
                || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)) {
            throw new IllegalArgumentException("Invalid optimiser settings: lr=" + learningRate + ", decayRate=" + decayRate
                    + ", decaySteps=" + decaySteps + ", beta1=" + beta1 + ", beta2=" + beta2 + ", epsilon=" + epsilon);
        }
        this.type = type;
        this.learningRate = learningRate;
        this.decayRate = decayRate;
        this.decaySteps = decaySteps;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    /** @return the learning rate the next step will use */
    public double currentLearningRate() {
        return learningRate * Math.pow(decayRate, (double) step / decaySteps);
    }

    /** @return steps taken so far */
    public long steps() { return step; }

    /**
     * One update.
     * @param params the parameters, updated in place
     * @param grads gradients by name; a table's gradient has one row per entry of its row list
     * @param tableRows for each embedding table, the table rows the gradient's rows belong to; tables absent from
     *                  this map are treated as dense
     */
    public void step(ParameterSet params, ParameterSet grads, Map<String, int[]> tableRows) {
        double lr = currentLearningRate();
        step++;
        for (String name : grads.names()) {
            INDArray p = params.get(name);
            INDArray g = grads.get(name);
            int[] rows = tableRows.get(name);
            if (rows == null) {
                INDArray[] st = state(name, p);
                p.subi(delta(g, st[0], st[1], lr));
            } else {
                sparseStep(name, p, g, rows, lr);
            }
        }
    }

    private void sparseStep(String name, INDArray table, INDArray g, int[] rows, double lr) {
        int kept = 0;
        for (int r : rows) {
            if (r != 0) { kept++; }
        }
        if (kept == 0) {
            return;
        }
        int[] targetRows = new int[kept];
        int[] sourceRows = new int[kept];
        for (int i = 0, j = 0; i < rows.length; i++) {
            if (rows[i] != 0) {
                targetRows[j] = rows[i];
                sourceRows[j++] = i;
            }
        }
        INDArray grad = kept == rows.length ? g : Nd4j.pullRows(g, 1, sourceRows);
        INDArray idx = Nd4j.createFromArray(targetRows).castTo(DataType.INT32);
        INDArray[] st = state(name, table);
        INDArray m = st[0] == null ? null : Nd4j.pullRows(st[0], 1, targetRows);
        INDArray v = st[1] == null ? null : Nd4j.pullRows(st[1], 1, targetRows);
        INDArray update = delta(grad, m, v, lr);
        INDArray newRows = Nd4j.pullRows(table, 1, targetRows).subi(update);
        Nd4j.scatterUpdate(ScatterUpdate.UpdateOp.ASSIGN, table, idx, newRows, 1);
        if (m != null) {
            Nd4j.scatterUpdate(ScatterUpdate.UpdateOp.ASSIGN, st[0], idx, m, 1);
        }
        if (v != null) {
            Nd4j.scatterUpdate(ScatterUpdate.UpdateOp.ASSIGN, st[1], idx, v, 1);
        }
    }

    /** The optimiser's state tensors for a parameter, created on first use: {first moment, second moment}. */
    private INDArray[] state(String name, INDArray like) {
        switch (type) {
            case SGD:
                return new INDArray[]{null, null};
            case ADAGRAD:
                return new INDArray[]{null, second.computeIfAbsent(name, k -> persistentZeros(like))};
            case ADAM:
                return new INDArray[]{first.computeIfAbsent(name, k -> persistentZeros(like)),
                        second.computeIfAbsent(name, k -> persistentZeros(like))};
            default:
                throw new IllegalStateException("Unknown optimiser " + type);
        }
    }

    /** Optimiser state lives across steps, so it is never allocated in a step's workspace. */
    private static INDArray persistentZeros(INDArray like) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return Nd4j.zerosLike(like);
        }
    }

    /** The amount to subtract; updates the (gathered or whole) moment arrays in place. */
    private INDArray delta(INDArray g, INDArray m, INDArray v, double lr) {
        switch (type) {
            case SGD:
                return g.mul(lr);
            case ADAGRAD: {
                v.addi(g.mul(g));
                return g.mul(lr).divi(Transforms.sqrt(v, true).addi(epsilon));
            }
            case ADAM: {
                m.muli(beta1).addi(g.mul(1 - beta1));
                v.muli(beta2).addi(g.mul(g).muli(1 - beta2));
                double c1 = 1 - Math.pow(beta1, step);
                double c2 = 1 - Math.pow(beta2, step);
                INDArray denom = Transforms.sqrt(v.div(c2), false).addi(epsilon);
                return m.div(c1).muli(lr).divi(denom);
            }
            default:
                throw new IllegalStateException("Unknown optimiser " + type);
        }
    }
}
