package dev.tribuoctr.examples;

import dev.tribuoctr.examples.cli.RunFiles;
import dev.tribuoctr.examples.commands.SelectCommand;
import dev.tribuoctr.examples.commands.TrainCommand;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --set NAME=VALUE} on {@code train} and {@code select}: global properties of the configuration. */
class SetGlobalPropertyTest {
    private static final String[] TINY = {"--@trainer.epochs", "1", "--@trainer.batchSize", "32",
            "--@trainer.itemEmbeddingSize", "4", "--@trainer.attributeEmbeddingSize", "4",
            "--@trainer.contextEmbeddingSize", "4"};

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static String[] trainArgs(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--config", "configs/amazon-base.xml", "--out", out.toString()));
        args.addAll(Arrays.asList(TINY));
        args.addAll(Arrays.asList(extra));
        return args.toArray(new String[0]);
    }

    @Test
    void setChoosesTheAmazonSubsetAndTheDatasetName(@TempDir Path tmp) throws IOException {
        Path data = tmp.resolve("amazon");
        RealFormatConfigsTest.writeAmazon(data, "Books");
        Path out = tmp.resolve("books");
        // the folder holds only the Books files: without --set amazon.name=Books the Electronics files are missing
        CliRun r = run(trainArgs(out, "--data-dir", data.toString(), "--set", "amazon.name=Books",
                "--set", "dataset=amazon-first", "--set", "dataset=amazon-books"));
        assertEquals(0, r.status(), r.err());
        JsonNode m = RunFiles.MAPPER.readTree(out.resolve(RunFiles.METRICS).toFile());
        assertEquals("amazon-books", m.get("dataset").asText(), "the last --set of a name wins");
        assertEquals("Base", m.get("method").asText());
        String provenance = Files.readString(out.resolve(TrainCommand.PROVENANCE));
        assertTrue(provenance.contains("reviews_Books_5.json"), "provenance names the Books reviews");
        assertTrue(provenance.contains("meta_Books.json"), "provenance names the Books metadata");
        assertFalse(provenance.contains("Electronics_5.json"), "no Electronics file is read");

        CliRun withoutSet = run(trainArgs(tmp.resolve("electronics"), "--data-dir", data.toString()));
        assertEquals(CtrCli.FAILURE, withoutSet.status(), "the default subset (Electronics) is not in the folder");
    }

    @Test
    void setDataDirWorksLikeTheDataDirOption(@TempDir Path tmp) throws IOException {
        Path data = tmp.resolve("amazon");
        RealFormatConfigsTest.writeAmazon(data);
        Path out = tmp.resolve("run");
        CliRun r = run(trainArgs(out, "--set", "data.dir=" + data.toAbsolutePath()));
        assertEquals(0, r.status(), r.err());
        String provenance = Files.readString(out.resolve(TrainCommand.PROVENANCE));
        assertTrue(provenance.contains(data.toAbsolutePath().resolve("reviews_Electronics_5.json").toString()));

        CliRun both = run(trainArgs(tmp.resolve("both"), "--data-dir", data.toString(), "--set", "data.dir=" + data));
        assertEquals(CtrCli.USAGE_ERROR, both.status());
        assertTrue(both.err().contains("not both"), both.err());
    }

    @Test
    void malformedSetIsAUsageErrorOnBothCommands(@TempDir Path tmp) {
        for (String command : List.of("train", "select")) {
            String config = command.equals("train") ? "configs/base.xml" : "configs/lpfs-planted.xml";
            String out = tmp.resolve(command).toString();
            CliRun noEquals = run(command, "--config", config, "--out", out, "--set", "amazon.name");
            assertEquals(CtrCli.USAGE_ERROR, noEquals.status(), command);
            assertTrue(noEquals.err().contains("'amazon.name' has no '='"), noEquals.err());
            assertTrue(noEquals.err().contains("--set NAME=VALUE"), "usage is shown: " + noEquals.err());

            CliRun emptyName = run(command, "--config", config, "--out", out, "--set", "=Books");
            assertEquals(CtrCli.USAGE_ERROR, emptyName.status(), command);
            assertTrue(emptyName.err().contains("empty property name"), emptyName.err());

            CliRun missing = run(command, "--config", config, "--out", out, "--set");
            assertEquals(CtrCli.USAGE_ERROR, missing.status(), command);
            assertTrue(missing.err().contains("--set needs NAME=VALUE"), missing.err());

            CliRun badName = run(command, "--config", config, "--out", out, "--set", "a b=c");
            assertEquals(CtrCli.USAGE_ERROR, badName.status(), command);
            assertTrue(badName.err().contains("not a global property name"), badName.err());
            assertFalse(Files.exists(tmp.resolve(command)), "nothing was run");
        }
    }

    @Test
    void helpListsTheSetOption() {
        for (String command : List.of("train", "select")) {
            CliRun r = run(command, "--help");
            assertEquals(0, r.status(), r.err());
            assertTrue(r.out().contains("--set NAME=VALUE"), command + ": " + r.out());
        }
    }

    @Test
    void selectAppliesSetBeforeTheComponentsAreCreated(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("select");
        // lpfs-planted.xml defines no global property: a set name is still applied, with a warning
        CliRun r = run("select", "--config", "configs/lpfs-planted.xml", "--out", out.toString(),
                "--set", "unused.name=x", "--@train-data.size", "2000", "--@train-data.fieldCount", "6",
                "--@selector.epochs", "1", "--@selector.embeddingSize", "4");
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.exists(out.resolve(SelectCommand.SELECTED)));
    }
}
