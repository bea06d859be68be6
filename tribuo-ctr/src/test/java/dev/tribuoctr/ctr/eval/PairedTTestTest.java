package dev.tribuoctr.ctr.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The paired t-test against the printed tables of Student's t and a worked example. */
class PairedTTestTest {
    @Test
    void theCriticalValuesOfTheTablesGiveP005() {
        // Two-sided 5% critical values of Student's t (any statistics table).
        double[][] table = {{1, 12.706}, {2, 4.303}, {3, 3.182}, {4, 2.776}, {5, 2.571}, {9, 2.262}, {29, 2.045},
            {1e7, 1.960}};
        for (double[] row : table) {
            assertEquals(0.05, PairedTTest.twoSidedP(row[1], row[0]), 2e-4, "df " + row[0]);
            assertEquals(row[1], PairedTTest.quantile975(row[0]), 1e-3, "df " + row[0]);
        }
        assertEquals(1.0, PairedTTest.twoSidedP(0, 4), 1e-12);
        assertEquals(0.5, PairedTTest.twoSidedP(1, 1), 1e-12, "Cauchy: P(|T| >= 1) = 1/2");
        assertEquals(Math.log(24), PairedTTest.logGamma(5), 1e-12);
        assertEquals(0.5 * Math.log(Math.PI), PairedTTest.logGamma(0.5), 1e-12);
    }

    @Test
    void aWorkedPairedExample() {
        double[] a = {0.80, 0.82, 0.79, 0.81, 0.83};
        double[] b = {0.78, 0.80, 0.78, 0.80, 0.80};
        // differences 0.02, 0.02, 0.01, 0.01, 0.03: mean 0.018, sd sqrt(0.00007) = 0.0083666
        PairedTTest test = PairedTTest.of(a, b);
        assertEquals(5, test.n());
        assertEquals(0.018, test.meanDifference(), 1e-12);
        assertEquals(Math.sqrt(0.00007), test.standardDeviation(), 1e-12);
        double se = Math.sqrt(0.00007) / Math.sqrt(5);
        assertEquals(0.018 / se, test.t(), 1e-9);
        assertEquals(0.018 - 2.776445 * se, test.low(), 1e-6);
        assertEquals(0.018 + 2.776445 * se, test.high(), 1e-6);
        assertTrue(test.p() < 0.05 && test.p() > 0.001, "t = 4.81 on 4 df: p about 0.0086, got " + test.p());
        assertEquals(0.0086, test.p(), 5e-4);
        PairedTTest same = PairedTTest.of(a, a);
        assertEquals(1.0, same.p());
        assertThrows(IllegalArgumentException.class, () -> PairedTTest.of(new double[]{1}, new double[]{1}));
    }
}
