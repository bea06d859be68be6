package dev.tribuoctr.ctr.data;

import dev.tribuoctr.ctr.data.SyntheticInterestDataSource.Split;
import dev.tribuoctr.ctr.eval.CtrMetrics;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The learnable synthetic world: its parts, its determinism, and that its probabilities generate its labels. */
class InterestWorldDataSourceTest {
    private static List<String> rows(InterestWorldDataSource source) {
        List<String> rows = new ArrayList<>();
        for (Example<Label> e : source) {
            StringBuilder sb = new StringBuilder(e.getOutput().getLabel());
            for (Feature f : e) {
                sb.append(' ').append(f.getName()).append('=').append(f.getValue());
            }
            rows.add(sb.toString());
        }
        return rows;
    }

    @Test
    void trainAndTestAreTheTwoEndsOfEachUsersTimeline() {
        List<String> all = rows(new InterestWorldDataSource(40, 200, 5L, Split.ALL));
        List<String> train = rows(new InterestWorldDataSource(40, 200, 5L, Split.TRAIN));
        List<String> test = rows(new InterestWorldDataSource(40, 200, 5L, Split.TEST));
        assertEquals(40 * 50, all.size());
        assertEquals(40 * 40, train.size());
        assertEquals(40 * 10, test.size());
        for (int u = 0; u < 40; u++) {
            assertEquals(all.subList(u * 50, u * 50 + 40), train.subList(u * 40, u * 40 + 40));
            assertEquals(all.subList(u * 50 + 40, u * 50 + 50), test.subList(u * 10, u * 10 + 10));
        }
        assertEquals(all, rows(new InterestWorldDataSource(40, 200, 5L, Split.ALL)), "same seed, same world");
        assertNotEquals(all, rows(new InterestWorldDataSource(40, 200, 6L, Split.ALL)));
    }

    /** The impression of a row: its features other than the history. */
    private static String withoutLabelAndHistory(String row) {
        StringBuilder sb = new StringBuilder();
        for (String token : row.substring(row.indexOf(' ') + 1).split(" ")) {
            if (!token.startsWith("hist_item@")) {
                sb.append(token).append(' ');
            }
        }
        return sb.toString();
    }

    @Test
    void labelNoiseFlipsRecordedClicksBeforeTheTestPartOnly() {
        List<String> clean = rows(new InterestWorldDataSource(100, 200, 5L, Split.ALL));
        assertEquals(clean, rows(new InterestWorldDataSource(100, 200, 0.0, 5L, Split.ALL)), "noise 0 is no noise");
        List<String> noisy = rows(new InterestWorldDataSource(100, 200, 0.3, 5L, Split.ALL));
        List<String> noisyTrain = rows(new InterestWorldDataSource(100, 200, 0.3, 5L, Split.TRAIN));
        List<String> noisyTest = rows(new InterestWorldDataSource(100, 200, 0.3, 5L, Split.TEST));
        List<String> cleanTest = rows(new InterestWorldDataSource(100, 200, 5L, Split.TEST));
        int flipped = 0;
        int before = 0;
        for (int u = 0; u < 100; u++) {
            assertEquals(noisy.subList(u * 50, u * 50 + 40), noisyTrain.subList(u * 40, u * 40 + 40),
                    "the split sources of one noisy world agree");
            for (int t = 0; t < 40; t++) {
                String a = clean.get(u * 50 + t);
                String b = noisy.get(u * 50 + t);
                assertEquals(withoutLabelAndHistory(a), withoutLabelAndHistory(b), "the same impressions");
                flipped += a.charAt(0) != b.charAt(0) ? 1 : 0;
                before++;
            }
        }
        double rate = flipped / (double) before;
        assertTrue(rate > 0.26 && rate < 0.34, "about 30% of the labels before the test part flip: " + rate);
        List<String> labelsNoisyTest = new ArrayList<>();
        List<String> labelsCleanTest = new ArrayList<>();
        for (int k = 0; k < cleanTest.size(); k++) {
            labelsNoisyTest.add(noisyTest.get(k).substring(0, 1));
            labelsCleanTest.add(cleanTest.get(k).substring(0, 1));
        }
        assertEquals(labelsCleanTest, labelsNoisyTest, "test labels are the drawn clicks");
        assertNotEquals(cleanTest, noisyTest, "test histories are built from the noisy log");
        assertThrows(IllegalArgumentException.class, () -> new InterestWorldDataSource(10, 50, 0.6, 1L, Split.ALL));
    }

    @Test
    void itemsRecurAndCategoriesFollowTheItem() {
        MutableDataset<Label> data = new MutableDataset<>(new InterestWorldDataSource(200, 300, 1L, Split.TRAIN));
        java.util.Map<String, Integer> shown = new java.util.HashMap<>();
        for (Example<Label> e : data) {
            String item = null;
            String cate = null;
            for (Feature f : e) {
                if (f.getName().startsWith("item@")) {
                    item = f.getName().substring(5);
                } else if (f.getName().startsWith("cate@")) {
                    cate = f.getName().substring(5);
                }
            }
            assertEquals(Integer.parseInt(item) % 20, Integer.parseInt(cate));
            shown.merge(item, 1, Integer::sum);
        }
        double mean = shown.values().stream().mapToInt(Integer::intValue).average().orElse(0);
        assertTrue(mean > 20, "each item is shown many times in training: " + mean);
    }

    @Test
    void theGeneratingProbabilitiesExplainTheLabels() {
        InterestWorldDataSource source = new InterestWorldDataSource(300, 1000, 2L, Split.ALL);
        double[] p = source.clickProbabilities();
        int[] labels = new int[p.length];
        int k = 0;
        for (Example<Label> e : source) {
            labels[k++] = "1".equals(e.getOutput().getLabel()) ? 1 : 0;
        }
        assertEquals(p.length, k);
        double expected = java.util.Arrays.stream(p).sum();
        double variance = java.util.Arrays.stream(p).map(q -> q * (1 - q)).sum();
        double clicks = java.util.Arrays.stream(labels).sum();
        assertTrue(Math.abs(clicks - expected) < 4 * Math.sqrt(variance), clicks + " clicks, expected " + expected);
        double auc = CtrMetrics.auc(p, labels);
        assertTrue(auc > 0.75, "the probabilities rank the clicks: " + auc);
        assertTrue(CtrMetrics.logLoss(p, labels) < CtrMetrics.logLoss(java.util.Arrays.stream(p).map(q -> 0.5)
                .toArray(), labels));
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new InterestWorldDataSource(0, 100, 1L, Split.ALL));
        assertThrows(IllegalArgumentException.class, () -> new InterestWorldDataSource(10, 5, 1L, Split.ALL));
    }
}
