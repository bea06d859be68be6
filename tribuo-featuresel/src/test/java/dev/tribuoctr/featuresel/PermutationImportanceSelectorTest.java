package dev.tribuoctr.featuresel;

import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.config.property.SimpleProperty;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import dev.tribuoctr.ctr.engine.OptimiserType;
import dev.tribuoctr.ctr.eval.CtrMetrics;
import dev.tribuoctr.featuresel.data.FieldColumns;
import dev.tribuoctr.featuresel.data.FieldColumnsDataset;
import dev.tribuoctr.featuresel.data.PlantedFieldDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.FeatureSelector;
import org.tribuo.MutableDataset;
import org.tribuo.SelectedFeatureSet;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.dataset.SelectedFeatureDataset;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.FeatureSelectorProvenance;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Permutation importance on planted field data ({@link PlantedFieldDataSource}: f0–f3 informative, f4 a copy of f0,
 * the rest noise) plus a constant field {@code c}, whose permutation cannot change a prediction. The data and model
 * are small (3 epochs over 6000 rows); with them, seeds 1–10 all rank f0–f3 above the noise fields under AUC.
 */
class PermutationImportanceSelectorTest {
    private static final String CONSTANT = "c";
    private static final int FIELDS = 8;
    private static final int ROWS = 6000;

    private static List<Example<Label>> examples;
    private static MutableDataset<Label> data;
    private static PermutationImportanceResult base;

    @BeforeAll
    static void generate() {
        examples = new ArrayList<>();
        for (Example<Label> e : new PlantedFieldDataSource(FIELDS, 6, ROWS, 2.0, 3)) {
            ArrayExample<Label> withConstant = new ArrayExample<>(e);
            withConstant.add(CONSTANT + "@same", 1.0);
            examples.add(withConstant);
        }
        data = dataset(examples);
        base = selector().build().fit(data);
    }

    private static MutableDataset<Label> dataset(List<Example<Label>> rows) {
        MutableDataset<Label> d = new MutableDataset<>(new SimpleDataSourceProvenance("planted", new LabelFactory()),
                new LabelFactory());
        rows.forEach(d::add);
        return d;
    }

    private static PermutationImportanceSelector.Builder selector() {
        return PermutationImportanceSelector.builder().optimiser(OptimiserType.ADAM, 0.01).embeddingSize(4)
                .hiddenSizes(16).epochs(3).batchSize(128).seed(7L).repeats(3).heldOutFraction(0.3);
    }

    private static boolean noise(String field) {
        return !PlantedFieldDataSource.INFORMATIVE.contains(field) && !PlantedFieldDataSource.DUPLICATE.equals(field);
    }

    /** The fields of a feature list, in order of first appearance. */
    private static List<String> fieldsOf(List<String> features) {
        List<String> fields = new ArrayList<>();
        for (String name : features) {
            String field = FieldLayout.fieldOf(name);
            if (!fields.contains(field)) {
                fields.add(field);
            }
        }
        return fields;
    }

    @Test
    void ranksThePlantedFieldsAboveEveryNoiseField() {
        List<String> ranked = base.rankedFields();
        int lastInformative = PlantedFieldDataSource.INFORMATIVE.stream().mapToInt(ranked::indexOf).max().orElseThrow();
        int firstNoise = ranked.stream().filter(PermutationImportanceSelectorTest::noise).mapToInt(ranked::indexOf)
                .min().orElseThrow();
        assertTrue(lastInformative < firstNoise, "informative fields first: " + ranked + " "
                + Arrays.toString(base.importances()) + " over " + base.fields());
        assertEquals(FIELDS + 1, ranked.size());
        double[] importance = base.importances();
        int constant = base.fields().indexOf(CONSTANT);
        assertEquals(0.0, importance[constant], 0.0, "permuting a constant field changes no prediction");
        assertEquals(0.0, base.importanceStandardDeviations()[constant], 0.0);
        for (String f : PlantedFieldDataSource.INFORMATIVE) {
            assertTrue(importance[base.fields().indexOf(f)] > 0.005, f + " matters: " + Arrays.toString(importance));
        }
        assertTrue(base.baseline() > 0.7, "the model learns the planted effects: AUC " + base.baseline());
    }

    @Test
    void selectedSetListsEveryFeatureByFieldImportance() {
        SelectedFeatureSet set = base.selectedFeatures();
        assertTrue(set.isOrdered());
        assertEquals(base.rankedFields(), fieldsOf(set.featureNames()), "fields in rank order, each in one run");
        TreeSet<String> all = new TreeSet<>();
        data.getFeatureMap().forEach(v -> all.add(v.getName()));
        assertEquals(all, new TreeSet<>(set.featureNames()), "every feature of the dataset, once");
        assertEquals(all.size(), set.featureNames().size());
        for (int i = 0; i < set.featureNames().size(); i++) {
            int field = base.fields().indexOf(FieldLayout.fieldOf(set.featureNames().get(i)));
            assertEquals(base.importances()[field], set.featureScores().get(i), 0.0, "a feature scores its field");
            assertTrue(i == 0 || set.featureScores().get(i - 1) >= set.featureScores().get(i), "scores descend");
        }
    }

    @Test
    void sameSeedSameResultOtherSeedOtherImportances() {
        PermutationImportanceResult again = selector().build().fit(data);
        assertArrayEquals(base.importances(), again.importances(), 0.0);
        assertEquals(base.rankedFields(), again.rankedFields());
        assertEquals(base.selectedFeatures(), again.selectedFeatures());
        PermutationImportanceResult other = selector().seed(8L).build().fit(data);
        assertFalse(Arrays.equals(base.importances(), other.importances()), "the seed drives split, model and shuffles");
    }

    @Test
    void kKeepsTheMostImportantFields() {
        PermutationImportanceSelector two = selector().k(2).build();
        SelectedFeatureSet set = two.select(data);
        assertEquals(base.rankedFields().subList(0, 2), fieldsOf(set.featureNames()));
        long expected = 0;
        for (VariableInfo v : data.getFeatureMap()) {
            expected += base.rankedFields().subList(0, 2).contains(FieldLayout.fieldOf(v.getName())) ? 1 : 0;
        }
        assertEquals(expected, set.featureNames().size());
        SelectedFeatureDataset<Label> reduced = new SelectedFeatureDataset<>(data, set, FeatureSelector.SELECT_ALL);
        assertEquals(expected, reduced.getFeatureMap().size(), "Tribuo's SelectedFeatureDataset takes the k fields");
    }

    /** The columnar route reads the same rows through columns: the same split, model and importances. */
    @Test
    void fieldColumnsDatasetGivesTheSameImportances() {
        List<String> names = new ArrayList<>();
        names.add(CONSTANT);
        for (int f = 0; f < FIELDS; f++) {
            names.add("f" + f);
        }
        FieldColumns.Builder b = new FieldColumns.Builder(names, new boolean[names.size()]);
        for (Example<Label> e : examples) {
            for (Feature f : e) {
                String field = FieldLayout.fieldOf(f.getName());
                b.categorical(names.indexOf(field), f.getName().substring(field.length() + 1));
            }
            b.endRow("1".equals(e.getOutput().getLabel()));
        }
        FieldColumnsDataset columnar = new FieldColumnsDataset(b.build(), data.getProvenance());
        PermutationImportanceResult r = selector().build().fit(columnar);
        assertEquals(base.fields(), r.fields());
        assertArrayEquals(base.importances(), r.importances(), 1e-12);
        assertEquals(base.baseline(), r.baseline(), 1e-12);
        assertEquals(base.selectedFeatures().featureNames(), r.selectedFeatures().featureNames());
    }

    /** A separate held-out set: the baseline is the model's metric there, computed through Tribuo examples. */
    @Test
    void separateHeldOutDatasetAndLogLossMetric() {
        MutableDataset<Label> train = dataset(examples.subList(0, 4000));
        List<Example<Label>> heldOut = examples.subList(4000, examples.size());
        PermutationImportanceResult r = selector().metric(ImportanceMetric.LOG_LOSS).build().fit(train, dataset(heldOut));
        int[] labels = heldOut.stream().mapToInt(e -> "1".equals(e.getOutput().getLabel()) ? 1 : 0).toArray();
        assertEquals(CtrMetrics.logLoss(r.model().clickProbabilities(heldOut), labels), r.baseline(), 1e-9);
        assertEquals(ImportanceMetric.LOG_LOSS, r.metric());
        List<String> ranked = r.rankedFields();
        for (String f : PlantedFieldDataSource.INFORMATIVE) {
            assertTrue(r.importances()[r.fields().indexOf(f)] > 0, f + " raises the log loss when permuted");
            assertTrue(ranked.indexOf(f) < ranked.indexOf(CONSTANT), "ranked " + ranked);
        }
        assertEquals(0.0, r.importances()[r.fields().indexOf(CONSTANT)], 0.0);
    }

    @Test
    void provenanceRecordsTheConfigurationAndRebuildsTheSelector() {
        PermutationImportanceSelector selector = selector().k(3).metric(ImportanceMetric.LOG_LOSS).build();
        FeatureSelectorProvenance prov = selector.getProvenance();
        assertEquals(prov, ProvenanceUtil.unmarshalProvenance(ProvenanceUtil.marshalProvenance(prov)));
        assertEquals(new IntProvenance("repeats", 3), prov.getConfiguredParameters().get("repeats"));
        assertEquals(new DoubleProvenance("heldOutFraction", 0.3), prov.getConfiguredParameters().get("heldOutFraction"));
        assertEquals(new IntProvenance("k", 3), prov.getConfiguredParameters().get("k"));
        List<ConfigurationData> config = ProvenanceUtil.extractConfiguration(prov);
        ConfigurationManager cm = new ConfigurationManager();
        cm.addConfiguration(config);
        PermutationImportanceSelector rebuilt = (PermutationImportanceSelector) cm.lookup(config.get(0).getName());
        assertEquals(prov, rebuilt.getProvenance());
        assertEquals(selector.toString(), rebuilt.toString());
        assertEquals(base.selectedFeatures().getProvenance().getFeatureSelectorProvenance(),
                selector().build().getProvenance(), "the selected set records the selector");
        assertEquals(data.getProvenance(), base.selectedFeatures().getProvenance().getDatasetProvenance());
        assertEquals(selector().build().getProvenance(), base.model().getProvenance().getInstanceProvenance().getMap()
                .get(PermutationImportanceSelector.SELECTOR_PROVENANCE));
    }

    @Test
    void badSettingsAreRejectedByName() {
        assertRejected("repeats", () -> selector().repeats(0).build());
        for (double fraction : new double[]{0.0, 1.0, -0.1, 1.5, Double.NaN}) {
            assertRejected("heldOutFraction", () -> selector().heldOutFraction(fraction).build());
        }
        assertRejected("metric", () -> selector().metric(null).build());
        assertRejected("epochs", () -> selector().epochs(0).build());
        assertRejected("hiddenSizes", () -> selector().hiddenSizes(4, 0).build());
        PropertyException e = assertThrows(PropertyException.class, () -> configured("repeats", "0"));
        assertEquals("repeats", e.getProperty());
        e = assertThrows(PropertyException.class, () -> configured("heldOutFraction", "1.0"));
        assertEquals("heldOutFraction", e.getProperty());
        e = assertThrows(PropertyException.class, () -> configured("learningRate", "0"));
        assertEquals("learningRate", e.getProperty());
        IllegalArgumentException tooSmall = assertThrows(IllegalArgumentException.class,
                () -> selector().heldOutFraction(0.1).build().fit(dataset(examples.subList(0, 4))));
        assertTrue(tooSmall.getMessage().contains("held-out fraction"), tooSmall.getMessage());
    }

    private static void assertRejected(String setting, Runnable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::run);
        assertTrue(e.getMessage().contains(setting), "message names " + setting + ": " + e.getMessage());
    }

    private static Object configured(String property, String value) {
        ConfigurationData c = new ConfigurationData("selector", PermutationImportanceSelector.class.getName());
        c.add(property, new SimpleProperty(value));
        ConfigurationManager cm = new ConfigurationManager();
        cm.addConfiguration(c);
        return cm.lookup("selector");
    }
}
