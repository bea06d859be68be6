package dev.tribuoctr.examples;

import dev.tribuoctr.examples.cli.ModelFiles;
import dev.tribuoctr.examples.commands.SelectCommand;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import dev.tribuoctr.featuresel.GatedFieldModel;
import dev.tribuoctr.featuresel.LpfsFeatureSelector;
import dev.tribuoctr.featuresel.data.CriteoDataSource;
import dev.tribuoctr.featuresel.data.FieldColumnsDataset;
import dev.tribuoctr.onnx.OnnxSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code select} → {@code export} → {@code predict} on Criteo-format rows: {@code predict} fed the RAW published cells
 * (negative, empty and huge integers, hex categoricals) gives the scores the LPFS model gives the source's own
 * (log-transformed) examples of the same rows, to 1e-6, for the pruned model {@code select} writes and for the full
 * gated model; {@code export} names the transform it put in the graph.
 */
class CriteoRawPredictTest {
    private static final double TOLERANCE = 1e-6;
    private static final String[] SMALL = {"--@train-data.maxRows", "0", "--@selector.epochs", "2",
        "--@selector.embeddingSize", "4", "--@selector.batchSize", "128", "--@selector.minCount", "2",
        "--@selector.lambda", "3e-3"};

    @Test
    void rawCriteoCellsThroughPredictGiveTheModelsScores(@TempDir Path tmp) throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path train = data.resolve("train.txt");
        Path test = tmp.resolve("test.txt");
        criteoRows(train, 2500, "11");
        criteoRows(test, 400, "12");
        Path out = tmp.resolve("select");
        List<String> select = new ArrayList<>(List.of("select", "--config", "configs/lpfs-criteo.xml", "--data-dir",
                data.toString(), "--out", out.toString()));
        select.addAll(List.of(SMALL));
        CliRun selected = CliRun.of(select.toArray(new String[0]));
        assertEquals(0, selected.status(), selected.err());

        Path requests = tmp.resolve("requests.tsv");
        writeRequests(test, requests);
        GatedFieldModel pruned = (GatedFieldModel) ModelFiles.read(out.resolve(SelectCommand.PRUNED_MODEL));
        assertRawPredict(pruned, out.resolve(SelectCommand.PRUNED_MODEL), requests, test, tmp, "pruned");

        GatedFieldModel gated = gatedModel(data);
        Path gatedFile = tmp.resolve("gated.tribuo");
        try (OutputStream os = Files.newOutputStream(gatedFile)) {
            ModelFiles.write(os, gated);
        }
        assertRawPredict(gated, gatedFile, requests, test, tmp, "gated");
    }

    /** The gated model of the same configuration and data, trained as {@code select} trains it. */
    private static GatedFieldModel gatedModel(Path data) {
        String[] args = new String[2 + SMALL.length];
        args[0] = "-c";
        args[1] = "configs/lpfs-criteo.xml";
        System.arraycopy(SMALL, 0, args, 2, SMALL.length);
        try (ConfigurationManager cm = new ConfigurationManager(args)) {
            cm.setGlobalProperty("data.dir", data.toString());
            LpfsFeatureSelector selector = (LpfsFeatureSelector) cm.lookup("selector");
            return selector.fit(FieldColumnsDataset.read((CriteoDataSource) cm.lookup("train-data"))).gatedModel();
        }
    }

    private static void assertRawPredict(GatedFieldModel model, Path modelFile, Path requests, Path rows, Path tmp,
                                         String what) throws IOException {
        Path onnx = tmp.resolve(what + ".onnx");
        CliRun export = CliRun.of("export", "--model", modelFile.toString(), "--out", onnx.toString());
        assertEquals(0, export.status(), export.err());
        assertTrue(export.out().contains("log(1 + max(x, 0))"), what + ": export names the transform\n" + export.out());
        Path predictions = tmp.resolve(what + "-p.txt");
        CliRun predict = CliRun.of("predict", "--onnx", onnx.toString(), "--input", requests.toString(), "--separator",
                "\t", "--output", predictions.toString());
        assertEquals(0, predict.status(), predict.err());
        List<String> lines = Files.readAllLines(predictions);

        List<Example<Label>> examples = new ArrayList<>();
        new CriteoDataSource(rows, 0, 0).forEach(examples::add);
        double[] java = model.clickProbabilities(examples);
        assertEquals(java.length, lines.size(), what + ": one probability per row");
        double worst = 0;
        double min = 1;
        double max = 0;
        for (int i = 0; i < java.length; i++) {
            worst = Math.max(worst, Math.abs(java[i] - Double.parseDouble(lines.get(i))));
            min = Math.min(min, java[i]);
            max = Math.max(max, java[i]);
        }
        assertTrue(worst <= TOLERANCE, what + ": largest difference " + worst);
        assertTrue(max - min > 0.1, what + ": scores barely vary (" + min + "–" + max + "), a weak check");
        assertTrue(dev.tribuoctr.onnx.OnnxModelFile.read(onnx).proto().getMetadataPropsList().stream()
                .anyMatch(p -> p.getKey().equals(OnnxSchema.NUMERIC_TRANSFORMS_KEY) && p.getValue().contains("raw")));
    }

    /**
     * Criteo-format rows from {@code criteo-gen} (I1..I3 carry signal on log(1 + x)), then edited so that every
     * kind of raw integer a published file holds appears: negatives (I2, as Criteo's own), empties, and values
     * beyond float's exact integers.
     */
    private static void criteoRows(Path file, int rows, String seed) throws IOException {
        CliRun gen = CliRun.of("criteo-gen", "--rows", Integer.toString(rows), "--out", file.toString(),
                "--cardinality", "40", "--informative-integer", "3", "--informative-categorical", "3", "--seed", seed);
        assertEquals(0, gen.status(), gen.err());
        List<String> edited = new ArrayList<>();
        int r = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] cols = line.split("\t", -1);
            if (r % 6 == 0) {
                cols[2] = "-" + (1 + r % 3);
            }
            if (r % 9 == 0) {
                cols[1] = Long.toString(3_000_000_000L + 7L * r);
            }
            if (r % 5 == 0) {
                cols[3] = "";
            }
            edited.add(String.join("\t", cols));
            r++;
        }
        Files.write(file, edited, StandardCharsets.UTF_8);
    }

    /** The same rows as a request file for {@code predict}: a header naming the columns, then the raw cells. */
    private static void writeRequests(Path rows, Path requests) throws IOException {
        List<String> header = new ArrayList<>(List.of("label"));
        for (int k = 1; k <= CriteoDataSource.INTEGER_COLUMNS; k++) {
            header.add("I" + k);
        }
        for (int k = 1; k <= CriteoDataSource.CATEGORICAL_COLUMNS; k++) {
            header.add("C" + k);
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.join("\t", header));
        lines.addAll(Files.readAllLines(rows, StandardCharsets.UTF_8));
        Files.write(requests, lines, StandardCharsets.UTF_8);
    }
}
