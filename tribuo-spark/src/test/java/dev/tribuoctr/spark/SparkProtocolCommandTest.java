package dev.tribuoctr.spark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line's checks, which come before any Spark session is made.
 */
class SparkProtocolCommandTest {
    @TempDir
    Path dir;

    @Test
    void unknownFormatsAndOptionsAreRefused() throws IOException {
        Path file = dir.resolve("UserBehavior.csv");
        ClickFiles.taobao(file, 10, 1L);
        String out = dir.resolve("out").toString();
        IllegalArgumentException format = assertThrows(IllegalArgumentException.class,
                () -> SparkProtocolCommand.main(new String[] {"amazon", file.toString(), out}));
        assertTrue(format.getMessage().contains("amazon"));
        IllegalArgumentException option = assertThrows(IllegalArgumentException.class,
                () -> SparkProtocolCommand.main(new String[] {"taobao", file.toString(), out, "--sed", "3"}));
        assertTrue(option.getMessage().contains("--sed"));
        assertThrows(IllegalArgumentException.class,
                () -> SparkProtocolCommand.main(new String[] {"taobao", file.toString()}));
    }
}
