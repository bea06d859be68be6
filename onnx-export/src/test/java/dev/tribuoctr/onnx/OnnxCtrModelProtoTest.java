package dev.tribuoctr.onnx;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import dev.tribuoctr.ctr.data.SyntheticInterestDataSource;
import dev.tribuoctr.ctr.data.SyntheticInterestDataSource.Split;
import dev.tribuoctr.ctr.encoding.CtrSchema;
import dev.tribuoctr.ctr.engine.OptimiserType;
import dev.tribuoctr.ctr.model.ClickModel;
import dev.tribuoctr.ctr.model.Pooling;
import dev.tribuoctr.ctr.train.MetaWrapperTrainer;
import dev.tribuoctr.featuresel.GateType;
import dev.tribuoctr.featuresel.LpfsFeatureSelector;
import dev.tribuoctr.featuresel.data.PlantedFieldDataSource;
import dev.tribuoctr.onnx.protos.OnnxCtrModelProto;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link OnnxCtrModel} in Tribuo's protobuf format: an exported interest model and an exported pruned field model
 * round-trip through {@code serializeToFile} and Tribuo's {@code Model.deserializeFromFile} with bit-identical
 * probabilities, equal provenance, schema, feature map and output domain; damaged ONNX bytes and unknown versions
 * fail with an exception that says so.
 */
class OnnxCtrModelProtoTest {
    private static List<Example<Label>> ctrExamples;
    private static List<Example<Label>> fieldExamples;
    private static OnnxCtrModel ctr;
    private static OnnxCtrModel field;

    @BeforeAll
    static void export() throws IOException {
        MutableDataset<Label> train = new MutableDataset<>(
                new SyntheticInterestDataSource(10, 120, 4, 6, 6, 0.6, 0.1, 6, 0.25, 5L, Split.TRAIN));
        ctrExamples = new ArrayList<>();
        new SyntheticInterestDataSource(10, 120, 4, 6, 6, 0.6, 0.1, 6, 0.25, 5L, Split.TEST).forEach(ctrExamples::add);
        ClickModel din = MetaWrapperTrainer.builder()
                .schema(new CtrSchema("item", List.of("cate"), "hist_item", 6, List.of(), List.of(), 1))
                .pooling(Pooling.ATTENTION).embeddingSizes(4, 4, 4).selectorHiddenSizes(6, 3)
                .predictorHiddenSizes(8, 4).optimiser(OptimiserType.ADAM, 0.01).batchSize(40).epochs(1).seed(3L)
                .loggingInterval(0).build().train(train);
        ctr = OnnxCtrModel.of(OnnxModelFile.of("din", OnnxExporter.export(din).toByteArray()));

        MutableDataset<Label> planted = new MutableDataset<>(new PlantedFieldDataSource(6, 5, 1000, 2.0, 3));
        fieldExamples = new ArrayList<>();
        planted.forEach(fieldExamples::add);
        ClickModel pruned = LpfsFeatureSelector.builder().gate(GateType.LPFS_PLUS_PLUS, 10).lambda(0.05)
                .optimiser(OptimiserType.ADAM, 0.01).embeddingSize(4).hiddenSizes(8).epochs(1).batchSize(128)
                .build().fit(planted).prunedModel();
        field = OnnxCtrModel.of(OnnxModelFile.of("pruned", OnnxExporter.export(pruned).toByteArray()));
    }

    private static void assertRoundTrips(OnnxCtrModel model, List<Example<Label>> examples, Path dir)
            throws IOException {
        Path file = dir.resolve("model.tribuo");
        model.serializeToFile(file);
        try (OnnxCtrModel restored = assertInstanceOf(OnnxCtrModel.class, Model.deserializeFromFile(file))) {
            assertArrayEquals(model.clickProbabilities(examples), restored.clickProbabilities(examples));
            assertEquals(model.getProvenance(), restored.getProvenance());
            assertEquals(model.getName(), restored.getName());
            assertEquals(model.toString(), restored.toString());
            assertEquals(model.schema(), restored.schema());
            assertEquals(model.getFeatureIDMap().size(), restored.getFeatureIDMap().size());
            assertEquals(model.getFeatureIDMap().keySet(), restored.getFeatureIDMap().keySet());
            assertEquals(model.getOutputIDInfo().getDomain(), restored.getOutputIDInfo().getDomain());
        }
    }

    @Test
    void exportedInterestModelRoundTrips(@TempDir Path dir) throws IOException {
        assertRoundTrips(ctr, ctrExamples, dir);
    }

    @Test
    void exportedFieldModelRoundTrips(@TempDir Path dir) throws IOException {
        assertRoundTrips(field, fieldExamples, dir);
    }

    @Test
    void renamedCopyKeepsItsNameAndProvenance(@TempDir Path dir) throws IOException {
        Model<Label> copy = ctr.copy();
        copy.setName("renamed");
        try (OnnxCtrModel renamed = (OnnxCtrModel) copy) {
            assertRoundTrips(renamed, ctrExamples, dir);
        }
    }

    private static String failureOf(ModelProto proto) {
        Throwable thrown = assertThrows(RuntimeException.class, () -> Model.deserialize(proto));
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException) {
                return t.getMessage();
            }
        }
        throw new AssertionError("no IllegalArgumentException in the chain", thrown);
    }

    @Test
    void damagedOnnxBytesFail() throws IOException {
        ModelProto proto = ctr.serialize();
        OnnxCtrModelProto data = proto.getSerializedData().unpack(OnnxCtrModelProto.class);
        ByteString bytes = data.getOnnxModel();
        OnnxCtrModelProto bad = data.toBuilder().setOnnxModel(bytes.substring(0, bytes.size() / 3)).build();
        String message = failureOf(proto.toBuilder().setSerializedData(Any.pack(bad)).build());
        assertTrue(message.startsWith("The ONNX CTR model file is damaged: the ONNX model (graph, weights and"
                + " vocabularies) (onnx_model) fails its CRC32C checksum"), message);
        // A file saved before part checksums were added: ONNX Runtime's own check is what refuses it.
        String old = failureOf(proto.toBuilder().setSerializedData(Any.pack(bad.toBuilder().clearChecksums().build()))
                .build());
        assertTrue(old.startsWith("The stored ONNX model cannot be opened"), old);
    }

    @Test
    void oneFlippedByteOfTheOnnxModelIsRefused() throws IOException {
        ModelProto proto = field.serialize();
        OnnxCtrModelProto data = proto.getSerializedData().unpack(OnnxCtrModelProto.class);
        byte[] bytes = data.getOnnxModel().toByteArray();
        bytes[bytes.length - 7] ^= 0x04;
        OnnxCtrModelProto bad = data.toBuilder().setOnnxModel(ByteString.copyFrom(bytes)).build();
        String message = failureOf(proto.toBuilder().setSerializedData(Any.pack(bad)).build());
        assertTrue(message.contains("the ONNX model (graph, weights and vocabularies) (onnx_model) fails"), message);
    }

    @Test
    void unknownVersionFails() {
        String message = failureOf(ctr.serialize().toBuilder().setVersion(OnnxCtrModel.CURRENT_VERSION + 1).build());
        assertTrue(message.contains("Unknown OnnxCtrModel format version 1"), message);
    }
}
