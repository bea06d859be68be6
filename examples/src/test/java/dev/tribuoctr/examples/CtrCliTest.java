package dev.tribuoctr.examples;

import dev.tribuoctr.examples.commands.CompareCommand;
import dev.tribuoctr.examples.commands.MetricsJson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the command line in-process with tiny settings.
 */
class CtrCliTest {
    private static final List<String> KEYS = List.of("method", "train_logloss", "test_logloss", "test_auc",
            "test_gauc", "train_seconds", "examples_per_second");

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @Test
    void compareWritesMetricsJsonWithThreeMethodsAndTheBestPossibleRow(@TempDir Path dir) throws Exception {
        int status = CtrCli.run(new String[]{"compare", "--epochs", "3", "--users", "300", "--items", "300",
                "--seed", "3", "--out", dir.toString()}, out, err);
        assertEquals(0, status, () -> "stderr: " + errBytes);
        JsonNode root = new ObjectMapper().readTree(dir.resolve(MetricsJson.FILE_NAME).toFile());
        assertTrue(root.isArray());
        assertEquals(4, root.size());
        List<String> methods = new ArrayList<>();
        for (JsonNode row : root) {
            List<String> keys = new ArrayList<>();
            Iterator<String> names = row.fieldNames();
            names.forEachRemaining(keys::add);
            assertEquals(KEYS, keys);
            methods.add(row.get("method").asText());
            boolean trained = !row.get("method").asText().equals(CompareCommand.BEST_POSSIBLE);
            for (String key : KEYS.subList(1, KEYS.size())) {
                boolean exists = trained || key.startsWith("test_");
                assertEquals(exists, row.get(key).isNumber(), key + ": " + row.get(key));
                assertTrue(!exists || Double.isFinite(row.get(key).asDouble()), key + " is not finite: " + row.get(key));
            }
        }
        assertEquals(List.of("Base", "DIN", "Meta-Wrapper", CompareCommand.BEST_POSSIBLE), methods);
        double best = root.get(3).get("test_auc").asDouble();
        assertTrue(best > 0.75, "the world is learnable: " + best);
        for (int m = 0; m < 3; m++) {
            double auc = root.get(m).get("test_auc").asDouble();
            assertTrue(auc > 0.55 && auc < best + 0.02, methods.get(m) + " learns something, short of the optimum: "
                    + auc + " vs " + best);
        }
        String table = outBytes.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("test_logloss") && table.contains("Best possible") && !table.contains("NaN"), table);
    }

    @Test
    void helpListsEachCommandOnOneLineAndEachCommandsHelpGivesItsOptionsReadably() {
        assertEquals(0, CtrCli.run(new String[]{"help"}, out, err));
        String help = outBytes.toString(StandardCharsets.UTF_8);
        List<String> commands = new ArrayList<>();
        for (String line : help.split("\n")) {
            if (line.startsWith("  ")) {
                commands.add(line.trim().split("\\s+")[0]);
            }
        }
        assertEquals(List.of("compare", "train", "tune", "select", "export", "predict", "report", "figure7", "fs-compare",
                "bench", "onnx-bench", "load-bench", "local-sgd-sim", "taobao-gen", "criteo-gen", "help"), commands);
        assertTrue(help.split("\n").length < 25, "a short list:\n" + help);
        for (String command : commands.subList(0, commands.size() - 1)) {
            outBytes.reset();
            assertEquals(0, CtrCli.run(new String[]{command, "--help"}, out, err), command);
            String usage = outBytes.toString(StandardCharsets.UTF_8);
            assertTrue(usage.contains("Command: java -jar tribuo-ctr-examples.jar " + command), usage);
            assertTrue(!usage.matches("(?s).*\\[[A-Z]@[0-9a-f]+.*"), command + " prints an array's identity:\n" + usage);
        }
    }

    @Test
    void unknownOptionIsAUsageError() {
        int status = CtrCli.run(new String[]{"compare", "--epochz", "1"}, out, err);
        assertEquals(CtrCli.USAGE_ERROR, status);
        String message = errBytes.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("--epochz") && message.contains("Unknown argument"), message);
        assertTrue(message.contains("--epochs") || message.contains("epochs "), "usage should list the options: " + message);
    }

    @Test
    void unknownCommandAndBadValueAreUsageErrors() {
        assertEquals(CtrCli.USAGE_ERROR, CtrCli.run(new String[]{"frobnicate"}, out, err));
        assertEquals(CtrCli.USAGE_ERROR, CtrCli.run(new String[]{"--epochs", "many"}, out, err));
        assertEquals(CtrCli.USAGE_ERROR, CtrCli.run(new String[]{"bench", "--methods", "XGBOOST"}, out, err));
        String message = errBytes.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("Unknown command 'frobnicate'"), message);
    }

    @Test
    void tinyBenchPrintsAMarkdownTable() {
        int status = CtrCli.run(new String[]{"bench", "--items", "2000", "--examples", "300", "--users", "50",
                "--categories", "20", "--history", "10", "--methods", "BASE,DIN", "--repeats", "1"}, out, err);
        assertEquals(0, status, () -> "stderr: " + errBytes);
        String report = outBytes.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("| items |") && report.contains("| 2,000 |") && report.contains("DIN"), report);
        assertTrue(report.contains("- Machine: ") && report.contains("- Command: ") && report.contains("- Date: "), report);
    }

    @Test
    void benchProfileIsAFlagAndPrintsTheStepBreakdownAndModelSize() {
        int status = CtrCli.run(new String[]{"bench", "--items", "2000", "--examples", "300", "--users", "50",
                "--categories", "20", "--history", "10", "--methods", "DIN", "--repeats", "1", "--profile",
                "--threads", "2", "--model-size"}, out, err);
        assertEquals(0, status, () -> "stderr: " + errBytes);
        String report = outBytes.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("### Profile: DIN") && report.contains("| · gemm |") && report.contains("| optimiser |")
                && report.contains("2 thread(s)"), report);
        assertTrue(report.contains("| model.tribuo (protobuf) MiB |") && report.contains("| 2,000 | DIN | "), report);
    }
}
