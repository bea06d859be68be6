package dev.tribuoctr.examples;

import dev.tribuoctr.examples.cli.ModelFiles;
import dev.tribuoctr.examples.cli.RunFiles;
import dev.tribuoctr.examples.commands.SelectCommand;
import dev.tribuoctr.examples.commands.TrainCommand;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import dev.tribuoctr.ctr.model.ClickModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.DataSource;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ONNX commands end to end: {@code train} a delimited-file configuration, {@code export} its model,
 * {@code predict} the test file on ONNX Runtime and get the Java model's probabilities back to 1e-5, one per row;
 * clear errors for a file missing a column and for a file that is not a model; {@code onnx-bench} with tiny
 * settings prints its table.
 */
class OnnxCommandsTest {
    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void trainExportPredictReproducesTheJavaModel(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        RealFormatConfigsTest.writeDelimited(data);
        Path runDir = tmp.resolve("run");
        CliRun train = run("train", "--config", "configs/delimited-din.xml", "--data-dir", data.toString(),
                "--out", runDir.toString(), "--@trainer.epochs", "1", "--@trainer.batchSize", "32");
        assertEquals(0, train.status(), train.err());
        Path onnx = tmp.resolve("model.onnx");
        CliRun export = run("export", "--model", runDir.resolve(TrainCommand.MODEL).toString(), "--out", onnx.toString());
        assertEquals(0, export.status(), export.err());
        assertTrue(export.out().contains("history  string [batch, length]"), export.out());

        Path predictions = tmp.resolve("p.txt");
        Path testCsv = data.resolve("test.csv");
        CliRun predict = run("predict", "--onnx", onnx.toString(), "--input", testCsv.toString(),
                "--output", predictions.toString(), "--batch-size", "7");
        assertEquals(0, predict.status(), predict.err());
        List<String> lines = Files.readAllLines(predictions);
        assertEquals(Files.readAllLines(testCsv).size() - 1, lines.size(), "one probability per row");

        ClickModel model = (ClickModel) ModelFiles.read(runDir.resolve(TrainCommand.MODEL));
        double[] java = model.clickProbabilities(testExamples(data));
        assertEquals(java.length, lines.size());
        double spread = 0;
        for (int i = 0; i < java.length; i++) {
            assertEquals(java[i], Double.parseDouble(lines.get(i)), 1e-5, "row " + (i + 2));
            spread = Math.max(spread, Math.abs(java[i] - java[0]));
        }
        assertTrue(spread > 1e-4, "the model's scores are constant; the comparison would be weak");

        // Standard output when no --output is given.
        CliRun toStdout = run("predict", "--onnx", onnx.toString(), "--input", testCsv.toString());
        assertEquals(lines, toStdout.out().lines().toList());
    }

    private static List<Example<Label>> testExamples(Path data) {
        try (ConfigurationManager cm = new ConfigurationManager("configs/delimited-din.xml")) {
            cm.setGlobalProperty("data.dir", data.toString());
            @SuppressWarnings("unchecked")
            DataSource<Label> source = (DataSource<Label>) cm.lookup("test-data");
            List<Example<Label>> list = new ArrayList<>();
            source.forEach(list::add);
            return list;
        }
    }

    @Test
    void predictNamesAMissingColumnAndExportRejectsANonModel(@TempDir Path tmp) throws IOException {
        Path data = tmp.resolve("data");
        RealFormatConfigsTest.writeDelimited(data);
        Path runDir = tmp.resolve("run");
        assertEquals(0, run("train", "--config", "configs/delimited-base.xml", "--data-dir", data.toString(),
                "--out", runDir.toString(), "--@trainer.epochs", "1").status());
        Path onnx = tmp.resolve("m.onnx");
        assertEquals(0, run("export", "--model", runDir.resolve(TrainCommand.MODEL).toString(), "--out",
                onnx.toString()).status());
        Path noUser = tmp.resolve("no-user.csv");
        Files.writeString(noUser, "label,item,cate,history\n1,3,c0,1|2\n");
        CliRun r = run("predict", "--onnx", onnx.toString(), "--input", noUser.toString());
        assertEquals(CtrCli.FAILURE, r.status(), "a data error");
        assertTrue(r.err().startsWith(noUser + ":1: user: the model reads this column"), r.err());

        Path notAModel = Files.createDirectories(tmp.resolve("loose")).resolve("not-a-model.bin");
        Files.copy(runDir.resolve("metrics.json"), notAModel);
        r = run("export", "--model", notAModel.toString(), "--out", tmp.resolve("x.onnx").toString());
        assertEquals(CtrCli.FAILURE, r.status());
        assertTrue(r.err().contains("is not a model this tool can read"), r.err());
        assertTrue(Files.notExists(tmp.resolve("x.onnx")));
    }

    @Test
    void exportsThePrunedModelOfSelectWithInputsForTheKeptFieldsOnly(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("select");
        CliRun select = run("select", "--config", "configs/lpfs-planted.xml", "--out", out.toString(),
                "--@train-data.size", "4000", "--@train-data.fieldCount", "8", "--@selector.epochs", "1",
                "--@selector.embeddingSize", "4");
        assertEquals(0, select.status(), select.err());
        List<String> kept = new ArrayList<>();
        RunFiles.MAPPER.readTree(out.resolve(SelectCommand.SELECTED).toFile()).get("kept_fields")
                .forEach(n -> kept.add(n.get("field").asText()));
        Path onnx = tmp.resolve("pruned.onnx");
        CliRun export = run("export", "--model", out.resolve(SelectCommand.PRUNED_MODEL).toString(), "--out",
                onnx.toString());
        assertEquals(0, export.status(), export.err());
        List<String> inputs = dev.tribuoctr.onnx.OnnxModelFile.read(onnx).schema().inputs().stream()
                .map(dev.tribuoctr.onnx.OnnxInput::name).sorted().toList();
        assertEquals(kept.stream().sorted().toList(), inputs);
    }

    @Test
    void onnxBenchPrintsLatencies() {
        CliRun r = run("onnx-bench", "--calls", "3", "--warmup", "1", "--batch-sizes", "1,4", "--threads", "1");
        assertEquals(0, r.status(), r.err());
        long rows = r.out().lines().filter(l -> l.startsWith("| ") && !l.startsWith("| engine") && !l.startsWith("| ---")).count();
        assertEquals(6, rows, r.out());
        assertTrue(r.out().contains("ONNX Runtime, plain"), r.out());
    }
}
