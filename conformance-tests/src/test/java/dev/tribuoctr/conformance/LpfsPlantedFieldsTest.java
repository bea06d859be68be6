package dev.tribuoctr.conformance;

import dev.tribuoctr.ctr.engine.OptimiserType;
import dev.tribuoctr.featuresel.FieldGates;
import dev.tribuoctr.featuresel.GatedFieldModel;
import dev.tribuoctr.featuresel.GateType;
import dev.tribuoctr.featuresel.LpfsFeatureSelector;
import dev.tribuoctr.featuresel.LpfsResult;
import dev.tribuoctr.featuresel.data.PlantedFieldDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tribuo.Example;
import org.tribuo.FeatureSelector;
import org.tribuo.Prediction;
import org.tribuo.MutableDataset;
import org.tribuo.SelectedFeatureSet;
import org.tribuo.classification.Label;
import org.tribuo.dataset.SelectedFeatureDataset;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LPFS and LPFS++ on planted field data (design §6, docs/design/lpfs.md): 12 fields, of which f0 and f1 matter alone, f2 and f3 only
 * together, f4 duplicates f0 and seven are noise. Both gates must keep every informative field and zero most noise
 * fields; LPFS++ must revive an informative gate forced to zero mid-training, LPFS must not.
 */
class LpfsPlantedFieldsTest {
    private static MutableDataset<Label> data;

    @BeforeAll
    static void generate() {
        data = new MutableDataset<>(new PlantedFieldDataSource(12, 8, 20000, 2.0, 1));
    }

    private static LpfsFeatureSelector selector(GateType gate) {
        return LpfsFeatureSelector.builder().gate(gate, 10).lambda(0.05).gateLearningRate(0.05, 0.9991, 5e-4)
                .eps(0.1, 0.9978, 1e-5, 100).optimiser(OptimiserType.ADAM, 0.01).embeddingSize(8).hiddenSizes(32, 16)
                .epochs(3).batchSize(256).build();
    }

    @ParameterizedTest
    @EnumSource(GateType.class)
    void keepsInformativeFieldsAndZeroesNoise(GateType gate) {
        LpfsResult r = selector(gate).fit(data);
        List<String> kept = r.keptFields();
        for (String f : PlantedFieldDataSource.INFORMATIVE) {
            assertTrue(kept.contains(f), gate + " dropped informative field " + f + "; kept " + kept);
        }
        int noiseKept = 0;
        for (String f : r.fields()) {
            boolean planted = PlantedFieldDataSource.INFORMATIVE.contains(f) || PlantedFieldDataSource.DUPLICATE.equals(f);
            if (!planted && kept.contains(f)) {
                noiseKept++;
            }
        }
        assertTrue(noiseKept <= 2, gate + " kept " + noiseKept + " of 7 noise fields: " + kept);
        double[] x = r.gateParameters();
        for (int f = 0; f < x.length; f++) {
            assertTrue(x[f] == 0.0 || kept.contains(r.fields().get(f)), "dropped gates are exactly 0.0");
        }
        assertTrue(r.trajectory().get(r.trajectory().size() - 1).zeroGates() >= 5, "zero gates recorded over training");
    }

    @ParameterizedTest
    @EnumSource(GateType.class)
    void selectionWorksWithTribuosSelectedFeatureDataset(GateType gate) {
        LpfsFeatureSelector selector = selector(gate);
        SelectedFeatureSet set = selector.select(data);
        assertTrue(set.isOrdered());
        assertEquals(set.featureNames().size(), set.featureScores().size());
        for (int i = 1; i < set.featureScores().size(); i++) {
            assertTrue(set.featureScores().get(i - 1) >= set.featureScores().get(i), "scores descend");
        }
        SelectedFeatureDataset<Label> reduced = new SelectedFeatureDataset<>(data, set, FeatureSelector.SELECT_ALL);
        List<String> fields = new ArrayList<>();
        reduced.getFeatureMap().forEach(v -> {
            String field = v.getName().substring(0, v.getName().indexOf('@'));
            if (!fields.contains(field)) { fields.add(field); }
        });
        assertTrue(fields.containsAll(PlantedFieldDataSource.INFORMATIVE), "reduced dataset fields " + fields);
        assertTrue(fields.size() < 12, "noise fields removed from the dataset: " + fields);
        assertEquals(selector.getProvenance(), set.getProvenance().getFeatureSelectorProvenance());
    }

    /** Pruning folds the kept gates into the embeddings and drops the zeroed fields without changing predictions. */
    @ParameterizedTest
    @EnumSource(GateType.class)
    void pruningIsDamageFree(GateType gate) throws Exception {
        LpfsResult r = selector(gate).fit(data);
        GatedFieldModel gated = r.gatedModel();
        GatedFieldModel pruned = r.prunedModel();
        assertEquals(r.keptFields(), pruned.layout().fieldNames(), "pruned model keeps exactly the non-zero fields");
        assertTrue(pruned.layout().fieldCount() < gated.layout().fieldCount(), "fields were dropped");
        for (double factor : pruned.gateFactors()) {
            assertEquals(1.0, factor, 0.0);
        }
        List<Example<Label>> examples = new ArrayList<>();
        data.forEach(examples::add);
        examples = examples.subList(0, 2000);
        double[] before = gated.clickProbabilities(examples);
        double[] after = pruned.clickProbabilities(examples);
        double worst = 0;
        for (int i = 0; i < before.length; i++) {
            worst = Math.max(worst, Math.abs(before[i] - after[i]));
        }
        assertTrue(worst <= 1e-6, "pruned and gated predictions differ by " + worst);
        // Through Tribuo's API, and after Java serialization.
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(pruned);
        }
        GatedFieldModel restored;
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            restored = (GatedFieldModel) in.readObject();
        }
        List<Prediction<Label>> predictions = restored.predict(examples.subList(0, 50));
        double[] direct = pruned.clickProbabilities(examples.subList(0, 50));
        for (int i = 0; i < 50; i++) {
            assertEquals(direct[i], predictions.get(i).getOutputScores().get("1").getScore(), 0.0, "restored model, example " + i);
        }
        assertEquals(selector(gate).getProvenance(),
                gated.getProvenance().getInstanceProvenance().getMap().get(LpfsFeatureSelector.SELECTOR_PROVENANCE));
    }

    /** The paper's motivation for LPFS++: a gate at exactly zero has slope α√ε there and can come back. */
    @ParameterizedTest
    @EnumSource(GateType.class)
    void onlyLpfsPlusPlusRevivesAForcedZeroGate(GateType gate) {
        AtomicReference<FieldGates> gates = new AtomicReference<>();
        int f1 = 1; // fields are ordered by name: f0, f1, f10, f11, f2, …
        LpfsResult r = selector(gate).fit(data, step -> {
            if (step == 60) {
                gates.get().set(f1, 0.0);
            }
        }, gates::set);
        assertEquals("f1", r.fields().get(f1));
        if (gate == GateType.LPFS) {
            assertEquals(0.0, r.gateParameters()[f1], 0.0, "an LPFS gate at zero has zero slope and stays dead");
        } else {
            assertNotEquals(0.0, r.gateParameters()[f1], "LPFS++ should revive the informative field f1");
        }
    }
}
