package dev.tribuoctr.conformance;

import dev.tribuoctr.ctr.engine.OptimiserType;
import dev.tribuoctr.featuresel.FieldPruning;
import dev.tribuoctr.featuresel.GateType;
import dev.tribuoctr.featuresel.GatedFieldModel;
import dev.tribuoctr.featuresel.LpfsFeatureSelector;
import dev.tribuoctr.featuresel.LpfsResult;
import dev.tribuoctr.onnx.OnnxCtrModel;
import dev.tribuoctr.onnx.OnnxExporter;
import dev.tribuoctr.onnx.OnnxInput;
import dev.tribuoctr.onnx.OnnxModelFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ONNX contract of design §7 (docs/design/onnx-contract.md) for LPFS field models: the gated model (gates folded into the embeddings) and the
 * pruned model agree with their Java models to 1e-5 on held-out examples with unseen values and unknown fields, and
 * the pruned model's file has no input for a dropped field. Fields: single-valued, multi-hot, weighted and numeric.
 */
class OnnxFieldExportTest {
    private static final double TOLERANCE = 1e-5;
    private static LpfsResult result;
    private static List<Example<Label>> heldOut;

    @TempDir
    Path dir;

    @BeforeAll
    static void fit() {
        Random rng = new Random(11);
        List<Example<Label>> train = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            train.add(example(rng, 0));
        }
        MutableDataset<Label> data = new MutableDataset<>(new ListDataSource<>(train, new LabelFactory(),
                new SimpleDataSourceProvenance("generated field examples", new LabelFactory())));
        result = LpfsFeatureSelector.builder().gate(GateType.LPFS, 10).lambda(0.01)
                .optimiser(OptimiserType.ADAM, 0.01).embeddingSize(4).hiddenSizes(16, 8).epochs(2).batchSize(128)
                .build().fit(data);
        heldOut = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            heldOut.add(example(rng, i % 3 == 0 ? 5 : 0));
        }
    }

    /** Fields a (decides), b (noise), tags (multi-hot, decides), w (weighted), x (numeric, decides), y (numeric). */
    private static Example<Label> example(Random rng, int unseen) {
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        int a = rng.nextInt(6 + unseen);
        names.add("a@" + a); values.add(1.0);
        names.add("b@" + rng.nextInt(5 + unseen)); values.add(1.0);
        double signal = a % 2 == 0 ? 1 : -1;
        int first = rng.nextInt(6);
        int second = (first + 1 + rng.nextInt(5)) % 6;
        for (int tag : rng.nextBoolean() ? List.of(first) : List.of(first, second)) {
            names.add("tags@t" + tag); values.add(1.0);
            signal += tag < 3 ? 0.5 : -0.5;
        }
        names.add("w@" + rng.nextInt(3)); values.add(0.5 + rng.nextInt(3));
        double x = rng.nextGaussian();
        names.add("x"); values.add(x);
        names.add("y"); values.add(rng.nextGaussian());
        if (unseen > 0) {
            names.add("zz@unknown"); values.add(1.0); // a field the model never saw: ignored by both
        }
        signal += x;
        boolean click = rng.nextDouble() < 1 / (1 + Math.exp(-2 * signal));
        return new ArrayExample<>(new Label(click ? "1" : "0"), names.toArray(new String[0]),
                values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    @Test
    void gatedModelAgreesWithOnnxRuntime() throws IOException {
        GatedFieldModel gated = result.gatedModel();
        assertParity(gated, "gated");
    }

    @Test
    void prunedModelHasNoInputForDroppedFieldsAndAgrees() throws IOException {
        double[] gates = result.gateParameters();
        List<String> fields = result.fields();
        gates[fields.indexOf("b")] = 0.0;
        gates[fields.indexOf("y")] = 0.0;
        GatedFieldModel pruned = FieldPruning.prune(result.gatedModel(), gates);
        OnnxModelFile file = assertParity(pruned, "pruned");
        Set<String> inputs = file.schema().inputs().stream().map(OnnxInput::name).collect(Collectors.toSet());
        assertEquals(Set.of("a", "tags", "w", "w_weight", "x"), inputs);
        assertFalse(file.proto().getGraph().getInputList().stream().anyMatch(i -> i.getName().equals("b")));
        Map<String, Integer> ranks = file.schema().inputs().stream()
                .collect(Collectors.toMap(OnnxInput::name, OnnxInput::rank));
        assertEquals(2, ranks.get("tags"), "multi-hot field");
        assertEquals(result.gatedModel().getProvenance(), file.provenance());
    }

    private OnnxModelFile assertParity(GatedFieldModel model, String what) throws IOException {
        Path path = dir.resolve(what + ".onnx");
        OnnxExporter.save(model, path);
        double[] java = model.clickProbabilities(heldOut);
        try (OnnxCtrModel onnx = OnnxCtrModel.load(path)) {
            double[] ort = onnx.clickProbabilities(heldOut);
            double worst = 0;
            double min = 1;
            double max = 0;
            for (int i = 0; i < java.length; i++) {
                worst = Math.max(worst, Math.abs(java[i] - ort[i]));
                min = Math.min(min, java[i]);
                max = Math.max(max, java[i]);
            }
            assertTrue(worst <= TOLERANCE, what + ": largest difference " + worst);
            assertTrue(max - min > 0.1, what + ": scores barely vary (" + min + "–" + max + "), a weak check");
        }
        return OnnxModelFile.read(path);
    }
}
