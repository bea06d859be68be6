package dev.tribuoctr.featuresel;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import dev.tribuoctr.ctr.data.ConfiguredSourceProvenance;
import dev.tribuoctr.ctr.data.DeclaredTransforms;
import dev.tribuoctr.ctr.encoding.NumericTransform;
import dev.tribuoctr.ctr.encoding.Vocabulary;
import dev.tribuoctr.ctr.engine.OptimiserType;
import dev.tribuoctr.featuresel.data.CriteoDataSource;
import dev.tribuoctr.featuresel.data.FieldColumnsDataset;
import dev.tribuoctr.featuresel.protos.FieldLayoutProto;
import dev.tribuoctr.featuresel.protos.NumericTransformsProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gated field model records the numeric transform its data source declares (Criteo: log(1 + max(x, 0)) of
 * I1..I13), whichever way the data was loaded, keeps it through pruning and its protobuf form, and a layout without
 * the record (an older model) stays without it.
 */
class NumericTransformRecordTest {
    @TempDir
    Path dir;

    /** Criteo-format rows: some integers empty or negative, a few categorical values. */
    private Path criteo(int rows, long seed) throws IOException {
        Random rng = new Random(seed);
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            StringBuilder b = new StringBuilder(rng.nextBoolean() ? "1" : "0");
            for (int k = 1; k <= CriteoDataSource.INTEGER_COLUMNS; k++) {
                int u = rng.nextInt(10);
                b.append('\t').append(u == 0 ? "" : u == 1 ? "-" + (1 + rng.nextInt(3)) : Integer.toString(rng.nextInt(500)));
            }
            for (int k = 1; k <= CriteoDataSource.CATEGORICAL_COLUMNS; k++) {
                b.append('\t').append(String.format(Locale.ROOT, "%08x", 0x1000 * k + rng.nextInt(4)));
            }
            lines.add(b.toString());
        }
        Path file = dir.resolve("criteo-" + seed + ".txt");
        Files.write(file, lines);
        return file;
    }

    private static GatedFieldTrainer trainer() {
        return new GatedFieldTrainer(OptimiserType.ADAM, 0.01, 1, 64, 7L, 4, 8);
    }

    private static void assertCriteoRecord(FieldLayout layout) {
        assertTrue(layout.numericTransformsRecorded());
        assertEquals(CriteoDataSource.INTEGER_COLUMNS, layout.numericFields().size());
        for (int n = 0; n < layout.numericFields().size(); n++) {
            assertEquals(CriteoDataSource.INTEGER_TRANSFORM, layout.numericTransform(n), layout.numericFields().get(n));
        }
    }

    @Test
    void criteoModelsRecordTheTransformThroughColumnsExamplesPruningAndProtobuf() throws Exception {
        CriteoDataSource source = new CriteoDataSource(criteo(300, 1), 0, 0);
        assertEquals(CriteoDataSource.numericTransforms(), DeclaredTransforms.in(source.getProvenance()));
        GatedFieldModel fromColumns = trainer().train(FieldColumnsDataset.read(source));
        GatedFieldModel fromExamples = trainer().train(new MutableDataset<>(source));
        assertCriteoRecord(fromColumns.layout());
        assertCriteoRecord(fromExamples.layout());
        assertEquals(CriteoDataSource.numericTransforms(), DeclaredTransforms.in(fromColumns.getProvenance()),
                "the model's provenance records the source's declaration");

        GatedFieldModel reloaded = (GatedFieldModel) Model.deserialize(fromColumns.serialize());
        assertCriteoRecord(reloaded.layout());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(fromColumns);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertCriteoRecord(((GatedFieldModel) in.readObject()).layout());
        }

        double[] gates = new double[fromColumns.layout().fieldCount()];
        List<String> fields = fromColumns.layout().fieldNames();
        gates[fields.indexOf("C3")] = 1.0;
        gates[fields.indexOf("I2")] = 1.0;
        gates[fields.indexOf("I9")] = 1.0;
        FieldLayout pruned = FieldPruning.prune(fromColumns, gates).layout();
        assertEquals(List.of("I2", "I9"), pruned.numericFields());
        assertTrue(pruned.numericTransformsRecorded());
        assertEquals(NumericTransform.LOG1P_POSITIVE, pruned.numericTransform(1));
    }

    @Test
    void aSourceDeclaringNothingRecordsIdentity() {
        Random rng = new Random(3);
        List<Example<Label>> examples = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            examples.add(new ArrayExample<>(new Label(rng.nextBoolean() ? "1" : "0"), new String[]{"a@" + rng.nextInt(3),
                "x"}, new double[]{1.0, rng.nextGaussian()}));
        }
        Dataset<Label> data = new MutableDataset<>(new ListDataSource<>(examples, new LabelFactory(),
                new SimpleDataSourceProvenance("hand-made", new LabelFactory())));
        FieldLayout layout = trainer().train(data).layout();
        assertTrue(layout.numericTransformsRecorded());
        assertEquals(NumericTransform.IDENTITY, layout.numericTransform(0));
    }

    @Test
    void aLayoutWithoutTheRecordStaysWithoutItAndADamagedRecordIsRefused() {
        FieldLayout old = new FieldLayout(List.of("a"), List.of(Vocabulary.fromCounts("a", Map.of("v", 3), 1)),
                List.of("x", "y"), Set.of(), Set.of());
        assertFalse(old.numericTransformsRecorded());
        assertEquals(NumericTransform.IDENTITY, old.numericTransform(1), "taken as they are");
        FieldLayoutProto proto = old.toProto();
        assertFalse(proto.hasNumericTransforms());
        assertFalse(FieldLayout.fromProto(proto).numericTransformsRecorded());
        assertFalse(old.restrictTo(List.of(0, 2)).numericTransformsRecorded());

        FieldLayout recorded = old.withNumericTransforms(Map.of("y", NumericTransform.LOG1P_POSITIVE, "zz",
                NumericTransform.LOG1P_POSITIVE));
        assertEquals(List.of(NumericTransform.IDENTITY, NumericTransform.LOG1P_POSITIVE),
                List.of(recorded.numericTransform(0), recorded.numericTransform(1)));
        assertEquals(recorded.toProto(), FieldLayout.fromProto(recorded.toProto()).toProto());

        FieldLayoutProto unknown = recorded.toProto().toBuilder().setNumericTransforms(NumericTransformsProto
                .newBuilder().addTransforms("IDENTITY").addTransforms("BOX_COX")).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FieldLayout.fromProto(unknown));
        assertTrue(e.getMessage().contains("'y'") && e.getMessage().contains("BOX_COX"), e.getMessage());
        FieldLayoutProto short1 = recorded.toProto().toBuilder().setNumericTransforms(NumericTransformsProto
                .newBuilder().addTransforms("IDENTITY")).build();
        e = assertThrows(IllegalArgumentException.class, () -> FieldLayout.fromProto(short1));
        assertTrue(e.getMessage().contains("[x, y]"), e.getMessage());
    }

    /** A configurable host standing for a source that reads I fields as they are. */
    static final class RawSource implements Configurable {
        @Config(description = "a name")
        private String name = "raw";
    }

    @Test
    void fineTuningOnDataTransformedAnotherWayIsRefused() throws IOException {
        CriteoDataSource source = new CriteoDataSource(criteo(200, 2), 0, 0);
        GatedFieldModel start = trainer().train(FieldColumnsDataset.read(source));
        List<Example<Label>> examples = new ArrayList<>();
        source.forEach(examples::add);
        ConfiguredSourceProvenance raw = new ConfiguredSourceProvenance(new RawSource(), Map.of(),
                DeclaredTransforms.provenanceValues(Map.of("I4", NumericTransform.IDENTITY)));
        MutableDataset<Label> other = new MutableDataset<>(new ListDataSource<>(examples, new LabelFactory(), raw));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer().fineTune(start, other));
        assertTrue(e.getMessage().contains("'I4'") && e.getMessage().contains("log(1 + max(x, 0))"), e.getMessage());
        // the same source's data fine-tunes
        assertCriteoRecord(trainer().fineTune(start, new MutableDataset<>(source)).layout());
    }
}
