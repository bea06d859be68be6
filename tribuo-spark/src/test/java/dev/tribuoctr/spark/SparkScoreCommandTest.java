package dev.tribuoctr.spark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scoring command line's errors: option checks come before any Spark session is made (its job is run end to end
 * by {@link SparkOnnxScorerTest} and, through spark-submit, by {@code SparkSubmitIT}).
 */
class SparkScoreCommandTest {
    @TempDir
    Path dir;

    @Test
    void missingUnknownAndBadOptionsAreUsageErrors() {
        String onnx = dir.resolve("m.onnx").toString();
        String out = dir.resolve("out").toString();
        assertUsageError("--input", "--onnx", onnx, "--output", out);
        assertUsageError("json", "--onnx", onnx, "--input", "x.csv", "--output", out, "--format", "json");
        assertUsageError("--batch", "--onnx", onnx, "--input", "x.csv", "--output", out, "--batch", "9");
        assertUsageError("--batchSize", "--onnx", onnx, "--input", "x.csv", "--output", out, "--batchSize", "many");
        assertUsageError("--onnx", "--onnx");
    }

    @Test
    void aMissingModelFileIsOneLineAndStatusOneBeforeAnySession() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SparkScoreCommand.run(new String[] {"--onnx", dir.resolve("none.onnx").toString(), "--input",
                "x.csv", "--output", dir.resolve("out").toString()},
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(SparkCommandLine.FAILURE, status, message);
        assertTrue(message.contains("none.onnx") && message.lines().count() == 1, message);
    }

    private static void assertUsageError(String named, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SparkScoreCommand.run(args, new PrintStream(err, true, StandardCharsets.UTF_8));
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(SparkCommandLine.USAGE_ERROR, status, message);
        assertTrue(message.contains(named) && message.contains("Usage: "), message);
        assertFalse(message.contains("\tat "), "no stack trace: " + message);
    }
}
