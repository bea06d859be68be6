package dev.tribuoctr.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tribuoctr.examples.cli.CliUsageException;
import dev.tribuoctr.examples.cli.RunFiles;
import dev.tribuoctr.examples.cli.RunFolder;
import dev.tribuoctr.examples.commands.TuneCommand;
import dev.tribuoctr.examples.commands.TuneGrid;
import dev.tribuoctr.examples.commands.TuneMetric;
import dev.tribuoctr.examples.commands.TuneReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code tune} command: grid expansion, selection by validation, resume, and a best configuration that re-trains. */
class TuneCommandTest {
    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void theGridIsTheProductOfItsAxesAndRandomDrawsAreDistinctAndSeeded() {
        TuneGrid grid = TuneGrid.parse(List.of("trainer.mu=0.2,0.4,0.6", "trainer.beta=0.01,0.1"));
        assertEquals(6, grid.size());
        List<TuneGrid.Cell> cells = grid.cells();
        assertEquals(Map.of("trainer.mu", "0.2", "trainer.beta", "0.01"), cells.get(0).settings());
        assertEquals(Map.of("trainer.mu", "0.2", "trainer.beta", "0.1"), cells.get(1).settings());
        assertEquals(Map.of("trainer.mu", "0.6", "trainer.beta", "0.1"), cells.get(5).settings());
        assertEquals(6, cells.stream().map(TuneGrid.Cell::settings).distinct().count());
        List<TuneGrid.Cell> drawn = grid.randomCells(3, 7L);
        assertEquals(3, drawn.stream().map(TuneGrid.Cell::index).distinct().count());
        assertEquals(drawn, grid.randomCells(3, 7L));
        for (TuneGrid.Cell c : drawn) {
            assertEquals(cells.get(c.index()), c);
        }
        assertEquals(cells, grid.randomCells(10, 1L), "more draws than cells: the whole grid");
        for (String bad : List.of("mu=0.1", "trainer.mu", "trainer.mu=", "trainer.mu=1,,2", "trainer.mu=1,1")) {
            assertThrows(CliUsageException.class, () -> TuneGrid.parse(List.of(bad)), bad);
        }
        assertThrows(CliUsageException.class, () -> TuneGrid.parse(List.of("t.a=1", "t.a=2")));

        TuneGrid tied = TuneGrid.parse(List.of("t.a+t.b=8,16", "t.c=1"));
        assertEquals(2, tied.size());
        assertEquals(List.of("t.a", "t.b"), tied.axes().get(0).fields());
        assertEquals(Map.of("t.a+t.b", "16", "t.c", "1"), tied.cells().get(1).settings());
        for (String bad : List.of("t.a+=1", "t.a+b=1", "t.a+t.a=1")) {
            assertThrows(CliUsageException.class, () -> TuneGrid.parse(List.of(bad)), bad);
        }
        assertThrows(CliUsageException.class, () -> TuneGrid.parse(List.of("t.a+t.b=1", "t.b=2")));
    }

    private static TuneReport.Run run(TuneGrid.Cell cell, int seed, double validationAuc, double testAuc) {
        ObjectNode m = RunFiles.MAPPER.createObjectNode();
        m.put("validation_auc", validationAuc);
        m.put("validation_logloss", 1 - validationAuc);
        m.put("test_auc", testAuc);
        return new TuneReport.Run(cell, seed, m, null);
    }

    @Test
    void theBestCellIsChosenByTheMeanValidationMetricNeverByTest() {
        TuneGrid grid = TuneGrid.parse(List.of("trainer.mu=0.2,0.4,0.6"));
        List<TuneGrid.Cell> c = grid.cells();
        List<TuneReport.Run> runs = new ArrayList<>(List.of(
                run(c.get(0), 1, 0.70, 0.99), run(c.get(0), 2, 0.72, 0.99),   // best on test, not on validation
                run(c.get(1), 1, 0.75, 0.60), run(c.get(1), 2, 0.73, 0.60),   // best mean validation 0.74
                run(c.get(2), 1, 0.90, 0.70), new TuneReport.Run(c.get(2), 2, null, "diverged")));
        TuneReport auc = new TuneReport(grid, TuneMetric.AUC, new int[]{1, 2}, runs);
        assertEquals(c.get(1), auc.best().cell(), "a cell with a failed seed is not chosen");
        assertEquals(0.74, auc.best().mean(), 1e-12);
        assertEquals(Math.sqrt(0.0002), auc.best().sd(), 1e-12);
        TuneReport logloss = new TuneReport(grid, TuneMetric.LOGLOSS, new int[]{1, 2}, runs);
        assertEquals(c.get(1), logloss.best().cell(), "lower log loss is better");
        String md = auc.markdown();
        assertTrue(md.contains("| **c001** | 0.4 | 0.7500 | 0.7300 | 0.7400 |"), md);
        assertTrue(md.contains("c002 seed 2 failed: diverged"), md);
        assertTrue(md.contains("| 0.9900 [0.9900, 0.9900] |"), "test AUC with its 95% interval: " + md);
        assertEquals("c001", auc.json().get("best").asText());
        // c000 against c001 on seeds 1 and 2: validation differences -0.05 and -0.01 (mean -0.03), test +0.39 twice.
        // t = -1.5 on 1 df: p = 0.374; half-width 12.706 * 0.02
        assertTrue(md.contains("| c000 | 2 | -0.0300 [-0.2841, +0.2241] | 0.374 | +0.3900 [+0.3900, +0.3900] | <0.001 |"),
                md);
        assertTrue(md.contains("| c002 | 1 |") == false, "one common seed is not a paired test");
    }

    @Test
    void tuneTrainsEachCellAndSeedResumesAndWritesABestConfigurationThatRetrainsToTheSameNumbers(@TempDir Path tmp)
            throws IOException {
        Path data = tmp.resolve("data");
        RealFormatConfigsTest.writeDelimited(data);
        Path out = tmp.resolve("tune");
        String[] args = {"tune", "--config", "configs/delimited-din.xml", "--data-dir", data.toString(), "--out",
                out.toString(), "--grid", "trainer.learningRate=0.003,0.03",
                "--grid", "trainer.epochs+trainer.decaySteps=2",
                "--grid", "trainer.earlyStopping=NONE", "--seeds", "1,2", "--parallel", "2"};
        CliRun first = run(args);
        assertEquals(0, first.status(), first.err());
        RunFolder.requireComplete(out, true);
        JsonNode results = RunFiles.MAPPER.readTree(out.resolve(TuneCommand.RESULTS_JSON).toFile());
        assertEquals(2, results.get("cells").size());
        for (JsonNode cell : results.get("cells")) {
            assertEquals(2, cell.get("runs").size());
            double sum = 0;
            for (JsonNode r : cell.get("runs")) {
                JsonNode metrics = RunFiles.MAPPER.readTree(out.resolve(TuneCommand.RUNS)
                        .resolve(cell.get("id").asText() + "-seed" + r.get("seed").asInt()).resolve("metrics.json")
                        .toFile());
                assertEquals(metrics.get("validation_auc").asDouble(), r.get("validation_auc").asDouble());
                sum += r.get("validation_auc").asDouble();
            }
            assertEquals(sum / 2, cell.get("mean").asDouble(), 1e-12);
        }
        String bestId = results.get("best").asText();
        for (JsonNode cell : results.get("cells")) {
            assertFalse(cell.get("mean").asDouble() > best(results).get("mean").asDouble(), "the best has the best mean");
        }
        assertTrue(Files.exists(out.resolve("sensitivity-trainer.learningRate.png")));

        String bestXml = Files.readString(out.resolve(TuneCommand.BEST));
        assertTrue(bestXml.contains("name=\"epochs\" value=\"2\"")
                && bestXml.contains("name=\"decaySteps\" value=\"2\""), "a tied axis sets each of its fields");

        // The best configuration re-trains to the numbers of its cell's first seed.
        Path again = tmp.resolve("again");
        CliRun retrain = run("train", "--config", out.resolve(TuneCommand.BEST).toString(), "--data-dir",
                data.toString(), "--out", again.toString());
        assertEquals(0, retrain.status(), retrain.err());
        JsonNode retrained = RunFiles.MAPPER.readTree(again.resolve("metrics.json").toFile());
        JsonNode original = RunFiles.MAPPER.readTree(out.resolve(TuneCommand.RUNS).resolve(bestId + "-seed1")
                .resolve("metrics.json").toFile());
        // The tune ran two runs side by side on one thread each, the re-training on every core: the same model up to
        // the order of float sums, so the rankings are equal and the losses agree to 1e-6.
        for (String key : List.of("validation_auc", "test_auc", "test_logloss", "train_logloss")) {
            assertEquals(original.get(key).asDouble(), retrained.get(key).asDouble(), 1e-6, key);
        }

        // Resume: an interrupted run (no marker) is redone, the others are read back untouched.
        Path interrupted = out.resolve(TuneCommand.RUNS).resolve("c000-seed2");
        Path kept = out.resolve(TuneCommand.RUNS).resolve("c001-seed1");
        Files.delete(interrupted.resolve(RunFolder.MARKER));
        byte[] keptMetrics = Files.readAllBytes(kept.resolve("metrics.json"));
        byte[] interruptedMetrics = Files.readAllBytes(interrupted.resolve("metrics.json"));
        CliRun second = run(args);
        assertEquals(0, second.status(), second.err());
        assertArrayEquals(keptMetrics, Files.readAllBytes(kept.resolve("metrics.json")), "a finished run is skipped");
        RunFolder.requireComplete(interrupted, true);
        assertNotEquals(new String(interruptedMetrics, StandardCharsets.UTF_8),
                Files.readString(interrupted.resolve("metrics.json")), "the interrupted run is trained again");

        // Another search in the same folder is refused.
        List<String> other = new ArrayList<>(List.of(args));
        other.set(other.indexOf("trainer.learningRate=0.003,0.03"), "trainer.learningRate=0.01");
        CliRun refused = run(other.toArray(new String[0]));
        assertEquals(CtrCli.USAGE_ERROR, refused.status(), refused.err());

        // With --overwrite, another search reuses only runs trained with the same settings: c001 (rate 0.03) keeps
        // its runs; c000 (now 0.01, was 0.003) is trained again; seed 3 is added.
        Path changed = out.resolve(TuneCommand.RUNS).resolve("c000-seed1");
        double before = RunFiles.MAPPER.readTree(changed.resolve("metrics.json").toFile()).get("validation_auc")
                .asDouble();
        byte[] same = Files.readAllBytes(kept.resolve("metrics.json"));
        List<String> extended = new ArrayList<>(List.of(args));
        extended.set(extended.indexOf("trainer.learningRate=0.003,0.03"), "trainer.learningRate=0.01,0.03");
        extended.set(extended.indexOf("1,2"), "1,2,3");
        extended.add("--overwrite");
        CliRun third = run(extended.toArray(new String[0]));
        assertEquals(0, third.status(), third.err());
        assertArrayEquals(same, Files.readAllBytes(kept.resolve("metrics.json")), "a run of the same cell is reused");
        assertNotEquals(before, RunFiles.MAPPER.readTree(changed.resolve("metrics.json").toFile())
                .get("validation_auc").asDouble(), "a run of changed settings is trained again");
        RunFolder.requireComplete(out.resolve(TuneCommand.RUNS).resolve("c001-seed3"), true);
    }

    private static JsonNode best(JsonNode results) {
        for (JsonNode cell : results.get("cells")) {
            if (cell.get("id").asText().equals(results.get("best").asText())) {
                return cell;
            }
        }
        throw new AssertionError("no best cell");
    }

    @Test
    void aSearchDeclaredInTheConfigurationRunsWithoutGridOptions(@TempDir Path tmp) throws IOException {
        Path data = tmp.resolve("data");
        RealFormatConfigsTest.writeDelimited(data);
        Path config = tmp.resolve("search.xml");
        Files.writeString(config, "<config>\n  <file name=\"experiment\" value=\""
                + Path.of("configs/delimited-base.xml").toAbsolutePath() + "\"/>\n"
                + "  <component name=\"search\" type=\"dev.tribuoctr.examples.commands.TuneSearch\">\n"
                + "    <propertylist name=\"grid\"><item>trainer.learningRate=0.003,0.03</item>"
                + "<item>trainer.epochs=1</item></propertylist>\n"
                + "    <propertylist name=\"seeds\"><item>4</item></propertylist>\n"
                + "    <property name=\"metric\" value=\"LOGLOSS\"/>\n"
                + "  </component>\n</config>\n");
        Path out = tmp.resolve("tune");
        CliRun r = run("tune", "--config", config.toString(), "--data-dir", data.toString(), "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        JsonNode results = RunFiles.MAPPER.readTree(out.resolve(TuneCommand.RESULTS_JSON).toFile());
        assertEquals("validation_logloss", results.get("metric").asText());
        assertEquals(2, results.get("cells").size());
        assertEquals(4, results.get("cells").get(0).get("runs").get(0).get("seed").asInt());
        assertTrue(Files.isDirectory(out.resolve(TuneCommand.RUNS).resolve("c001-seed4")));
    }

    @Test
    void aConfigurationWithoutValidationDataCannotBeTuned(@TempDir Path tmp) throws IOException {
        Path config = tmp.resolve("no-validation.xml");
        Files.writeString(config, "<config><component name=\"trainer\" type=\"dev.tribuoctr.ctr.train.MetaWrapperTrainer\"/>"
                + "</config>");
        CliRun r = run("tune", "--config", config.toString(), "--out", tmp.resolve("t").toString(), "--grid",
                "trainer.mu=0.1,0.2");
        assertEquals(CtrCli.USAGE_ERROR, r.status());
        assertTrue(r.err().contains("validation"), r.err());
    }
}
