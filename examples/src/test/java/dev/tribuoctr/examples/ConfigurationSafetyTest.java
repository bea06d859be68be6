package dev.tribuoctr.examples;

import dev.tribuoctr.examples.commands.TuneCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Configuration files and command lines as a careless or hostile user writes them, run through the command line:
 * each is refused with exit status 2 and a message naming the file and line or the option, before any work, and
 * without a stack trace; what the command reads is only what it was asked to read.
 */
class ConfigurationSafetyTest {
    private static void assertRefused(CliRun r, String... words) {
        assertEquals(2, r.status(), r.err());
        assertFalse(r.err().contains("\tat "), "a message, not a stack trace:\n" + r.err());
        for (String w : words) {
            assertTrue(r.err().contains(w), "'" + w + "' in:\n" + r.err());
        }
    }

    /** A configuration that includes the shipped delimited experiment, so that only the hostile part differs. */
    private static Path including(Path dir, String name, String prolog, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + prolog + "<config>\n"
                + "  <file name=\"experiment\" value=\"" + Path.of("configs/delimited-base.xml").toAbsolutePath() + "\"/>\n"
                + body + "</config>\n");
        return file;
    }

    @Test
    void everyConfigurationCommandRefusesExternalEntitiesWithoutReadingTheFile(@TempDir Path tmp) throws IOException {
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "PRIVATE-KEY-MATERIAL");
        Path config = including(tmp, "xxe.xml", "<!DOCTYPE config [<!ENTITY s SYSTEM \"" + secret.toUri() + "\">]>\n",
                "  <property name=\"method\" value=\"&s;\"/>\n");
        for (String command : new String[]{"train", "select", "load-bench", "local-sgd-sim"}) {
            Path out = tmp.resolve("out-" + command);
            CliRun r = CliRun.of(command, "--config", config.toString(), "--out", out.toString());
            assertRefused(r, config + ":2:", "DOCTYPE");
            assertFalse(r.err().contains("PRIVATE-KEY") || r.out().contains("PRIVATE-KEY"), r.err());
            assertFalse(Files.exists(out), command + " wrote nothing");
        }
        CliRun tune = CliRun.of("tune", "--config", config.toString(), "--out", tmp.resolve("t").toString(),
                "--grid", "trainer.mu=0,0.5");
        assertRefused(tune, "DOCTYPE");
    }

    @Test
    void aConfigurationCannotDeserializeObjects(@TempDir Path tmp) throws IOException {
        Path payload = Files.write(tmp.resolve("payload.ser"), new byte[]{(byte) 0xac, (byte) 0xed, 0, 5});
        Path config = including(tmp, "ser.xml", "", "\n  <component name=\"evaluator\" type=\"dev.tribuoctr.ctr.eval"
                + ".CtrEvaluator\" serialized=\"" + payload + "\"/>\n");
        assertRefused(CliRun.of("train", "--config", config.toString()), config + ":5:", "serialized", "'evaluator'");
    }

    @Test
    void configurationsThatIncludeEachOtherAreNamedNotFollowedForever(@TempDir Path tmp) throws IOException {
        Path a = tmp.resolve("a.xml");
        Files.writeString(a, "<config>\n  <file name=\"b\" value=\"b.xml\"/>\n</config>\n");
        Files.writeString(tmp.resolve("b.xml"), "<config>\n  <file name=\"a\" value=\"a.xml\"/>\n</config>\n");
        CliRun r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> CliRun.of("train", "--config", a.toString()));
        assertRefused(r, "include each other", "b.xml:2");
    }

    @Test
    void optionsGivenTwiceOrWithoutTheirValueAreRefused(@TempDir Path tmp) {
        String out = tmp.resolve("o").toString();
        assertRefused(CliRun.of("train", "--config", "configs/base.xml", "--config", "configs/din.xml"),
                "given twice", "--config a.xml,b.xml");
        assertRefused(CliRun.of("train", "--config", "configs/base.xml", "--out", "--overwrite"),
                "--out needs a value", "--overwrite");
        assertRefused(CliRun.of("train", "--config", "configs/base.xml", "--@trainer.epochs", "1",
                "--@trainer.epochs", "2", "--out", out), "--@trainer.epochs is given twice");
        assertRefused(CliRun.of("export", "--model", "--out", out), "--model needs a value");
        assertRefused(CliRun.of("compare", "--epochs", "1", "--epochs", "2"), "--epochs is given twice");
        assertRefused(CliRun.of("train", "--config-file-formats", "x.Y", "--config", "configs/base.xml"),
                "--config-file-formats");
        assertFalse(Files.exists(tmp.resolve("o")));
        assertFalse(Files.exists(Path.of("--overwrite")));
    }

    @Test
    void aConfigurationThatIsMissingOrNotXmlIsNamed(@TempDir Path tmp) throws IOException {
        assertRefused(CliRun.of("train", "--config", tmp.resolve("none.xml").toString()), "none.xml", "does not exist");
        Path json = Files.writeString(tmp.resolve("c.json"), "{}");
        assertRefused(CliRun.of("select", "--config", json.toString()), "c.json", ".xml");
    }

    @Test
    void aThreadCountNoMachineHasIsRefusedBeforeAnyWork(@TempDir Path tmp) {
        assertRefused(CliRun.of("compare", "--threads", "1000000", "--epochs", "1"), "threads", "1000000", "1024");
        assertRefused(CliRun.of("train", "--config", "configs/base.xml", "--@trainer.threads", "1000000", "--out",
                tmp.resolve("t").toString()), "threads", "1024");
    }

    @Test
    void tuneTakesTheSameFieldOverridesAsTrain(@TempDir Path tmp) throws IOException {
        Path data = tmp.resolve("data");
        RealFormatConfigsTest.writeDelimited(data);
        Path out = tmp.resolve("tune");
        CliRun r = CliRun.of("tune", "--config", "configs/delimited-din.xml", "--data-dir", data.toString(),
                "--out", out.toString(), "--@trainer.epochs", "1", "--@trainer.earlyStopping", "NONE",
                "--grid", "trainer.learningRate=0.01", "--seeds", "1");
        assertEquals(0, r.status(), r.err());
        String best = Files.readString(out.resolve(TuneCommand.BEST));
        assertTrue(best.contains("name=\"epochs\" value=\"1\""), best);
        assertTrue(Files.readString(out.resolve("tune-spec.json")).contains("trainer.epochs"));

        assertRefused(CliRun.of("tune", "--config", "configs/delimited-din.xml", "--out", tmp.resolve("t2").toString(),
                "--@nosuch.epochs", "1", "--grid", "trainer.mu=0,0.5"), "nosuch");
        assertRefused(CliRun.of("tune", "--config", "configs/delimited-din.xml", "--out", tmp.resolve("t3").toString(),
                "--@trainer.mu", "0.1", "--grid", "trainer.mu=0,0.5"), "--@trainer.mu", "--grid");
    }

    @Test
    void anOutputThatIsADataFileNamedOnlyInTheConfigurationIsRefusedEvenWithOverwrite(@TempDir Path tmp)
            throws IOException {
        Path data = tmp.resolve("data");
        RealFormatConfigsTest.writeDelimited(data);
        Path train = data.resolve("train.csv");
        byte[] before = Files.readAllBytes(train);
        CliRun r = CliRun.of("local-sgd-sim", "--config", "configs/delimited-din.xml", "--data-dir", data.toString(),
                "--out", train.toString(), "--overwrite");
        assertRefused(r, "train.csv", "train-data");
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(train)), "the data file is untouched");
    }

    @Test
    void numbersOnTheCommandLineAndInOverridesArePlainDecimals(@TempDir Path tmp) {
        assertRefused(CliRun.of("compare", "--learning-rate", "0.01d"), "--learning-rate", "0.01d");
        assertRefused(CliRun.of("compare", "--epochs", "0x5"), "--epochs", "0x5");
        assertRefused(CliRun.of("train", "--config", "configs/base.xml", "--@trainer.learningRate", "0x1p-7",
                "--out", tmp.resolve("t").toString()), "'trainer'", "'learningRate'", "0x1p-7");
        assertRefused(CliRun.of("tune", "--config", "configs/delimited-din.xml", "--out", tmp.resolve("u").toString(),
                "--seeds", "1,2,3f", "--grid", "trainer.mu=0,0.5"), "--seeds", "3f");
        assertFalse(Files.exists(tmp.resolve("t")));
    }

    @Test
    void everyShippedConfigurationPassesTheScreen() throws IOException {
        List<Path> configs;
        try (java.util.stream.Stream<Path> files = Files.list(Path.of("configs"))) {
            configs = files.filter(f -> f.toString().endsWith(".xml")).sorted().toList();
        }
        assertTrue(configs.size() > 20, "the shipped configurations: " + configs);
        for (Path config : configs) {
            try (var cm = dev.tribuoctr.ctr.config.SafeConfigurations.load(config)) {
                assertFalse(cm.getComponentNames().isEmpty(), config.toString());
            }
        }
    }
}
