package dev.tribuoctr.examples;

import dev.tribuoctr.examples.cli.RunFiles;
import dev.tribuoctr.examples.cli.RunFolder;
import dev.tribuoctr.examples.commands.TrainCommand;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code train} on every shipped configuration (tiny data through OLCUT overrides, one epoch), re-running gives
 * the same metrics, and {@code report} writes report.md and a PNG from two fake runs.
 */
class ExperimentCommandsTest {
    private static final List<String> CONFIGS = List.of("base", "din", "m2", "m3", "meta-wrapper");
    private static final List<String> KEYS = List.of("method", "dataset", "train_logloss", "test_logloss", "test_auc",
            "test_gauc", "train_seconds", "examples_per_second", "validation_auc");

    /** Shrinks the three synthetic sources and the trainer through OLCUT field overrides. */
    private static String[] trainArgs(String config, Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "--config", "configs/" + config + ".xml", "--out", out.toString(),
                "--@trainer.epochs", "1", "--@trainer.batchSize", "64"));
        for (String source : List.of("train-data", "validation-data", "test-data")) {
            a.addAll(List.of("--@" + source + ".numUsers", "10", "--@" + source + ".numItems", "200",
                    "--@" + source + ".itemsPerUserInGroup", "10", "--@" + source + ".itemsPerUserOutOfGroup", "10"));
        }
        a.addAll(List.of(extra));
        return a.toArray(new String[0]);
    }

    private static int cli(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CtrCli.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));
        assertEquals(0, status, () -> err.toString(StandardCharsets.UTF_8));
        return status;
    }

    @Test
    void everyShippedConfigurationTrainsAndWritesItsFiles(@TempDir Path tmp) throws IOException {
        for (String config : CONFIGS) {
            Path out = tmp.resolve(config);
            String[] extra = config.equals("base") ? new String[0]
                    : new String[]{"--base-metrics", tmp.resolve("base").resolve("metrics.json").toString()};
            cli(trainArgs(config, out, extra));
            JsonNode m = RunFiles.MAPPER.readTree(out.resolve("metrics.json").toFile());
            for (String key : KEYS) {
                assertTrue(m.has(key), config + ": metrics.json lacks " + key + ": " + m);
            }
            assertEquals(!config.equals("base"), m.has("test_impr"), config + ": " + m);
            assertEquals("synthetic", m.get("dataset").asText());
            JsonNode history = RunFiles.MAPPER.readTree(out.resolve("history.json").toFile());
            assertEquals(1, history.size(), config);
            assertTrue(history.get(0).get("train_loss").isNumber() && history.get(0).get("validation_logloss").isNumber()
                    && history.get(0).get("validation_auc").isNumber(), history.toString());
            assertTrue(Files.size(out.resolve(TrainCommand.MODEL)) > 1000, config);
            String prov = Files.readString(out.resolve(TrainCommand.PROVENANCE));
            assertTrue(prov.contains("MetaWrapperTrainer") && prov.contains("SyntheticInterestDataSource"), config);
        }
        JsonNode meta = RunFiles.MAPPER.readTree(tmp.resolve("meta-wrapper/metrics.json").toFile());
        assertEquals("Meta-Wrapper", meta.get("method").asText());
        String mw = Files.readString(tmp.resolve("meta-wrapper").resolve(TrainCommand.PROVENANCE));
        assertTrue(mw.contains("\"secondOrder\""), "the trainer's configuration should be in the provenance");
    }

    @Test
    void reRunningAConfigurationGivesTheSameMetrics(@TempDir Path tmp) throws IOException {
        cli(trainArgs("meta-wrapper", tmp.resolve("a"), "--@trainer.mu", "0.8"));
        cli(trainArgs("meta-wrapper", tmp.resolve("b"), "--@trainer.mu", "0.8"));
        ObjectNode a = (ObjectNode) RunFiles.MAPPER.readTree(tmp.resolve("a/metrics.json").toFile());
        ObjectNode b = (ObjectNode) RunFiles.MAPPER.readTree(tmp.resolve("b/metrics.json").toFile());
        for (ObjectNode o : List.of(a, b)) {
            o.remove(List.of("train_seconds", "examples_per_second"));
        }
        assertEquals(a, b);
        assertEquals(Files.readString(tmp.resolve("a/history.json")).replaceAll("\"examples_per_second\" : [0-9.E-]+", ""),
                Files.readString(tmp.resolve("b/history.json")).replaceAll("\"examples_per_second\" : [0-9.E-]+", ""));
        assertTrue(Files.readString(tmp.resolve("a/provenance.json")).contains("0.8"), "the override should be recorded");
    }

    @Test
    void reportWritesATableAndPlotsFromTwoRuns(@TempDir Path tmp) throws IOException {
        fakeRun(tmp.resolve("base"), "Base", 0.70, new double[]{0.69, 0.60, 0.55}, new double[]{0.68, 0.64, 0.63});
        fakeRun(tmp.resolve("mw"), "Meta-Wrapper", 0.75, new double[]{0.69, 0.58, 0.50}, new double[]{0.67, 0.62, 0.60});
        Path out = tmp.resolve("report");
        cli("report", "--in", tmp.resolve("base").toString(), tmp.resolve("mw").toString(), "--out", out.toString());
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("| Base | 0.7000 | +0.00% |"), md);
        assertTrue(md.contains("| Meta-Wrapper | 0.7500 | +25.00% |"), md);
        Path png = out.resolve("loss-synthetic.png");
        byte[] bytes = Files.readAllBytes(png);
        assertTrue(bytes.length > 1000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G');
    }

    @Test
    void reportEscapesNamesThatWouldBreakItsTables(@TempDir Path tmp) throws IOException {
        String[] methods = {"Base", "a|b\nc", "x\\|`y`\r\n<b>", "|"};
        Path[] in = new Path[methods.length];
        for (int i = 0; i < methods.length; i++) {
            in[i] = tmp.resolve("run" + i);
            fakeRun(in[i], methods[i], 0.70 + 0.01 * i, new double[]{0.69, 0.60}, new double[]{0.68, 0.64});
        }
        Path out = tmp.resolve("report");
        List<String> args = new ArrayList<>(List.of("report", "--in"));
        for (Path p : in) {
            args.add(p.toString());
        }
        args.addAll(List.of("--out", out.toString()));
        cli(args.toArray(new String[0]));
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("| a\\|b c | 0.7100 |"), md);
        assertTrue(md.contains("| x\\\\\\|\\`y\\` &lt;b&gt; | 0.7200 |"), md);
        // every row of a table has as many cell borders (unescaped '|') as its header
        int borders = -1;
        for (String line : md.split("\n", -1)) {
            if (!line.startsWith("|")) {
                borders = -1;
                continue;
            }
            int n = line.split("(?<!\\\\)\\|", -1).length;
            if (borders < 0) {
                borders = n;
            }
            assertEquals(borders, n, "row '" + line + "' of\n" + md);
        }
    }

    private static void fakeRun(Path dir, String method, double auc, double[] train, double[] validation) throws IOException {
        ObjectNode m = RunFiles.MAPPER.createObjectNode();
        m.put("method", method);
        m.put("dataset", "synthetic");
        m.put("test_auc", auc);
        m.put("test_logloss", validation[validation.length - 1]);
        RunFolder folder = RunFolder.open(dir, false, "test");
        folder.writeJson("metrics.json", m);
        var history = RunFiles.MAPPER.createArrayNode();
        for (int i = 0; i < train.length; i++) {
            history.addObject().put("epoch", i + 1).put("train_loss", train[i]).put("validation_logloss", validation[i]);
        }
        folder.writeJson("history.json", history);
        folder.complete();
    }
}
