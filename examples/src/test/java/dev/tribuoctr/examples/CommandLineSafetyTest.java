package dev.tribuoctr.examples;

import dev.tribuoctr.examples.reports.ReportCommand;
import dev.tribuoctr.examples.cli.RunFiles;
import dev.tribuoctr.examples.cli.RunFolder;
import dev.tribuoctr.examples.commands.TrainCommand;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line from the user's side, against the classes of failure found by trying it as an adversary would:
 * half-written outputs, destroyed earlier results, data that does not match its configuration, non-finite numbers,
 * checks that come after the work, errors without a file and line or with a stack trace, and model files that make
 * the reader allocate without bound. Each test runs commands and looks only at exit statuses, messages and files.
 */
class CommandLineSafetyTest {
    private record Result(int status, String out, String err) {
        /** An expected error: a message, and no stack trace. */
        void assertMessageOnly() {
            assertFalse(err.contains("\tat "), "no stack trace for an expected error:\n" + err);
            assertFalse(err.isBlank(), "a message");
        }
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CtrCli.run(args, new PrintStream(out, true), new PrintStream(err, true));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Result train(Path data, Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--config", "configs/delimited-base.xml",
                "--data-dir", data.toString(), "--out", out.toString(), "--@trainer.epochs", "1"));
        args.addAll(Arrays.asList(more));
        return run(args.toArray(new String[0]));
    }

    private static Path trainedRun(Path tmp) throws IOException {
        Path data = tmp.resolve("data");
        if (!Files.isDirectory(data)) {
            RealFormatConfigsTest.writeDelimited(data);
        }
        Path dir = tmp.resolve("run");
        Result r = train(data, dir);
        assertEquals(0, r.status(), r.err());
        return dir;
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void copyFolder(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (String name : names(from)) {
            Files.copy(from.resolve(name), to.resolve(name));
        }
    }

    @Test
    void aRunIsCompleteOnlyWithItsMarkerAndReportAndExportRefuseAnIncompleteOne(@TempDir Path tmp) throws IOException {
        Path run = trainedRun(tmp);
        assertEquals(List.of("history.json", "metrics.json", TrainCommand.MODEL, TrainCommand.PROVENANCE,
                RunFolder.MARKER), names(run), "no temporary file is left");
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(run.resolve(TrainCommand.MODEL))), "an ordinary file, not a temporary one");
        JsonNode marker = RunFiles.MAPPER.readTree(run.resolve(RunFolder.MARKER).toFile());
        assertEquals(4, marker.get("files").size());
        for (JsonNode f : marker.get("files")) {
            assertEquals(Files.size(run.resolve(f.get("name").asText())), f.get("bytes").asLong());
        }

        // What a run killed while writing its model leaves: the other files, a cut-off model, no marker (written last).
        Path killed = tmp.resolve("killed");
        copyFolder(run, killed);
        Files.delete(killed.resolve(RunFolder.MARKER));
        byte[] model = Files.readAllBytes(run.resolve(TrainCommand.MODEL));
        Files.write(killed.resolve(TrainCommand.MODEL), Arrays.copyOf(model, model.length / 2));
        Result report = run("report", "--in", killed.toString(), "--out", tmp.resolve("report").toString());
        assertEquals(CtrCli.FAILURE, report.status());
        assertTrue(report.err().contains(killed + " is not a complete run"), report.err());
        report.assertMessageOnly();
        assertFalse(Files.exists(tmp.resolve("report").resolve(ReportCommand.REPORT)));
        Result export = run("export", "--model", killed.resolve(TrainCommand.MODEL).toString(), "--out",
                tmp.resolve("k.onnx").toString());
        assertEquals(CtrCli.FAILURE, export.status());
        assertTrue(export.err().contains("is not a complete run"), export.err());
        export.assertMessageOnly();
        assertFalse(Files.exists(tmp.resolve("k.onnx")));

        // A model cut off after its run completed no longer matches the marker.
        Path cut = tmp.resolve("cut");
        copyFolder(run, cut);
        Files.write(cut.resolve(TrainCommand.MODEL), Arrays.copyOf(model, model.length - 10));
        export = run("export", "--model", cut.resolve(TrainCommand.MODEL).toString(), "--out",
                tmp.resolve("c.onnx").toString());
        assertEquals(CtrCli.FAILURE, export.status());
        assertTrue(export.err().contains("has " + (model.length - 10) + " bytes where its run wrote " + model.length),
                export.err());
        assertFalse(Files.exists(tmp.resolve("c.onnx")));

        // The complete run is accepted by both.
        assertEquals(0, run("report", "--in", run.toString(), "--out", tmp.resolve("report").toString()).status());
        assertTrue(Files.exists(tmp.resolve("report").resolve(RunFolder.MARKER)));
        assertEquals(0, run("export", "--model", run.resolve(TrainCommand.MODEL).toString(), "--out",
                tmp.resolve("ok.onnx").toString()).status());
    }

    @Test
    void earlierResultsAreReplacedOnlyWithOverwrite(@TempDir Path tmp) throws IOException {
        Path run = trainedRun(tmp);
        byte[] metrics = Files.readAllBytes(run.resolve(RunFiles.METRICS));
        byte[] model = Files.readAllBytes(run.resolve(TrainCommand.MODEL));
        Result again = train(tmp.resolve("data"), run, "--@trainer.seed", "2");
        assertEquals(CtrCli.USAGE_ERROR, again.status());
        assertTrue(again.err().contains("is not empty") && again.err().contains("--overwrite"), again.err());
        again.assertMessageOnly();
        assertArrayEquals(metrics, Files.readAllBytes(run.resolve(RunFiles.METRICS)));
        assertArrayEquals(model, Files.readAllBytes(run.resolve(TrainCommand.MODEL)));

        Result replaced = train(tmp.resolve("data"), run, "--@trainer.seed", "2", "--overwrite");
        assertEquals(0, replaced.status(), replaced.err());
        assertFalse(Arrays.equals(metrics, Files.readAllBytes(run.resolve(RunFiles.METRICS))), "a new run's metrics");
        RunFolder.requireComplete(run, true);

        Path onnx = tmp.resolve("model.onnx");
        Files.writeString(onnx, "precious");
        Result export = run("export", "--model", run.resolve(TrainCommand.MODEL).toString(), "--out", onnx.toString());
        assertEquals(CtrCli.USAGE_ERROR, export.status());
        assertTrue(export.err().contains(onnx + " already exists"), export.err());
        assertEquals("precious", Files.readString(onnx));
        assertEquals(0, run("export", "--model", run.resolve(TrainCommand.MODEL).toString(), "--out",
                onnx.toString(), "--overwrite").status());
        assertNotEquals("precious", Files.readString(onnx, StandardCharsets.ISO_8859_1));

        Path input = tmp.resolve("data").resolve("test.csv");
        byte[] inputBytes = Files.readAllBytes(input);
        for (Path output : List.of(input, tmp.resolve("data").resolve("..").resolve("data").resolve("test.csv"))) {
            Result predict = run("predict", "--onnx", onnx.toString(), "--input", input.toString(), "--output",
                    output.toString(), "--overwrite");
            assertEquals(CtrCli.USAGE_ERROR, predict.status(), output.toString());
            assertTrue(predict.err().contains("is the --input file"), predict.err());
            assertArrayEquals(inputBytes, Files.readAllBytes(input));
        }
        Path existing = tmp.resolve("p.txt");
        Files.writeString(existing, "keep");
        assertEquals(CtrCli.USAGE_ERROR, run("predict", "--onnx", onnx.toString(), "--input", input.toString(),
                "--output", existing.toString()).status());
        assertEquals("keep", Files.readString(existing));

        Path generated = tmp.resolve("UserBehavior.csv");
        Files.writeString(generated, "keep");
        assertEquals(CtrCli.USAGE_ERROR, run("taobao-gen", "--rows", "10", "--out", generated.toString()).status());
        assertEquals("keep", Files.readString(generated));
    }

    @Test
    void predictWritesAllItsOutputOrNone(@TempDir Path tmp) throws IOException {
        Path run = trainedRun(tmp);
        Path onnx = tmp.resolve("m.onnx");
        assertEquals(0, run("export", "--model", run.resolve(TrainCommand.MODEL).toString(), "--out",
                onnx.toString()).status());
        Path input = tmp.resolve("requests.csv");
        Files.writeString(input, "label,item,cate,user,history\n1,3,c0,u1,1|2\n0,4,c1,u2,\n1,5,c2,u3,4\n"
                + "0,6,c0,u4,1\n0,7,c1,u5,\"2\n");
        Path output = tmp.resolve("p.txt");
        Files.writeString(output, "earlier");
        Result r = run("predict", "--onnx", onnx.toString(), "--input", input.toString(), "--output",
                output.toString(), "--batch-size", "2", "--overwrite");
        assertEquals(CtrCli.FAILURE, r.status(), r.err());
        r.assertMessageOnly();
        assertEquals("earlier", Files.readString(output), "a failed run leaves --output as it was");
        assertEquals(List.of("data", "m.onnx", "p.txt", "requests.csv", "run"), names(tmp), "no partial file");

        Files.writeString(input, "label,item,cate,user,history\n1,3,c0,u1,1|2\n0,4,c1,u2,\n1,5,c2,u3,4\n");
        assertEquals(0, run("predict", "--onnx", onnx.toString(), "--input", input.toString(), "--output",
                output.toString(), "--batch-size", "2", "--overwrite").status());
        assertEquals(3, Files.readAllLines(output).size());
    }

    @Test
    void dataThatDoesNotMatchItsConfigurationIsAnErrorNamingFileLineAndColumn(@TempDir Path tmp) throws IOException {
        Path data = tmp.resolve("data");
        RealFormatConfigsTest.writeDelimited(data);
        Path train = data.resolve("train.csv");
        List<String> lines = Files.readAllLines(train);

        Files.write(train, lines.stream().map(l -> l.replaceFirst("^([^,]*,[^,]*),[^,]*,", "$1,")).toList());
        Result r = train(data, tmp.resolve("a"));
        assertEquals(CtrCli.FAILURE, r.status());
        assertTrue(r.err().startsWith(train + ":1: cate: the configuration reads this column but the header has only"
                + " [label, item, user, history]"), r.err());
        r.assertMessageOnly();

        List<String> emptyLabel = new java.util.ArrayList<>(lines);
        emptyLabel.set(2, emptyLabel.get(2).replaceFirst("^[01]", ""));
        Files.write(train, emptyLabel);
        r = train(data, tmp.resolve("b"));
        assertEquals(CtrCli.FAILURE, r.status());
        assertTrue(r.err().startsWith(train + ":3: label: the label is empty"), r.err());
        r.assertMessageOnly();

        Path ml = tmp.resolve("ml-100k");
        RealFormatConfigsTest.writeMl100k(ml);
        Path ratings = ml.resolve("u.data");
        List<String> good = Files.readAllLines(ratings, StandardCharsets.ISO_8859_1);
        for (String[] bad : new String[][]{{"1\t2\tfive\t880000001", "u.data:2: rating: not a number: 'five'"},
                {"1\t2\tNaN\t880000001", "u.data:2: rating: not a finite number"},
                {"garbage", "u.data:2: expected 4 columns, found 1"},
                {"\t2\t3\t880000001", "u.data:2: user id: is empty"}}) {
            List<String> changed = new java.util.ArrayList<>(good);
            changed.add(1, bad[0]);
            Files.write(ratings, changed, StandardCharsets.ISO_8859_1);
            r = run("train", "--config", "configs/movielens-base.xml", "--data-dir", ml.toString(),
                    "--@trainer.epochs", "1");
            assertEquals(CtrCli.FAILURE, r.status(), bad[0]);
            assertTrue(r.err().startsWith(ml.resolve(bad[1].substring(0, bad[1].indexOf(':'))) + bad[1].substring(
                    bad[1].indexOf(':'))), r.err());
            r.assertMessageOnly();
        }
    }

    @Test
    void nonFiniteNumbersAreRejectedWhenRead(@TempDir Path tmp) throws IOException {
        Path data = tmp.resolve("data");
        RealFormatConfigsTest.writeDelimited(data);
        Path config = numericConfig(tmp);
        for (String name : List.of("train.csv", "validation.csv", "test.csv")) {
            List<String> lines = Files.readAllLines(data.resolve(name));
            List<String> withPrice = new java.util.ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                withPrice.add(lines.get(i) + "," + (i == 0 ? "price" : String.valueOf(i % 7)));
            }
            Files.write(data.resolve(name), withPrice);
        }
        Path run = tmp.resolve("run");
        Result ok = run("train", "--config", config.toString(), "--data-dir", data.toString(), "--out", run.toString(),
                "--@trainer.epochs", "1");
        assertEquals(0, ok.status(), ok.err());
        Path onnx = tmp.resolve("m.onnx");
        assertEquals(0, run("export", "--model", run.resolve(TrainCommand.MODEL).toString(), "--out",
                onnx.toString()).status());

        Path train = data.resolve("train.csv");
        List<String> lines = Files.readAllLines(train);
        for (String bad : List.of("NaN", "Infinity", "1e308")) {
            List<String> changed = new java.util.ArrayList<>(lines);
            changed.set(4, changed.get(4).replaceFirst(",[0-9]+$", "," + bad));
            Files.write(train, changed);
            Result r = run("train", "--config", config.toString(), "--data-dir", data.toString(), "--@trainer.epochs",
                    "1");
            assertEquals(CtrCli.FAILURE, r.status(), bad);
            assertTrue(r.err().startsWith(train + ":5: price: not a finite number"), r.err());
            r.assertMessageOnly();

            Path requests = tmp.resolve("requests.csv");
            Files.writeString(requests, "label,item,cate,user,history,price\n1,3,c0,u1,1|2,4\n0,4,c1,u2,," + bad + "\n");
            Result p = run("predict", "--onnx", onnx.toString(), "--input", requests.toString());
            assertEquals(CtrCli.FAILURE, p.status(), bad);
            assertTrue(p.err().startsWith(requests + ":3: price: not a finite number"), p.err());
            p.assertMessageOnly();
        }
    }

    /** delimited-base.xml with a numeric column {@code price} read by Tribuo's {@code DoubleFieldProcessor}. */
    static Path numericConfig(Path tmp) throws IOException {
        Path configs = Path.of("configs").toAbsolutePath();
        String common = Files.readString(configs.resolve("delimited-common.xml"))
                .replace("<propertylist name=\"contextFields\">",
                        "<propertylist name=\"numericFeatures\"><item>price</item></propertylist>\n"
                                + "    <propertylist name=\"contextFields\">")
                .replace("      <item>history-field</item>", "      <item>history-field</item>\n      <item>price-field</item>")
                .replace("  <component name=\"row-processor\"", "  <component name=\"price-field\" type=\""
                        + "org.tribuo.data.columnar.processors.field.DoubleFieldProcessor\">\n"
                        + "    <property name=\"fieldName\" value=\"price\"/>\n"
                        + "    <property name=\"onlyFieldName\" value=\"true\"/>\n  </component>\n\n"
                        + "  <component name=\"row-processor\"");
        Path dir = Files.createDirectories(tmp.resolve("configs"));
        Files.writeString(dir.resolve("delimited-common.xml"), common);
        Path base = dir.resolve("delimited-base.xml");
        Files.writeString(base, Files.readString(configs.resolve("delimited-base.xml"))
                .replace("value=\"delimited-common.xml\"", "value=\"" + dir.resolve("delimited-common.xml") + "\""));
        return base;
    }

    @Test
    void everythingCheckableIsCheckedBeforeTheWork(@TempDir Path tmp) throws IOException {
        Path missingData = tmp.resolve("no-such-data");
        Path aFile = Files.writeString(tmp.resolve("a-file"), "x");
        Result r = train(missingData, aFile);
        assertEquals(CtrCli.USAGE_ERROR, r.status());
        assertTrue(r.err().contains("--out " + aFile + " is a file"), "the output is checked first: " + r.err());
        r.assertMessageOnly();

        Path badBase = Files.writeString(tmp.resolve("base.json"), "{ not json");
        r = train(missingData, tmp.resolve("out"), "--base-metrics", badBase.toString());
        assertEquals(CtrCli.FAILURE, r.status());
        assertTrue(r.err().contains(badBase.toString()), "the side file is read before the data: " + r.err());
        r.assertMessageOnly();

        r = train(missingData, tmp.resolve("out2"));
        assertEquals(CtrCli.FAILURE, r.status(), "a missing data file is not a usage error");
        assertTrue(r.err().contains("no such file") && r.err().contains("train.csv"), r.err());
        r.assertMessageOnly();

        // Every file's header is checked before any file is read in full: the test file's missing column is found
        // before the training file's bad row.
        Path data = tmp.resolve("data");
        RealFormatConfigsTest.writeDelimited(data);
        List<String> train = new java.util.ArrayList<>(Files.readAllLines(data.resolve("train.csv")));
        train.set(train.size() - 1, train.get(train.size() - 1).replaceFirst("^[01]", ""));
        Files.write(data.resolve("train.csv"), train);
        Files.write(data.resolve("test.csv"), Files.readAllLines(data.resolve("test.csv")).stream()
                .map(l -> l.substring(0, l.lastIndexOf(','))).toList());
        r = train(data, tmp.resolve("out3"));
        assertEquals(CtrCli.FAILURE, r.status());
        assertTrue(r.err().startsWith(data.resolve("test.csv") + ":1: history: the configuration reads this column"),
                r.err());

        Path nonEmpty = Files.createDirectories(tmp.resolve("sel"));
        Files.writeString(nonEmpty.resolve("selected.json"), "{}");
        r = run("select", "--config", "configs/lpfs-planted.xml", "--out", nonEmpty.toString(),
                "--@train-data.size", "100000000");
        assertEquals(CtrCli.USAGE_ERROR, r.status(), "refused before 100M rows are generated");
        assertEquals("{}", Files.readString(nonEmpty.resolve("selected.json")));
    }

    @Test
    void usageErrorsExitTwoDataErrorsOneAndOnlyVerbosePrintsAStackTrace(@TempDir Path tmp) throws IOException {
        Result r = run("train", "--config", "configs/delimited-base.xml", "--no-such-option", "1");
        assertEquals(CtrCli.USAGE_ERROR, r.status());
        assertTrue(r.err().contains("Command: java -jar tribuo-ctr-examples.jar train"), r.err());
        r.assertMessageOnly();

        Path garbage = tmp.resolve("loose").resolve("model.ser");
        Files.createDirectories(garbage.getParent());
        Files.writeString(garbage, "not a model at all");
        r = run("export", "--model", garbage.toString(), "--out", tmp.resolve("x.onnx").toString());
        assertEquals(CtrCli.FAILURE, r.status());
        assertTrue(r.err().contains(garbage.toString()), r.err());
        r.assertMessageOnly();

        r = run("export", "--model", garbage.toString(), "--out", tmp.resolve("x.onnx").toString(), "--verbose");
        assertEquals(CtrCli.FAILURE, r.status());
        assertTrue(r.err().contains("\tat "), "--verbose prints the stack trace");
    }

    @Test
    void modelsAreWrittenInTribuosProtobufFormatAndOldJavaSerializedFilesStillExport(@TempDir Path tmp)
            throws Exception {
        Path run = trainedRun(tmp);
        org.tribuo.Model<?> model = org.tribuo.Model.deserializeFromFile(run.resolve(TrainCommand.MODEL));
        assertTrue(model instanceof dev.tribuoctr.ctr.model.CtrModel, "Tribuo's own reader loads model.tribuo");
        Path old = Files.createDirectories(tmp.resolve("old")).resolve("model.ser");
        try (ObjectOutputStream oos = new ObjectOutputStream(Files.newOutputStream(old))) {
            oos.writeObject(model);
        }
        Path fromNew = tmp.resolve("new.onnx");
        Path fromOld = tmp.resolve("old.onnx");
        assertEquals(0, run("export", "--model", run.resolve(TrainCommand.MODEL).toString(), "--out",
                fromNew.toString()).status());
        Result r = run("export", "--model", old.toString(), "--out", fromOld.toString());
        assertEquals(0, r.status(), r.err());
        assertArrayEquals(Files.readAllBytes(fromNew), Files.readAllBytes(fromOld));
    }

    @Test
    void aSerializedFileCannotMakeTheReaderAllocateMoreThanItsSize(@TempDir Path tmp) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream oos = new ObjectOutputStream(bytes)) {
            oos.writeObject(new long[0]);
        }
        byte[] file = bytes.toByteArray();
        // The last four bytes are the array's length: claim 2^31 - 1 longs (16 GiB) in a file of a few dozen bytes.
        file[file.length - 4] = 0x7f;
        file[file.length - 3] = (byte) 0xff;
        file[file.length - 2] = (byte) 0xff;
        file[file.length - 1] = (byte) 0xff;
        Path model = Files.createDirectories(tmp.resolve("loose")).resolve("model.ser");
        Files.write(model, file);
        Result r = run("export", "--model", model.toString(), "--out", tmp.resolve("x.onnx").toString());
        assertEquals(CtrCli.FAILURE, r.status());
        assertTrue(r.err().contains(model + " is not a model this tool can read"), r.err());
        r.assertMessageOnly();
    }
}
