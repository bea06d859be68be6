package dev.tribuoctr.conformance;

import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.provenance.io.ObjectMarshalledProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import dev.tribuoctr.ctr.data.ConfiguredSourceProvenance;
import dev.tribuoctr.ctr.data.SyntheticInterestDataSource;
import dev.tribuoctr.ctr.data.SyntheticInterestDataSource.Split;
import dev.tribuoctr.ctr.encoding.CtrSchema;
import dev.tribuoctr.ctr.engine.OptimiserType;
import dev.tribuoctr.ctr.model.CtrModel;
import dev.tribuoctr.ctr.model.Pooling;
import dev.tribuoctr.ctr.train.MetaWrapperTrainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.factory.Nd4j;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.provenance.ConfiguredDataSourceProvenance;
import org.tribuo.provenance.DataProvenance;
import org.tribuo.provenance.DatasetProvenance;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.TrainerProvenance;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Holds {@link MetaWrapperTrainer} and {@link CtrModel} to Tribuo's contracts: provenance that marshals and rebuilds
 * the trainer, the invocation count driving the seed, Java serialization and {@code copy()} that predict
 * bit-identically, seeded determinism for every pooling with and without the meta objective, and the run
 * provenance (ND4J backend, data type, data source). Uses a small synthetic world so that every training takes well
 * under a second.
 */
class TribuoContractTest {
    private static final long DATA_SEED = 17L;
    private static final long TRAINER_SEED = 12345L;

    private static MutableDataset<Label> train;
    private static MutableDataset<Label> test;
    private static MetaWrapperTrainer sharedTrainer;
    private static CtrModel sharedModel;

    @BeforeAll
    static void setUp() {
        train = new MutableDataset<>(source(Split.TRAIN));
        test = new MutableDataset<>(source(Split.TEST));
        sharedTrainer = trainer(Pooling.ATTENTION, 0.5, TRAINER_SEED).build();
        sharedModel = sharedTrainer.train(train);
    }

    private static SyntheticInterestDataSource source(Split split) {
        return new SyntheticInterestDataSource(12, 240, 4, 8, 8, 0.5, 0.2, 8, 0.2, DATA_SEED, split);
    }

    private static MetaWrapperTrainer.Builder trainer(Pooling pooling, double mu, long seed) {
        return MetaWrapperTrainer.builder()
                .schema(new CtrSchema("item", List.of("cate"), "hist_item", 8, List.of(), List.of(), 1))
                .pooling(pooling)
                .mu(mu)
                .beta(0.05)
                .embeddingSizes(4, 4, 4)
                .selectorHiddenSizes(8, 4)
                .predictorHiddenSizes(8, 4)
                .optimiser(OptimiserType.ADAM, 0.01)
                .batchSize(48)
                .epochs(2)
                .seed(seed)
                .loggingInterval(0);
    }

    /** The click ("1") score of each test example. */
    private static double[] clickScores(Model<Label> model) {
        List<Prediction<Label>> predictions = model.predict(test);
        assertEquals(test.size(), predictions.size());
        double[] s = new double[predictions.size()];
        for (int i = 0; i < s.length; i++) {
            Label click = predictions.get(i).getOutputScores().get(CtrModel.CLICK);
            assertNotNull(click, "prediction " + i + " has no score for \"1\"");
            s[i] = click.getScore();
        }
        return s;
    }

    /** Bit-identical (== on doubles, NaN never equal). */
    private static void assertIdentical(String what, double[] want, double[] got) {
        assertEquals(want.length, got.length, what + ": lengths");
        for (int i = 0; i < want.length; i++) {
            if (!(want[i] == got[i])) {
                throw new AssertionError(what + ": score " + i + " differs: " + want[i] + " vs " + got[i]);
            }
        }
    }

    private static boolean anyDifferent(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return true;
            }
        }
        return false;
    }

    private static int invocationCountOf(ModelProvenance p) {
        Provenance count = p.getTrainerProvenance().getInstanceValues().get(TrainerProvenance.TRAIN_INVOCATION_COUNT);
        assertNotNull(count, "trainer provenance lacks " + TrainerProvenance.TRAIN_INVOCATION_COUNT);
        assertInstanceOf(IntProvenance.class, count);
        return ((IntProvenance) count).getValue();
    }

    @Test
    void provenanceSurvivesMarshalling() throws Exception {
        ModelProvenance prov = sharedModel.getProvenance();
        List<ObjectMarshalledProvenance> marshalled = ProvenanceUtil.marshalProvenance(prov);
        ObjectProvenance back = ProvenanceUtil.unmarshalProvenance(marshalled);
        assertEquals(prov, back);
        assertNotSame(prov, back);

        JsonProvenanceSerialization json = new JsonProvenanceSerialization(true);
        String text = json.marshalAndSerialize(prov);
        assertEquals(prov, json.deserializeAndUnmarshal(text));
    }

    @Test
    void trainerRebuiltFromProvenanceIsEqualAndReproducesTheModel() {
        ModelProvenance prov = sharedModel.getProvenance();
        List<ConfigurationData> config = ProvenanceUtil.extractConfiguration(prov);
        ConfigurationManager cm = new ConfigurationManager();
        cm.addConfiguration(config);

        // Find the trainer's component name the way Tribuo's ReproUtil does.
        ProvenanceUtil.ProvenanceOrdering ordering = ProvenanceUtil.orderProvenances(prov);
        MetaWrapperTrainer rebuilt = null;
        for (int i = 0; i < ordering.traversalOrder.size(); i++) {
            if (ordering.traversalOrder.get(i) instanceof TrainerProvenance tp) {
                Object o = cm.lookup(ProvenanceUtil.computeName(tp, i));
                assertInstanceOf(MetaWrapperTrainer.class, o);
                rebuilt = (MetaWrapperTrainer) o;
            }
        }
        assertNotNull(rebuilt, "no trainer in the model provenance");
        assertEquals(sharedTrainer.toString(), rebuilt.toString());
        TrainerProvenance recorded = prov.getTrainerProvenance();
        assertEquals(recorded.getConfiguredParameters(), rebuilt.getProvenance().getConfiguredParameters());

        int count = invocationCountOf(prov);
        rebuilt.setInvocationCount(count);
        assertEquals(recorded, rebuilt.getProvenance());

        CtrModel again = rebuilt.train(train);
        assertIdentical("rebuilt trainer", clickScores(sharedModel), clickScores(again));
        assertEquals(count + 1, rebuilt.getInvocationCount());
    }

    @Test
    void invocationCountAdvancesAndDrivesTheSeed() {
        MetaWrapperTrainer t = trainer(Pooling.ATTENTION, 0.5, 99L).epochs(1).build();
        assertEquals(0, t.getInvocationCount());
        CtrModel first = t.train(train);
        assertEquals(1, t.getInvocationCount());
        CtrModel second = t.train(train);
        assertEquals(2, t.getInvocationCount());
        assertEquals(0, invocationCountOf(first.getProvenance()));
        assertEquals(1, invocationCountOf(second.getProvenance()));
        double[] s1 = clickScores(first);
        double[] s2 = clickScores(second);
        assertTrue(anyDifferent(s1, s2), "two consecutive trainings of one trainer gave identical models");

        t.setInvocationCount(0);
        assertEquals(0, t.getInvocationCount());
        CtrModel third = t.train(train);
        assertIdentical("after setInvocationCount(0)", s1, clickScores(third));
        assertEquals(0, invocationCountOf(third.getProvenance()));

        CtrModel fourth = t.train(train, Map.of(), 0);
        assertIdentical("train(ds, Map.of(), 0)", s1, clickScores(fourth));
        assertEquals(1, t.getInvocationCount());

        CtrModel fifth = t.train(train, Map.of(), 1);
        assertIdentical("train(ds, Map.of(), 1)", s2, clickScores(fifth));

        // The trainer's seed matters too: another seed, same invocation count, another model.
        CtrModel otherSeed = trainer(Pooling.ATTENTION, 0.5, 98L).epochs(1).build().train(train);
        assertTrue(anyDifferent(s1, clickScores(otherSeed)), "the seed does not change the model");
    }

    @Test
    void javaSerializationPredictsBitIdentically() throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(sharedModel);
        }
        Object read;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            read = in.readObject();
        }
        assertInstanceOf(CtrModel.class, read);
        CtrModel restored = (CtrModel) read;
        assertNotSame(sharedModel, restored);
        assertEquals(sharedModel.getProvenance(), restored.getProvenance());
        assertIdentical("deserialized", clickScores(sharedModel), clickScores(restored));
        assertTrue(restored.validate(Label.class));
    }

    @Test
    void copyPredictsIdenticallyWithEqualProvenance() {
        Model<Label> copy = sharedModel.copy();
        assertInstanceOf(CtrModel.class, copy);
        assertNotSame(sharedModel, copy);
        assertEquals(sharedModel.getProvenance(), copy.getProvenance());
        assertNotSame(sharedModel.getProvenance(), copy.getProvenance());
        double[] before = clickScores(sharedModel);
        assertIdentical("copy", before, clickScores(copy));
        // The copy owns its parameters: changing the copy's returned tensors cannot change the original.
        ((CtrModel) copy).parameters().values().forEach(t -> t.assign(0));
        assertIdentical("original after touching the copy", before, clickScores(sharedModel));
    }

    static Stream<Arguments> poolingsAndMu() {
        return Stream.of(Pooling.values()).flatMap(p -> Stream.of(Arguments.of(p, 0.0), Arguments.of(p, 0.5)));
    }

    @ParameterizedTest(name = "{0} mu={1}")
    @MethodSource("poolingsAndMu")
    void sameSeedGivesBitIdenticalModels(Pooling pooling, double mu) {
        CtrModel a = trainer(pooling, mu, 4242L).epochs(1).build().train(train);
        CtrModel b = trainer(pooling, mu, 4242L).epochs(1).build().train(train);
        double[] sa = clickScores(a);
        assertIdentical(pooling + " mu=" + mu, sa, clickScores(b));
        // The parameters themselves are bit-identical too.
        a.parameters().asMap().forEach((name, t) -> assertArrayEquals(
                t.dup('c').data().asDouble(), b.parameters().get(name).dup('c').data().asDouble(), 0.0, name));
    }

    @Test
    void provenanceRecordsBackendDataTypeAndDataSource() {
        Map<String, ? extends Provenance> instance = sharedModel.getProvenance().getInstanceProvenance().getMap();
        Provenance backend = instance.get(MetaWrapperTrainer.BACKEND_PROVENANCE);
        assertInstanceOf(StringProvenance.class, backend);
        assertEquals(Nd4j.getBackend().getClass().getName(), ((StringProvenance) backend).getValue());
        Provenance type = instance.get(MetaWrapperTrainer.DATA_TYPE_PROVENANCE);
        assertInstanceOf(StringProvenance.class, type);
        assertEquals("FLOAT", ((StringProvenance) type).getValue());

        CtrModel dbl = trainer(Pooling.SUM, 0.0, 1L).epochs(1).doublePrecision(true).build()
                .train(train, Map.of("note", new StringProvenance("note", "float64 run")));
        Map<String, ? extends Provenance> dblInstance = dbl.getProvenance().getInstanceProvenance().getMap();
        assertEquals("DOUBLE", ((StringProvenance) dblInstance.get(MetaWrapperTrainer.DATA_TYPE_PROVENANCE)).getValue());
        assertEquals(new StringProvenance("note", "float64 run"), dblInstance.get("note"), "run provenance kept");

        DatasetProvenance data = sharedModel.getProvenance().getDatasetProvenance();
        assertEquals(train.size(), data.getNumExamples());
        DataProvenance source = data.getSourceProvenance();
        assertInstanceOf(ConfiguredSourceProvenance.class, source);
        ConfiguredDataSourceProvenance configured = (ConfiguredDataSourceProvenance) source;
        Provenance seed = configured.getConfiguredParameters().get("seed");
        assertNotNull(seed, "data source provenance lacks its seed");
        assertInstanceOf(PrimitiveProvenance.class, seed);
        assertEquals(DATA_SEED, ((Number) ((PrimitiveProvenance<?>) seed).getValue()).longValue());
        assertEquals(source(Split.TRAIN).getProvenance(), source);
        assertFalse(source.equals(new SyntheticInterestDataSource(12, 240, 4, 8, 8, 0.5, 0.2, 8, 0.2,
                DATA_SEED + 1, Split.TRAIN).getProvenance()), "the seed is part of the data source provenance");
    }
}
