package dev.tribuoctr.ctr.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The row-wise (sparse) table updates of {@link SparseRowOptimiser} against dense updates and against a plain-Java
 * reference of each rule: for SGD and Adagrad a sparse step equals the dense step with a gradient that is zero
 * outside the touched rows; for (lazy) Adam the touched rows follow Adam with the global step count in the bias
 * correction and untouched rows keep their values and moments; rows a step does not touch stay bit-identical, the
 * padding row 0 never changes (even when a gradient row addresses it), and the learning rate decays as
 * {@code lr · rate^(t / steps)}.
 */
class SparseRowOptimiserTest {
    private static final int ROWS = 9;
    private static final int DIM = 3;
    private static final double LR = 0.1;
    private static final double B1 = 0.9;
    private static final double B2 = 0.999;
    private static final double EPS = 1e-8;
    /** Rows touched by the two steps; each includes the padding row 0. */
    private static final int[][] STEP_ROWS = {{3, 0, 5}, {5, 7, 0, 2}};

    private static SparseRowOptimiser optimiser(OptimiserType type) {
        return new SparseRowOptimiser(type, LR, 1.0, 1000, B1, B2, EPS);
    }

    private static double[][] randomMatrix(SplittableRandom rng, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (double[] r : m) {
            for (int j = 0; j < cols; j++) {
                r[j] = 2 * rng.nextDouble() - 1;
            }
        }
        return m;
    }

    private static double[][] toArray(INDArray a) {
        return a.toDoubleMatrix();
    }

    @ParameterizedTest
    @EnumSource(OptimiserType.class)
    void sparseStepsMatchTheRuleRowByRow(OptimiserType type) {
        checkAgainstTheRule(type, DataType.DOUBLE, 1e-13, 1e-15);
    }

    /** Float32 tensors on the CPU backend take the bulk-copy path; it applies the same rule. */
    @ParameterizedTest
    @EnumSource(OptimiserType.class)
    void float32StepsMatchTheRuleRowByRow(OptimiserType type) {
        checkAgainstTheRule(type, DataType.FLOAT, 2e-6, 2e-6);
    }

    private static void checkAgainstTheRule(OptimiserType type, DataType dataType, double tol, double sparseDenseTol) {
        SplittableRandom rng = new SplittableRandom(5 + type.ordinal());
        double[][] table0 = randomMatrix(rng, ROWS, DIM);
        java.util.Arrays.fill(table0[0], 0.0);
        double[][] dense0 = randomMatrix(rng, 2, DIM);

        ParameterSet sparseParams = new ParameterSet().put("emb.t", Nd4j.create(table0).castTo(dataType))
                .put("pred.w", Nd4j.create(dense0).castTo(dataType));
        ParameterSet denseParams = new ParameterSet().put("emb.t", Nd4j.create(table0).castTo(dataType))
                .put("pred.w", Nd4j.create(dense0).castTo(dataType));
        SparseRowOptimiser sparse = optimiser(type);
        SparseRowOptimiser dense = optimiser(type);

        // Plain-Java reference: lazy per-row moments for tables, dense moments for the dense tensor.
        double[][] refTable = deepCopy(table0);
        double[][] refDense = deepCopy(dense0);
        double[][] mT = new double[ROWS][DIM];
        double[][] vT = new double[ROWS][DIM];
        double[][] mD = new double[2][DIM];
        double[][] vD = new double[2][DIM];

        for (int s = 0; s < STEP_ROWS.length; s++) {
            int[] rows = STEP_ROWS[s];
            double[][] gRows = randomMatrix(rng, rows.length, DIM);
            double[][] gDense = randomMatrix(rng, 2, DIM);
            double[][] gFull = new double[ROWS][DIM];
            for (int i = 0; i < rows.length; i++) {
                if (rows[i] != 0) {
                    gFull[rows[i]] = gRows[i].clone();
                }
            }
            double[][] before = toArray(sparseParams.get("emb.t"));

            if (dataType == DataType.FLOAT) {
                // the reference sees the gradients the optimiser sees
                gRows = toArray(Nd4j.create(gRows).castTo(DataType.FLOAT));
                gDense = toArray(Nd4j.create(gDense).castTo(DataType.FLOAT));
                gFull = toArray(Nd4j.create(gFull).castTo(DataType.FLOAT));
            }
            sparse.step(sparseParams, new ParameterSet().put("emb.t", Nd4j.create(gRows).castTo(dataType))
                    .put("pred.w", Nd4j.create(gDense).castTo(dataType)), Map.of("emb.t", rows));
            dense.step(denseParams, new ParameterSet().put("emb.t", Nd4j.create(gFull).castTo(dataType))
                    .put("pred.w", Nd4j.create(gDense).castTo(dataType)), Map.of());

            int t = s + 1;
            for (int i = 0; i < rows.length; i++) {
                if (rows[i] != 0) {
                    reference(type, refTable[rows[i]], gRows[i], mT[rows[i]], vT[rows[i]], t);
                }
            }
            for (int r = 0; r < 2; r++) {
                reference(type, refDense[r], gDense[r], mD[r], vD[r], t);
            }

            double[][] after = toArray(sparseParams.get("emb.t"));
            double[][] afterDense = toArray(denseParams.get("emb.t"));
            java.util.Set<Integer> touched = new java.util.HashSet<>();
            for (int r : rows) { touched.add(r); }
            for (int r = 0; r < ROWS; r++) {
                if (r == 0) {
                    assertArrayBitEquals(new double[DIM], after[0], type + ": the padding row changed at step " + t);
                } else if (!touched.contains(r)) {
                    assertArrayBitEquals(before[r], after[r], type + ": untouched row " + r + " changed at step " + t);
                } else {
                    assertArrayClose(refTable[r], after[r], tol, type + ": row " + r + " at step " + t);
                }
                if (type != OptimiserType.ADAM || t == 1) {
                    // SGD, Adagrad (and Adam on its first step, when every moment is zero): sparse = dense
                    // wherever the dense gradient is zero outside the rows (row 0 excluded: dense has no padding rule).
                    if (r != 0) {
                        assertArrayClose(afterDense[r], after[r], sparseDenseTol, type + ": sparse vs dense, row " + r + ", step " + t);
                    }
                }
            }
            double[][] denseTensor = toArray(sparseParams.get("pred.w"));
            for (int r = 0; r < 2; r++) {
                assertArrayClose(refDense[r], denseTensor[r], tol, type + ": dense tensor row " + r + " at step " + t);
            }
        }
        assertEquals(STEP_ROWS.length, sparse.steps());
    }

    /** One step of the rule on one row, in plain Java. */
    private static void reference(OptimiserType type, double[] p, double[] g, double[] m, double[] v, int t) {
        for (int j = 0; j < p.length; j++) {
            switch (type) {
                case SGD -> p[j] -= LR * g[j];
                case ADAGRAD -> {
                    v[j] += g[j] * g[j];
                    p[j] -= LR * g[j] / (Math.sqrt(v[j]) + EPS);
                }
                case ADAM -> {
                    m[j] = B1 * m[j] + (1 - B1) * g[j];
                    v[j] = B2 * v[j] + (1 - B2) * g[j] * g[j];
                    double mHat = m[j] / (1 - Math.pow(B1, t));
                    double vHat = v[j] / (1 - Math.pow(B2, t));
                    p[j] -= LR * mHat / (Math.sqrt(vHat) + EPS);
                }
                default -> throw new AssertionError(type);
            }
        }
    }

    @Test
    void lazyAdamLeavesUntouchedRowsAndTheirMomentsAlone() {
        // Row 4 is touched at step 1 only; at step 2 (not touched) it must not move, although its moment is non-zero.
        ParameterSet p = new ParameterSet().put("emb.t", Nd4j.create(randomMatrix(new SplittableRandom(3), ROWS, DIM)));
        SparseRowOptimiser adam = optimiser(OptimiserType.ADAM);
        adam.step(p, new ParameterSet().put("emb.t", Nd4j.create(new double[][]{{1, 2, 3}})), Map.of("emb.t", new int[]{4}));
        double[] row4 = toArray(p.get("emb.t"))[4];
        adam.step(p, new ParameterSet().put("emb.t", Nd4j.create(new double[][]{{1, 1, 1}})), Map.of("emb.t", new int[]{6}));
        assertArrayBitEquals(row4, toArray(p.get("emb.t"))[4], "lazy Adam moved an untouched row");
        // When row 4 comes back, its first moment from step 1 still counts (decayed once, not twice).
        double[] m = {0.1, 0.2, 0.3};
        double[] v = {0.001, 0.004, 0.009};
        double[] expected = row4.clone();
        reference(OptimiserType.ADAM, expected, new double[]{-1, 0.5, 2}, m, v, 3);
        adam.step(p, new ParameterSet().put("emb.t", Nd4j.create(new double[][]{{-1, 0.5, 2}})), Map.of("emb.t", new int[]{4}));
        assertArrayClose(expected, toArray(p.get("emb.t"))[4], 1e-13, "lazy Adam on a returning row");
    }

    @Test
    void learningRateDecaysExponentially() {
        double rate = 0.5;
        int every = 4;
        SparseRowOptimiser sgd = new SparseRowOptimiser(OptimiserType.SGD, LR, rate, every, B1, B2, EPS);
        ParameterSet p = new ParameterSet().put("pred.w", Nd4j.zeros(DataType.DOUBLE, 1, 1));
        double expectedValue = 0;
        for (int t = 0; t < 10; t++) {
            double lr = LR * Math.pow(rate, (double) t / every);
            assertEquals(lr, sgd.currentLearningRate(), 1e-15, "learning rate before step " + (t + 1));
            sgd.step(p, new ParameterSet().put("pred.w", Nd4j.ones(DataType.DOUBLE, 1, 1)), Map.of());
            expectedValue -= lr;
            assertEquals(expectedValue, p.get("pred.w").getDouble(0), 1e-14, "the step used lr_t at step " + (t + 1));
        }
        assertEquals(LR * Math.pow(rate, 10.0 / every), sgd.currentLearningRate(), 1e-15);
        // No decay with rate 1.
        SparseRowOptimiser flat = optimiser(OptimiserType.SGD);
        for (int t = 0; t < 3; t++) {
            flat.step(p, new ParameterSet().put("pred.w", Nd4j.ones(DataType.DOUBLE, 1, 1)), Map.of());
        }
        assertEquals(LR, flat.currentLearningRate(), 0.0);
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SparseRowOptimiser(OptimiserType.SGD, 0, 1, 1, B1, B2, EPS));
        assertThrows(IllegalArgumentException.class, () -> new SparseRowOptimiser(OptimiserType.SGD, LR, 1.5, 1, B1, B2, EPS));
        assertThrows(IllegalArgumentException.class, () -> new SparseRowOptimiser(OptimiserType.ADAM, LR, 1, 0, B1, B2, EPS));
        assertThrows(IllegalArgumentException.class, () -> new SparseRowOptimiser(OptimiserType.ADAM, LR, 1, 1, 1.0, B2, EPS));
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) { c[i] = a[i].clone(); }
        return c;
    }

    private static void assertArrayBitEquals(double[] want, double[] got, String msg) {
        for (int j = 0; j < want.length; j++) {
            if (Double.doubleToLongBits(want[j]) != Double.doubleToLongBits(got[j])) {
                throw new AssertionError(msg + ": element " + j + " " + want[j] + " vs " + got[j]);
            }
        }
    }

    private static void assertArrayClose(double[] want, double[] got, double tol, String msg) {
        for (int j = 0; j < want.length; j++) {
            if (!(Math.abs(want[j] - got[j]) <= tol * Math.max(1.0, Math.abs(want[j])))) {
                throw new AssertionError(msg + ": element " + j + " " + want[j] + " vs " + got[j]);
            }
        }
    }
}
