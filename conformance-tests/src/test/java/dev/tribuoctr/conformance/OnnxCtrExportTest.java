package dev.tribuoctr.conformance;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.tribuoctr.ctr.encoding.CtrSchema;
import dev.tribuoctr.ctr.engine.OptimiserType;
import dev.tribuoctr.ctr.model.CtrModel;
import dev.tribuoctr.ctr.model.Pooling;
import dev.tribuoctr.ctr.train.MetaWrapperTrainer;
import dev.tribuoctr.onnx.OnnxCtrModel;
import dev.tribuoctr.onnx.OnnxExporter;
import dev.tribuoctr.onnx.OnnxInput;
import dev.tribuoctr.onnx.OnnxModelFile;
import dev.tribuoctr.onnx.OnnxSchema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ONNX contract of design §7 (docs/design/onnx-contract.md) for interest models: for every pooling, ONNX Runtime and the Java model agree to
 * 1e-5 on held-out examples, among them unseen item ids and context values, empty histories, histories longer than
 * {@code T}, missing attributes, multi-hot and weighted context fields and numeric features; the graph itself cuts a
 * long history to its most recent {@code T}; the metadata's provenance unmarshals to the model's own; the model
 * survives Java serialization and {@code copy()}; bad files and examples fail with clear errors.
 */
class OnnxCtrExportTest {
    private static final int T = 8;
    private static final double TOLERANCE = 1e-5;
    private static final Map<Pooling, CtrModel> models = new EnumMap<>(Pooling.class);
    private static List<Example<Label>> heldOut;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        CtrExampleGenerator generator = new CtrExampleGenerator(5);
        MutableDataset<Label> data = generator.dataset(600);
        for (Pooling pooling : Pooling.values()) {
            MetaWrapperTrainer trainer = MetaWrapperTrainer.builder()
                    .schema(new CtrSchema("item", List.of("cate"), "hist_item", T, List.of(), List.of(), 1))
                    .pooling(pooling).mu(pooling == Pooling.ATTENTION ? 0.5 : 0.0).beta(0.05)
                    .embeddingSizes(4, 4, 4).selectorHiddenSizes(8, 4).predictorHiddenSizes(8, 4)
                    .optimiser(OptimiserType.ADAM, 0.02).batchSize(50).epochs(3).seed(3).loggingInterval(0).build();
            models.put(pooling, trainer.train(data));
        }
        heldOut = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            heldOut.add(generator.example(CtrExampleGenerator.ITEMS, i % 11, true, 0));
        }
        for (int i = 0; i < 10; i++) {
            heldOut.add(generator.example(3 * CtrExampleGenerator.ITEMS, 5, true, 6)); // unseen items and values
            heldOut.add(generator.example(CtrExampleGenerator.ITEMS, 0, true, 0));     // empty history
            heldOut.add(generator.example(CtrExampleGenerator.ITEMS, 2 * T + i, true, 0)); // longer than T
            heldOut.add(generator.example(CtrExampleGenerator.ITEMS, 4, false, 0));    // no category
        }
    }

    private Path export(Pooling pooling) throws IOException {
        Path file = dir.resolve(pooling + ".onnx");
        OnnxExporter.save(models.get(pooling), file);
        return file;
    }

    @ParameterizedTest
    @EnumSource(Pooling.class)
    void onnxRuntimeAgreesWithTheJavaModel(Pooling pooling) throws IOException {
        CtrModel model = models.get(pooling);
        double[] java = model.clickProbabilities(heldOut);
        try (OnnxCtrModel onnx = OnnxCtrModel.load(export(pooling))) {
            double[] ort = onnx.clickProbabilities(heldOut);
            assertClose(java, ort, pooling.toString());
            // One at a time too: batch composition changes padding widths, never the scores.
            for (int i = 0; i < heldOut.size(); i += 7) {
                double single = onnx.clickProbabilities(List.of(heldOut.get(i)))[0];
                assertEquals(java[i], single, TOLERANCE, pooling + " example " + i + " alone");
            }
            // Tribuo's API on top: the "1" score is the click probability.
            double viaPredict = onnx.predict(heldOut.get(3)).getOutputScores().get("1").getScore();
            assertEquals(java[3], viaPredict, TOLERANCE);
        }
        double spread = java[0];
        boolean varies = false;
        for (double p : java) {
            varies |= Math.abs(p - spread) > 1e-3;
        }
        assertTrue(varies, pooling + ": the trained model's scores are constant, the parity check would be weak");
    }

    @Test
    void unknownFieldsAreIgnoredByTheJavaAndTheExportedModelAlike() throws IOException {
        CtrModel model = models.get(Pooling.ATTENTION);
        List<Example<Label>> extra = new ArrayList<>();
        for (int i = 0; i < heldOut.size(); i++) {
            org.tribuo.impl.ArrayExample<Label> copy = new org.tribuo.impl.ArrayExample<>(heldOut.get(i));
            copy.add(new org.tribuo.Feature("device@" + (i % 2 == 0 ? "phone" : "tablet"), 1.0));
            copy.add(new org.tribuo.Feature("dwell_seconds", i));
            extra.add(copy);
        }
        double[] plain = model.clickProbabilities(heldOut);
        long before = model.unknownFeatures().count();
        assertArrayEquals(plain, model.clickProbabilities(extra), 0.0);
        assertEquals(before + 2L * extra.size(), model.unknownFeatures().count());
        try (OnnxCtrModel onnx = OnnxCtrModel.load(export(Pooling.ATTENTION))) {
            assertClose(plain, onnx.clickProbabilities(extra), "unknown fields ignored");
            assertEquals(java.util.Map.of("device", (long) extra.size(), "dwell_seconds", (long) extra.size()),
                    onnx.unknownFeatures().byField());
        }
    }

    @Test
    void aModelWithoutHistoryExportsWithoutAHistoryInput() throws IOException {
        MutableDataset<Label> data = new CtrExampleGenerator(8).dataset(300);
        CtrModel model = MetaWrapperTrainer.builder()
                .schema(new CtrSchema("item", List.of("cate"), "hist_item", 0, List.of(), List.of(), 1))
                .pooling(Pooling.SUM).mu(0).embeddingSizes(4, 4, 4).predictorHiddenSizes(8, 4)
                .optimiser(OptimiserType.ADAM, 0.02).batchSize(50).epochs(2).seed(3).loggingInterval(0).build()
                .train(data);
        Path file = dir.resolve("no-history.onnx");
        OnnxExporter.save(model, file);
        assertTrue(OnnxModelFile.read(file).schema().inputs(OnnxInput.Role.HISTORY).isEmpty());
        List<Example<Label>> examples = heldOut.subList(0, 30);
        try (OnnxCtrModel onnx = OnnxCtrModel.load(file)) {
            assertClose(model.clickProbabilities(examples), onnx.clickProbabilities(examples), "no history");
        }
    }

    @Test
    void theGraphKeepsTheMostRecentTHistoryItems() throws Exception {
        Path file = export(Pooling.SOFTMAX);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        String[] longHistory = new String[T + 5];
        for (int t = 0; t < longHistory.length; t++) {
            longHistory[t] = "i" + (t * 3 % CtrExampleGenerator.ITEMS);
        }
        String[] cut = java.util.Arrays.copyOf(longHistory, T);
        String[] other = longHistory.clone();
        other[T + 2] = "i" + 1; // differs only beyond T
        try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions())) {
            float a = run(env, session, longHistory);
            float b = run(env, session, cut);
            float c = run(env, session, other);
            assertEquals(b, a, 1e-7, "a long history must score as its most recent T items");
            assertEquals(a, c, 1e-7);
            String[] changedInside = cut.clone();
            changedInside[0] = "i" + 59;
            assertTrue(Math.abs(run(env, session, changedInside) - b) > 1e-6,
                    "changing a kept history item must change the score");
        }
    }

    private static float run(OrtEnvironment env, OrtSession session, String[] history) throws Exception {
        Map<String, OnnxTensor> feed = new java.util.HashMap<>();
        try {
            feed.put("item", OnnxTensor.createTensor(env, new String[]{"i4"}));
            feed.put("cate", OnnxTensor.createTensor(env, new String[]{"c4"}));
            feed.put("history", OnnxTensor.createTensor(env, new String[][]{history}));
            feed.put("user", OnnxTensor.createTensor(env, new String[]{"u3"}));
            feed.put("tags", OnnxTensor.createTensor(env, new String[][]{{"t1", "t2"}}));
            feed.put("score", OnnxTensor.createTensor(env, new String[]{"s1"}));
            feed.put("score_weight", OnnxTensor.createTensor(env, new float[]{2f}));
            feed.put("price", OnnxTensor.createTensor(env, new float[]{0.25f}));
            try (OrtSession.Result r = session.run(feed)) {
                return ((float[]) r.get("ctr").get().getValue())[0];
            }
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    @Test
    void metadataHoldsProvenanceSchemaAndVersion() throws IOException {
        CtrModel model = models.get(Pooling.ATTENTION);
        OnnxModelFile file = OnnxModelFile.read(export(Pooling.ATTENTION));
        assertEquals(model.getProvenance(), file.provenance(), "the file's provenance must unmarshal to the model's");
        assertEquals(OnnxExporter.PRODUCER, file.proto().getProducerName());
        assertEquals(OnnxExporter.version(), file.proto().getProducerVersion());
        assertTrue(OnnxExporter.version().matches("\\d+\\.\\d+.*"), OnnxExporter.version());
        OnnxSchema schema = file.schema();
        assertEquals(T, schema.maxHistoryLength());
        assertEquals("ATTENTION", schema.pooling());
        Map<String, Integer> ranks = schema.inputs().stream().collect(Collectors.toMap(OnnxInput::name, OnnxInput::rank));
        assertEquals(Map.of("item", 1, "cate", 1, "history", 2, "user", 1, "tags", 2, "score", 1, "score_weight", 1,
                "price", 1), ranks, "inputs: multi-hot 'tags' has rank 2, weighted 'score' has a weight input");
        Set<String> graphInputs = file.proto().getGraph().getInputList().stream().map(i -> i.getName())
                .collect(Collectors.toSet());
        assertEquals(ranks.keySet(), graphInputs);
        assertEquals(List.of("ctr"), file.proto().getGraph().getOutputList().stream().map(o -> o.getName()).toList());
        assertTrue(file.vocabulary(schema.input(OnnxInput.Role.ITEM, "item").orElseThrow()).contains("i7"));
    }

    @Test
    void onnxModelSerializesAndCopies() throws Exception {
        try (OnnxCtrModel onnx = OnnxCtrModel.load(export(Pooling.SUM))) {
            double[] want = onnx.clickProbabilities(heldOut);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(onnx);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()));
                 OnnxCtrModel restored = (OnnxCtrModel) in.readObject();
                 OnnxCtrModel copy = (OnnxCtrModel) onnx.copy()) {
                assertClose(want, restored.clickProbabilities(heldOut), "deserialized");
                assertClose(want, copy.clickProbabilities(heldOut), "copy");
                assertEquals(onnx.getProvenance(), restored.getProvenance());
            }
            assertTrue(onnx.getFeatureIDMap().get("tags@t3") != null, "the feature map lists vocabulary values");
        }
    }

    @Test
    void corruptAndForeignFilesFailClearly() throws IOException {
        Path garbage = dir.resolve("garbage.onnx");
        Files.write(garbage, new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9});
        IOException e = assertThrows(IOException.class, () -> OnnxCtrModel.load(garbage));
        assertTrue(e.getMessage().contains(garbage.toString()), e.getMessage());

        Path good = export(Pooling.ATTENTION);
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = dir.resolve("truncated.onnx");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        e = assertThrows(IOException.class, () -> OnnxCtrModel.load(truncated));
        assertTrue(e.getMessage().contains("truncated.onnx"), e.getMessage());

        // A valid ONNX model without our metadata (another producer's): rejected by name.
        Path foreign = dir.resolve("foreign.onnx");
        var proto = OnnxModelFile.read(good).proto().toBuilder().clearMetadataProps().setProducerName("other").build();
        Files.write(foreign, proto.toByteArray());
        e = assertThrows(IOException.class, () -> OnnxCtrModel.load(foreign));
        assertTrue(e.getMessage().contains("not a model exported by tribuo-ctr"), e.getMessage());

        // Metadata that does not match the graph (an input removed after export).
        Path altered = dir.resolve("altered.onnx");
        var graph = proto.getGraph().toBuilder().removeInput(0).build();
        var withMeta = withoutChecksums(OnnxModelFile.read(good).proto()).toBuilder().setGraph(graph).build();
        Files.write(altered, withMeta.toByteArray());
        e = assertThrows(IOException.class, () -> OnnxCtrModel.load(altered));
        assertTrue(e.getMessage().contains("altered after export"), e.getMessage());

        assertThrows(IOException.class, () -> OnnxCtrModel.load(dir.resolve("missing.onnx")));
    }

    /** The same file as an export made before the part checksums existed. */
    private static ai.onnx.proto.OnnxMl.ModelProto withoutChecksums(ai.onnx.proto.OnnxMl.ModelProto proto) {
        var b = proto.toBuilder().clearMetadataProps();
        proto.getMetadataPropsList().stream().filter(p -> !p.getKey().equals("TRIBUO_CTR_CHECKSUMS"))
                .forEach(b::addMetadataProps);
        return b.build();
    }

    @Test
    void aChangedVocabularyWeightOrMetadataIsRefusedNamingThePart() throws Exception {
        Path good = export(Pooling.ATTENTION);
        var proto = OnnxModelFile.read(good).proto();
        var graph = proto.getGraph();

        // one vocabulary string of a LabelEncoder changed: ONNX Runtime alone would serve it as another model
        int encoder = -1;
        for (int i = 0; i < graph.getNodeCount() && encoder < 0; i++) {
            encoder = graph.getNode(i).getOpType().equals("LabelEncoder") ? i : -1;
        }
        assertTrue(encoder >= 0, "the graph has a LabelEncoder");
        var node = graph.getNode(encoder).toBuilder();
        for (int a = 0; a < node.getAttributeCount(); a++) {
            if (node.getAttribute(a).getName().equals("keys_strings")) {
                var attribute = node.getAttribute(a).toBuilder();
                attribute.setStrings(0, com.google.protobuf.ByteString.copyFromUtf8("swapped"));
                node.setAttribute(a, attribute);
            }
        }
        Path vocabulary = dir.resolve("vocabulary.onnx");
        Files.write(vocabulary, proto.toBuilder().setGraph(graph.toBuilder().setNode(encoder, node)).build().toByteArray());
        IOException e = assertThrows(IOException.class, () -> OnnxCtrModel.load(vocabulary));
        assertTrue(e.getMessage().contains("vocabulary.onnx") && e.getMessage().contains("is damaged")
                && e.getMessage().contains("node " + encoder)
                && e.getMessage().contains("LabelEncoder"), e.getMessage());

        // one weight changed
        var tensor = graph.getInitializer(0).toBuilder();
        if (tensor.getFloatDataCount() > 0) {
            tensor.setFloatData(0, tensor.getFloatData(0) + 1);
        } else {
            byte[] raw = tensor.getRawData().toByteArray();
            raw[0] ^= 1;
            tensor.setRawData(com.google.protobuf.ByteString.copyFrom(raw));
        }
        Path weight = dir.resolve("weight.onnx");
        Files.write(weight, proto.toBuilder().setGraph(graph.toBuilder().setInitializer(0, tensor)).build().toByteArray());
        e = assertThrows(IOException.class, () -> OnnxModelFile.read(weight));
        assertTrue(e.getMessage().contains("weight tensor '" + tensor.getName() + "'"), e.getMessage());

        // the schema metadata changed
        var meta = proto.toBuilder();
        for (int i = 0; i < meta.getMetadataPropsCount(); i++) {
            if (meta.getMetadataProps(i).getKey().equals(dev.tribuoctr.onnx.OnnxSchema.NUMERIC_TRANSFORMS_KEY)) {
                meta.setMetadataProps(i, meta.getMetadataProps(i).toBuilder().setValue("nothing"));
            }
        }
        Path note = dir.resolve("note.onnx");
        Files.write(note, meta.build().toByteArray());
        e = assertThrows(IOException.class, () -> OnnxModelFile.read(note));
        assertTrue(e.getMessage().contains("metadata " + dev.tribuoctr.onnx.OnnxSchema.NUMERIC_TRANSFORMS_KEY),
                e.getMessage());

        // an export made before the checksums: read as before, same scores
        Path older = dir.resolve("older.onnx");
        Files.write(older, withoutChecksums(proto).toByteArray());
        try (OnnxCtrModel before = OnnxCtrModel.load(older); OnnxCtrModel now = OnnxCtrModel.load(good)) {
            assertClose(now.clickProbabilities(heldOut), before.clickProbabilities(heldOut), "older file");
        }
    }

    @Test
    void examplesTheFileCannotTakeFailClearly() throws IOException {
        try (OnnxCtrModel onnx = OnnxCtrModel.load(export(Pooling.ATTENTION))) {
            Example<Label> twoUsers = new ArrayExample<>(new Label("1"), new String[]{"item@i1", "user@u1", "user@u2"},
                    new double[]{1, 1, 1});
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> onnx.clickProbabilities(List.of(twoUsers)));
            assertTrue(e.getMessage().contains("'user'"), e.getMessage());
            Example<Label> unknownField = new ArrayExample<>(new Label("1"), new String[]{"item@i1", "city@c1"},
                    new double[]{1, 1});
            // a field the model never had is ignored (Tribuo's convention), not an error: counted instead
            Example<Label> itemOnly = new ArrayExample<>(new Label("1"), new String[]{"item@i1"}, new double[]{1});
            assertEquals(onnx.clickProbabilities(List.of(itemOnly))[0],
                    onnx.clickProbabilities(List.of(unknownField))[0], 0.0);
            assertEquals(1L, onnx.unknownFeatures().byField().get("city"));
        }
    }

    private static void assertClose(double[] want, double[] got, String what) {
        assertEquals(want.length, got.length, what + ": lengths");
        double worst = 0;
        int at = -1;
        for (int i = 0; i < want.length; i++) {
            double d = Math.abs(want[i] - got[i]);
            if (!(d <= worst)) {
                worst = d;
                at = i;
            }
        }
        assertTrue(worst <= TOLERANCE, what + ": largest difference " + worst + " at example " + at + " ("
                + want[Math.max(at, 0)] + " vs " + got[Math.max(at, 0)] + ")");
    }
}
