package dev.tribuoctr.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tribuoctr.ctr.data.ClickLogDataSource;
import dev.tribuoctr.ctr.data.DataFiles;
import dev.tribuoctr.ctr.data.LeaveLastOutProtocol.Split;
import dev.tribuoctr.ctr.data.MovieLensDataSource;
import dev.tribuoctr.ctr.data.TaobaoUserBehaviorDataSource;
import dev.tribuoctr.ctr.encoding.CtrFeatureLayout;
import dev.tribuoctr.ctr.encoding.CtrSchema;
import dev.tribuoctr.ctr.encoding.Vocabulary;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spark job against the single-machine protocol on the same generated files: every split instance by instance
 * (targets, labels, negatives, categories, histories), the training vocabularies and the provenance.
 */
class SparkLeaveLastOutTest {
    private static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.get();
    }

    @Test
    void taobaoMatchesTheSingleMachineProtocol() throws IOException {
        Path file = dir.resolve("UserBehavior.csv");
        ClickFiles.taobao(file, 3000, 11L);
        int maxHistory = 5;
        long seed = 42L;
        String out = dir.resolve("out").toString();
        Map<String, Long> counts = new SparkLeaveLastOut(maxHistory, seed, 2, 0)
                .run(spark, new TaobaoFormat(file.toString()), out);

        TaobaoUserBehaviorDataSource test = null;
        for (Split split : Split.values()) {
            TaobaoUserBehaviorDataSource source = new TaobaoUserBehaviorDataSource(file, 0, maxHistory, seed, split);
            assertSameInstances(source, out, split);
            test = source;
        }
        assertEquals(test.protocol().numSkippedUsers(), counts.get("usersSkipped"));
        assertTrue(counts.get("usersSkipped") >= 2, "the generated users with too few clicks are skipped");
        assertSameVocabularies(new TaobaoUserBehaviorDataSource(file, 0, maxHistory, seed, Split.TRAIN), maxHistory,
                2, out);

        JsonNode provenance = new ObjectMapper().readTree(dir.resolve("out/provenance.json").toFile());
        assertEquals(DataFiles.sha256(file), provenance.at("/inputs/0/sha256").asText());
        assertEquals(Files.size(file), provenance.at("/inputs/0/bytes").asLong());
        assertEquals(seed, provenance.at("/settings/seed").asLong());
        assertEquals(counts.get("clicks"), provenance.at("/counts/clicks").asLong());
    }

    @Test
    void movieLensMatchesTheSingleMachineProtocolAndTheSeedMatters() throws IOException {
        ClickFiles.movieLens(dir, 2000, 5L);
        int maxHistory = 3;
        String out = dir.resolve("out").toString();
        new SparkLeaveLastOut(maxHistory, 7L, 1, 0).run(spark, new MovieLens100kFormat(dir), out);
        for (Split split : Split.values()) {
            assertSameInstances(new MovieLensDataSource(dir, false, maxHistory, 7L, split), out, split);
        }
        assertSameVocabularies(new MovieLensDataSource(dir, false, maxHistory, 7L, Split.TRAIN), maxHistory, 1, out);
        // Another seed draws other negatives: the comparison above would see a wrong seed.
        List<String> other = singleMachine(new MovieLensDataSource(dir, false, maxHistory, 8L, Split.TRAIN));
        assertTrue(!other.equals(spark(out, Split.TRAIN)));
    }

    static void assertSameInstances(ClickLogDataSource source, String out, Split split) {
        List<String> expected = singleMachine(source);
        List<String> actual = spark(out, split);
        assertTrue(expected.size() > 10, "enough instances to compare");
        assertTrue(expected.stream().anyMatch(s -> s.startsWith("0|")), "negatives present");
        assertEquals(expected.size(), actual.size(), split + " size");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), split + " instance " + i);
        }
    }

    /** The instances of a source as {@code label|item|category|user|history}, history most recent first. */
    static List<String> singleMachine(ClickLogDataSource source) {
        List<String> rows = new ArrayList<>();
        for (Example<Label> example : source) {
            String item = "";
            String category = "";
            String user = "";
            TreeMap<Double, String> history = new TreeMap<>();
            for (Feature f : example) {
                String name = f.getName();
                String value = name.substring(name.indexOf('@') + 1);
                switch (name.substring(0, name.indexOf('@'))) {
                    case "item" -> item = value;
                    case "cate" -> category = value;
                    case "user" -> user = value;
                    case "hist_item" -> history.put(f.getValue(), value);
                    default -> throw new AssertionError("unexpected feature " + name);
                }
            }
            rows.add(example.getOutput().getLabel() + "|" + item + "|" + category + "|" + user + "|"
                    + String.join(",", history.values()));
        }
        return rows;
    }

    static List<String> spark(String out, Split split) {
        List<String> rows = new ArrayList<>();
        for (Row r : SparkTestSession.get().read().parquet(out + "/instances").where(col("split").equalTo(split.name()))
                .orderBy(col("user_code"), col("position"), col("label").desc()).collectAsList()) {
            String category = r.isNullAt(r.fieldIndex("category")) ? "" : r.getAs("category");
            rows.add(r.<Integer>getAs("label") + "|" + r.getAs("item") + "|" + category + "|" + r.getAs("user") + "|"
                    + String.join(",", r.<String>getList(r.fieldIndex("history"))));
        }
        return rows;
    }

    private static void assertSameVocabularies(ClickLogDataSource train, int maxHistory, int minCount, String out) {
        CtrSchema schema = new CtrSchema("item", List.of("cate"), "hist_item", maxHistory, List.of("user"), List.of(),
                minCount);
        CtrFeatureLayout layout = train.dataset().buildLayout(schema, null);
        assertVocabulary(layout.itemVocabulary(), out);
        assertVocabulary(layout.attributeVocabulary(0), out);
        assertVocabulary(layout.contextVocabulary(0), out);
    }

    private static void assertVocabulary(Vocabulary expected, String out) {
        List<String> lines = spark.read().textFile(out + "/vocabularies/" + expected.name()).collectAsList();
        assertTrue(expected.values().size() > 3, expected.name() + " has values");
        assertEquals(expected.values(), lines, expected.name());
    }
}
