package dev.tribuoctr.ctr.data;

import dev.tribuoctr.ctr.data.LeaveLastOutProtocol.Split;
import dev.tribuoctr.ctr.encoding.BatchRows;
import dev.tribuoctr.ctr.encoding.CtrBatch;
import dev.tribuoctr.ctr.encoding.CtrEncoder;
import dev.tribuoctr.ctr.encoding.CtrFeatureLayout;
import dev.tribuoctr.ctr.encoding.CtrSchema;
import dev.tribuoctr.ctr.encoding.EncodedInstances;
import dev.tribuoctr.ctr.encoding.LabelMode;
import dev.tribuoctr.ctr.engine.ParameterSet;
import dev.tribuoctr.ctr.eval.CtrEvaluation;
import dev.tribuoctr.ctr.eval.CtrEvaluator;
import dev.tribuoctr.ctr.model.CtrModel;
import dev.tribuoctr.ctr.train.EarlyStopping;
import dev.tribuoctr.ctr.train.MetaWrapperTrainer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compact click-log dataset against the examples of its source: the same examples, the same feature layout,
 * the same encoded batches, and the same trained parameters, bit for bit.
 */
class ClickLogDatasetTest {
    @TempDir
    Path dir;

    /** A MovieLens-1M-format log: repeats, time ties, items without genres, users with and without features. */
    @BeforeEach
    void writeLog() throws IOException {
        SplittableRandom rng = new SplittableRandom(11);
        List<String> ratings = new ArrayList<>();
        for (int user = 1; user <= 60; user++) {
            int clicks = 2 + rng.nextInt(30);
            for (int c = 0; c < clicks; c++) {
                ratings.add(user + "::" + (1 + rng.nextInt(90)) + "::" + (1 + rng.nextInt(5)) + "::"
                        + (1000 + rng.nextInt(40)));
            }
        }
        List<String> movies = new ArrayList<>();
        String[] genres = {"Drama", "Comedy", "Action", "Horror", "Romance"};
        for (int movie = 1; movie <= 90; movie++) {
            if (movie % 7 != 0) { // every seventh movie has no metadata, hence no category
                movies.add(movie + "::Movie " + movie + " (1995)::" + genres[rng.nextInt(genres.length)]);
            }
        }
        List<String> users = new ArrayList<>();
        for (int user = 1; user <= 60; user++) {
            if (user % 9 != 0) {
                users.add(user + "::" + (rng.nextBoolean() ? "F" : "M") + "::" + (1 + rng.nextInt(3)) + "::"
                        + rng.nextInt(4) + "::0000" + user);
            }
        }
        Files.write(dir.resolve("ratings.dat"), ratings, StandardCharsets.ISO_8859_1);
        Files.write(dir.resolve("movies.dat"), movies, StandardCharsets.ISO_8859_1);
        Files.write(dir.resolve("users.dat"), users, StandardCharsets.ISO_8859_1);
    }

    private MovieLensDataSource source(Split split) {
        // every seventh movie and ninth user is undeclared on purpose: accept them all
        return new MovieLensDataSource(dir, true, 1.0, 7, 5L, split);
    }

    private static CtrSchema schema(int maxHistory, List<String> context, List<String> numeric, int minCount) {
        return new CtrSchema("item", List.of("cate"), "hist_item", maxHistory, context, numeric, minCount);
    }

    private static String describe(Example<Label> e) {
        StringBuilder sb = new StringBuilder(e.getOutput().getLabel()).append(':');
        for (Feature f : e) {
            sb.append(f.getName()).append('=').append(f.getValue()).append(',');
        }
        return sb.toString();
    }

    @Test
    void yieldsTheSourcesExamplesInOrder() {
        for (Split split : Split.values()) {
            MovieLensDataSource source = source(split);
            ClickLogDataset compact = source.dataset();
            MutableDataset<Label> examples = new MutableDataset<>(source);
            assertEquals(examples.size(), compact.size(), split.name());
            List<String> expected = new ArrayList<>();
            examples.forEach(e -> expected.add(describe(e)));
            List<String> actual = new ArrayList<>();
            compact.forEach(e -> actual.add(describe(e)));
            assertEquals(expected, actual, split.name());
            assertEquals(expected.get(expected.size() / 2), describe(compact.getExample(expected.size() / 2)));
            assertEquals(examples.getOutputIDInfo().getDomain(), compact.getOutputIDInfo().getDomain());
            assertEquals(examples.getOutputInfo().toReadableString(), compact.getOutputInfo().toReadableString());
            assertEquals(examples.getFeatureMap().size(), compact.getFeatureMap().size(), split.name());
            assertEquals(examples.getProvenance().getNumFeatures(), compact.getProvenance().getNumFeatures());
            assertEquals(examples.getProvenance().getNumExamples(), compact.getProvenance().getNumExamples());
        }
    }

    @Test
    void shuffleChangesTheIterationOrderOnly() {
        ClickLogDataset compact = source(Split.TRAIN).dataset();
        List<String> natural = new ArrayList<>();
        compact.forEach(e -> natural.add(describe(e)));
        compact.shuffle(true);
        List<String> shuffled = new ArrayList<>();
        compact.forEach(e -> shuffled.add(describe(e)));
        assertFalse(natural.equals(shuffled));
        List<String> a = new ArrayList<>(natural);
        List<String> b = new ArrayList<>(shuffled);
        a.sort(null);
        b.sort(null);
        assertEquals(a, b);
        compact.shuffle(false);
        List<String> back = new ArrayList<>();
        compact.forEach(e -> back.add(describe(e)));
        assertEquals(natural, back);
    }

    @Test
    void splitsShareOneReadUntilAFileChanges() throws IOException {
        MovieLensDataSource train = source(Split.TRAIN);
        MovieLensDataSource test = source(Split.TEST);
        assertSame(train.protocol(), test.protocol());
        assertNotSame(train.protocol(), new MovieLensDataSource(dir, false, 1.0, 7, 5L, Split.TEST).protocol());
        Path ratings = dir.resolve("ratings.dat");
        Files.writeString(ratings, "1::1::5::1\n1::2::5::2\n1::3::5::3\n", StandardCharsets.ISO_8859_1,
                java.nio.file.StandardOpenOption.APPEND);
        Files.setLastModifiedTime(ratings, FileTime.fromMillis(Files.getLastModifiedTime(ratings).toMillis() + 5000));
        MovieLensDataSource changed = source(Split.VALIDATION);
        assertNotSame(train.protocol(), changed.protocol());
        assertEquals(train.protocol().numClicksRead() + 3, changed.protocol().numClicksRead());
    }

    @Test
    void buildsTheExamplesLayoutAndBatches() {
        List<CtrSchema> schemas = List.of(
                schema(50, List.of(), List.of(), 1),
                schema(4, List.of(), List.of(), 2),
                schema(5, List.of("occupation", "user", "gender", "age", "zip", "absent"), List.of("price"), 1));
        ClickLogDataset compact = source(Split.TRAIN).dataset();
        List<Example<Label>> examples = new ArrayList<>();
        new MutableDataset<>(source(Split.TRAIN)).forEach(examples::add);
        ClickLogDataset validation = source(Split.VALIDATION).dataset();
        List<Example<Label>> validationExamples = new ArrayList<>();
        validation.forEach(validationExamples::add);
        for (CtrSchema schema : schemas) {
            assertTrue(compact.supports(schema), schema.toString());
            CtrFeatureLayout expected = CtrFeatureLayout.build(schema, examples, null);
            CtrFeatureLayout actual = compact.buildLayout(schema, null);
            assertLayoutsEqual(expected, actual);
            CtrEncoder encoder = new CtrEncoder(expected);
            assertBatchesEqual(encoder.encode(examples, LabelMode.REQUIRED), compact.encode(actual));
            assertBatchesEqual(encoder.encode(validationExamples, LabelMode.REQUIRED), validation.encode(actual));
        }
        Map<String, List<String>> metadata = Map.of("7", List.of("Western"), "1", List.of("Musical"));
        assertLayoutsEqual(CtrFeatureLayout.build(schemas.get(0), examples, metadata),
                compact.buildLayout(schemas.get(0), metadata));
    }

    @Test
    void schemasThatReadTheExamplesDifferentlyAreNotServedFromTheColumns() {
        ClickLogDataset compact = source(Split.TRAIN).dataset();
        assertFalse(compact.supports(new CtrSchema("item", List.of(), "hist_item", 5, List.of(), List.of(), 1)));
        assertFalse(compact.supports(schema(5, List.of("user", "gender"), List.of(), 1)));
        assertFalse(compact.supports(new CtrSchema("movie", List.of("cate"), "hist_item", 5, List.of(), List.of(), 1)));
    }

    private static void assertLayoutsEqual(CtrFeatureLayout expected, CtrFeatureLayout actual) {
        assertEquals(expected.itemVocabulary(), actual.itemVocabulary());
        assertEquals(expected.attributeVocabularies(), actual.attributeVocabularies());
        assertEquals(expected.contextFields(), actual.contextFields());
        assertEquals(expected.contextVocabularies(), actual.contextVocabularies());
        assertEquals(expected.numericFeatures(), actual.numericFeatures());
        assertEquals(expected.itemAttributes(), actual.itemAttributes());
        assertEquals(expected.multiValuedContextFields(), actual.multiValuedContextFields());
        assertEquals(expected.weightedContextFields(), actual.weightedContextFields());
    }

    private static void assertBatchesEqual(CtrBatch all, EncodedInstances columns) {
        assertEquals(all.size(), columns.size());
        int[] rows = new int[Math.min(97, all.size())];
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < rows.length; i++) {
            rows[i] = rng.nextInt(all.size());
        }
        CtrBatch expected = BatchRows.select(all, rows);
        CtrBatch actual = columns.select(rows);
        assertArrayEquals(expected.items(), actual.items());
        assertArrayEquals(expected.historyItems(), actual.historyItems());
        for (int g = 0; g < expected.attributeCount(); g++) {
            assertArrayEquals(expected.attributes(g), actual.attributes(g));
            assertArrayEquals(expected.historyAttributes(g), actual.historyAttributes(g));
        }
        assertEquals(expected.contextFieldCount(), actual.contextFieldCount());
        for (int f = 0; f < expected.contextFieldCount(); f++) {
            assertEquals(expected.contextWidth(f), actual.contextWidth(f));
            assertArrayEquals(expected.contextIndices(f), actual.contextIndices(f));
            assertArrayEquals(expected.contextWeights(f), actual.contextWeights(f));
        }
        assertArrayEquals(expected.numeric(), actual.numeric());
        assertArrayEquals(expected.labels(), actual.labels());
    }

    private static MetaWrapperTrainer.Builder trainer(double mu) {
        return MetaWrapperTrainer.builder()
                .schema(schema(6, List.of(), List.of(), 1))
                .embeddingSizes(4, 4, 4)
                .selectorHiddenSizes(6, 3)
                .predictorHiddenSizes(8, 4)
                .batchSize(16)
                .epochs(3)
                .earlyStopping(EarlyStopping.AUC, 2)
                .mu(mu)
                .threads(2)
                .loggingInterval(0);
    }

    @Test
    void trainsBitIdenticalParametersFromTheColumns() {
        for (double mu : new double[]{0.0, 0.5}) {
            CtrModel fromExamples = trainer(mu).build().train(new MutableDataset<>(source(Split.TRAIN)),
                    new MutableDataset<>(source(Split.VALIDATION)), Map.of());
            CtrModel fromColumns = trainer(mu).build().train(source(Split.TRAIN).dataset(),
                    source(Split.VALIDATION).dataset(), Map.of());
            assertParametersIdentical(fromExamples.parameters(), fromColumns.parameters());
            assertEquals(fromExamples.encoder().layout().itemVocabulary(),
                    fromColumns.encoder().layout().itemVocabulary());
        }
    }

    @Test
    void evaluatesFromTheColumnsAsFromTheExamples() {
        CtrModel model = trainer(0.5).build().train(source(Split.TRAIN).dataset(), source(Split.VALIDATION).dataset(),
                Map.of());
        CtrEvaluator evaluator = CtrEvaluator.withGauc();
        for (Split split : Split.values()) {
            ClickLogDataset columns = source(split).dataset();
            MutableDataset<Label> examples = new MutableDataset<>(source(split));
            assertTrue(evaluator.readsColumns(model, columns), split.name());
            assertFalse(evaluator.readsColumns(model, examples), split.name());
            CtrEvaluation fromColumns = evaluator.evaluate(model, columns);
            CtrEvaluation fromExamples = evaluator.evaluate(model, examples);
            assertEquals(fromExamples.count(), fromColumns.count(), split.name());
            assertEquals(fromExamples.auc(), fromColumns.auc(), 1e-12, split.name());
            assertEquals(fromExamples.gauc(), fromColumns.gauc(), 1e-12, split.name());
            assertEquals(fromExamples.logLoss(), fromColumns.logLoss(), 1e-12, split.name());
            CtrEvaluation sampleFromColumns = evaluator.evaluateSample(model, columns, 41);
            CtrEvaluation sampleFromExamples = evaluator.evaluateSample(model, examples, 41);
            assertEquals(41, sampleFromColumns.count());
            assertEquals(sampleFromExamples.auc(), sampleFromColumns.auc(), 1e-12, split.name());
            assertEquals(sampleFromExamples.gauc(), sampleFromColumns.gauc(), 1e-12, split.name());
            assertEquals(sampleFromExamples.logLoss(), sampleFromColumns.logLoss(), 1e-12, split.name());
            assertNotEquals(fromColumns.logLoss(), sampleFromColumns.logLoss(), split.name());
            assertEquals(fromColumns.logLoss(), evaluator.evaluateSample(model, columns, columns.size()).logLoss());
        }
        // a user field the columns cannot group by falls back to the examples (and fails there like before)
        assertFalse(new CtrEvaluator("occupation", true).readsColumns(model, source(Split.TEST).dataset()));
        assertTrue(new CtrEvaluator("occupation", false).readsColumns(model, source(Split.TEST).dataset()));
    }

    private static void assertParametersIdentical(ParameterSet expected, ParameterSet actual) {
        assertEquals(expected.names(), actual.names());
        for (String name : expected.names()) {
            double[] e = expected.get(name).dup().data().asDouble();
            double[] a = actual.get(name).dup().data().asDouble();
            assertTrue(Arrays.equals(e, a), "parameter " + name + " differs");
        }
    }
}
