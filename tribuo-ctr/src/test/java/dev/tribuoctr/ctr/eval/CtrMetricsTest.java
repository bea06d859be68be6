package dev.tribuoctr.ctr.eval;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tests {@link CtrMetrics} against hand values and a brute-force pairwise AUC.
 */
public class CtrMetricsTest {

    /** Independent O(n^2) AUC: 1 per correctly ordered (positive, negative) pair, 1/2 per tie. */
    private static double bruteForceAuc(double[] scores, int[] labels) {
        double credit = 0.0;
        long pairs = 0;
        for (int i = 0; i < scores.length; i++) {
            if (labels[i] != 1) {
                continue;
            }
            for (int j = 0; j < scores.length; j++) {
                if (labels[j] != 0) {
                    continue;
                }
                pairs++;
                if (scores[i] > scores[j]) {
                    credit += 1.0;
                } else if (scores[i] == scores[j]) {
                    credit += 0.5;
                }
            }
        }
        return credit / pairs;
    }

    @Test
    public void aucMatchesBruteForceWithManyTies() {
        Random rng = new Random(42);
        for (int trial = 0; trial < 50; trial++) {
            int n = 2 + rng.nextInt(300);
            int levels = 1 + rng.nextInt(8);
            double[] scores = new double[n];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                scores[i] = rng.nextInt(levels) / (double) levels;
                labels[i] = rng.nextDouble() < 0.3 ? 1 : 0;
            }
            labels[0] = 1;
            labels[1] = 0;
            assertEquals(bruteForceAuc(scores, labels), CtrMetrics.auc(scores, labels), 1e-12, "trial " + trial);
        }
    }

    @Test
    public void aucKnownCases() {
        int[] labels = {0, 1, 0, 1, 1};
        assertEquals(1.0, CtrMetrics.auc(new double[]{0.1, 0.9, 0.2, 0.8, 0.7}, labels), 0.0);
        assertEquals(0.0, CtrMetrics.auc(new double[]{0.9, 0.1, 0.8, 0.2, 0.3}, labels), 0.0);
        assertEquals(0.5, CtrMetrics.auc(new double[]{0.4, 0.4, 0.4, 0.4, 0.4}, labels), 0.0);
        // pairs (0.35,0.1)=1, (0.35,0.4)=0, (0.8,*)=2: 3 of 4
        assertEquals(0.75, CtrMetrics.auc(new double[]{0.1, 0.4, 0.35, 0.8}, new int[]{0, 0, 1, 1}), 0.0);
        // pairs (0.5,0.5)=1/2, (0.5,0.2)=1, (0.9,*)=2: 3.5 of 4
        assertEquals(0.875, CtrMetrics.auc(new double[]{0.5, 0.5, 0.2, 0.9}, new int[]{1, 0, 0, 1}), 0.0);
    }

    @Test
    public void logLossHandValues() {
        // -(ln 0.9 + ln 0.8) / 2
        assertEquals(0.164252033486018, CtrMetrics.logLoss(new double[]{0.9, 0.2}, new int[]{1, 0}), 1e-12);
        // clipped: -ln(1e-15) = 34.538776394910684
        assertEquals(34.538776394910684, CtrMetrics.logLoss(new double[]{0.0}, new int[]{1}), 1e-9);
        // 1 - 1e-15 rounds to 1 - 9 ulps = 1 - 9.99e-16 in double, so this side differs in the fourth decimal
        assertEquals(34.538776394910684, CtrMetrics.logLoss(new double[]{1.0}, new int[]{0}), 1e-3);
        assertEquals(0.0, CtrMetrics.logLoss(new double[]{1.0, 0.0}, new int[]{1, 0}), 1e-14);
        assertEquals(Math.log(2), CtrMetrics.logLoss(new double[]{0.5, 0.5, 0.5}, new int[]{1, 0, 1}), 1e-15);
    }

    @Test
    public void gaucWeightsUsersAndSkipsOneClassUsers() {
        // user a: scores 0.9(1) 0.1(0) 0.5(0) -> AUC 1, weight 3
        // user b: 0.2(1) 0.8(0) 0.3(0) 0.6(1) -> only (0.6,0.3) ordered: AUC 1/4, weight 4
        // user c: all clicked -> skipped
        String[] groups = {"a", "b", "c", "a", "b", "b", "a", "c", "b"};
        double[] scores = {0.9, 0.2, 0.7, 0.1, 0.8, 0.3, 0.5, 0.7, 0.6};
        int[] labels = {1, 1, 1, 0, 0, 0, 0, 1, 1};
        assertEquals((3 * 1.0 + 4 * 0.25) / 7, CtrMetrics.gauc(scores, labels, groups), 1e-15);
        // groups may be any objects
        Integer[] intGroups = {1, 2, 3, 1, 2, 2, 1, 3, 2};
        assertEquals(4.0 / 7, CtrMetrics.gauc(scores, labels, intGroups), 1e-15);
    }

    @Test
    public void gaucIsNaNWhenEveryUserHasOneClass() {
        double gauc = CtrMetrics.gauc(new double[]{0.1, 0.2, 0.3}, new int[]{1, 1, 0}, new String[]{"a", "a", "b"});
        assertTrue(Double.isNaN(gauc));
    }

    @Test
    public void imprHandValues() {
        assertEquals(25.0, CtrMetrics.impr(0.75, 0.7), 1e-12);
        assertEquals(-50.0, CtrMetrics.impr(0.6, 0.7), 1e-12);
        assertEquals(0.0, CtrMetrics.impr(0.7, 0.7), 0.0);
        assertThrows(IllegalArgumentException.class, () -> CtrMetrics.impr(0.7, 0.5));
        assertThrows(IllegalArgumentException.class, () -> CtrMetrics.impr(Double.NaN, 0.7));
    }

    @Test
    public void errorCases() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CtrMetrics.auc(new double[]{0.1, 0.2}, new int[]{1}));
        assertTrue(e.getMessage().contains("2 entries"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CtrMetrics.auc(new double[0], new int[0]));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CtrMetrics.auc(new double[]{0.1, 0.2}, new int[]{1, 2}));
        assertTrue(e.getMessage().contains("labels[1] = 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CtrMetrics.auc(new double[]{0.1, 0.2}, new int[]{0, 0}));
        assertTrue(e.getMessage().contains("no positives"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CtrMetrics.auc(new double[]{0.1, 0.2}, new int[]{1, 1}));
        assertTrue(e.getMessage().contains("no negatives"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CtrMetrics.auc(new double[]{Double.NaN, 0.2}, new int[]{1, 0}));
        assertTrue(e.getMessage().contains("scores[0] is NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CtrMetrics.logLoss(new double[]{0.5, 1.5}, new int[]{1, 0}));
        assertTrue(e.getMessage().contains("probabilities[1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> CtrMetrics.logLoss(new double[]{0.5}, new int[]{-1}));
        assertThrows(IllegalArgumentException.class,
                () -> CtrMetrics.gauc(new double[]{0.1, 0.2}, new int[]{1, 0}, new String[]{"a"}));
        e = assertThrows(IllegalArgumentException.class,
                () -> CtrMetrics.gauc(new double[]{0.1, 0.2}, new int[]{1, 0}, new String[]{"a", null}));
        assertTrue(e.getMessage().contains("groups[1]"), e.getMessage());
    }
}
