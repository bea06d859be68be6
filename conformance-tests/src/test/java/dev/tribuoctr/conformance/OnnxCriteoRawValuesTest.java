package dev.tribuoctr.conformance;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.Any;
import dev.tribuoctr.ctr.encoding.NumericTransform;
import dev.tribuoctr.ctr.engine.OptimiserType;
import dev.tribuoctr.featuresel.FieldPruning;
import dev.tribuoctr.featuresel.GateType;
import dev.tribuoctr.featuresel.GatedFieldModel;
import dev.tribuoctr.featuresel.LpfsFeatureSelector;
import dev.tribuoctr.featuresel.LpfsResult;
import dev.tribuoctr.featuresel.data.CriteoDataSource;
import dev.tribuoctr.featuresel.data.FieldColumnsDataset;
import dev.tribuoctr.featuresel.protos.GatedFieldModelProto;
import dev.tribuoctr.onnx.OnnxCtrModel;
import dev.tribuoctr.onnx.OnnxExporter;
import dev.tribuoctr.onnx.OnnxInput;
import dev.tribuoctr.onnx.OnnxModelFile;
import dev.tribuoctr.onnx.OnnxSchema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;
import org.tribuo.protos.core.ModelProto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The numeric transform of Criteo's integer fields travels with an LPFS model into its ONNX file (design §7.2): a
 * plain ONNX Runtime session fed the RAW cells of Criteo-format rows (negative, empty, huge integers) gives the
 * scores the Java model gives the source's (transformed) examples of the same rows, to 1e-6, for the gated and the
 * pruned model; {@code OnnxCtrModel} agrees on the source's examples; a model without the record (trained before
 * transforms were recorded) exports as before and its file says the inputs are taken as they are.
 */
class OnnxCriteoRawValuesTest {
    private static final double TOLERANCE = 1e-6;
    private static LpfsResult result;
    private static Path heldOut;
    private static List<Example<Label>> heldOutExamples;

    @TempDir
    static Path data;
    @TempDir
    Path dir;

    @BeforeAll
    static void fit() throws IOException {
        Random rng = new Random(29);
        Path train = data.resolve("train.txt");
        writeCriteo(train, 2500, rng, 0);
        heldOut = data.resolve("held-out.txt");
        writeCriteo(heldOut, 300, rng, 5);
        result = LpfsFeatureSelector.builder().gate(GateType.LPFS, 10).lambda(1e-4)
                .optimiser(OptimiserType.ADAM, 0.02).embeddingSize(4).hiddenSizes(16, 8).epochs(3).batchSize(128)
                .build().fit(FieldColumnsDataset.read(new CriteoDataSource(train, 0, 0)));
        heldOutExamples = new ArrayList<>();
        new CriteoDataSource(heldOut, 0, 0).forEach(heldOutExamples::add);
    }

    /**
     * Writes Criteo-format rows: label, I1..I13 (15% empty; I2 negative now and then; 2% huge, beyond float's
     * exact integers), C1..C26 (8 hex digits, 10% empty); the click depends on log(1 + max(x, 0)) of I1 and I2 and on
     * C1, so that the transform matters to the scores.
     */
    private static void writeCriteo(Path file, int rows, Random rng, int unseen) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            String[] cols = new String[CriteoDataSource.COLUMNS];
            long[] ints = new long[CriteoDataSource.INTEGER_COLUMNS + 1];
            for (int k = 1; k <= CriteoDataSource.INTEGER_COLUMNS; k++) {
                double u = rng.nextDouble();
                if (u < 0.15) {
                    cols[k] = "";
                    continue;
                }
                ints[k] = u < 0.17 ? 1_000_000_000L + rng.nextInt(2_000_000_000)
                        : k == 2 && u < 0.27 ? -1 - rng.nextInt(3) : (long) Math.exp(rng.nextDouble() * 7) - 1;
                cols[k] = Long.toString(ints[k]);
            }
            for (int k = 1; k <= CriteoDataSource.CATEGORICAL_COLUMNS; k++) {
                cols[CriteoDataSource.INTEGER_COLUMNS + k] = rng.nextDouble() < 0.1 ? ""
                        : String.format(Locale.ROOT, "%08x", (k * 7919 + rng.nextInt(12 + unseen)) * 2654435761L & 0xffffffffL);
            }
            double logit = 1.2 * (NumericTransform.LOG1P_POSITIVE.apply(ints[1]) - 2.5)
                    - 0.8 * NumericTransform.LOG1P_POSITIVE.apply(ints[2]) + 1.5
                    + (cols[CriteoDataSource.INTEGER_COLUMNS + 1].hashCode() % 2 == 0 ? 0.8 : -0.8);
            cols[0] = rng.nextDouble() < 1 / (1 + Math.exp(-logit)) ? "1" : "0";
            text.append(String.join("\t", cols)).append('\n');
        }
        Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
    }

    @Test
    void gatedModelFedRawValuesGivesTheJavaScores() throws Exception {
        GatedFieldModel gated = result.gatedModel();
        for (int k = 1; k <= CriteoDataSource.INTEGER_COLUMNS; k++) {
            int n = gated.layout().numericFields().indexOf("I" + k);
            assertEquals(NumericTransform.LOG1P_POSITIVE, gated.layout().numericTransform(n), "I" + k);
        }
        OnnxModelFile file = assertRawParity(gated, "gated");
        OnnxInput i2 = file.schema().input(OnnxInput.Role.NUMERIC, "I2").orElseThrow();
        assertEquals(NumericTransform.LOG1P_POSITIVE.name(), i2.transform());
        String note = metadata(file).get(OnnxSchema.NUMERIC_TRANSFORMS_KEY);
        assertTrue(note.contains("I2: log(1 + max(x, 0))") && note.contains("feed raw values"), note);
    }

    @Test
    void prunedModelFedRawValuesGivesTheJavaScores() throws Exception {
        double[] gates = result.gateParameters();
        List<String> fields = result.fields();
        for (int f = 0; f < fields.size(); f++) {
            String field = fields.get(f);
            boolean keep = field.equals("C1") || field.equals("C2") || field.equals("I1") || field.equals("I2")
                    || field.equals("I7");
            if (!keep) {
                gates[f] = 0.0;
            }
        }
        GatedFieldModel pruned = FieldPruning.prune(result.gatedModel(), gates);
        OnnxModelFile file = assertRawParity(pruned, "pruned");
        assertEquals(5, file.schema().inputs().size());
        // the record survives Tribuo's protobuf form
        GatedFieldModel reloaded = (GatedFieldModel) Model.deserialize(pruned.serialize());
        assertEquals(pruned.layout().toProto(), reloaded.layout().toProto());
        assertRawParity(reloaded, "reloaded");
    }

    @Test
    void aModelTrainedOnHashBucketsIsNotExportedAsIfRawHashesWouldDo() throws Exception {
        // the source reads each hexadecimal hash as a number into buckets; no ONNX operator reads hexadecimal, so a
        // file fed the published hashes would score every value as unknown: refused, naming the step
        LpfsResult bucketed = LpfsFeatureSelector.builder().gate(GateType.LPFS, 10).embeddingSize(4).hiddenSizes(8)
                .epochs(1).batchSize(256).build()
                .fit(FieldColumnsDataset.read(new CriteoDataSource(data.resolve("train.txt"), 0, 16)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxExporter.save(bucketed.gatedModel(), dir.resolve("bucketed.onnx")));
        assertTrue(e.getMessage().contains("hashBuckets 16") && e.getMessage().contains("CriteoDataSource"),
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("bucketed.onnx")));
    }

    @Test
    void modelWithoutTheRecordExportsItsInputsAsTheyAre() throws Exception {
        // an older file: the same model with no numeric_transforms in its layout
        ModelProto envelope = result.gatedModel().serialize();
        GatedFieldModelProto data = envelope.getSerializedData().unpack(GatedFieldModelProto.class);
        GatedFieldModelProto old = data.toBuilder().setLayout(data.getLayout().toBuilder().clearNumericTransforms())
                .clearChecksums().build(); // older files had neither the record nor part checksums
        GatedFieldModel model = (GatedFieldModel) Model.deserialize(envelope.toBuilder()
                .setSerializedData(Any.pack(old)).build());
        assertFalse(model.layout().numericTransformsRecorded());
        assertArrayEquals(result.gatedModel().clickProbabilities(heldOutExamples), model.clickProbabilities(heldOutExamples));
        Path path = dir.resolve("old.onnx");
        OnnxExporter.save(model, path);
        OnnxModelFile file = OnnxModelFile.read(path);
        assertNull(file.schema().input(OnnxInput.Role.NUMERIC, "I1").orElseThrow().transform());
        String note = metadata(file).get(OnnxSchema.NUMERIC_TRANSFORMS_KEY);
        assertTrue(note.contains("taken as they are") && note.contains("I1"), note);
        // as before: the file takes the values the examples hold, so Tribuo's route still agrees ...
        try (OnnxCtrModel served = OnnxCtrModel.load(path)) {
            assertClose(model.clickProbabilities(heldOutExamples), served.clickProbabilities(heldOutExamples), "old");
        }
        // ... and raw values give other scores: the transform is what the recorded file adds
        double[] raw = rawScores(path);
        double[] java = model.clickProbabilities(heldOutExamples);
        double worst = 0;
        for (int i = 0; i < raw.length; i++) {
            worst = Math.max(worst, Math.abs(raw[i] - java[i]));
        }
        assertTrue(worst > 0.01, "raw values into an unrecorded file should differ, largest difference " + worst);
    }

    @Test
    void aValueTheTransformCannotGiveAndAnUnknownTransformAreNamed() throws Exception {
        Path path = dir.resolve("checks.onnx");
        OnnxExporter.save(result.gatedModel(), path);
        OnnxModelFile file = OnnxModelFile.read(path);
        String field = file.schema().inputs(OnnxInput.Role.NUMERIC).get(0).field();
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (Feature f : heldOutExamples.get(0)) {
            if (!f.getName().equals(field)) {
                names.add(f.getName());
                values.add(f.getValue());
            }
        }
        names.add(field);
        values.add(-0.5); // log(1 + max(x, 0)) is never negative: no raw value gives it
        Example<Label> impossible = new ArrayExample<>(new Label("0"), names.toArray(new String[0]),
                values.stream().mapToDouble(Double::doubleValue).toArray());
        try (OnnxCtrModel served = OnnxCtrModel.load(path)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> served.predict(List.of(heldOutExamples.get(1), impossible)));
            assertTrue(e.getMessage().contains("Example 1") && e.getMessage().contains("'" + field + "'")
                    && e.getMessage().contains("log(1 + max(x, 0))"), e.getMessage());
        }

        ai.onnx.proto.OnnxMl.ModelProto.Builder edited = file.proto().toBuilder();
        for (int i = 0; i < edited.getMetadataPropsCount(); i++) {
            if (edited.getMetadataProps(i).getKey().equals(OnnxSchema.METADATA_KEY)) {
                edited.setMetadataProps(i, edited.getMetadataProps(i).toBuilder().setValue(edited.getMetadataProps(i)
                        .getValue().replace(NumericTransform.LOG1P_POSITIVE.name(), "YEO_JOHNSON")));
            }
        }
        // as a file of a later version would name it: its own checksums match, so none are kept here
        for (int i = edited.getMetadataPropsCount() - 1; i >= 0; i--) {
            if (edited.getMetadataProps(i).getKey().equals("TRIBUO_CTR_CHECKSUMS")) {
                edited.removeMetadataProps(i);
            }
        }
        IOException e = assertThrows(IOException.class,
                () -> OnnxModelFile.of("edited.onnx", edited.build().toByteArray()));
        assertTrue(e.getMessage().contains("edited.onnx") && e.getMessage().contains("input '")
                && e.getMessage().contains("'YEO_JOHNSON'"), e.getMessage());
    }

    private OnnxModelFile assertRawParity(GatedFieldModel model, String what) throws Exception {
        Path path = dir.resolve(what + ".onnx");
        OnnxExporter.save(model, path);
        double[] java = model.clickProbabilities(heldOutExamples);
        double min = 1;
        double max = 0;
        for (double p : java) {
            min = Math.min(min, p);
            max = Math.max(max, p);
        }
        assertTrue(max - min > 0.2, what + ": scores barely vary (" + min + "–" + max + "), a weak check");
        assertClose(java, rawScores(path), what + " raw values through a plain OrtSession");
        try (OnnxCtrModel served = OnnxCtrModel.load(path)) {
            assertClose(java, served.clickProbabilities(heldOutExamples), what + " OnnxCtrModel on the source's examples");
        }
        return OnnxModelFile.read(path);
    }

    private static void assertClose(double[] want, double[] got, String what) {
        assertEquals(want.length, got.length, what);
        double worst = 0;
        int at = -1;
        for (int i = 0; i < want.length; i++) {
            if (Math.abs(want[i] - got[i]) > worst) {
                worst = Math.abs(want[i] - got[i]);
                at = i;
            }
        }
        assertTrue(worst <= TOLERANCE, what + ": largest difference " + worst + " at row " + at);
    }

    /**
     * The held-out file scored by ONNX Runtime alone, as a client in any language would: each input named after a
     * column takes the row's raw cell (a float, 0 when empty, or the string, "" when empty).
     */
    private static double[] rawScores(Path model) throws IOException, OrtException {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(heldOut, StandardCharsets.UTF_8)) {
            rows.add(line.split("\t", -1));
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model.toString(), new OrtSession.SessionOptions())) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            try {
                for (String name : session.getInputNames()) {
                    int column = name.charAt(0) == 'I' ? Integer.parseInt(name.substring(1))
                            : CriteoDataSource.INTEGER_COLUMNS + Integer.parseInt(name.substring(1));
                    if (name.charAt(0) == 'I') {
                        float[] values = new float[rows.size()];
                        for (int r = 0; r < values.length; r++) {
                            String cell = rows.get(r)[column];
                            values[r] = cell.isEmpty() ? 0f : Float.parseFloat(cell);
                        }
                        inputs.put(name, OnnxTensor.createTensor(env, values));
                    } else {
                        String[] values = new String[rows.size()];
                        for (int r = 0; r < values.length; r++) {
                            values[r] = rows.get(r)[column];
                        }
                        inputs.put(name, OnnxTensor.createTensor(env, values));
                    }
                }
                try (OrtSession.Result out = session.run(inputs)) {
                    float[] p = (float[]) out.get(0).getValue();
                    double[] scores = new double[p.length];
                    for (int i = 0; i < p.length; i++) {
                        scores[i] = p[i];
                    }
                    return scores;
                }
            } finally {
                inputs.values().forEach(OnnxTensor::close);
            }
        }
    }

    private static Map<String, String> metadata(OnnxModelFile file) {
        Map<String, String> map = new HashMap<>();
        file.proto().getMetadataPropsList().forEach(p -> map.put(p.getKey(), p.getValue()));
        return map;
    }
}
