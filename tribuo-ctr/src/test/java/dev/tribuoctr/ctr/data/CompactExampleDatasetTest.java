package dev.tribuoctr.ctr.data;

import dev.tribuoctr.ctr.encoding.BatchRows;
import dev.tribuoctr.ctr.encoding.CtrBatch;
import dev.tribuoctr.ctr.encoding.CtrEncoder;
import dev.tribuoctr.ctr.encoding.CtrFeatureLayout;
import dev.tribuoctr.ctr.encoding.CtrSchema;
import dev.tribuoctr.ctr.encoding.EncodedInstances;
import dev.tribuoctr.ctr.encoding.LabelMode;
import dev.tribuoctr.ctr.model.CtrModel;
import dev.tribuoctr.ctr.train.MetaWrapperTrainer;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compact copy of any source's examples against a {@code MutableDataset} of the same source: the same
 * examples, batches with the set's context widths, and bit-identical trained parameters.
 */
class CompactExampleDatasetTest {
    /** Examples with multi-valued weighted context, numeric features, histories with repeats and odd weights. */
    private static ListDataSource<Label> source(long seed, int size) {
        return source(examples(seed, size), "generated " + seed);
    }

    private static ListDataSource<Label> source(List<Example<Label>> examples, String name) {
        return new ListDataSource<>(examples, new LabelFactory(), new SimpleDataSourceProvenance(name,
                new LabelFactory()));
    }

    private static List<Example<Label>> examples(long seed, int size) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Example<Label>> examples = new ArrayList<>();
        for (int e = 0; e < size; e++) {
            List<String> names = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            int item = rng.nextInt(40);
            names.add("item@i" + item);
            values.add(1.0);
            names.add("cate@c" + item % 5);
            values.add(1.0);
            names.add("user@u" + rng.nextInt(12));
            values.add(1.0);
            int history = rng.nextInt(8);
            for (int r = 1; r <= history; r++) {
                names.add("hist_item@i" + rng.nextInt(40));
                values.add((double) r);
            }
            int tags = rng.nextInt(4);
            for (int t = 0; t < tags; t++) {
                names.add("tag@t" + t * 2 + rng.nextInt(2));
                values.add(new double[]{0.5, 1.0, 2.0}[rng.nextInt(3)]);
            }
            if (rng.nextBoolean()) {
                names.add("price");
                values.add(rng.nextDouble() * 10);
            }
            // Keep one feature per name (a history item drawn twice keeps its first rank).
            List<String> keptNames = new ArrayList<>();
            List<Double> keptValues = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                if (!keptNames.contains(names.get(i))) {
                    keptNames.add(names.get(i));
                    keptValues.add(values.get(i));
                }
            }
            ArrayExample<Label> example = new ArrayExample<>(new Label(rng.nextInt(3) == 0 ? "1" : "0"),
                    keptNames.toArray(new String[0]), keptValues.stream().mapToDouble(Double::doubleValue).toArray());
            if (e % 7 == 3) {
                example.setWeight(0.25f);
            }
            examples.add(example);
        }
        return examples;
    }

    private static String describe(Example<Label> e) {
        StringBuilder sb = new StringBuilder(e.getOutput().getLabel()).append('/').append(e.getWeight()).append(':');
        for (Feature f : e) {
            sb.append(f.getName()).append('=').append(f.getValue()).append(',');
        }
        return sb.toString();
    }

    private static final CtrSchema SCHEMA = new CtrSchema("item", List.of("cate"), "hist_item", 5, List.of(),
            List.of(), 1);

    @Test
    void holdsTheSourcesExamples() {
        ListDataSource<Label> source = source(1, 300);
        MutableDataset<Label> mutable = new MutableDataset<>(source);
        CompactExampleDataset compact = CompactExampleDataset.read(source);
        assertEquals(mutable.size(), compact.size());
        List<String> expected = new ArrayList<>();
        mutable.forEach(e -> expected.add(describe(e)));
        List<String> actual = new ArrayList<>();
        compact.forEach(e -> actual.add(describe(e)));
        assertEquals(expected, actual);
        assertEquals(mutable.getFeatureMap().size(), compact.getFeatureMap().size());
        assertEquals(mutable.getFeatureMap().size(), compact.getProvenance().getNumFeatures());
        assertEquals(mutable.getOutputInfo().toReadableString(), compact.getOutputInfo().toReadableString());
    }

    @Test
    void batchesKeepTheWholeSetsContextWidths() {
        CompactExampleDataset compact = CompactExampleDataset.read(source(2, 400));
        List<Example<Label>> examples = new ArrayList<>(compact.getData());
        CtrFeatureLayout layout = compact.buildLayout(SCHEMA, null);
        CtrBatch whole = new CtrEncoder(layout).encode(examples, LabelMode.REQUIRED);
        EncodedInstances columns = compact.encode(layout);
        int[] rows = {5, 0, 399, 17, 17};
        CtrBatch expected = BatchRows.select(whole, rows);
        CtrBatch actual = columns.select(rows);
        assertTrue(expected.contextWidth(layout.contextFields().indexOf("tag")) > 1, "a multi-valued field");
        for (int f = 0; f < expected.contextFieldCount(); f++) {
            assertEquals(expected.contextWidth(f), actual.contextWidth(f));
            assertArrayEquals(expected.contextIndices(f), actual.contextIndices(f));
            assertArrayEquals(expected.contextWeights(f), actual.contextWeights(f));
        }
        assertArrayEquals(expected.historyItems(), actual.historyItems());
        assertArrayEquals(expected.numeric(), actual.numeric());
        assertArrayEquals(expected.labels(), actual.labels());
    }

    @Test
    void trainsBitIdenticalParameters() {
        MetaWrapperTrainer.Builder trainer = MetaWrapperTrainer.builder().schema(SCHEMA).embeddingSizes(4, 4, 4)
                .selectorHiddenSizes(6, 3).predictorHiddenSizes(8, 4).batchSize(32).epochs(2).mu(0.5)
                .loggingInterval(0);
        CtrModel fromExamples = trainer.build().train(new MutableDataset<>(source(3, 500)),
                new MutableDataset<>(source(4, 100)), Map.of());
        CtrModel fromCompact = trainer.build().train(CompactExampleDataset.read(source(3, 500)),
                CompactExampleDataset.read(source(4, 100)), Map.of());
        for (String name : fromExamples.parameters().names()) {
            double[] e = fromExamples.parameters().get(name).dup().data().asDouble();
            double[] a = fromCompact.parameters().get(name).dup().data().asDouble();
            assertTrue(Arrays.equals(e, a), "parameter " + name + " differs");
        }
    }

    @Test
    void malformedExamplesNameTheirPosition() {
        List<Example<Label>> bad = examples(5, 20);
        bad.add(new ArrayExample<>(new Label("1"), new String[]{"cate@c1"}, new double[]{1.0}));
        CompactExampleDataset compact = CompactExampleDataset.read(source(bad, "bad"));
        CtrFeatureLayout layout = CompactExampleDataset.read(source(5, 20)).buildLayout(SCHEMA, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> compact.encode(layout));
        assertTrue(e.getMessage().contains("example 20"), e.getMessage());
    }
}
