package dev.tribuoctr.ctr.data;

import dev.tribuoctr.ctr.data.LeaveLastOutProtocol.Split;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Optional: loads MovieLens 100K from {@code -Dctr.data.dir=<folder holding ml-100k>} and checks the counts of
 * the leave-last-out protocol (943 users, 100,000 - 2 * 943 = 98,114 training positives, 943 validation and 943
 * test positives, one negative each). Skipped without the property or the folder.
 */
class MovieLens100KRealDataTest {
    @Test
    void ml100kCounts() {
        String root = System.getProperty("ctr.data.dir");
        assumeTrue(root != null && !root.isBlank(), "ctr.data.dir not set");
        Path dir = Path.of(root, "ml-100k");
        assumeTrue(Files.isRegularFile(dir.resolve("u.data")), "no ml-100k in " + root);
        long start = System.nanoTime();
        MovieLensDataSource train = new MovieLensDataSource(dir, true, 50, 1L, Split.TRAIN);
        MutableDataset<Label> trainSet = new MutableDataset<>(train);
        MutableDataset<Label> validSet = new MutableDataset<>(new MovieLensDataSource(dir, true, 50, 1L, Split.VALIDATION));
        MutableDataset<Label> testSet = new MutableDataset<>(new MovieLensDataSource(dir, true, 50, 1L, Split.TEST));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(943, train.protocol().numUsers());
        assertEquals(0, train.protocol().numSkippedUsers());
        long trainPositives = train.protocol().numPositives(Split.TRAIN);
        assertEquals(100_000 - 2 * 943, trainPositives);
        assertEquals(2 * trainPositives, trainSet.size());
        assertEquals(2 * 943, validSet.size());
        assertEquals(2 * 943, testSet.size());
        assertEquals(trainPositives, count(trainSet, "1"));
        assertEquals(943, count(testSet, "1"));
        assertEquals("06416E597F82B7342361E41163890C81036900F418AD91315590814211DCA490",
                ((ConfiguredSourceProvenance) train.getProvenance()).fileHash("u.data").toUpperCase(java.util.Locale.ROOT));
        assertTrue(trainSet.getFeatureMap().size() > 1682);
        System.out.printf("ML-100K: %d users, train %d positives (%d examples), validation %d, test %d examples, "
                        + "%d features; three splits loaded in %.2f s%n", train.protocol().numUsers(), trainPositives,
                trainSet.size(), validSet.size(), testSet.size(), trainSet.getFeatureMap().size(), seconds);
    }

    private static long count(MutableDataset<Label> ds, String label) {
        long n = 0;
        for (Example<Label> e : ds) {
            if (e.getOutput().getLabel().equals(label)) {
                n++;
            }
        }
        return n;
    }
}
