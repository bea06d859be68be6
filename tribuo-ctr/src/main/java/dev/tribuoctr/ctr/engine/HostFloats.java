package dev.tribuoctr.ctr.engine;

import dev.tribuoctr.ctr.engine.cpu.CpuBlas;
import dev.tribuoctr.ctr.engine.cpu.HostArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Element-wise algebra of {@link ParameterSet} on float32 CPU tensors, in vectorised Java loops. */
final class HostFloats {
    private HostFloats() { }

    /** @return whether both are float32 tensors of the same length on the CPU backend */
    static boolean applies(INDArray a, INDArray b) {
        return a.dataType() == DataType.FLOAT && b.dataType() == DataType.FLOAT && a.length() == b.length()
                && CpuBlas.isAvailable();
    }

    /** @return whether {@code a}'s own memory can be written in row-major order */
    static boolean isWritable(INDArray a) {
        return !a.isView() && a.ordering() == 'c' && a.offset() == 0;
    }

    static INDArray plusScaled(INDArray v, double alpha, INDArray d) {
        return HostArrays.write(sumScaled(v, alpha, d), v.shape());
    }

    static void addScaledInPlace(INDArray v, double alpha, INDArray d) {
        float[] x = sumScaled(v, alpha, d);
        v.data().asNioFloat().put(0, x, 0, x.length);
    }

    /** @return {@code v + alpha·d} as a Java array */
    private static float[] sumScaled(INDArray v, double alpha, INDArray d) {
        float[] x = HostArrays.read(v, null);
        float[] y = HostArrays.read(d, null);
        float a = (float) alpha;
        for (int i = 0; i < x.length; i++) {
            x[i] += a * y[i];
        }
        return x;
    }

    static INDArray scaledDifference(INDArray a, INDArray b, double scale) {
        float[] x = HostArrays.read(a, null);
        float[] y = HostArrays.read(b, null);
        float s = (float) scale;
        for (int i = 0; i < x.length; i++) {
            x[i] = (x[i] - y[i]) * s;
        }
        return HostArrays.write(x, a.shape());
    }

    static double squaredNorm(INDArray v) {
        float[] x = HostArrays.read(v, null);
        double sq = 0;
        for (float f : x) {
            sq += (double) f * f;
        }
        return sq;
    }
}
