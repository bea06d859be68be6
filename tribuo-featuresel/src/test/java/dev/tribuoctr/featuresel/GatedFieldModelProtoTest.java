package dev.tribuoctr.featuresel;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import dev.tribuoctr.ctr.engine.OptimiserType;
import dev.tribuoctr.ctr.protos.TensorProto;
import dev.tribuoctr.featuresel.data.PlantedFieldDataSource;
import dev.tribuoctr.featuresel.protos.GatedFieldModelProto;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.FeatureMap;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link GatedFieldModel} in Tribuo's protobuf format, gated (straight out of LPFS) and pruned: each round-trips
 * through {@code serializeToFile} and Tribuo's {@code Model.deserializeFromFile} with bit-identical probabilities,
 * equal provenance, gate factors, feature map and output domain; wrong versions, gate factor counts and shapes fail
 * with an exception that says so.
 */
class GatedFieldModelProtoTest {
    private static final LabelFactory FACTORY = new LabelFactory();
    /** A numeric field added to the planted examples, so that numeric fields are stored too. */
    private static final String NUMERIC = "noise";

    private static List<Example<Label>> examples;
    private static LpfsResult lpfs;

    @BeforeAll
    static void fit() {
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("planted+" + NUMERIC,
                FACTORY), FACTORY);
        int i = 0;
        for (Example<Label> e : new PlantedFieldDataSource(6, 5, 1500, 2.0, 3)) {
            ArrayExample<Label> copy = new ArrayExample<>(e);
            copy.add(new Feature(NUMERIC, (i++ % 5) / 5.0));
            data.add(copy);
        }
        examples = new ArrayList<>();
        data.forEach(examples::add);
        lpfs = LpfsFeatureSelector.builder().gate(GateType.LPFS_PLUS_PLUS, 10).lambda(0.05)
                .gateLearningRate(0.05, 0.9991, 5e-4).optimiser(OptimiserType.ADAM, 0.01).embeddingSize(4)
                .hiddenSizes(8).epochs(1).batchSize(128).build().fit(data);
    }

    private static GatedFieldModel roundTrip(GatedFieldModel model, Path dir) throws IOException {
        Path file = dir.resolve("model.tribuo");
        model.serializeToFile(file);
        return assertInstanceOf(GatedFieldModel.class, Model.deserializeFromFile(file));
    }

    private static void assertSameModel(GatedFieldModel model, GatedFieldModel restored) {
        assertNotSame(model, restored);
        assertArrayEquals(model.clickProbabilities(examples), restored.clickProbabilities(examples));
        assertEquals(model.getProvenance(), restored.getProvenance());
        assertEquals(model.getName(), restored.getName());
        assertEquals(model.toString(), restored.toString());
        assertArrayEquals(model.gateFactors(), restored.gateFactors());
        assertEquals(model.layout().fieldNames(), restored.layout().fieldNames());
        assertEquals(model.getFeatureIDMap().size(), restored.getFeatureIDMap().size());
        assertEquals(model.getFeatureIDMap(), restored.getFeatureIDMap());
        assertEquals(model.getOutputIDInfo().getDomain(), restored.getOutputIDInfo().getDomain());
        assertEquals(model.network().engine(), restored.network().engine());
        assertEquals(model.network().threads(), restored.network().threads());
    }

    @Test
    void gatedModelRoundTrips(@TempDir Path dir) throws IOException {
        GatedFieldModel gated = lpfs.gatedModel();
        assertTrue(gated.layout().numericFields().contains(NUMERIC));
        assertSameModel(gated, roundTrip(gated, dir));
    }

    @Test
    void prunedModelRoundTrips(@TempDir Path dir) throws IOException {
        GatedFieldModel pruned = lpfs.prunedModel();
        GatedFieldModel restored = roundTrip(pruned, dir);
        assertSameModel(pruned, restored);
        assertEquals(lpfs.keptFields().size(), restored.layout().fieldCount());
        for (double factor : restored.gateFactors()) {
            assertEquals(1.0, factor, 0.0);
        }
    }

    @Test
    void vocabulariesAreStoredOnce() throws IOException {
        GatedFieldModelProto data = lpfs.gatedModel().serialize().getSerializedData().unpack(GatedFieldModelProto.class);
        assertTrue(data.getFeatureMapFromLayout());
        assertEquals(0, FeatureMap.deserialize(data.getMetadata().getFeatureDomain()).size());
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

    private static ModelProto with(GatedFieldModelProto data) {
        return lpfs.gatedModel().serialize().toBuilder().setSerializedData(Any.pack(data)).build();
    }

    private static GatedFieldModelProto data() throws IOException {
        return lpfs.gatedModel().serialize().getSerializedData().unpack(GatedFieldModelProto.class);
    }

    @Test
    void unknownVersionFails() {
        String message = failureOf(lpfs.gatedModel().serialize().toBuilder().setVersion(7).build());
        assertTrue(message.contains("Unknown GatedFieldModel format version 7"), message);
    }

    @Test
    void wrongClassNameFails() {
        Any any = lpfs.gatedModel().serialize().getSerializedData();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GatedFieldModel.deserializeFromProto(0, "dev.tribuoctr.ctr.model.CtrModel", any));
        assertTrue(e.getMessage().contains("cannot read a model of class dev.tribuoctr.ctr.model.CtrModel"),
                e.getMessage());
    }

    @Test
    void missingGateFactorFails() throws IOException {
        GatedFieldModelProto data = data();
        List<Double> factors = new ArrayList<>(data.getGateFactorsList());
        factors.remove(0);
        String message = failureOf(with(data.toBuilder().clearGateFactors().addAllGateFactors(factors).clearChecksums()
                .build()));
        assertTrue(message.contains(factors.size() + " gate factors for " + (factors.size() + 1) + " fields"), message);
    }

    @Test
    void tableThatDoesNotMatchItsVocabularyFails() throws IOException {
        GatedFieldModelProto data = data();
        GatedFieldModelProto bad = data.toBuilder().setLayout(data.getLayout().toBuilder()
                .setVocabularies(0, data.getLayout().getVocabularies(0).toBuilder().addValues("unseen"))).build();
        TensorProto table = data.getParameters().getTensors(0);
        String message = failureOf(with(bad.toBuilder().clearChecksums().build()));
        assertTrue(message.contains("needs parameter '" + table.getName() + "' of shape [" + (table.getShape(0) + 1)),
                message);
    }

    @Test
    void alteredPartIsRefusedNamingIt() throws IOException {
        GatedFieldModelProto data = data();
        String field = data.getLayout().getVocabularies(1).getName();
        Map<String, GatedFieldModelProto> altered = new LinkedHashMap<>();
        altered.put("the vocabulary of field '" + field + "' (layout.vocabularies[1])", data.toBuilder()
                .setLayout(data.getLayout().toBuilder().setVocabularies(1, data.getLayout().getVocabularies(1)
                        .toBuilder().setValues(0, "forged"))).build());
        altered.put("the field layout", data.toBuilder().setLayout(data.getLayout().toBuilder()
                .setCategoricalFields(0, "renamed")).build());
        altered.put("the network settings", data.toBuilder().setNetwork(data.getNetwork().toBuilder()
                .addHiddenSizes(3)).build());
        altered.put("the gate factors", data.toBuilder().setGateFactors(0, data.getGateFactors(0) + 0.5).build());
        TensorProto last = data.getParameters().getTensors(data.getParameters().getTensorsCount() - 1);
        byte[] values = last.getValues().toByteArray();
        values[0] ^= 0x01;
        altered.put("parameter tensor '" + last.getName() + "'", data.toBuilder().setParameters(data.getParameters()
                .toBuilder().setTensors(data.getParameters().getTensorsCount() - 1,
                        last.toBuilder().setValues(ByteString.copyFrom(values)))).build());
        altered.forEach((part, bad) -> {
            String message = failureOf(with(bad));
            assertTrue(message.startsWith("The gated field model file is damaged: " + part), message);
        });
    }

    @Test
    void fileWithoutChecksumsLoadsAndPredictsTheSame() throws IOException {
        GatedFieldModel model = lpfs.gatedModel();
        GatedFieldModel loaded = (GatedFieldModel) Model.deserialize(with(data().toBuilder().clearChecksums().build()));
        assertArrayEquals(model.clickProbabilities(examples), loaded.clickProbabilities(examples));
    }
}
