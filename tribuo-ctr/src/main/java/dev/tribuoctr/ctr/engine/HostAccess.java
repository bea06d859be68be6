package dev.tribuoctr.ctr.engine;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.Buffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * Element access to the memory of a contiguous float32/float64 array from Java. On the CPU backend this reads and
 * writes the array's own native buffer; on any other backend ({@link #isDirect()} false) the caller works on a
 * host copy and writes it back with a gather/scatter. Optimiser arithmetic is a few multiply-adds per element: done
 * in Java it costs far less than the dozens of small ND4J ops (tens of microseconds each) it would otherwise take.
 */
final class HostAccess {
    private final FloatBuffer floats;
    private final DoubleBuffer doubles;

    private HostAccess(Buffer buffer) {
        this.floats = buffer instanceof FloatBuffer ? (FloatBuffer) buffer : null;
        this.doubles = buffer instanceof DoubleBuffer ? (DoubleBuffer) buffer : null;
    }

    /**
     * @param a an array
     * @return whether its memory can be addressed directly from Java (CPU backend, contiguous, 'c' order, no offset)
     */
    static boolean isDirect(INDArray a) {
        return ON_CPU && !a.isView() && a.ordering() == 'c' && a.offset() == 0
                && (a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE);
    }

    private static final boolean ON_CPU = Nd4j.getBackend().getClass().getSimpleName().startsWith("Cpu");

    /**
     * @param a an array for which {@link #isDirect} holds
     * @return access to its elements, in row-major order
     */
    static HostAccess of(INDArray a) {
        return new HostAccess(a.dataType() == DataType.FLOAT ? a.data().asNioFloat() : a.data().asNioDouble());
    }

    /**
     * @param values a host copy of an array's elements
     * @return access to the copy
     */
    static HostAccess of(double[] values) {
        return new HostAccess(DoubleBuffer.wrap(values));
    }

    /**
     * @param a any float32/float64 array
     * @return its elements in row-major order, as doubles (a bulk copy from native memory on the CPU backend)
     */
    static double[] toDoubles(INDArray a) {
        INDArray c = isDirect(a) ? a : a.dup('c');
        int n = Math.toIntExact(c.length());
        double[] out = new double[n];
        if (isDirect(c)) {
            if (c.dataType() == DataType.DOUBLE) {
                c.data().asNioDouble().get(out, 0, n);
            } else {
                float[] f = new float[n];
                c.data().asNioFloat().get(f, 0, n);
                for (int i = 0; i < n; i++) { out[i] = f[i]; }
            }
            return out;
        }
        return c.castTo(DataType.DOUBLE).data().asDouble();
    }

    /**
     * @param values row-major values
     * @param shape the shape
     * @param type float32 or float64
     * @return a new array holding the values (a bulk copy into native memory on the CPU backend)
     */
    static INDArray fromDoubles(double[] values, long[] shape, DataType type) {
        if (!ON_CPU) {
            return Nd4j.create(values, shape, 'c').castTo(type);
        }
        INDArray out = Nd4j.createUninitialized(type, shape, 'c');
        if (type == DataType.DOUBLE) {
            out.data().asNioDouble().put(values, 0, values.length);
        } else {
            FloatBuffer fb = out.data().asNioFloat();
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) { f[i] = (float) values[i]; }
            fb.put(f, 0, f.length);
        }
        return out;
    }

    double get(int i) {
        return floats != null ? floats.get(i) : doubles.get(i);
    }

    void set(int i, double v) {
        if (floats != null) {
            floats.put(i, (float) v);
        } else {
            doubles.put(i, v);
        }
    }
}
