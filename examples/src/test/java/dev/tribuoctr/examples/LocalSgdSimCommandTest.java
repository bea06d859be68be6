package dev.tribuoctr.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code local-sgd-sim} command: its table on a tiny learnable world, and the refusals. */
class LocalSgdSimCommandTest {
    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /** @return the cells of the table row that starts with {@code | first | second |} */
    private static String[] row(String markdown, String first, String second) {
        for (String line : markdown.split("\n")) {
            if (line.startsWith("| " + first + " | " + second + " |")) {
                return Arrays.stream(line.substring(1, line.length() - 1).split("\\|")).map(String::trim)
                        .toArray(String[]::new);
            }
        }
        throw new AssertionError("no row " + first + " | " + second + " in\n" + markdown);
    }

    @Test
    void writesTheTableOfEveryCellAgainstTheSingleMachineAndRefusesToOverwriteIt(@TempDir Path tmp)
            throws IOException {
        Path report = tmp.resolve("reports").resolve("local-sgd.md");
        String[] args = {"local-sgd-sim", "--config", "configs/world-din.xml", "--set", "world.users=60",
                "--workers", "1,2", "--sync-every", "1,10", "--epochs", "2", "--out", report.toString()};
        CliRun r = run(args);
        assertEquals(0, r.status(), r.err());
        String md = Files.readString(report);
        assertTrue(r.out().startsWith(md), "the report is printed too:\n" + r.out());
        assertTrue(md.contains("- Machine: ") && md.contains("- Command: ") && md.contains("- Date: ")
                && md.contains("2,100 training instances"), md); // 60 users, 35 training impressions each
        assertTrue(md.contains("| K | H | steps per worker and epoch | syncs | AUC epoch 1 | AUC epoch 2 |"), md);
        String[] single = row(md, "single machine", "–");
        assertEquals("9", single[2], "ceil(2100 / 256) steps per epoch");
        assertEquals("+0.0000", single[7]);
        String[] two = row(md, "2", "1");
        assertEquals("5", two[2], "ceil(9 / 2) steps of each worker per epoch");
        assertEquals("10", two[3], "combined after every step: 2 epochs of 5 steps");
        assertEquals("1", row(md, "2", "10")[3], "H beyond the run: combined once, at the end");
        // One worker combined every step is the single machine: the same epochs, the same AUC.
        assertEquals(single[4], row(md, "1", "1")[4], md);
        assertEquals(single[5], row(md, "1", "1")[5], md);
        for (String[] cells : new String[][]{row(md, "1", "10"), two, row(md, "2", "10")}) {
            double auc = Double.parseDouble(cells[5]);
            // 2 epochs of a 60-user world learn little (convergence: LocalSgdSimulationTest); the table's form only
            assertTrue(auc > 0 && auc < 1, Arrays.toString(cells));
            assertEquals(auc - Double.parseDouble(single[5]), Double.parseDouble(cells[7]), 1e-4, "the gap");
        }

        CliRun again = run(args);
        assertEquals(CtrCli.USAGE_ERROR, again.status(), again.out());
        assertTrue(again.err().contains("already exists"), again.err());
        assertEquals(md, Files.readString(report), "the earlier report is left as it was");
    }

    @Test
    void badValuesAndMissingComponentsAreRefusedBeforeAnyTraining(@TempDir Path tmp) throws IOException {
        CliRun zero = run("local-sgd-sim", "--config", "configs/world-din.xml", "--workers", "0,2");
        assertEquals(CtrCli.USAGE_ERROR, zero.status());
        assertTrue(zero.err().contains("--workers"), zero.err());
        assertEquals(CtrCli.USAGE_ERROR, run("local-sgd-sim").status(), "no --config");
        Path config = tmp.resolve("no-validation.xml");
        Files.writeString(config, "<config>\n  <component name=\"trainer\" type=\"dev.tribuoctr.ctr.train.MetaWrapperTrainer\"/>\n"
                + "  <component name=\"train-data\" type=\"dev.tribuoctr.ctr.data.InterestWorldDataSource\">\n"
                + "    <property name=\"numUsers\" value=\"20\"/>\n    <property name=\"split\" value=\"TRAIN\"/>\n"
                + "  </component>\n</config>\n");
        CliRun missing = run("local-sgd-sim", "--config", config.toString());
        assertEquals(CtrCli.USAGE_ERROR, missing.status(), "a configuration without the component");
        assertTrue(missing.err().contains("'validation-data'"), missing.err());
    }
}
