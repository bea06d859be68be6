package dev.tribuoctr.conformance;

import dev.tribuoctr.ctr.engine.OptimiserType;
import dev.tribuoctr.featuresel.FieldGates;
import dev.tribuoctr.featuresel.GateType;
import dev.tribuoctr.featuresel.LpfsFeatureSelector;
import dev.tribuoctr.featuresel.LpfsResult;
import dev.tribuoctr.featuresel.PlantedFieldDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tribuo.FeatureSelector;
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
 * LPFS and LPFS++ on planted field data (SPEC §6): 12 fields, of which f0 and f1 matter alone, f2 and f3 only
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
