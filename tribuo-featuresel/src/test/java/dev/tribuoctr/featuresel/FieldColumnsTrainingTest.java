package dev.tribuoctr.featuresel;

import dev.tribuoctr.ctr.data.ClickLogFormatException;
import dev.tribuoctr.ctr.engine.OptimiserType;
import dev.tribuoctr.ctr.engine.ParameterSet;
import dev.tribuoctr.featuresel.data.CriteoDataSource;
import dev.tribuoctr.featuresel.data.FieldColumnsDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.MutableDataset;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The columnar route ({@link FieldColumnsDataset} read by {@link CriteoDataSource#readColumns()}) against the example
 * route (a {@code MutableDataset} of the same source): same layout, same examples, bit-identical training.
 */
class FieldColumnsTrainingTest {
    @TempDir
    Path dir;

    /**
     * Writes Criteo-format rows: labels from C1, C2 and I1; a few values per field (some rare), 10% missing, some
     * negative integers.
     */
    static Path writeCriteo(Path file, int rows, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            StringBuilder b = new StringBuilder();
            int c1 = (int) Math.pow(30, rng.nextDouble());
            int i1 = rng.nextInt(-2, 20);
            boolean click = rng.nextDouble() < 1 / (1 + Math.exp(-(c1 % 3 - 1 + 0.1 * i1 - 0.5)));
            b.append(click ? '1' : '0');
            for (int k = 0; k < CriteoDataSource.INTEGER_COLUMNS; k++) {
                b.append('\t');
                if (rng.nextDouble() >= 0.1) {
                    b.append(k == 0 ? i1 : rng.nextInt(-1, 5 + 3 * k));
                }
            }
            for (int k = 0; k < CriteoDataSource.CATEGORICAL_COLUMNS; k++) {
                b.append('\t');
                if (rng.nextDouble() >= 0.1) {
                    int v = k == 0 ? c1 : (int) Math.pow(12 + k, rng.nextDouble());
                    b.append(String.format(Locale.ROOT, "%08x", 0x9e3779b9 * (k + 1) + v * 7919));
                }
            }
            lines.add(b.toString());
        }
        Files.write(file, lines);
        return file;
    }

    private static LpfsFeatureSelector selector(int minCount) {
        LpfsFeatureSelector.Builder b = LpfsFeatureSelector.builder().embeddingSize(4).hiddenSizes(8).epochs(2)
                .batchSize(64).seed(7L).lambda(1e-3).logInterval(5);
        LpfsFeatureSelector s = b.build();
        return minCount == 1 ? s : withMinCount(s, minCount);
    }

    private static LpfsFeatureSelector withMinCount(LpfsFeatureSelector s, int minCount) {
        try {
            java.lang.reflect.Field f = LpfsFeatureSelector.class.getDeclaredField("minCount");
            f.setAccessible(true);
            f.setInt(s, minCount);
            return s;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertSameParameters(ParameterSet a, ParameterSet b) {
        assertEquals(a.names(), b.names());
        for (String n : a.names()) {
            assertArrayEquals(a.get(n).dup().data().asFloat(), b.get(n).dup().data().asFloat(), n);
        }
    }

    private static void assertSameLayout(FieldLayout a, FieldLayout b) {
        assertEquals(a.fieldNames(), b.fieldNames());
        assertEquals(a.numericFields(), b.numericFields());
        for (int f = 0; f < a.categoricalFields().size(); f++) {
            assertEquals(a.vocabulary(f), b.vocabulary(f), a.fieldName(f));
        }
    }

    @Test
    void selectionOnColumnsIsBitIdenticalToSelectionOnExamples() throws IOException {
        for (int hashBuckets : new int[]{0, 5}) {
            for (int minCount : new int[]{1, 4}) {
                CriteoDataSource source = new CriteoDataSource(writeCriteo(dir.resolve("train.txt"), 700, 3), 0, hashBuckets);
                MutableDataset<Label> examples = new MutableDataset<>(source);
                FieldColumnsDataset columns = FieldColumnsDataset.read(source);
                String what = "hashBuckets " + hashBuckets + ", minCount " + minCount;

                LpfsResult a = selector(minCount).fit(examples);
                LpfsResult b = selector(minCount).fit(columns);
                assertSameLayout(a.gatedModel().layout(), b.gatedModel().layout());
                assertArrayEquals(a.gateParameters(), b.gateParameters(), what);
                assertArrayEquals(a.gateFactors(), b.gateFactors(), what);
                assertEquals(a.selectedFeatures().featureNames(), b.selectedFeatures().featureNames(), what);
                assertEquals(a.selectedFeatures().featureScores(), b.selectedFeatures().featureScores(), what);
                assertEquals(a.trajectory().size(), b.trajectory().size(), what);
                for (int p = 0; p < a.trajectory().size(); p++) {
                    GateTrajectoryPoint x = a.trajectory().get(p);
                    GateTrajectoryPoint y = b.trajectory().get(p);
                    assertEquals(x.step(), y.step());
                    assertEquals(x.zeroGates(), y.zeroGates());
                    assertEquals(x.loss(), y.loss());
                    assertArrayEquals(x.gateFactors(), y.gateFactors());
                }
                assertSameParameters(a.gatedModel().parameters(), b.gatedModel().parameters());
                assertArrayEquals(a.gatedModel().clickProbabilities(examples.getData()),
                        b.gatedModel().clickProbabilities(columns), what);
                assertArrayEquals(a.gatedModel().clickProbabilities(examples),
                        b.gatedModel().clickProbabilities(columns), what);
            }
        }
    }

    @Test
    void layoutFromColumnCountsEqualsLayoutFromExamples() throws IOException {
        CriteoDataSource source = new CriteoDataSource(writeCriteo(dir.resolve("train.txt"), 500, 4), 0, 0);
        List<Example<Label>> examples = new ArrayList<>();
        source.forEach(examples::add);
        FieldColumnsDataset columns = FieldColumnsDataset.read(source);
        for (int minCount : new int[]{1, 2, 5, 50}) {
            FieldLayout expected = FieldLayout.build(examples, minCount);
            FieldLayout actual = FieldLayout.build(columns.columns(), minCount);
            assertSameLayout(expected, actual);
            assertTrue(actual.multiValuedFields().isEmpty() && actual.weightedFields().isEmpty());
        }
        assertNotEquals(FieldLayout.build(examples, 1).vocabulary(0).size(),
                FieldLayout.build(examples, 5).vocabulary(0).size(), "minCount drops rare values");
    }

    @Test
    void trainingAndFineTuningOnColumnsAreBitIdentical() throws IOException {
        CriteoDataSource source = new CriteoDataSource(writeCriteo(dir.resolve("train.txt"), 600, 5), 0, 0);
        MutableDataset<Label> examples = new MutableDataset<>(source);
        FieldColumnsDataset columns = FieldColumnsDataset.read(source);
        GatedFieldTrainer trainer = new GatedFieldTrainer(OptimiserType.ADAM, 0.01, 2, 50, 3L, 4, 8);
        GatedFieldModel a = trainer.train(examples);
        List<Double> lossesA = trainer.lastStepLosses();
        trainer = new GatedFieldTrainer(OptimiserType.ADAM, 0.01, 2, 50, 3L, 4, 8);
        GatedFieldModel b = trainer.train(columns);
        assertEquals(lossesA, trainer.lastStepLosses());
        assertSameParameters(a.parameters(), b.parameters());
        assertEquals(a.getFeatureIDMap().size(), b.getFeatureIDMap().size());

        List<List<Example<Label>>> batchesA = new ArrayList<>();
        List<List<Example<Label>>> batchesB = new ArrayList<>();
        int invocations = trainer.getInvocationCount();
        GatedFieldModel fa = trainer.fineTune(a, examples, (step, loss, batch) -> batchesA.add(new ArrayList<>(batch)));
        trainer.setInvocationCount(invocations);
        GatedFieldModel fb = trainer.fineTune(a, columns, (step, loss, batch) -> batchesB.add(new ArrayList<>(batch)));
        assertSameParameters(fa.parameters(), fb.parameters());
        assertEquals(batchesA.size(), batchesB.size());
        for (int s = 0; s < batchesA.size(); s++) {
            assertEquals(batchesA.get(s).size(), batchesB.get(s).size());
            for (int i = 0; i < batchesA.get(s).size(); i++) {
                assertSameExample(batchesA.get(s).get(i), batchesB.get(s).get(i));
            }
        }
    }

    @Test
    void aShuffledColumnarDatasetTrainsInItsIterationOrder() throws IOException {
        CriteoDataSource source = new CriteoDataSource(writeCriteo(dir.resolve("train.txt"), 400, 8), 0, 0);
        FieldColumnsDataset columns = FieldColumnsDataset.read(source);
        columns.shuffle(true);
        assertTrue(columns.isShuffled());
        List<Example<Label>> inOrder = new ArrayList<>();
        columns.forEach(inOrder::add);
        MutableDataset<Label> examples = new MutableDataset<>(inOrder, source.getProvenance(), new LabelFactory());
        GatedFieldModel a = new GatedFieldTrainer(OptimiserType.ADAGRAD, 0.02, 1, 32, 9L, 4, 8).train(examples);
        GatedFieldModel b = new GatedFieldTrainer(OptimiserType.ADAGRAD, 0.02, 1, 32, 9L, 4, 8).train(columns);
        assertSameParameters(a.parameters(), b.parameters());
        assertArrayEquals(a.clickProbabilities(examples), b.clickProbabilities(columns));
    }

    static void assertSameExample(Example<Label> expected, Example<Label> actual) {
        assertEquals(expected.getOutput(), actual.getOutput());
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (Feature f : expected) { names.add(f.getName()); values.add(f.getValue()); }
        List<String> names2 = new ArrayList<>();
        List<Double> values2 = new ArrayList<>();
        for (Feature f : actual) { names2.add(f.getName()); values2.add(f.getValue()); }
        assertEquals(names, names2);
        assertEquals(values, values2);
    }

    @Test
    void materialisedExamplesEqualTheSourceExamples() throws IOException {
        CriteoDataSource source = new CriteoDataSource(writeCriteo(dir.resolve("train.txt"), 300, 6), 0, 0);
        FieldColumnsDataset columns = FieldColumnsDataset.read(source);
        MutableDataset<Label> examples = new MutableDataset<>(source);
        assertEquals(300, columns.size());
        Iterator<Example<Label>> it = columns.iterator();
        int i = 0;
        for (Example<Label> e : source) {
            assertSameExample(e, it.next());
            assertSameExample(e, columns.getExample(i));
            assertSameExample(e, columns.getData().get(i));
            i++;
        }
        assertFalse(it.hasNext());
        Set<String> expectedNames = new TreeSet<>();
        for (VariableInfo v : examples.getFeatureMap()) { expectedNames.add(v.getName()); }
        Set<String> names = new TreeSet<>();
        for (VariableInfo v : columns.getFeatureMap()) { names.add(v.getName()); }
        assertEquals(expectedNames, names);
        assertEquals(examples.getFeatureMap().get("C1@" + firstC1(source)).getCount(),
                columns.getFeatureMap().get("C1@" + firstC1(source)).getCount());
        assertEquals(examples.getOutputs(), columns.getOutputs());
        assertEquals(examples.getOutputIDInfo().getID(new Label("1")), columns.getOutputIDInfo().getID(new Label("1")));
        assertEquals(examples.getProvenance().getSourceProvenance(), columns.getProvenance().getSourceProvenance());
        assertEquals(300, columns.getProvenance().getNumExamples());

        columns.shuffle(true);
        Set<String> seen = new HashSet<>();
        List<String> firstTen = new ArrayList<>();
        for (Example<Label> e : columns) {
            seen.add(e.toString());
            if (firstTen.size() < 10) { firstTen.add(e.toString()); }
        }
        assertEquals(new HashSet<>(examples.getData().stream().map(Object::toString).toList()), seen);
        assertSameExample(examples.getExample(0), columns.getExample(0), "getExample keeps row order");
        columns.shuffle(false);
        assertSameExample(examples.getExample(0), columns.iterator().next());
        Dataset<Label> copy = org.tribuo.ImmutableDataset.copyDataset(columns);
        assertEquals(300, copy.size());
    }

    private static void assertSameExample(Example<Label> expected, Example<Label> actual, String message) {
        assertEquals(expected.toString(), actual.toString(), message);
    }

    private static String firstC1(CriteoDataSource source) {
        for (Feature f : source.iterator().next()) {
            if (f.getName().startsWith("C1@")) { return f.getName().substring(3); }
        }
        throw new AssertionError("no C1 in the first row");
    }

    @Test
    void badInputNamesFileAndLine() throws IOException {
        Path file = writeCriteo(dir.resolve("train.txt"), 5, 7);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(3, lines.get(3).replaceFirst("\t[0-9-]*\t", "\tx1\t"));
        Files.write(file, lines);
        ClickLogFormatException e = assertThrows(ClickLogFormatException.class,
                () -> new CriteoDataSource(file, 0, 0).readColumns());
        assertTrue(e.getMessage().startsWith(file + ":4: I1: not an integer: 'x1'"), e.getMessage());
        lines.set(3, "1\t2");
        Files.write(file, lines);
        e = assertThrows(ClickLogFormatException.class, () -> new CriteoDataSource(file, 0, 0).readColumns());
        assertTrue(e.getMessage().startsWith(file + ":4: expected 40"), e.getMessage());
        assertEquals(3, new CriteoDataSource(file, 3, 0).readColumns().size(), "maxRows stops before the bad line");
    }
}
