package dev.tribuoctr.ctr.data;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.util.Pair;
import dev.tribuoctr.ctr.data.SyntheticInterestDataSource.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.provenance.DataSourceProvenance;
import org.tribuo.provenance.DatasetProvenance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tests {@link SyntheticInterestDataSource} against design §5.4 (docs/design/protocols.md).
 */
public class SyntheticInterestDataSourceTest {

    /** One instance read back from its features. */
    private static final class Instance {
        int user = -1;
        int item = -1;
        int category = -1;
        boolean click;
        final Map<Integer, Integer> historyRankToItem = new TreeMap<>();
    }

    private static Instance parse(Example<Label> example) {
        Instance instance = new Instance();
        instance.click = example.getOutput().getLabel().equals("1");
        assertTrue(instance.click || example.getOutput().getLabel().equals("0"));
        int features = 0;
        for (Feature f : example) {
            features++;
            String[] parts = f.getName().split("@");
            assertEquals(2, parts.length, f.getName());
            int id = Integer.parseInt(parts[1]);
            switch (parts[0]) {
                case "user": instance.user = id; assertEquals(1.0, f.getValue()); break;
                case "item": instance.item = id; assertEquals(1.0, f.getValue()); break;
                case "cate": instance.category = id; assertEquals(1.0, f.getValue()); break;
                case "hist_item":
                    Integer previous = instance.historyRankToItem.put((int) f.getValue(), id);
                    assertEquals(null, previous, "duplicate rank");
                    assertEquals(Math.rint(f.getValue()), f.getValue());
                    break;
                default: throw new AssertionError("unexpected feature " + f.getName());
            }
        }
        assertTrue(instance.user >= 0 && instance.item >= 0 && instance.category >= 0);
        assertEquals(3 + instance.historyRankToItem.size(), features);
        return instance;
    }

    private static List<Instance> parseAll(Iterable<Example<Label>> source) {
        List<Instance> list = new ArrayList<>();
        for (Example<Label> example : source) {
            list.add(parse(example));
        }
        return list;
    }

    private static List<String> render(Iterable<Example<Label>> source) {
        List<String> list = new ArrayList<>();
        for (Example<Label> example : source) {
            StringBuilder sb = new StringBuilder(example.getOutput().getLabel());
            for (Feature f : example) {
                sb.append(' ').append(f.getName()).append('=').append(f.getValue());
            }
            list.add(sb.toString());
        }
        return list;
    }

    @Test
    public void sizesAndSplits() {
        List<Instance> all = parseAll(new SyntheticInterestDataSource(7L, Split.ALL));
        List<Instance> train = parseAll(new SyntheticInterestDataSource(7L, Split.TRAIN));
        List<Instance> test = parseAll(new SyntheticInterestDataSource(7L, Split.TEST));
        assertEquals(10000, all.size());
        assertEquals(8000, train.size());
        assertEquals(2000, test.size());
        // examples come user by user; TRAIN + TEST of each user is that user's whole timeline
        List<String> allRendered = render(new SyntheticInterestDataSource(7L, Split.ALL));
        List<String> trainRendered = render(new SyntheticInterestDataSource(7L, Split.TRAIN));
        List<String> testRendered = render(new SyntheticInterestDataSource(7L, Split.TEST));
        for (int user = 0; user < 100; user++) {
            for (int t = 0; t < 100; t++) {
                Instance instance = all.get(user * 100 + t);
                assertEquals(user, instance.user);
                String expected = allRendered.get(user * 100 + t);
                String actual = t < 80 ? trainRendered.get(user * 80 + t) : testRendered.get(user * 20 + t - 80);
                assertEquals(expected, actual, "user " + user + " position " + t);
            }
        }
    }

    @Test
    public void itemsGroupsAndHistories() {
        List<Instance> all = parseAll(new SyntheticInterestDataSource(11L, Split.ALL));
        for (int user = 0; user < 100; user++) {
            Set<Integer> items = new HashSet<>();
            int inGroup = 0;
            for (int t = 0; t < 100; t++) {
                Instance instance = all.get(user * 100 + t);
                assertEquals(instance.item % 10, instance.category, "category is the item's group");
                assertTrue(instance.item >= 0 && instance.item < 10000);
                assertTrue(items.add(instance.item), "items are distinct per user");
                if (instance.item % 10 == user % 10) {
                    inGroup++;
                }
                // brute force: the clicked items before t, most recent first, at most 20
                List<Integer> expected = new ArrayList<>();
                for (int s = t - 1; s >= 0 && expected.size() < 20; s--) {
                    if (all.get(user * 100 + s).click) {
                        expected.add(all.get(user * 100 + s).item);
                    }
                }
                List<Integer> ranks = new ArrayList<>(instance.historyRankToItem.keySet());
                assertTrue(ranks.size() <= 20);
                for (int r = 0; r < ranks.size(); r++) {
                    assertEquals(r + 1, ranks.get(r), "ranks are 1..n contiguous");
                }
                assertEquals(expected, new ArrayList<>(instance.historyRankToItem.values()),
                        "user " + user + " position " + t);
            }
            assertEquals(50, inGroup, "user " + user + " in-group items");
        }
    }

    @Test
    public void clickRates() {
        List<Instance> all = parseAll(new SyntheticInterestDataSource(3L, Split.ALL));
        int inClicks = 0;
        int inCount = 0;
        int outClicks = 0;
        int outCount = 0;
        for (Instance instance : all) {
            if (instance.category == instance.user % 10) {
                inCount++;
                inClicks += instance.click ? 1 : 0;
            } else {
                outCount++;
                outClicks += instance.click ? 1 : 0;
            }
        }
        assertEquals(5000, inCount);
        assertEquals(5000, outCount);
        // standard deviations about 0.007 and 0.006: bounds of more than 5 sigma
        assertEquals(0.5, inClicks / (double) inCount, 0.04);
        assertEquals(0.2, outClicks / (double) outCount, 0.03);
    }

    @Test
    public void deterministicPerSeed() {
        assertEquals(render(new SyntheticInterestDataSource(5L, Split.ALL)),
                render(new SyntheticInterestDataSource(5L, Split.ALL)));
        assertNotEquals(render(new SyntheticInterestDataSource(5L, Split.ALL)),
                render(new SyntheticInterestDataSource(6L, Split.ALL)));
        Pair<MutableDataset<Label>, MutableDataset<Label>> pair = SyntheticInterestDataSource.trainTest(5L);
        assertEquals(render(new SyntheticInterestDataSource(5L, Split.TRAIN)), render(pair.getA()));
        assertEquals(render(new SyntheticInterestDataSource(5L, Split.TEST)), render(pair.getB()));
    }

    @Test
    public void smallWorldHistoryIsTruncated() {
        // 2 users, 3 groups, 3 + 3 items each, all clicked, history at most 2, test count round(6 * 0.25) = 2
        SyntheticInterestDataSource source = new SyntheticInterestDataSource(2, 30, 3, 3, 3, 1.0, 1.0, 2, 0.25,
                9L, Split.TRAIN);
        List<Instance> train = parseAll(source);
        assertEquals(8, train.size());
        for (int t = 0; t < 4; t++) {
            assertEquals(Math.min(t, 2), train.get(t).historyRankToItem.size());
        }
        assertEquals(train.get(0).item, train.get(2).historyRankToItem.get(2));
        assertEquals(train.get(1).item, train.get(2).historyRankToItem.get(1));
    }

    @Test
    public void provenanceRecordsSettingsAndRoundTrips() {
        SyntheticInterestDataSource source = new SyntheticInterestDataSource(1234L, Split.TEST);
        DataSourceProvenance provenance = source.getProvenance();
        ConfiguredSourceProvenance configured =
                (ConfiguredSourceProvenance) provenance;
        Map<String, Provenance> parameters = configured.getConfiguredParameters();
        assertEquals(1234L, ((PrimitiveProvenance<?>) parameters.get("seed")).getValue());
        assertEquals("TEST", ((PrimitiveProvenance<?>) parameters.get("split")).getValue().toString());
        assertEquals(10000, ((PrimitiveProvenance<?>) parameters.get("numItems")).getValue());
        assertEquals(0.2, ((PrimitiveProvenance<?>) parameters.get("outGroupClickRate")).getValue());
        for (String field : new String[]{"numUsers", "numGroups", "itemsPerUserInGroup", "itemsPerUserOutOfGroup",
                "inGroupClickRate", "maxHistory", "testFraction"}) {
            assertTrue(parameters.containsKey(field), field);
        }
        ObjectProvenance back = ProvenanceUtil.unmarshalProvenance(ProvenanceUtil.marshalProvenance(provenance));
        assertEquals(provenance, back);
        assertNotEquals(provenance, new SyntheticInterestDataSource(1235L, Split.TEST).getProvenance());

        DatasetProvenance datasetProvenance = new MutableDataset<>(source).getProvenance();
        assertEquals(datasetProvenance,
                ProvenanceUtil.unmarshalProvenance(ProvenanceUtil.marshalProvenance(datasetProvenance)));
    }

    @Test
    public void constructorRejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> create(-1, 10000, 10, 50, 50, 0.5, 0.2, 20, 0.2));
        assertThrows(IllegalArgumentException.class, () -> create(100, 10000, 0, 50, 50, 0.5, 0.2, 20, 0.2));
        assertThrows(IllegalArgumentException.class, () -> create(100, 10000, 10, -5, 50, 0.5, 0.2, 20, 0.2));
        assertThrows(IllegalArgumentException.class, () -> create(100, 10000, 10, 1001, 50, 0.5, 0.2, 20, 0.2));
        assertThrows(IllegalArgumentException.class, () -> create(100, 10000, 10, 50, 9001, 0.5, 0.2, 20, 0.2));
        assertThrows(IllegalArgumentException.class, () -> create(100, 10000, 10, 50, 50, 1.5, 0.2, 20, 0.2));
        assertThrows(IllegalArgumentException.class, () -> create(100, 10000, 10, 50, 50, 0.5, -0.1, 20, 0.2));
        assertThrows(IllegalArgumentException.class, () -> create(100, 10000, 10, 50, 50, 0.5, 0.2, -1, 0.2));
        assertThrows(IllegalArgumentException.class, () -> create(100, 10000, 10, 50, 50, 0.5, 0.2, 20, 1.2));
        assertThrows(IllegalArgumentException.class, () -> create(100, 10000, 10, 0, 0, 0.5, 0.2, 20, 0.2));
        // the largest valid draws work: 1000 items per group, 9000 outside
        assertEquals(2 * 10000, parseAll(create(2, 10000, 10, 1000, 9000, 0.5, 0.2, 20, 0.2)).size());
    }

    private static SyntheticInterestDataSource create(int users, int items, int groups, int in, int out,
                                                      double inRate, double outRate, int history, double test) {
        return new SyntheticInterestDataSource(users, items, groups, in, out, inRate, outRate, history, test, 1L,
                Split.ALL);
    }

    private static Path writeConfig(Path dir, String properties) throws IOException {
        Path file = dir.resolve("config.xml");
        Files.writeString(file, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<config>\n"
                + "  <component name=\"source\" type=\"" + SyntheticInterestDataSource.class.getName() + "\">\n"
                + properties + "  </component>\n</config>\n");
        return file;
    }

    @Test
    public void configuredThroughOlcut(@TempDir Path dir) throws IOException {
        Path file = writeConfig(dir, "    <property name=\"seed\" value=\"42\"/>\n"
                + "    <property name=\"split\" value=\"TEST\"/>\n");
        ConfigurationManager cm = new ConfigurationManager(file.toString());
        SyntheticInterestDataSource source = (SyntheticInterestDataSource) cm.lookup("source");
        assertEquals(render(new SyntheticInterestDataSource(42L, Split.TEST)), render(source));
        cm.close();
    }

    @Test
    public void postConfigRejectsBadSettings(@TempDir Path dir) throws IOException {
        Path file = writeConfig(dir, "    <property name=\"outGroupClickRate\" value=\"1.5\"/>\n");
        ConfigurationManager cm = new ConfigurationManager(file.toString());
        PropertyException e = assertThrows(PropertyException.class, () -> cm.lookup("source"));
        assertEquals("outGroupClickRate", e.getProperty());
        assertFalse(e.getMessage().isEmpty());
        cm.close();
    }
}
