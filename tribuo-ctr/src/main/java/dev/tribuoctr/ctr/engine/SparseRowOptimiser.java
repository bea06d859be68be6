package dev.tribuoctr.ctr.engine;

import dev.tribuoctr.ctr.engine.cpu.CpuBlas;
import dev.tribuoctr.ctr.engine.cpu.HostArrays;
import dev.tribuoctr.ctr.engine.cpu.ParallelSlices;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scatter.ScatterUpdate;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;
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
    private int threads = 1;
    /** Adam's bias corrections of the current step, 1 − β^t (computed once a step, not once a row). */
    private double correction1;
    private double correction2;
    private static final int MIN_ROWS_PER_SLICE = 512;
    /** Per thread: flat copies of the rows a float32 update works on, reused from step to step. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[3][]);
    private float[] gradBuffer;

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

    /**
     * @param n threads that update the rows of an embedding table side by side (at least 1; the result does not
     *          depend on it, since every row is updated by one thread)
     * @return this optimiser
     */
    public SparseRowOptimiser threads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + n);
        }
        this.threads = n;
        return this;
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
        correction1 = 1 - Math.pow(beta1, step);
        correction2 = 1 - Math.pow(beta2, step);
        for (String name : grads.names()) {
            INDArray p = params.get(name);
            INDArray g = grads.get(name);
            int[] rows = tableRows.get(name);
            INDArray[] st = state(name, p);
            if (p.dataType() == DataType.FLOAT && allDirect(p, st) && CpuBlas.isAvailable()) {
                gradBuffer = HostArrays.read(g, HostArrays.atLeast(gradBuffer, Math.toIntExact(g.length())));
                floatStep(p, st, gradBuffer, Math.toIntExact(g.length()), rows, lr);
                continue;
            }
            double[] grad = HostAccess.toDoubles(g);
            if (rows == null) {
                denseStep(p, st, grad, lr);
            } else {
                sparseStep(p, st, grad, rows, lr);
            }
        }
    }

    private void denseStep(INDArray p, INDArray[] st, double[] grad, double lr) {
        int n = grad.length;
        if (allDirect(p, st)) {
            update(HostAccess.of(p), access(st[0]), access(st[1]), grad, 0, 0, n, lr);
            return;
        }
        // Another backend: work on host copies and assign them back.
        double[][] copies = hostCopies(p, st);
        update(HostAccess.of(copies[0]), copies[1] == null ? null : HostAccess.of(copies[1]),
                copies[2] == null ? null : HostAccess.of(copies[2]), grad, 0, 0, n, lr);
        assignBack(p, st, copies);
    }

    private void sparseStep(INDArray table, INDArray[] st, double[] grad, int[] rows, double lr) {
        int dim = (int) table.columns();
        if (allDirect(table, st)) {
            HostAccess p = HostAccess.of(table);
            HostAccess m = access(st[0]);
            HostAccess v = access(st[1]);
            for (int i = 0; i < rows.length; i++) {
                if (rows[i] != 0) { // the padding row never changes
                    update(p, m, v, grad, rows[i] * dim, i * dim, dim, lr);
                }
            }
            return;
        }
        // Another backend: gather the touched rows, update them on the host, scatter them back.
        int kept = 0;
        for (int r : rows) { if (r != 0) { kept++; } }
        if (kept == 0) {
            return;
        }
        int[] target = new int[kept];
        int[] source = new int[kept];
        for (int i = 0, j = 0; i < rows.length; i++) {
            if (rows[i] != 0) { target[j] = rows[i]; source[j++] = i; }
        }
        INDArray[] arrays = {table, st[0], st[1]};
        double[][] copies = new double[3][];
        for (int k = 0; k < 3; k++) {
            copies[k] = arrays[k] == null ? null : HostAccess.toDoubles(Nd4j.pullRows(arrays[k], 1, target));
        }
        for (int j = 0; j < kept; j++) {
            update(HostAccess.of(copies[0]), copies[1] == null ? null : HostAccess.of(copies[1]),
                    copies[2] == null ? null : HostAccess.of(copies[2]), grad, j * dim, source[j] * dim, dim, lr);
        }
        INDArray idx = Nd4j.createFromArray(target);
        for (int k = 0; k < 3; k++) {
            if (arrays[k] != null) {
                INDArray rowsBack = HostAccess.fromDoubles(copies[k], new long[]{kept, dim}, arrays[k].dataType());
                Nd4j.scatterUpdate(ScatterUpdate.UpdateOp.ASSIGN, arrays[k], idx, rowsBack, 1);
            }
        }
    }

    /**
     * Float32 on the CPU backend: the touched rows (or the whole dense tensor) of the parameter and state tensors are
     * copied in bulk into flat Java arrays, updated in one long float loop that the JIT vectorises (the same rule
     * as {@link #update}, which computes in double, to float rounding), and copied back. Table rows are distinct, so
     * slices of them run side by side.
     */
    private void floatStep(INDArray param, INDArray[] st, float[] grad, int gradLength, int[] rows, double lr) {
        FloatBuffer p = param.data().asNioFloat();
        FloatBuffer m = st[0] == null ? null : st[0].data().asNioFloat();
        FloatBuffer v = st[1] == null ? null : st[1].data().asNioFloat();
        if (rows == null) {
            int n = gradLength;
            float[][] a = scratch(n);
            copy(p, m, v, a, 0, 0, n, true);
            applyRule(a[0], a[1], a[2], grad, 0, n, lr);
            copy(p, m, v, a, 0, 0, n, false);
            return;
        }
        int dim = (int) param.columns();
        int slices = Math.max(1, Math.min(threads, rows.length / MIN_ROWS_PER_SLICE));
        ParallelSlices.run(slices, s -> {
            int from = ParallelSlices.start(rows.length, slices, s);
            int to = ParallelSlices.start(rows.length, slices, s + 1);
            int n = (to - from) * dim;
            float[][] a = scratch(n);
            for (int i = from; i < to; i++) {
                copy(p, m, v, a, rows[i] * dim, (i - from) * dim, dim, true);
            }
            applyRule(a[0], a[1], a[2], grad, from * dim, n, lr);
            for (int i = from; i < to; i++) {
                if (rows[i] != 0) { // the padding row never changes
                    copy(p, m, v, a, rows[i] * dim, (i - from) * dim, dim, false);
                }
            }
        });
    }

    /** @return this thread's three scratch arrays (parameters, first and second moments), each at least n long */
    private float[][] scratch(int n) {
        float[][] a = SCRATCH.get();
        for (int k = 0; k < 3; k++) {
            a[k] = HostArrays.atLeast(a[k], n);
        }
        return a;
    }

    /** Copies {@code count} elements between the tensors (from {@code at}) and the flat arrays (from {@code to}). */
    private static void copy(FloatBuffer p, FloatBuffer m, FloatBuffer v, float[][] a, int at, int to, int count, boolean out) {
        FloatBuffer[] b = {p, m, v};
        for (int k = 0; k < 3; k++) {
            if (b[k] != null) {
                if (out) {
                    b[k].get(at, a[k], to, count);
                } else {
                    b[k].put(at, a[k], to, count);
                }
            }
        }
    }

    /** {@link #update}'s rule in float arithmetic (with the step's constants folded), which the JIT vectorises. */
    private void applyRule(float[] ps, float[] ms, float[] vs, float[] grad, int gradAt, int count, double lr) {
        float rate = (float) lr;
        float eps = (float) epsilon;
        switch (type) {
            case SGD:
                for (int k = 0; k < count; k++) {
                    ps[k] -= rate * grad[gradAt + k];
                }
                break;
            case ADAGRAD:
                for (int k = 0; k < count; k++) {
                    float g = grad[gradAt + k];
                    float acc = vs[k] + g * g;
                    vs[k] = acc;
                    ps[k] -= rate * g / ((float) Math.sqrt(acc) + eps);
                }
                break;
            case ADAM: {
                float b1 = (float) beta1;
                float b2 = (float) beta2;
                float rest1 = (float) (1 - beta1);
                float rest2 = (float) (1 - beta2);
                float stepSize = (float) (lr / correction1);
                float inverse2 = (float) (1 / correction2);
                for (int k = 0; k < count; k++) {
                    float g = grad[gradAt + k];
                    float mk = b1 * ms[k] + rest1 * g;
                    float vk = b2 * vs[k] + rest2 * g * g;
                    ms[k] = mk;
                    vs[k] = vk;
                    ps[k] -= stepSize * mk / ((float) Math.sqrt(vk * inverse2) + eps);
                }
                break;
            }
            default:
                throw new IllegalStateException("Unknown optimiser " + type);
        }
    }

    /**
     * The update rule on {@code count} consecutive elements: parameters from {@code at}, gradient from {@code gradAt}.
     */
    private void update(HostAccess p, HostAccess m, HostAccess v, double[] grad, int at, int gradAt, int count, double lr) {
        switch (type) {
            case SGD:
                for (int k = 0; k < count; k++) {
                    p.set(at + k, p.get(at + k) - lr * grad[gradAt + k]);
                }
                break;
            case ADAGRAD:
                for (int k = 0; k < count; k++) {
                    double g = grad[gradAt + k];
                    double acc = v.get(at + k) + g * g;
                    v.set(at + k, acc);
                    p.set(at + k, p.get(at + k) - lr * g / (Math.sqrt(acc) + epsilon));
                }
                break;
            case ADAM: {
                double c1 = correction1;
                double c2 = correction2;
                for (int k = 0; k < count; k++) {
                    double g = grad[gradAt + k];
                    double mk = beta1 * m.get(at + k) + (1 - beta1) * g;
                    double vk = beta2 * v.get(at + k) + (1 - beta2) * g * g;
                    m.set(at + k, mk);
                    v.set(at + k, vk);
                    p.set(at + k, p.get(at + k) - lr * (mk / c1) / (Math.sqrt(vk / c2) + epsilon));
                }
                break;
            }
            default:
                throw new IllegalStateException("Unknown optimiser " + type);
        }
    }

    private static boolean allDirect(INDArray p, INDArray[] st) {
        return HostAccess.isDirect(p) && (st[0] == null || HostAccess.isDirect(st[0]))
                && (st[1] == null || HostAccess.isDirect(st[1]));
    }

    private static HostAccess access(INDArray a) {
        return a == null ? null : HostAccess.of(a);
    }

    private static double[][] hostCopies(INDArray p, INDArray[] st) {
        return new double[][]{HostAccess.toDoubles(p),
                st[0] == null ? null : HostAccess.toDoubles(st[0]),
                st[1] == null ? null : HostAccess.toDoubles(st[1])};
    }

    private static void assignBack(INDArray p, INDArray[] st, double[][] copies) {
        INDArray[] arrays = {p, st[0], st[1]};
        for (int k = 0; k < 3; k++) {
            if (arrays[k] != null) {
                arrays[k].assign(HostAccess.fromDoubles(copies[k], arrays[k].shape(), arrays[k].dataType()));
            }
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

}
