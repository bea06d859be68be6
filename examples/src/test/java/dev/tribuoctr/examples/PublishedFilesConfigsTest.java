package dev.tribuoctr.examples;

import dev.tribuoctr.examples.cli.RunFiles;
import dev.tribuoctr.examples.commands.TrainCommand;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped configurations on files as other projects publish them, from the user's side (the command run in this
 * JVM): gzip files need no override or one {@code --set} for all three parts, the optional Amazon metadata can be
 * left out, mismatched MovieLens files and empty files are refused with a message naming the file and the rule, and
 * the delimited click-log configuration trains on its shipped example file.
 */
class PublishedFilesConfigsTest {
    private static final String[] TINY = {"--@trainer.epochs", "1", "--@trainer.batchSize", "64",
        "--@trainer.itemEmbeddingSize", "4", "--@trainer.attributeEmbeddingSize", "4",
        "--@trainer.contextEmbeddingSize", "4"};

    private static CliRun train(String config, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--config", "configs/" + config, "--out", out.toString()));
        args.addAll(Arrays.asList(TINY));
        args.addAll(Arrays.asList(extra));
        return CliRun.of(args.toArray(new String[0]));
    }

    private static Path gzip(Path file, Path to) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(to))) {
            Files.copy(file, out);
        }
        return to;
    }

    private static void assertMentions(String text, String... parts) {
        for (String part : parts) {
            assertTrue(text.contains(part), "'" + text + "' lacks '" + part + "'");
        }
    }

    @Test
    void theDelimitedLogConfigurationTrainsOnItsExampleFile(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("run");
        // the tests run in examples/, where the shipped example is data/click-log.csv
        CliRun r = train("delimited-log-din.xml", out, "--data-dir", "data");
        assertEquals(0, r.status(), r.err());
        JsonNode m = RunFiles.MAPPER.readTree(out.resolve(RunFiles.METRICS).toFile());
        assertEquals("delimited-log", m.get("dataset").asText());
        assertEquals("DIN", m.get("method").asText());
        assertTrue(Files.readString(out.resolve(TrainCommand.PROVENANCE)).contains("click-log.csv"));
        // the same log gzip-compressed under another name, set once for the three parts
        Path gz = gzip(Path.of("data", "click-log.csv"), tmp.resolve("clicks-2026.csv.gz"));
        Path out2 = tmp.resolve("gz");
        CliRun fromGz = train("delimited-log-din.xml", out2, "--set", "delimited.file=" + gz);
        assertEquals(0, fromGz.status(), fromGz.err());
        String provenance = Files.readString(out2.resolve(TrainCommand.PROVENANCE));
        assertTrue(provenance.contains("clicks-2026.csv.gz") && !provenance.contains("click-log.csv"), provenance);
        // another column name, set once
        Path renamed = tmp.resolve("renamed.csv");
        List<String> lines = Files.readAllLines(Path.of("data", "click-log.csv"));
        lines.set(0, lines.get(0).replace("user", "visitor"));
        Files.write(renamed, lines);
        CliRun wrongColumn = train("delimited-log-din.xml", tmp.resolve("wrong"), "--set", "delimited.file=" + renamed);
        assertEquals(CtrCli.FAILURE, wrongColumn.status(), wrongColumn.err());
        assertMentions(wrongColumn.err(), "renamed.csv", "user");
        CliRun rightColumn = train("delimited-log-din.xml", tmp.resolve("right"), "--set", "delimited.file=" + renamed,
                "--set", "delimited.user=visitor");
        assertEquals(0, rightColumn.status(), rightColumn.err());
    }

    @Test
    void gzipAmazonFilesAndMetadataLeftOut(@TempDir Path tmp) throws IOException {
        Path data = tmp.resolve("amazon");
        RealFormatConfigsTest.writeAmazon(data);
        // only the gzip-compressed files: found with no override
        Path zipped = Files.createDirectories(tmp.resolve("zipped"));
        for (String name : List.of("reviews_Electronics_5.json", "meta_Electronics.json")) {
            gzip(data.resolve(name), zipped.resolve(name + ".gz"));
        }
        Path out = tmp.resolve("gz");
        CliRun r = train("amazon-din.xml", out, "--data-dir", zipped.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.readString(out.resolve(TrainCommand.PROVENANCE)).contains("meta_Electronics.json.gz"));
        // the metadata left out, once for the three parts: an empty property
        Path none = tmp.resolve("none");
        CliRun withoutMeta = train("amazon-din.xml", none, "--data-dir", data.toString(), "--set", "amazon.metadata=");
        assertEquals(0, withoutMeta.status(), withoutMeta.err());
        assertFalse(Files.readString(none.resolve(TrainCommand.PROVENANCE)).contains("meta_Electronics"));
        // ... and an empty field override is accepted too
        CliRun emptyField = train("amazon-din.xml", tmp.resolve("field"), "--data-dir", data.toString(),
                "--@train-data.metadataFile", "");
        assertEquals(0, emptyField.status(), emptyField.err());
        // the reviews under another name, set once
        Path reviews = gzip(data.resolve("reviews_Electronics_5.json"), tmp.resolve("my-reviews.json.gz"));
        CliRun renamed = train("amazon-din.xml", tmp.resolve("renamed"), "--data-dir", data.toString(),
                "--set", "amazon.reviews=" + reviews);
        assertEquals(0, renamed.status(), renamed.err());
    }

    @Test
    void mismatchedOrIncompleteMovieLensFoldersAreNamed(@TempDir Path tmp) throws IOException {
        Path data = tmp.resolve("ml-100k");
        RealFormatConfigsTest.writeMl100k(data);
        // u.item of another release: a quarter of its movies missing
        List<String> items = new ArrayList<>(Files.readAllLines(data.resolve("u.item"),
                java.nio.charset.StandardCharsets.ISO_8859_1));
        items.removeIf(l -> Integer.parseInt(l.substring(0, l.indexOf('|'))) % 4 == 0);
        Files.write(data.resolve("u.item"), items, java.nio.charset.StandardCharsets.ISO_8859_1);
        CliRun r = train("movielens-din.xml", tmp.resolve("a"), "--data-dir", data.toString());
        assertEquals(CtrCli.FAILURE, r.status(), r.err());
        assertMentions(r.err(), data.resolve("u.data").toString(), "movie id", "u.item", "maxUnmatchedFraction");
        assertFalse(r.err().contains("Exception"), r.err());
        CliRun accepted = train("movielens-din.xml", tmp.resolve("b"), "--data-dir", data.toString(),
                "--set", "maxUnmatchedFraction=0.5");
        assertEquals(0, accepted.status(), accepted.err());
        // a missing movies file: its full path, and the layout expected
        Files.delete(data.resolve("u.item"));
        CliRun missing = train("movielens-din.xml", tmp.resolve("c"), "--data-dir", data.toString());
        assertEquals(CtrCli.FAILURE, missing.status(), missing.err());
        assertMentions(missing.err(), data.resolve("u.item").toAbsolutePath().toString(), "u.data", "ml-100k");
        // an empty folder
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        CliRun nothing = train("movielens-din.xml", tmp.resolve("d"), "--data-dir", empty.toString());
        assertEquals(CtrCli.FAILURE, nothing.status(), nothing.err());
        assertMentions(nothing.err(), empty.toAbsolutePath().toString(), "is empty", "ratings.dat");
    }

    @Test
    void gzipAndEmptyCriteoFiles(@TempDir Path tmp) throws IOException {
        Path txt = tmp.resolve("train.txt");
        assertEquals(0, CliRun.of("criteo-gen", "--rows", "1500", "--out", txt.toString(), "--cardinality", "50",
                "--seed", "2").status());
        Path day = gzip(txt, tmp.resolve("day_0.gz"));
        String[] small = {"--@selector.epochs", "1", "--@selector.embeddingSize", "4", "--@selector.batchSize", "128",
            "--@selector.maxSteps", "5", "--@selector.minCount", "2"};
        List<String> args = new ArrayList<>(List.of("select", "--config", "configs/lpfs-criteo.xml", "--set",
                "criteo.file=" + day, "--out", tmp.resolve("sel").toString()));
        args.addAll(Arrays.asList(small));
        CliRun r = CliRun.of(args.toArray(new String[0]));
        assertEquals(0, r.status(), r.err());
        // an empty file: named, with what a row is
        Path empty = Files.createFile(tmp.resolve("empty.txt"));
        args.set(4, "criteo.file=" + empty);
        args.set(6, tmp.resolve("sel2").toString());
        CliRun e = CliRun.of(args.toArray(new String[0]));
        assertEquals(CtrCli.FAILURE, e.status(), e.err());
        assertMentions(e.err(), empty + ":1:", "no rows");
        // a file of another codec named .gz, as a download may be
        Path bz2 = Files.write(tmp.resolve("day_1.gz"), new byte[]{'B', 'Z', 'h', '9', 0x31, 0x41, 0x59, 0x26, 0x53,
            0x59, 7, 7, 7});
        args.set(4, "criteo.file=" + bz2);
        args.set(6, tmp.resolve("sel3").toString());
        CliRun other = CliRun.of(args.toArray(new String[0]));
        assertEquals(CtrCli.FAILURE, other.status(), other.err());
        assertMentions(other.err(), bz2 + ":1:", "bzip2");
        assertFalse(other.err().contains("Input length"), other.err());
    }

    @Test
    void aGzipTaobaoFileIsSetOnceForTheThreeParts(@TempDir Path tmp) throws IOException {
        Path csv = tmp.resolve("UserBehavior.csv");
        assertEquals(0, CliRun.of("taobao-gen", "--rows", "1500", "--out", csv.toString(), "--users", "30", "--items",
                "200").status());
        Path gz = gzip(csv, tmp.resolve("UserBehavior-sample.csv.gz"));
        CliRun r = CliRun.of("load-bench", "--config", "configs/taobao-data.xml", "--set", "taobao.file=" + gz);
        assertEquals(0, r.status(), r.err());
        assertMentions(r.out(), "train-data", "validation-data", "test-data");
        // the data folder holding only UserBehavior.csv.gz needs no override at all
        Path folder = Files.createDirectories(tmp.resolve("taobao"));
        gzip(csv, folder.resolve("UserBehavior.csv.gz"));
        CliRun plain = CliRun.of("load-bench", "--config", "configs/taobao-data.xml", "--data-dir", folder.toString());
        assertEquals(0, plain.status(), plain.err());
    }
}
