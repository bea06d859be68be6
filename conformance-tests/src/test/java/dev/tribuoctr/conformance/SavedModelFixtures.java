package dev.tribuoctr.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tribuoctr.ctr.data.SyntheticInterestDataSource;
import dev.tribuoctr.ctr.data.SyntheticInterestDataSource.Split;
import dev.tribuoctr.ctr.encoding.CtrSchema;
import dev.tribuoctr.ctr.engine.OptimiserType;
import dev.tribuoctr.ctr.model.ClickModel;
import dev.tribuoctr.ctr.model.CtrModel;
import dev.tribuoctr.ctr.model.Pooling;
import dev.tribuoctr.ctr.train.MetaWrapperTrainer;
import dev.tribuoctr.featuresel.GateType;
import dev.tribuoctr.featuresel.GatedFieldModel;
import dev.tribuoctr.featuresel.LpfsFeatureSelector;
import dev.tribuoctr.featuresel.data.PlantedFieldDataSource;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The model files saved by this version under {@code src/test/resources/saved-models/}, which
 * {@link SavedModelCompatibilityTest} loads: a small DIN {@link CtrModel} (protobuf {@code din-ctr.tribuo} and Java
 * serialization {@code din-ctr.ser}) and a small pruned LPFS {@link GatedFieldModel} ({@code lpfs-pruned.tribuo}),
 * each with a JSON file of the examples to score and the click probabilities the model gave them when it was saved.
 * <p>
 * The files are a promise that later versions read them. Regenerate them only on purpose (a new format version
 * keeps the old files and adds new ones), from the repository root:
 * <pre>
 * mvn -B -o test -pl tribuo-ctr,tribuo-featuresel,onnx-export,conformance-tests -Dtest=SavedModelCompatibilityTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtribuoctr.savedModels.regenerate=src/test/resources/saved-models
 * </pre>
 * (the directory is relative to {@code conformance-tests/}), or run {@link #main} with the directory as argument.
 */
public final class SavedModelFixtures {
    private static final Logger logger = Logger.getLogger(SavedModelFixtures.class.getName());

    /** The system property naming the directory to regenerate the files into. */
    public static final String REGENERATE_PROPERTY = "tribuoctr.savedModels.regenerate";
    /** The DIN model's base name. */
    public static final String DIN = "din-ctr";
    /** The pruned field model's base name. */
    public static final String PRUNED = "lpfs-pruned";
    /** Examples recorded per model. */
    private static final int RECORDED = 12;

    private SavedModelFixtures() { }

    /**
     * Trains the models, saves them and records their probabilities.
     * @param args the output directory
     * @throws IOException if a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: SavedModelFixtures <output directory>");
        }
        write(Path.of(args[0]));
    }

    /**
     * @param dir the output directory (created if absent)
     * @throws IOException if a file cannot be written
     */
    public static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        MutableDataset<Label> ctrTrain = new MutableDataset<>(
                new SyntheticInterestDataSource(8, 60, 3, 5, 5, 0.6, 0.1, 5, 0.25, 11L, Split.TRAIN));
        CtrModel din = MetaWrapperTrainer.builder()
                .schema(new CtrSchema("item", List.of("cate"), "hist_item", 5, List.of(), List.of(), 1))
                .pooling(Pooling.ATTENTION).embeddingSizes(4, 4, 4).selectorHiddenSizes(6, 3)
                .predictorHiddenSizes(8, 4).optimiser(OptimiserType.ADAM, 0.03).batchSize(32).epochs(8).seed(5L)
                .loggingInterval(0).build().train(ctrTrain);
        din.setName("saved-din-ctr");
        List<Example<Label>> ctrExamples = first(
                new SyntheticInterestDataSource(8, 60, 3, 5, 5, 0.6, 0.1, 5, 0.25, 11L, Split.TEST));
        din.serializeToFile(dir.resolve(DIN + ".tribuo"));
        try (OutputStream out = Files.newOutputStream(dir.resolve(DIN + ".ser"));
             ObjectOutputStream objects = new ObjectOutputStream(out)) {
            objects.writeObject(din);
        }
        record(dir.resolve(DIN + ".json"), din, ctrExamples);

        MutableDataset<Label> planted = new MutableDataset<>(new PlantedFieldDataSource(6, 4, 800, 2.0, 9));
        GatedFieldModel pruned = LpfsFeatureSelector.builder().gate(GateType.LPFS_PLUS_PLUS, 10).lambda(0.05)
                .optimiser(OptimiserType.ADAM, 0.01).embeddingSize(3).hiddenSizes(6).epochs(1).batchSize(100)
                .seed(5L).build().fit(planted).prunedModel();
        pruned.serializeToFile(dir.resolve(PRUNED + ".tribuo"));
        record(dir.resolve(PRUNED + ".json"), pruned, first(planted));
        logger.info("Wrote the saved models and their recorded probabilities to " + dir.toAbsolutePath());
    }

    private static List<Example<Label>> first(Iterable<Example<Label>> source) {
        List<Example<Label>> out = new ArrayList<>();
        for (Example<Label> e : source) {
            if (out.size() == RECORDED) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    private static void record(Path file, ClickModel model, List<Example<Label>> examples) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("model", model.getName());
        root.put("modelClass", model.getClass().getName());
        ArrayNode rows = root.putArray("examples");
        for (Example<Label> e : examples) {
            ObjectNode row = rows.addObject();
            row.put("label", e.getOutput().getLabel());
            ArrayNode features = row.putArray("features");
            for (Feature f : e) {
                features.addArray().add(f.getName()).add(f.getValue());
            }
        }
        ArrayNode probabilities = root.putArray("probabilities");
        for (double p : model.clickProbabilities(examples)) {
            probabilities.add(p);
        }
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }

    /**
     * @param recorded a JSON file written by this class
     * @return its examples
     */
    static List<Example<Label>> examples(JsonNode recorded) {
        List<Example<Label>> out = new ArrayList<>();
        for (JsonNode row : recorded.get("examples")) {
            JsonNode features = row.get("features");
            String[] names = new String[features.size()];
            double[] values = new double[features.size()];
            for (int i = 0; i < names.length; i++) {
                names[i] = features.get(i).get(0).asText();
                values[i] = features.get(i).get(1).asDouble();
            }
            out.add(new ArrayExample<>(new Label(row.get("label").asText()), names, values));
        }
        return out;
    }

    /**
     * @param recorded a JSON file written by this class
     * @return its recorded probabilities
     */
    static double[] probabilities(JsonNode recorded) {
        JsonNode p = recorded.get("probabilities");
        double[] out = new double[p.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = p.get(i).asDouble();
        }
        return out;
    }
}
