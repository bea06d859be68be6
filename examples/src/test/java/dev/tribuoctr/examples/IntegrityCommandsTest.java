package dev.tribuoctr.examples;

import dev.tribuoctr.ctr.protos.CtrModelProto;
import dev.tribuoctr.ctr.protos.TensorProto;
import dev.tribuoctr.examples.cli.RunFolder;
import dev.tribuoctr.examples.commands.TrainCommand;

import com.google.protobuf.Any;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.protos.core.ModelProto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Model files and run folders from the user's side (issue 21): a model file damaged in any part that changes its
 * predictions is refused by {@code export} with one line naming the file and the part; paths are checked and read as
 * the same real file; an output that is one of the command's inputs is refused before any work; a run folder held by
 * another run is refused at once.
 */
class IntegrityCommandsTest {
    @TempDir
    static Path shared;
    private static Path run;

    @BeforeAll
    static void train() throws IOException {
        Path data = shared.resolve("data");
        RealFormatConfigsTest.writeDelimited(data);
        run = shared.resolve("run");
        CliRun r = CliRun.of("train", "--config", "configs/delimited-base.xml", "--data-dir", data.toString(),
                "--out", run.toString(), "--@trainer.epochs", "1");
        assertEquals(0, r.status(), r.err());
    }

    private static void assertOneLineMessage(CliRun r) {
        assertFalse(r.err().contains("\tat "), "no stack trace:\n" + r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line:\n" + r.err());
    }

    /** The trained model with one change to its message, its stored checksums kept: a file altered after saving. */
    private static Path altered(Path dir, UnaryOperator<CtrModelProto> change) throws IOException {
        ModelProto envelope = ModelProto.parseFrom(Files.readAllBytes(run.resolve(TrainCommand.MODEL)));
        CtrModelProto data = envelope.getSerializedData().unpack(CtrModelProto.class);
        Path file = Files.createDirectories(dir).resolve("model.tribuo"); // on its own: no run record to compare
        Files.write(file, envelope.toBuilder().setSerializedData(Any.pack(change.apply(data))).build().toByteArray());
        return file;
    }

    @Test
    void exportRefusesADamagedModelFileNamingTheFileAndThePart(@TempDir Path tmp) throws IOException {
        Map<String, UnaryOperator<CtrModelProto>> changes = new LinkedHashMap<>();
        changes.put("the vocabulary of item field 'item'", d -> d.toBuilder().setLayout(d.getLayout().toBuilder()
                .setItemVocabulary(d.getLayout().getItemVocabulary().toBuilder().setValues(1, "9999"))).build());
        changes.put("the vocabulary of context field 'user'", d -> d.toBuilder().setLayout(d.getLayout().toBuilder()
                .setContextVocabularies(0, d.getLayout().getContextVocabularies(0).toBuilder()
                        .addValues("intruder"))).build());
        changes.put("the feature schema", d -> d.toBuilder().setLayout(d.getLayout().toBuilder().setSchema(
                d.getLayout().getSchema().toBuilder().setMaxHistoryLength(
                        d.getLayout().getSchema().getMaxHistoryLength() + 1))).build());
        changes.put("the item→attribute table of attribute field 'cate'", d -> d.toBuilder().setLayout(
                d.getLayout().toBuilder().setItemAttributes(0, d.getLayout().getItemAttributes(0).toBuilder()
                        .setAttributeOfItem(3, d.getLayout().getItemAttributes(0).getAttributeOfItem(3) + 1)))
                .build());
        changes.put("the network architecture", d -> d.toBuilder().setArchitecture(d.getArchitecture().toBuilder()
                .setItemDim(d.getArchitecture().getItemDim() + 1)).build());
        int i = 0;
        for (Map.Entry<String, UnaryOperator<CtrModelProto>> change : changes.entrySet()) {
            Path model = altered(tmp.resolve("m" + i++), change.getValue());
            Path onnx = tmp.resolve("out" + i + ".onnx");
            CliRun r = CliRun.of("export", "--model", model.toString(), "--out", onnx.toString());
            assertEquals(CtrCli.FAILURE, r.status(), r.err());
            assertTrue(r.err().contains(model.toRealPath() + " cannot be loaded: The CTR model file is damaged: "
                    + change.getKey()), r.err());
            assertOneLineMessage(r);
            assertFalse(Files.exists(onnx));
        }
    }

    @Test
    void exportRefusesAFlippedParameterByteNamingTheTensor(@TempDir Path tmp) throws IOException {
        ModelProto envelope = ModelProto.parseFrom(Files.readAllBytes(run.resolve(TrainCommand.MODEL)));
        CtrModelProto data = envelope.getSerializedData().unpack(CtrModelProto.class);
        for (int t : new int[]{0, data.getParameters().getTensorsCount() - 1}) {
            TensorProto tensor = data.getParameters().getTensors(t);
            byte[] bytes = Files.readAllBytes(run.resolve(TrainCommand.MODEL));
            int at = indexOf(bytes, tensor.getValues().toByteArray());
            assertTrue(at >= 0);
            bytes[at + tensor.getValues().size() / 2] ^= 0x20;
            Path model = Files.createDirectories(tmp.resolve("t" + t)).resolve("model.tribuo");
            Files.write(model, bytes);
            CliRun r = CliRun.of("export", "--model", model.toString(), "--out", tmp.resolve("t.onnx").toString());
            assertEquals(CtrCli.FAILURE, r.status(), r.err());
            assertTrue(r.err().contains("cannot be loaded: The CTR model file is damaged: parameter tensor '"
                    + tensor.getName() + "'"), r.err());
            assertOneLineMessage(r);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void anUndamagedCopyAndAFileWithoutChecksumsExport(@TempDir Path tmp) throws IOException {
        Path same = altered(tmp.resolve("same"), d -> d);
        assertEquals(0, CliRun.of("export", "--model", same.toString(), "--out", tmp.resolve("a.onnx").toString())
                .status());
        Path old = altered(tmp.resolve("old"), d -> d.toBuilder().clearChecksums().build());
        assertEquals(0, CliRun.of("export", "--model", old.toString(), "--out", tmp.resolve("b.onnx").toString())
                .status());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("a.onnx")), Files.readAllBytes(tmp.resolve("b.onnx")),
                "the same model");
    }

    @Test
    void aPathThroughASymbolicLinkIsCheckedWhereTheSystemReadsIt(@TempDir Path tmp) throws IOException {
        // tmp/link -> tmp/other/sub, so tmp/link/../run is tmp/other/run for the file system, tmp/run as text.
        Path textual = Files.createDirectories(tmp.resolve("run"));
        for (String name : List.of("model.tribuo", "metrics.json", RunFolder.MARKER, "history.json",
                "provenance.json")) {
            Files.copy(run.resolve(name), textual.resolve(name));
        }
        Path real = Files.createDirectories(tmp.resolve("other").resolve("run"));
        for (String name : List.of("metrics.json", RunFolder.MARKER, "history.json", "provenance.json")) {
            Files.copy(run.resolve(name), real.resolve(name));
        }
        byte[] model = Files.readAllBytes(run.resolve("model.tribuo"));
        Files.write(real.resolve("model.tribuo"), Arrays.copyOf(model, model.length - 3));
        Files.createSymbolicLink(tmp.resolve("link"), Files.createDirectories(tmp.resolve("other").resolve("sub")));
        Path tricky = tmp.resolve("link").resolve("..").resolve("run").resolve("model.tribuo");

        CliRun r = CliRun.of("export", "--model", tricky.toString(), "--out", tmp.resolve("x.onnx").toString());
        assertEquals(CtrCli.FAILURE, r.status(), "the cut-off file the system reads is refused");
        assertTrue(r.err().contains(real.toRealPath().resolve("model.tribuo") + " has " + (model.length - 3)
                + " bytes where its run wrote " + model.length), r.err());
        assertFalse(Files.exists(tmp.resolve("x.onnx")));

        // A run folder reached through a link is checked and read in full.
        Files.createSymbolicLink(tmp.resolve("alias"), run);
        assertEquals(0, CliRun.of("export", "--model", tmp.resolve("alias").resolve("model.tribuo").toString(),
                "--out", tmp.resolve("y.onnx").toString()).status());
        assertEquals(0, CliRun.of("report", "--in", tmp.resolve("alias").toString(), "--out",
                tmp.resolve("report").toString()).status());
    }

    @Test
    void anOutputThatIsAnInputIsRefusedBeforeAnyWork(@TempDir Path tmp) throws IOException {
        Path copy = Files.createDirectories(tmp.resolve("copy"));
        for (String name : List.of("model.tribuo", "metrics.json", RunFolder.MARKER, "history.json",
                "provenance.json")) {
            Files.copy(run.resolve(name), copy.resolve(name));
        }
        Path model = copy.resolve("model.tribuo");
        byte[] before = Files.readAllBytes(model);
        Files.createSymbolicLink(tmp.resolve("model-link.tribuo"), model);
        for (String out : List.of(model.toString(), tmp.resolve("copy/../copy/model.tribuo").toString(),
                tmp.resolve("model-link.tribuo").toString())) {
            CliRun r = CliRun.of("export", "--model", model.toString(), "--out", out, "--overwrite");
            assertEquals(CtrCli.USAGE_ERROR, r.status(), r.err());
            assertTrue(r.err().contains("export: --out " + out + " is the --model"), r.err());
            assertOneLineMessage(r);
            assertArrayEquals(before, Files.readAllBytes(model), "the only copy is intact");
        }

        Path onnx = tmp.resolve("m.onnx");
        assertEquals(0, CliRun.of("export", "--model", model.toString(), "--out", onnx.toString()).status());
        Path requests = tmp.resolve("requests.csv");
        Files.writeString(requests, "label,item,cate,user,history\n1,3,c0,u1,1|2\n");
        CliRun predict = CliRun.of("predict", "--onnx", onnx.toString(), "--input", requests.toString(), "--output",
                onnx.toString(), "--overwrite");
        assertEquals(CtrCli.USAGE_ERROR, predict.status(), predict.err());
        assertTrue(predict.err().contains("is the --onnx"), predict.err());

        // A run folder that holds an input of its own run: --overwrite would replace it.
        long started = System.nanoTime();
        CliRun train = CliRun.of("train", "--config", "configs/delimited-base.xml", "--data-dir",
                shared.resolve("data").toString(), "--out", copy.toString(), "--overwrite", "--base-metrics",
                copy.resolve("metrics.json").toString());
        assertEquals(CtrCli.USAGE_ERROR, train.status(), train.err());
        assertTrue(train.err().contains("train: --out " + copy + " holds the --base-metrics"), train.err());
        assertTrue(Files.exists(copy.resolve(RunFolder.MARKER)), "the earlier run is untouched");
        assertTrue(System.nanoTime() - started < 20_000_000_000L, "refused before training");

        CliRun report = CliRun.of("report", "--in", copy.toString(), "--out", copy.toString(), "--overwrite");
        assertEquals(CtrCli.USAGE_ERROR, report.status(), report.err());
        assertTrue(report.err().contains("report: --out " + copy + " is the --in"), report.err());
        assertTrue(Files.exists(copy.resolve(RunFolder.MARKER)), "the run read is still complete");
    }

    @Test
    void aRunFolderHeldByAnotherRunIsRefusedAtOnce(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("busy");
        try (RunFolder held = RunFolder.open(out, false, "train")) {
            CliRun r = CliRun.of("train", "--config", "configs/delimited-base.xml", "--data-dir",
                    shared.resolve("data").toString(), "--out", out.toString(), "--@trainer.epochs", "1");
            assertEquals(CtrCli.USAGE_ERROR, r.status(), r.err());
            assertTrue(r.err().contains("is in use"), r.err());
            assertOneLineMessage(r);
        }
        CliRun r = CliRun.of("train", "--config", "configs/delimited-base.xml", "--data-dir",
                shared.resolve("data").toString(), "--out", out.toString(), "--@trainer.epochs", "1");
        assertEquals(0, r.status(), "released when its run ended: " + r.err());
        try (var names = Files.list(out)) {
            assertFalse(names.anyMatch(p -> p.getFileName().toString().startsWith(".")), "no claim file is left");
        }
    }
}
