package dev.tribuoctr.spark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line's error policy: usage errors (exit 2, the message and the usage) come before any Spark session is
 * made; a malformed line stops the job with {@code file:line: …} (exit 1); never a stack trace.
 */
class SparkProtocolCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        err.reset();
        return SparkProtocolCommand.run(args, new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void usageErrorsPrintTheMessageAndTheUsageAndExitWith2() throws IOException {
        Path file = dir.resolve("UserBehavior.csv");
        ClickFiles.taobao(file, 10, 1L);
        String out = dir.resolve("out").toString();
        String[][] cases = {
            {"json", file.toString(), out},
            {"taobao", file.toString(), out, "--sed", "3"},
            {"taobao", file.toString(), out, "--user", "uid"},
            {"taobao", file.toString(), out, "--seed", "three"},
            {"csv-table", file.toString(), out, "--separator", "::"},
            {"csv-table", file.toString(), out, "--user", "x", "--item", "x"},
            {"taobao", file.toString(), out, "--seed"},
            {"taobao", file.toString()},
        };
        String[] expected = {"'json'", "--sed", "--user", "--seed must be an integer", "--separator", "must differ",
            "pairs", "FORMAT INPUT OUTPUT"};
        for (int i = 0; i < cases.length; i++) {
            assertEquals(SparkProtocolCommand.USAGE_ERROR, run(cases[i]), String.join(" ", cases[i]));
            String[] lines = err().split("\n");
            assertEquals(2, lines.length, err());
            assertTrue(lines[0].contains(expected[i]), lines[0]);
            assertTrue(lines[1].startsWith("Usage: ") && lines[1].contains("parquet-table"), lines[1]);
        }
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void aMissingInputOrAMalformedLineExitsWith1AndOneLine() throws IOException {
        SparkTestSession.get(); // the command reuses the session and leaves it running
        String out = dir.resolve("out").toString();
        assertEquals(SparkProtocolCommand.FAILURE, run("movielens1m", dir.resolve("nope").toString(), out));
        assertTrue(err().contains("no such file or folder") && err().contains("nope"), err());
        Path csv = dir.resolve("clicks.csv");
        Files.write(csv, List.of("u;i;t", "a;1;10", "a;2;11", "a;3;1e9"), StandardCharsets.UTF_8);
        assertEquals(SparkProtocolCommand.FAILURE, run("csv-table", csv.toString(), out, "--separator", ";",
                "--user", "u", "--item", "i", "--time", "t", "--master", "local[2]"));
        assertEquals(csv + ":4: t: not an integer: '1e9' (digits with an optional sign only)\n", err());
    }
}
