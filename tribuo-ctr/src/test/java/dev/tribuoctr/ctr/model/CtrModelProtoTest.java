package dev.tribuoctr.ctr.model;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import dev.tribuoctr.ctr.data.SyntheticInterestDataSource;
import dev.tribuoctr.ctr.data.SyntheticInterestDataSource.Split;
import dev.tribuoctr.ctr.encoding.CtrSchema;
import dev.tribuoctr.ctr.encoding.VocabularyFeatureMap;
import dev.tribuoctr.ctr.engine.OptimiserType;
import dev.tribuoctr.ctr.protos.CtrModelProto;
import dev.tribuoctr.ctr.protos.PoolingProto;
import dev.tribuoctr.ctr.protos.TensorProto;
import dev.tribuoctr.ctr.protos.VocabularyProto;
import dev.tribuoctr.ctr.train.MetaWrapperTrainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.FeatureMap;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CtrModel} in Tribuo's protobuf format: every pooling and precision round-trips through
 * {@code serializeToFile} and Tribuo's own {@code Model.deserializeFromFile} with bit-identical probabilities, equal
 * provenance and the same feature map and output domain; the vocabularies are stored once; and damaged files, wrong
 * versions, class names and shapes fail with an exception that says so.
 */
class CtrModelProtoTest {
    private static final LabelFactory FACTORY = new LabelFactory();
    /** A numeric feature added to the synthetic examples, so that the numeric path is stored too. */
    private static final String NUMERIC = "dwell";

    private static MutableDataset<Label> train;
    private static List<Example<Label>> test;
    private static CtrModel din;

    @BeforeAll
    static void setUp() {
        train = withNumeric(new SyntheticInterestDataSource(10, 120, 4, 6, 6, 0.6, 0.1, 6, 0.25, 5L, Split.TRAIN));
        test = new ArrayList<>();
        withNumeric(new SyntheticInterestDataSource(10, 120, 4, 6, 6, 0.6, 0.1, 6, 0.25, 5L, Split.TEST))
                .forEach(test::add);
        din = trainer(Pooling.ATTENTION, 0.0, false).train(train);
    }

    private static MutableDataset<Label> withNumeric(Iterable<Example<Label>> source) {
        MutableDataset<Label> out = new MutableDataset<>(new SimpleDataSourceProvenance("synthetic+" + NUMERIC,
                FACTORY), FACTORY);
        int i = 0;
        for (Example<Label> e : source) {
            ArrayExample<Label> copy = new ArrayExample<>(e);
            copy.add(new Feature(NUMERIC, (i++ % 7) / 7.0));
            out.add(copy);
        }
        return out;
    }

    private static MetaWrapperTrainer trainer(Pooling pooling, double mu, boolean doublePrecision) {
        return MetaWrapperTrainer.builder()
                .schema(new CtrSchema("item", List.of("cate"), "hist_item", 6, List.of(), List.of(), 1))
                .pooling(pooling).mu(mu).beta(0.05)
                .embeddingSizes(4, 4, 4).selectorHiddenSizes(6, 3).predictorHiddenSizes(8, 4)
                .optimiser(OptimiserType.ADAM, 0.01).batchSize(40).epochs(1).seed(7L)
                .doublePrecision(doublePrecision).loggingInterval(0).build();
    }

    private static Model<?> roundTrip(Model<Label> model, Path dir) throws IOException {
        Path file = dir.resolve("model.tribuo");
        model.serializeToFile(file);
        return Model.deserializeFromFile(file);
    }

    /** Tribuo wraps what deserializeFromProto throws: the first IllegalArgumentException in the chain says why. */
    private static String reason(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException) {
                return t.getMessage();
            }
        }
        throw new AssertionError("no IllegalArgumentException in the chain", thrown);
    }

    /** Loads a model from its envelope, returning the reason it fails. */
    private static String failureOf(ModelProto proto) {
        return reason(assertThrows(RuntimeException.class, () -> Model.deserialize(proto)));
    }

    private static ModelProto withData(CtrModelProto data) {
        return din.serialize().toBuilder().setSerializedData(Any.pack(data)).build();
    }

    /** The message as a file saved before part checksums were added: only the older checks apply. */
    private static CtrModelProto oldFile(CtrModelProto data) {
        return data.toBuilder().clearChecksums().build();
    }

    private static CtrModelProto data(Model<?> model) throws IOException {
        return model.serialize().getSerializedData().unpack(CtrModelProto.class);
    }

    @ParameterizedTest(name = "{0}, mu={1}, float64={2}")
    @CsvSource({"ATTENTION, 0.0, false", "ATTENTION, 0.5, false", "SOFTMAX, 0.5, false", "SUM, 0.0, true"})
    void roundTripPredictsBitIdentically(Pooling pooling, double mu, boolean doublePrecision, @TempDir Path dir)
            throws IOException {
        CtrModel model = pooling == Pooling.ATTENTION && mu == 0.0 && !doublePrecision ? din
                : trainer(pooling, mu, doublePrecision).train(train);
        Model<?> loaded = roundTrip(model, dir);

        CtrModel restored = assertInstanceOf(CtrModel.class, loaded);
        assertNotSame(model, restored);
        assertArrayEquals(model.clickProbabilities(test), restored.clickProbabilities(test));
        assertEquals(model.getProvenance(), restored.getProvenance());
        assertEquals(model.getName(), restored.getName());
        assertEquals(model.toString(), restored.toString());
        assertEquals(model.getOutputIDInfo().getDomain(), restored.getOutputIDInfo().getDomain());
        assertEquals(model.getFeatureIDMap().size(), restored.getFeatureIDMap().size());
        assertEquals(model.getFeatureIDMap(), restored.getFeatureIDMap());
        assertTrue(restored.getFeatureIDMap().getID(NUMERIC) >= 0, "the numeric feature is known");
        assertEquals(model.architecture().toString(), restored.architecture().toString());
        assertEquals(model.parameters().dataType(), restored.parameters().dataType());
        assertTrue(restored.validate(Label.class));
    }

    @Test
    void vocabulariesAreStoredOnce() throws IOException {
        CtrModelProto data = data(din);
        assertTrue(data.getFeatureMapFromLayout());
        FeatureMap stored = FeatureMap.deserialize(data.getMetadata().getFeatureDomain());
        assertEquals(0, stored.size(), "the metadata's feature domain is empty: the map is rebuilt from the layout");
        assertTrue(din.getFeatureIDMap().size() > 100, "a feature per vocabulary value");
    }

    @Test
    void aPlainFeatureMapIsStoredInTheMetadata(@TempDir Path dir) throws IOException {
        // e.g. a model written by Java serialization before VocabularyFeatureMap existed, then saved again
        List<VariableInfo> infos = new ArrayList<>();
        din.getFeatureIDMap().forEach(infos::add);
        ImmutableFeatureMap plain = new ImmutableFeatureMap(infos);
        CtrModel model = new CtrModel("plain-map", din.getProvenance(), plain, din.getOutputIDInfo(),
                din.architecture(), din.encoder(), ParameterSnapshot.of(din.parameters()));
        assertFalse(data(model).getFeatureMapFromLayout());

        CtrModel restored = assertInstanceOf(CtrModel.class, roundTrip(model, dir));
        assertFalse(restored.getFeatureIDMap() instanceof VocabularyFeatureMap);
        assertEquals(plain.size(), restored.getFeatureIDMap().size());
        for (VariableInfo info : infos) {
            assertEquals(plain.getID(info.getName()), restored.getFeatureIDMap().getID(info.getName()));
        }
        assertArrayEquals(din.clickProbabilities(test), restored.clickProbabilities(test));
    }

    @Test
    void truncatedFileFails(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("model.tribuo");
        din.serializeToFile(file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        IOException e = assertThrows(IOException.class, () -> Model.deserializeFromFile(file));
        assertTrue(e.getMessage().contains("ended unexpectedly"), e.getMessage());
    }

    @Test
    void damagedParameterBytesFailTheChecksum(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("model.tribuo");
        din.serializeToFile(file);
        byte[] bytes = Files.readAllBytes(file);
        TensorProto item = data(din).getParameters().getTensors(0);
        byte[] values = item.getValues().toByteArray();
        int at = indexOf(bytes, Arrays.copyOf(values, 32));
        assertTrue(at >= 0, "the tensor's bytes are in the file");
        bytes[at + values.length / 2] ^= 0x10;
        Files.write(file, bytes);
        Throwable e = assertThrows(RuntimeException.class, () -> Model.deserializeFromFile(file));
        String message = reason(e);
        assertTrue(message.contains("parameter tensor '" + item.getName() + "' (parameters.tensors[0]) fails its"
                + " CRC32C checksum"), message);
    }

    @Test
    void damagedParameterBytesOfAnOldFileFailTheTensorChecksum() throws IOException {
        CtrModelProto data = oldFile(data(din));
        TensorProto item = data.getParameters().getTensors(1);
        byte[] values = item.getValues().toByteArray();
        values[values.length - 1] ^= 0x01;
        CtrModelProto bad = data.toBuilder().setParameters(data.getParameters().toBuilder()
                .setTensors(1, item.toBuilder().setValues(ByteString.copyFrom(values)))).build();
        String message = failureOf(withData(bad));
        assertTrue(message.contains("'" + item.getName() + "' fails its CRC32C checksum"), message);
    }

    @Test
    void alteredVocabularyStringInTheFileIsRefusedNamingTheVocabulary(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("model.tribuo");
        din.serializeToFile(file);
        byte[] bytes = Files.readAllBytes(file);
        for (String role : List.of("item", "attribute")) {
            VocabularyProto vocabulary = role.equals("item") ? data(din).getLayout().getItemVocabulary()
                    : data(din).getLayout().getAttributeVocabularies(0);
            int start = indexOf(bytes, vocabulary.toByteArray());
            assertTrue(start >= 0, "the vocabulary is in the file");
            String value = vocabulary.getValues(role.equals("item") ? 3 : 2);
            int at = start + indexOfString(vocabulary.toByteArray(), value);
            byte[] damaged = bytes.clone();
            damaged[at + value.length() - 1] = (byte) (damaged[at + value.length() - 1] == 'Z' ? 'Y' : 'Z');
            Files.write(file, damaged);
            String message = reason(assertThrows(RuntimeException.class, () -> Model.deserializeFromFile(file)));
            assertTrue(message.contains("The CTR model file is damaged: the vocabulary of " + role + " field"),
                    message);
            Files.write(file, bytes);
        }
        assertInstanceOf(CtrModel.class, Model.deserializeFromFile(file), "the undamaged file loads");
    }

    @Test
    void aVocabularyStringThatIsNoLongerUtf8IsLocated(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("model.tribuo");
        din.serializeToFile(file);
        byte[] bytes = Files.readAllBytes(file);
        VocabularyProto vocabulary = data(din).getLayout().getAttributeVocabularies(0);
        for (int v : new int[]{0, vocabulary.getValuesCount() - 1}) {
            int at = indexOf(bytes, vocabulary.toByteArray()) + indexOfString(vocabulary.toByteArray(),
                    vocabulary.getValues(v));
            byte[] damaged = bytes.clone();
            damaged[at] = (byte) 0xFF;
            Files.write(file, damaged);
            String message = reason(assertThrows(RuntimeException.class, () -> Model.deserializeFromFile(file)));
            assertTrue(message.contains("the damaged part is layout.attribute_vocabularies[0].values[" + v + "]"),
                    message);
        }
        // Cut off inside the parameters: the part that cannot be read is named.
        byte[] data = data(din).toByteArray();
        byte[] truncated = Arrays.copyOf(data, indexOf(data, data(din).getParameters().getTensors(0).toByteArray())
                + 20);
        String cut = failureOf(din.serialize().toBuilder().setSerializedData(Any.newBuilder()
                .setTypeUrl(din.serialize().getSerializedData().getTypeUrl()).setValue(ByteString.copyFrom(truncated)))
                .build());
        assertTrue(cut.contains("the damaged part is parameters"), cut);
    }

    /** The position of a length-prefixed string in a protobuf encoding (its bytes preceded by their length). */
    private static int indexOfString(byte[] encoded, String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        byte[] prefixed = new byte[utf8.length + 1];
        prefixed[0] = (byte) utf8.length;
        System.arraycopy(utf8, 0, prefixed, 1, utf8.length);
        int at = indexOf(encoded, prefixed);
        return at < 0 ? -1 : at + 1;
    }

    /** Each part of the message, altered while its stored checksum stays: refused naming that part. */
    static Stream<Arguments> alterations() {
        return Stream.of(
                alteration("item vocabulary string", "the vocabulary of item field 'item' (layout.item_vocabulary)",
                        d -> d.toBuilder().setLayout(d.getLayout().toBuilder().setItemVocabulary(
                                d.getLayout().getItemVocabulary().toBuilder().setValues(0, "forged"))).build()),
                alteration("two attribute values swapped", "the vocabulary of attribute field 'cate'",
                        d -> {
                            var v = d.getLayout().getAttributeVocabularies(0);
                            return d.toBuilder().setLayout(d.getLayout().toBuilder().setAttributeVocabularies(0,
                                    v.toBuilder().setValues(0, v.getValues(1)).setValues(1, v.getValues(0)))).build();
                        }),
                alteration("item->attribute table entry", "the item→attribute table of attribute field 'cate'",
                        d -> {
                            var column = d.getLayout().getItemAttributes(0);
                            int old = column.getAttributeOfItem(5);
                            return d.toBuilder().setLayout(d.getLayout().toBuilder().setItemAttributes(0,
                                    column.toBuilder().setAttributeOfItem(5, old == 2 ? 3 : 2))).build();
                        }),
                alteration("history length in the schema", "the feature schema",
                        d -> d.toBuilder().setLayout(d.getLayout().toBuilder().setSchema(d.getLayout().getSchema()
                                .toBuilder().setMaxHistoryLength(3))).build()),
                alteration("numeric feature renamed", "the feature layout's field lists (context, numeric",
                        d -> d.toBuilder().setLayout(d.getLayout().toBuilder().setNumericFeatures(0, "other"))
                                .build()),
                alteration("pooling in the architecture", "the network architecture",
                        d -> d.toBuilder().setArchitecture(d.getArchitecture().toBuilder()
                                .setPooling(PoolingProto.SUM)).build()),
                alteration("tensor renamed", "parameter tensor 'renamed' (parameters.tensors[2])",
                        d -> d.toBuilder().setParameters(d.getParameters().toBuilder().setTensors(2,
                                d.getParameters().getTensors(2).toBuilder().setName("renamed"))).build()),
                alteration("model name in the metadata", "the model's metadata",
                        d -> d.toBuilder().setMetadata(d.getMetadata().toBuilder().setName("other")).build()),
                alteration("feature-map setting", "the model's settings",
                        d -> d.toBuilder().setFeatureMapFromLayout(!d.getFeatureMapFromLayout()).build()),
                alteration("a checksum removed", "has no stored checksum",
                        d -> d.toBuilder().removeChecksums(1).build()),
                alteration("a vocabulary removed", "is missing from the file",
                        d -> d.toBuilder().setLayout(d.getLayout().toBuilder().clearAttributeVocabularies()
                                .clearItemAttributes()).build()));
    }

    private static Arguments alteration(String name, String expected,
            UnaryOperator<CtrModelProto> change) {
        return Arguments.of(Named.of(name, change), expected);
    }

    @ParameterizedTest
    @MethodSource("alterations")
    void alteredPartIsRefusedNamingIt(UnaryOperator<CtrModelProto> change, String expected)
            throws IOException {
        String message = failureOf(withData(change.apply(data(din))));
        assertTrue(message.startsWith("The CTR model file is damaged: "), message);
        assertTrue(message.contains(expected), message);
    }

    @Test
    void oldFileWithoutChecksumsLoadsAndPredictsTheSame() throws IOException {
        CtrModelProto old = oldFile(data(din));
        CtrModel loaded = assertInstanceOf(CtrModel.class, Model.deserialize(withData(old)));
        assertArrayEquals(din.clickProbabilities(test), loaded.clickProbabilities(test));
        assertEquals(data(din).getChecksumsCount(), data(loaded).getChecksumsCount(), "saved again, it has them");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void unknownVersionFails() {
        String message = failureOf(din.serialize().toBuilder().setVersion(CtrModel.CURRENT_VERSION + 1).build());
        assertTrue(message.contains("Unknown CtrModel format version 1"), message);
    }

    @Test
    void wrongClassNameOrMessageFails() {
        Any any = din.serialize().getSerializedData();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CtrModel.deserializeFromProto(0, "org.example.OtherModel", any));
        assertTrue(e.getMessage().contains("cannot read a model of class org.example.OtherModel"), e.getMessage());
        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
                () -> CtrModel.deserializeFromProto(0, CtrModel.class.getName(), Any.pack(TensorProto.getDefaultInstance())));
        assertTrue(wrongType.getMessage().contains("expects a CtrModelProto"), wrongType.getMessage());
    }

    @Test
    void byteLengthThatDoesNotMatchTheShapeFails() throws IOException {
        CtrModelProto data = data(din);
        TensorProto first = data.getParameters().getTensors(0);
        TensorProto shorter = first.toBuilder().setValues(first.getValues().substring(4)).build();
        CtrModelProto bad = data.toBuilder().setParameters(data.getParameters().toBuilder().setTensors(0, shorter)).build();
        String message = failureOf(withData(oldFile(bad)));
        assertTrue(message.contains("'" + first.getName() + "' holds " + (first.getValues().size() - 4) + " bytes"),
                message);
    }

    @Test
    void shapeThatDoesNotMatchTheArchitectureFails() throws IOException {
        CtrModelProto data = data(din);
        TensorProto first = data.getParameters().getTensors(0);
        long rows = first.getShape(0);
        long cols = first.getShape(1);
        // Same byte count, transposed shape: only the architecture can tell.
        TensorProto transposed = first.toBuilder().setShape(0, cols).setShape(1, rows).build();
        CtrModelProto bad = data.toBuilder().setParameters(data.getParameters().toBuilder().setTensors(0, transposed))
                .build();
        String message = failureOf(withData(oldFile(bad)));
        assertTrue(message.contains("needs parameter '" + first.getName() + "' of shape [" + rows + ", " + cols + "]"),
                message);
    }

    @Test
    void vocabularyThatDoesNotMatchItsTableFails() throws IOException {
        CtrModelProto data = data(din);
        CtrModelProto bad = data.toBuilder().setLayout(data.getLayout().toBuilder()
                .setContextVocabularies(0, data.getLayout().getContextVocabularies(0).toBuilder().addValues("extra")))
                .build();
        String message = failureOf(withData(oldFile(bad)));
        assertTrue(message.contains("rows but vocabulary"), message);
    }

    @Test
    void unreadablePayloadFails() {
        String message = failureOf(din.serialize().toBuilder()
                .setSerializedData(Any.newBuilder().setTypeUrl(Any.pack(CtrModelProto.getDefaultInstance()).getTypeUrl())
                        .setValue(ByteString.copyFrom(new byte[]{(byte) 0xFF, 0x01})))
                .build());
        assertTrue(message.startsWith("Unreadable CtrModelProto"), message);
    }
}
