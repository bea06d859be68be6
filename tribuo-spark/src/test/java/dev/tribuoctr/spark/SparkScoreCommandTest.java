package dev.tribuoctr.spark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scoring command line's checks, which come before any Spark session is made (its job is run end to end by
 * {@link SparkOnnxScorerTest}).
 */
class SparkScoreCommandTest {
    @TempDir
    Path dir;

    @Test
    void missingUnknownAndBadOptionsAreRefused() {
        String onnx = dir.resolve("m.onnx").toString();
        String out = dir.resolve("out").toString();
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> SparkScoreCommand.main(new String[] {"--onnx", onnx, "--output", out}));
        assertTrue(missing.getMessage().contains("--input"), missing.getMessage());
        IllegalArgumentException format = assertThrows(IllegalArgumentException.class, () -> SparkScoreCommand.main(
                new String[] {"--onnx", onnx, "--input", "x.csv", "--output", out, "--format", "json"}));
        assertTrue(format.getMessage().contains("json"), format.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> SparkScoreCommand.main(
                new String[] {"--onnx", onnx, "--input", "x.csv", "--output", out, "--batch", "9"}));
        assertTrue(unknown.getMessage().contains("--batch"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SparkScoreCommand.main(new String[] {"--onnx"}));
    }
}
