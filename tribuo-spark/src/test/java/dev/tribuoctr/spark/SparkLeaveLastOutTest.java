package dev.tribuoctr.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tribuoctr.ctr.data.ClickLogDataSource;
import dev.tribuoctr.ctr.data.DataFiles;
import dev.tribuoctr.ctr.data.LeaveLastOutProtocol.Split;
import dev.tribuoctr.ctr.data.MovieLensDataSource;
import dev.tribuoctr.ctr.data.ProtocolFolderDataSource;
import dev.tribuoctr.ctr.data.TaobaoUserBehaviorDataSource;
import dev.tribuoctr.ctr.encoding.CtrFeatureLayout;
import dev.tribuoctr.ctr.encoding.CtrSchema;
import dev.tribuoctr.ctr.encoding.Vocabulary;
import dev.tribuoctr.ctr.engine.ParameterSet;
import dev.tribuoctr.ctr.model.Pooling;
import dev.tribuoctr.ctr.train.EarlyStopping;
import dev.tribuoctr.ctr.train.MetaWrapperTrainer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spark job against the single-machine protocol on the same generated files: every split instance by instance
 * (targets, labels, negatives, categories, histories), the training vocabularies and the provenance; and its text
 * output read back by {@link ProtocolFolderDataSource}: the single-machine source's examples (user context
 * included), and a DIN trained from it with bit-identical parameters. Each job runs once for all the tests.
 */
class SparkLeaveLastOutTest {
    private static SparkSession spark;

    private static final int TAOBAO_HISTORY = 5;
    private static final long TAOBAO_SEED = 42L;
    private static final int MOVIELENS_HISTORY = 3;
    private static final long MOVIELENS_SEED = 7L;

    /** The inputs and the job's outputs, shared: each job run takes seconds. */
    @TempDir
    static Path dir;
    private static Path taobaoFile;
    private static Path taobaoOut;
    private static Map<String, Long> taobaoCounts;
    private static Path movieLens;
    private static Path movieLensOut;

    @BeforeAll
    static void runTheJobs() throws IOException {
        spark = SparkTestSession.get();
        taobaoFile = dir.resolve("UserBehavior.csv");
        ClickFiles.taobao(taobaoFile, 3000, 11L);
        // Ids and a category that need escaping in the text output: a tab, a backslash, the null marker's text.
        Files.writeString(taobaoFile, String.join("\n", "a\tb\\c,5001,\\N,pv,1511000401",
                        "a\tb\\c,x\ty,7,pv,1511000402", "a\tb\\c,5003,3,pv,1511000403",
                        "a\tb\\c,\\N,4,pv,1511000404", ""), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        taobaoOut = dir.resolve("taobao-out");
        taobaoCounts = new SparkLeaveLastOut(TAOBAO_HISTORY, TAOBAO_SEED, 2, 0)
                .run(spark, new TaobaoFormat(taobaoFile.toString()), taobaoOut.toString());
        movieLens = Files.createDirectories(dir.resolve("ml-100k"));
        ClickFiles.movieLens(movieLens, 2000, 5L);
        movieLensOut = dir.resolve("ml-out");
        new SparkLeaveLastOut(MOVIELENS_HISTORY, MOVIELENS_SEED, 1, 0)
                .run(spark, new MovieLens100kFormat(movieLens), movieLensOut.toString());
    }

    private static TaobaoUserBehaviorDataSource taobao(Split split) {
        return new TaobaoUserBehaviorDataSource(taobaoFile, 0, TAOBAO_HISTORY, TAOBAO_SEED, split);
    }

    private static MovieLensDataSource movieLens(Split split, long seed) {
        return new MovieLensDataSource(movieLens, true, 1.0, MOVIELENS_HISTORY, seed, split);
    }

    @Test
    void taobaoMatchesTheSingleMachineProtocol() throws IOException {
        String out = taobaoOut.toString();
        TaobaoUserBehaviorDataSource test = null;
        for (Split split : Split.values()) {
            TaobaoUserBehaviorDataSource source = taobao(split);
            assertSameInstances(source, out, split);
            test = source;
        }
        assertEquals(test.protocol().numSkippedUsers(), taobaoCounts.get("usersSkipped"));
        assertTrue(taobaoCounts.get("usersSkipped") >= 2, "the generated users with too few clicks are skipped");
        assertSameVocabularies(taobao(Split.TRAIN), TAOBAO_HISTORY, 2, out);

        JsonNode provenance = new ObjectMapper().readTree(taobaoOut.resolve("provenance.json").toFile());
        assertEquals(DataFiles.sha256(taobaoFile), provenance.at("/inputs/0/sha256").asText());
        assertEquals(Files.size(taobaoFile), provenance.at("/inputs/0/bytes").asLong());
        assertEquals(TAOBAO_SEED, provenance.at("/settings/seed").asLong());
        assertEquals(taobaoCounts.get("clicks"), provenance.at("/counts/clicks").asLong());
        assertTrue(provenance.at("/outputs/" + ProtocolFolderDataSource.TIMELINES).isTextual());
    }

    @Test
    void movieLensMatchesTheSingleMachineProtocolAndTheSeedMatters() {
        String out = movieLensOut.toString();
        // The Parquet instances carry no user context: compared with a source that reads none.
        for (Split split : Split.values()) {
            assertSameInstances(new MovieLensDataSource(movieLens, false, 1.0, MOVIELENS_HISTORY, MOVIELENS_SEED, split),
                    out, split);
        }
        assertSameVocabularies(new MovieLensDataSource(movieLens, false, 1.0, MOVIELENS_HISTORY, MOVIELENS_SEED,
                Split.TRAIN), MOVIELENS_HISTORY, 1, out);
        // Another seed draws other negatives: the comparison above would see a wrong seed.
        List<String> other = singleMachine(new MovieLensDataSource(movieLens, false, 1.0, MOVIELENS_HISTORY,
                MOVIELENS_SEED + 1, Split.TRAIN));
        assertTrue(!other.equals(spark(out, Split.TRAIN)));
    }

    @Test
    void taobaoFolderReadsBackAsTheSingleMachineLog() {
        assertSameExamples(SparkLeaveLastOutTest::taobao, split -> new ProtocolFolderDataSource(taobaoOut,
                TAOBAO_HISTORY, TAOBAO_SEED, split));
        ProtocolFolderDataSource read = new ProtocolFolderDataSource(taobaoOut, TAOBAO_HISTORY, TAOBAO_SEED,
                Split.TEST);
        // Every coded user has a timeline, those the protocol skips too.
        assertEquals(taobaoCounts.get("usersSkipped"), read.protocol().numSkippedUsers());
        assertEquals(taobaoCounts.get("usersKept"), read.protocol().numUsers());
        assertEquals(taobaoCounts.get("items"), read.protocol().log().numItems());
        assertEquals("\\N", read.protocol().log().category(itemCode(read, "5001")));
        String recorded = read.getProvenance().toString();
        assertTrue(recorded.contains("hash:" + ProtocolFolderDataSource.TIMELINES + "/part-"), recorded);
        assertTrue(recorded.contains("hash:provenance.json"), recorded);
        assertTrue(recorded.contains("spark-protocol:taobao-user-behavior"), recorded);
    }

    @Test
    void movieLensFolderCarriesTheUserContext() {
        assertSameExamples(split -> movieLens(split, MOVIELENS_SEED), split -> new ProtocolFolderDataSource(
                movieLensOut, MOVIELENS_HISTORY, MOVIELENS_SEED, split));
        ProtocolFolderDataSource read = new ProtocolFolderDataSource(movieLensOut, MOVIELENS_HISTORY, MOVIELENS_SEED,
                Split.TRAIN);
        assertEquals("tech\tnician\\x", read.protocol().log().userContext().get("4").get("occupation"));
        assertTrue(read.protocol().log().category(itemCode(read, "7")) == null, "item 7 has no genre");
        // A wrong seed is seen: the comparisons can fail.
        assertNotEquals(examples(movieLens(Split.TRAIN, MOVIELENS_SEED)), examples(new ProtocolFolderDataSource(
                movieLensOut, MOVIELENS_HISTORY, MOVIELENS_SEED + 1, Split.TRAIN)));
    }

    @Test
    void dinTrainsBitIdenticalParametersFromTheFolder() {
        ParameterSet expected = din().train(movieLens(Split.TRAIN, MOVIELENS_SEED).dataset(),
                movieLens(Split.VALIDATION, MOVIELENS_SEED).dataset(), Map.of()).parameters();
        ParameterSet actual = din().train(folder(Split.TRAIN).dataset(), folder(Split.VALIDATION).dataset(), Map.of())
                .parameters();
        assertEquals(expected.names(), actual.names());
        for (String name : expected.names()) {
            double[] e = expected.get(name).dup().data().asDouble();
            double[] a = actual.get(name).dup().data().asDouble();
            assertTrue(Arrays.equals(e, a), "parameter " + name + " differs");
        }
    }

    private static ProtocolFolderDataSource folder(Split split) {
        return new ProtocolFolderDataSource(movieLensOut, MOVIELENS_HISTORY, MOVIELENS_SEED, split);
    }

    /** A small DIN (attention pooling, no meta-learning) whose schema reads the user context too. */
    private static MetaWrapperTrainer din() {
        return MetaWrapperTrainer.builder()
                .schema(new CtrSchema("item", List.of("cate"), "hist_item", MOVIELENS_HISTORY,
                        List.of("user", "gender", "age", "occupation"), List.of(), 1))
                .pooling(Pooling.ATTENTION)
                .mu(0.0)
                .embeddingSizes(4, 4, 4)
                .predictorHiddenSizes(8, 4)
                .batchSize(32)
                .epochs(1)
                .earlyStopping(EarlyStopping.AUC, 1)
                .threads(1)
                .loggingInterval(0)
                .build();
    }

    private static int itemCode(ProtocolFolderDataSource source, String item) {
        for (int code = 0; code < source.protocol().log().numItems(); code++) {
            if (source.protocol().log().item(code).equals(item)) {
                return code;
            }
        }
        throw new AssertionError("no item " + item);
    }

    private static void assertSameExamples(Function<Split, ClickLogDataSource> singleMachine,
                                           Function<Split, ClickLogDataSource> folder) {
        for (Split split : Split.values()) {
            List<String> expected = examples(singleMachine.apply(split));
            assertTrue(expected.size() > 10, "enough examples to compare");
            assertTrue(expected.stream().anyMatch(e -> e.startsWith("0:")), "negatives present");
            assertEquals(expected, examples(folder.apply(split)), split.name());
        }
    }

    /** Each example as {@code label:name=value,...} in its feature order. */
    private static List<String> examples(ClickLogDataSource source) {
        List<String> rows = new ArrayList<>();
        for (Example<Label> example : source) {
            StringBuilder sb = new StringBuilder(example.getOutput().getLabel()).append(':');
            for (Feature f : example) {
                sb.append(f.getName()).append('=').append(f.getValue()).append(',');
            }
            rows.add(sb.toString());
        }
        return rows;
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
