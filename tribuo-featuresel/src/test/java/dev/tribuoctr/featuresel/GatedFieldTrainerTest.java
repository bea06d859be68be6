package dev.tribuoctr.featuresel;

import dev.tribuoctr.ctr.engine.OptimiserType;
import dev.tribuoctr.ctr.eval.CtrMetrics;
import dev.tribuoctr.featuresel.data.PlantedFieldDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plain training and hot-start fine-tuning of the gated field model on planted data. */
class GatedFieldTrainerTest {
    private static MutableDataset<Label> data;
    private static List<Example<Label>> examples;

    @BeforeAll
    static void generate() {
        data = new MutableDataset<>(new PlantedFieldDataSource(8, 6, 4000, 2.0, 3));
        examples = new ArrayList<>();
        data.forEach(examples::add);
    }

    private static double logLoss(GatedFieldModel model) {
        double[] p = model.clickProbabilities(examples);
        int[] y = examples.stream().mapToInt(e -> "1".equals(e.getOutput().getLabel()) ? 1 : 0).toArray();
        return CtrMetrics.logLoss(p, y);
    }

    private static double batchLoss(GatedFieldModel model, List<Example<Label>> batch) {
        FieldBatch b = model.encoder().encode(batch, 0, batch.size(), true);
        return model.network().run(model.parameters(), new GatedFieldNetwork.Input(b, b.indices(),
                model.parameters().dataType()), model.gateFactors(), false).loss();
    }

    @Test
    void fineTuningAPrunedModelStartsFromItsLossAndLowersIt() {
        LpfsResult r = LpfsFeatureSelector.builder().gate(GateType.LPFS_PLUS_PLUS, 10).lambda(0.05)
                .gateLearningRate(0.05, 0.9991, 5e-4).optimiser(OptimiserType.ADAM, 0.01).embeddingSize(4)
                .hiddenSizes(16).epochs(1).batchSize(256).build().fit(data);
        GatedFieldModel pruned = r.prunedModel();
        double before = logLoss(pruned);
        double[] parametersBefore = pruned.parameters().get(pruned.network().tableName(0)).dup().ravel().toDoubleVector();

        GatedFieldTrainer trainer = new GatedFieldTrainer(OptimiserType.ADAM, 0.005, 1, 256, 7L, 4, 16);
        List<List<Example<Label>>> firstBatch = new ArrayList<>();
        GatedFieldModel tuned = trainer.fineTune(pruned, data,
                (step, loss, batch) -> { if (step == 1) { firstBatch.add(new ArrayList<>(batch)); } });
        List<Double> losses = trainer.lastStepLosses();
        assertEquals((4000 + 255) / 256, losses.size(), "one epoch of steps");
        assertEquals(batchLoss(pruned, firstBatch.get(0)), losses.get(0), 1e-6,
                "the first step starts from the pruned model's loss on its batch");

        double after = logLoss(tuned);
        assertTrue(after < before, "fine-tuning lowers the training log loss: " + before + " -> " + after);
        assertArrayEquals(parametersBefore, pruned.parameters().get(pruned.network().tableName(0)).dup().ravel().toDoubleVector(),
                "the start model is unchanged");
        assertEquals(pruned.layout().fieldNames(), tuned.layout().fieldNames());
        assertTrue(tuned.getProvenance().getInstanceProvenance().getMap().containsKey(GatedFieldTrainer.START_MODEL_PROVENANCE));
    }

    @Test
    void trainsFromScratchWithUnitGates() {
        GatedFieldTrainer trainer = new GatedFieldTrainer(OptimiserType.ADAM, 0.01, 2, 256, 1L, 4, 16);
        GatedFieldModel model = trainer.train(data);
        for (double f : model.gateFactors()) {
            assertEquals(1.0, f, 0.0);
        }
        assertEquals(8, model.layout().fieldCount());
        List<Double> losses = trainer.lastStepLosses();
        double first = losses.subList(0, 5).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double last = losses.subList(losses.size() - 5, losses.size()).stream().mapToDouble(Double::doubleValue)
                .average().orElseThrow();
        assertTrue(last < first - 0.05, "training loss falls: " + first + " -> " + last);
        double[] p = model.clickProbabilities(examples);
        int[] y = examples.stream().mapToInt(e -> "1".equals(e.getOutput().getLabel()) ? 1 : 0).toArray();
        assertTrue(CtrMetrics.auc(p, y) > 0.7, "learns the planted effects: AUC " + CtrMetrics.auc(p, y));
        assertEquals(1, trainer.getInvocationCount());
        assertEquals(GatedFieldTrainer.class.getName(), model.getProvenance().getTrainerProvenance().getClassName());
    }
}
