package dev.tribuoctr.ctr.engine;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Small tensor helpers shared by the layers: BLAS products into fresh {@code 'c'} outputs, column slices, sums over
 * the history axis, and a deterministic row scatter-add for sparse embedding gradients.
 */
public final class Tensors {
    private Tensors() { }

    /**
     * @param a left operand
     * @param b right operand
     * @param transA use aᵀ
     * @param transB use bᵀ
     * @return {@code op(a)·op(b)} through BLAS gemm
     */
    public static INDArray mm(INDArray a, INDArray b, boolean transA, boolean transB) {
        long rows = transA ? a.columns() : a.rows();
        long cols = transB ? b.rows() : b.columns();
        long start = StepProfiler.start();
        INDArray out = Nd4j.createUninitialized(a.dataType(), new long[]{rows, cols}, 'c');
        Nd4j.gemm(a, b, out, transA, transB, 1.0, 0.0);
        StepProfiler.stop(StepProfiler.Phase.GEMM, start);
        return out;
    }

    /**
     * @param x a matrix
     * @param from first column
     * @param to one past the last column
     * @return a view of the columns [from, to)
     */
    public static INDArray columns(INDArray x, long from, long to) {
        return x.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to));
    }

    /**
     * @param x a matrix
     * @param from first row
     * @param to one past the last row
     * @return a view of the rows [from, to)
     */
    public static INDArray rows(INDArray x, long from, long to) {
        return x.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }

    /**
     * @param x [B*T, n] with T consecutive rows per instance
     * @param batch B
     * @param steps T
     * @return [B, n], the sum over each instance's T rows
     */
    public static INDArray sumOverSteps(INDArray x, int batch, int steps) {
        return x.reshape('c', batch, steps, x.columns()).sum(1);
    }

    /**
     * @param x [B, n]
     * @param steps T
     * @return [B*T, n], each row repeated T times consecutively
     */
    public static INDArray repeatRows(INDArray x, int steps) {
        long b = x.rows();
        long n = x.columns();
        return x.reshape('c', b, 1, n).repeat(1, steps).reshape('c', b * steps, n);
    }

    /**
     * @param perStep [B*T, n], T consecutive rows per instance
     * @param perInstance [B, n]
     * @param steps T
     * @return [B*T, n], each row multiplied element-wise by its instance's row (broadcast, nothing repeated)
     */
    public static INDArray mulPerInstance(INDArray perStep, INDArray perInstance, int steps) {
        long b = perInstance.rows();
        long n = perInstance.columns();
        return perStep.reshape('c', b, steps, n).mul(perInstance.reshape('c', b, 1, n)).reshape('c', b * steps, n);
    }

    /**
     * In place: adds each instance's row to its T rows (broadcast).
     * @param perStep [B*T, n], contiguous, modified
     * @param perInstance [B, n]
     * @param steps T
     * @return {@code perStep}
     */
    public static INDArray addPerInstanceInPlace(INDArray perStep, INDArray perInstance, int steps) {
        long b = perInstance.rows();
        long n = perInstance.columns();
        perStep.reshape('c', b, steps, n).addi(perInstance.reshape('c', b, 1, n));
        return perStep;
    }

    /**
     * @param weights [B*T, 1]
     * @param perInstance [B, n]
     * @param steps T
     * @return [B*T, n] with row (b,t) = weights[b,t] · perInstance[b] (a batched outer product)
     */
    public static INDArray outerPerInstance(INDArray weights, INDArray perInstance, int steps) {
        long b = perInstance.rows();
        long n = perInstance.columns();
        return Nd4j.matmul(weights.reshape('c', b, steps, 1), perInstance.reshape('c', b, 1, n)).reshape('c', b * steps, n);
    }

    /**
     * @param perStep [B*T, n]
     * @param perInstance [B, n]
     * @param steps T
     * @return [B*T, 1], the dot product of each row with its instance's row
     */
    public static INDArray dotPerInstance(INDArray perStep, INDArray perInstance, int steps) {
        return mulPerInstance(perStep, perInstance, steps).sum(true, 1);
    }

    /** @param z sigmoid outputs @return σ'(·) = z ⊙ (1 − z) */
    public static INDArray sigmoidDerivative(INDArray z) {
        return z.rsub(1.0).muli(z);
    }

    /**
     * Adds each row of {@code rowValues} into row {@code indices[i]} of the dense row-major accumulator, skipping
     * index 0 (padding). Runs in Java, sequentially, so duplicates accumulate in a fixed order: bit-identical on
     * every run and backend.
     * @param accumulator [V*d], row-major
     * @param dim row width d
     * @param indices target row per source row
     * @param rowValues [n, d] source rows
     * @param rowWeights per source row weight, or null for 1
     */
    public static void scatterAddRows(double[] accumulator, int dim, int[] indices, INDArray rowValues, float[] rowWeights) {
        long start = StepProfiler.start();
        double[] values = HostAccess.toDoubles(rowValues);
        for (int i = 0; i < indices.length; i++) {
            int row = indices[i];
            if (row == 0) {
                continue;
            }
            double w = rowWeights == null ? 1.0 : rowWeights[i];
            if (w == 0.0) {
                continue;
            }
            int src = i * dim;
            int dst = row * dim;
            for (int k = 0; k < dim; k++) {
                accumulator[dst + k] += w * values[src + k];
            }
        }
        StepProfiler.stop(StepProfiler.Phase.SCATTER, start);
    }

    /**
     * @param values row-major values
     * @param rows row count
     * @param cols column count
     * @param type data type of the result
     * @return a new [rows, cols] array
     */
    public static INDArray matrix(double[] values, long rows, long cols, DataType type) {
        return HostAccess.fromDoubles(values, new long[]{rows, cols}, type);
    }
}
