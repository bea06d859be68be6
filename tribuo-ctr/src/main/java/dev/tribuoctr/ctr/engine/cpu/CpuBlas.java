package dev.tribuoctr.ctr.engine.cpu;

import dev.tribuoctr.ctr.engine.StepProfiler;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Single-precision BLAS on Java arrays: row-major {@code sgemm} and {@code sgemv} of the OpenBLAS that ND4J's CPU
 * backend ships, called directly. Java arrays are handed to BLAS by JNI (a bulk copy in and out, about a tenth of a
 * millisecond per megabyte) while every element-wise pass over them is compiled by the JIT into SIMD loops, which
 * the same loops over native memory are not; on the shapes of a CTR step this is several times faster than
 * element-wise ND4J ops and as fast in the products. Every operand starts at index 0 of its array.
 * <p>
 * Loading this class on the CPU backend sets OpenBLAS to one thread per product: parallelism comes from the
 * pass's data-parallel slices instead.
 */
public final class CpuBlas {
    private CpuBlas() { }

    private static final boolean AVAILABLE = probe();

    private static boolean probe() {
        try {
            if (!Nd4j.getBackend().getClass().getSimpleName().startsWith("Cpu")) {
                return false;
            }
            Class.forName("org.bytedeco.openblas.global.openblas_nolapack");
            float[] one = {1f};
            float[] out = new float[1];
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                    openblas_nolapack.CblasNoTrans, 1, 1, 1, 1f, one, 1, one, 1, 0f, out, 1);
            if (out[0] != 1f) {
                return false;
            }
            // The fused pass splits batches over its own threads; BLAS threads inside each product would compete
            // with them (and two threads per product barely pay off at these shapes).
            Nd4j.factory().blas().setMaxThreads(1);
            return true;
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            return false;
        }
    }

    /** @return whether ND4J runs on its CPU backend and its OpenBLAS can be called directly */
    public static boolean isAvailable() { return AVAILABLE; }

    /**
     * {@code c = op(a)·op(b) + beta·c}, row-major.
     * @param transA use aᵀ
     * @param transB use bᵀ
     * @param m rows of op(a) and c
     * @param n columns of op(b) and c
     * @param k columns of op(a), rows of op(b)
     * @param a left operand
     * @param lda row stride of a
     * @param b right operand
     * @param ldb row stride of b
     * @param beta scale of c's previous value (0 overwrites it)
     * @param c the result
     * @param ldc row stride of c
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int lda, float[] b, int ldb,
                            float beta, float[] c, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        long t = StepProfiler.start();
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
                transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                m, n, k, 1f, a, lda, b, ldb, beta, c, ldc);
        StepProfiler.stop(StepProfiler.Phase.GEMM, t);
    }

    /**
     * {@code y = op(a)·x}, row-major, a of m rows and n columns.
     * @param transA use aᵀ (then x has m entries and y has n)
     * @param m rows of a
     * @param n columns of a
     * @param a the matrix
     * @param x the vector
     * @param y the result (overwritten)
     */
    public static void gemv(boolean transA, int m, int n, float[] a, float[] x, float[] y) {
        if (m == 0 || n == 0) {
            return;
        }
        long t = StepProfiler.start();
        openblas_nolapack.cblas_sgemv(openblas_nolapack.CblasRowMajor,
                transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans, m, n, 1f, a, n, x, 1, 0f, y, 1);
        StepProfiler.stop(StepProfiler.Phase.GEMM, t);
    }
}
