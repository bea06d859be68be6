package dev.tribuoctr.ctr.engine.cpu;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;

/** Copies between float32 ND4J arrays on the CPU backend and Java arrays, in row-major order. */
public final class HostArrays {
    private HostArrays() { }

    /**
     * @param a a float32 array
     * @return a row-major contiguous array with the same values (a itself when it already is one)
     */
    public static INDArray contiguous(INDArray a) {
        if (a.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("Expected a float32 array, got " + a.dataType());
        }
        return !a.isView() && a.ordering() == 'c' && a.offset() == 0 ? a : a.dup('c');
    }

    /**
     * @param a a float32 array
     * @return direct access to its elements in row-major order (a copy's, when a is a view or not row-major)
     */
    public static FloatBuffer buffer(INDArray a) {
        return contiguous(a).data().asNioFloat();
    }

    /**
     * @param a a float32 array
     * @param into where its elements go, row-major; at least {@code a.length()} long, or null
     * @return {@code into}, or a new array when it was null
     */
    public static float[] read(INDArray a, float[] into) {
        int n = Math.toIntExact(a.length());
        float[] out = into == null ? new float[n] : into;
        buffer(a).get(0, out, 0, n);
        return out;
    }

    /**
     * @param table a float32 matrix
     * @param rows the rows to copy, in order
     * @return a new [rows.length, columns] array holding those rows (Java copies; no ND4J op)
     */
    public static INDArray gatherRows(INDArray table, int[] rows) {
        int d = Math.toIntExact(table.columns());
        FloatBuffer src = buffer(table);
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, new long[]{rows.length, d}, 'c');
        FloatBuffer dst = out.data().asNioFloat();
        for (int i = 0; i < rows.length; i++) {
            dst.put(i * d, src, rows[i] * d, d);
        }
        return out;
    }

    /**
     * @param array an array, or null
     * @param length the length needed
     * @return {@code array} when it is at least {@code length} long, else a new array of that length (for buffers
     *         reused from step to step: a step's garbage makes the collector's pauses, with a large dataset in the
     *         heap, cost more than the step)
     */
    public static float[] atLeast(float[] array, int length) {
        return array != null && array.length >= length ? array : new float[length];
    }

    /**
     * @param values row-major values
     * @param shape the shape of the new array
     * @return a new float32 array holding {@code values} (its first {@code shape}-product elements)
     */
    public static INDArray write(float[] values, long[] shape) {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        int n = Math.toIntExact(out.length());
        out.data().asNioFloat().put(0, values, 0, n);
        return out;
    }
}
