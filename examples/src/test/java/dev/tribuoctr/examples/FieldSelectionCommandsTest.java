package dev.tribuoctr.examples;

import dev.tribuoctr.examples.reports.FsCompareCommand;
import dev.tribuoctr.examples.cli.RunFiles;
import dev.tribuoctr.examples.commands.SelectCommand;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribuoctr.featuresel.GatedFieldModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code select} and {@code fs-compare} commands with tiny settings. */
class FieldSelectionCommandsTest {
    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CtrCli.run(args, new PrintStream(out, true), new PrintStream(err, true));
        assertEquals(0, status, "exit status; stderr: " + err);
        return out.toString();
    }

    @Test
    void selectOnThePlantedConfigWritesItsFilesAndKeepsTheInformativeFields(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("select");
        run("select", "--config", "configs/lpfs-planted.xml", "--out", out.toString(),
                "--@train-data.size", "6000", "--@train-data.fieldCount", "8", "--@selector.epochs", "2",
                "--@selector.embeddingSize", "4");
        JsonNode selected = RunFiles.MAPPER.readTree(out.resolve(SelectCommand.SELECTED).toFile());
        List<String> kept = new ArrayList<>();
        selected.get("kept_fields").forEach(n -> kept.add(n.get("field").asText()));
        assertTrue(kept.containsAll(List.of("f0", "f1", "f2", "f3")), "kept " + kept);
        double previous = Double.POSITIVE_INFINITY;
        for (JsonNode n : selected.get("kept_fields")) {
            double g = Math.abs(n.get("gate_factor").asDouble());
            assertTrue(g <= previous, "ordered by |gate|");
            previous = g;
        }
        assertTrue(selected.get("selected_features").size() >= 4 * 6);
        selected.get("selected_features").forEach(n -> assertTrue(kept.contains(n.asText().split("@")[0])));
        JsonNode trajectory = RunFiles.MAPPER.readTree(out.resolve(SelectCommand.TRAJECTORY).toFile());
        assertTrue(trajectory.size() >= 2);
        JsonNode last = trajectory.get(trajectory.size() - 1);
        assertEquals(8, last.get("gate_factors").size());
        assertEquals(8 - kept.size(), last.get("zero_gates").asInt());
        GatedFieldModel pruned = (GatedFieldModel) org.tribuo.Model.deserializeFromFile(
                out.resolve(SelectCommand.PRUNED_MODEL));
        assertEquals(kept.stream().sorted().toList(), pruned.layout().fieldNames().stream().sorted().toList());
    }

    @Test
    void selectOnTheMovieLensConfigReadsTheMl100kLayoutAndEvaluatesTheSelection(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("ml-100k");
        RealFormatConfigsTest.writeMl100k(data);
        long ratings = Files.readAllLines(data.resolve("u.data")).stream().filter(l -> !l.isBlank()).count();
        Path out = tmp.resolve("select");
        String printed = run("select", "--config", "configs/lpfs-movielens.xml", "--set", "data.dir=" + data,
                "--out", out.toString(), "--@selector.epochs", "1", "--@selector.embeddingSize", "4",
                "--@selector.batchSize", "16", "--@selector.lambda", "0");
        JsonNode selected = RunFiles.MAPPER.readTree(out.resolve(SelectCommand.SELECTED).toFile());
        assertEquals(26, selected.get("field_count").asInt(), "user, age, gender, occupation, zip, item, year, 19 genres");
        assertEquals(26, selected.get("kept_fields").size(), "lambda 0 drops nothing");
        long held = (long) Math.floor(ratings * 0.1);
        assertEquals(ratings - 2 * held, selected.get("train_examples").asLong());
        JsonNode evaluation = selected.get(SelectCommand.EVALUATION);
        assertTrue(printed.contains("pruned_auc"), printed);
        for (String part : List.of("validation", "test")) {
            JsonNode e = evaluation.get(part);
            assertEquals(held, e.get("examples").asLong(), part);
            double logLoss = e.get("pruned_logloss").asDouble();
            assertTrue(logLoss > 0 && Double.isFinite(logLoss), part + ": " + e);
            assertEquals(e.get("gated_logloss").asDouble(), logLoss, 1e-5, "damage-free pruning: " + e);
        }
        List<String> fields = new ArrayList<>();
        selected.get("kept_fields").forEach(n -> fields.add(n.get("field").asText()));
        assertTrue(fields.containsAll(List.of("user", "age", "gender", "occupation", "zip", "item", "year",
                "genre_childrens", "genre_film_noir")), fields.toString());
    }

    @Test
    void fsCompareWritesATableAndJson(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("fs");
        String printed = run("fs-compare", "--k-values", "2,4", "--out", out.toString(), "--fields", "6",
                "--cardinality", "4", "--train-size", "2000", "--test-size", "1000", "--epochs", "1",
                "--lpfs-epochs", "1", "--embedding-size", "4", "--hidden", "8");
        String md = Files.readString(out.resolve(FsCompareCommand.MARKDOWN));
        assertTrue(printed.contains(md));
        for (String m : List.of("LPFS", "LPFS++", "MIM", "mRMR", "Permutation")) {
            assertTrue(md.contains(" " + m + " |"), m + " in\n" + md);
        }
        JsonNode json = RunFiles.MAPPER.readTree(out.resolve(FsCompareCommand.JSON).toFile());
        assertEquals(2 * 5, json.get("results").size());
        for (JsonNode r : json.get("results")) {
            double auc = r.get("test_auc").asDouble();
            assertTrue(auc > 0.4 && auc <= 1, r.toString());
            assertTrue(r.get("fields_selected").asInt() <= r.get("k").asInt());
        }
        assertEquals(6, json.get("rankings").get("MIM").size());
        assertEquals(6, json.get("permutation_auc_drop").size());
        assertTrue(json.get("selection_seconds").get("mRMR").asDouble() >= 0);
    }
}
