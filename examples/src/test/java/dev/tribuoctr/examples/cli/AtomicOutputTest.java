package dev.tribuoctr.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Write failures of {@link AtomicOutput} name the output and the system's reason: a full disk in words, another error
 * as the system gave it; an error of the content's own code passes unchanged; and the earlier file is kept.
 */
class AtomicOutputTest {
    /** A stream that fails the way a device does. */
    private static OutputStream failing(String reason) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException(reason);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException(reason);
            }
        };
    }

    @Test
    void aStreamThatFailsNamesTheOutputAndTheReason(@TempDir Path tmp) {
        Path target = tmp.resolve("out").resolve("model.tribuo");
        for (String reason : List.of("No space left on device", "Disk quota exceeded", "Input/output error")) {
            OutputStream out = AtomicOutput.naming(failing(reason), target);
            IOException e = assertThrows(IOException.class, () -> out.write(new byte[100], 0, 100));
            assertTrue(e.getMessage().startsWith("Cannot write " + target + ": "), e.getMessage());
            assertTrue(e.getMessage().contains(reason), e.getMessage());
            assertEquals(!reason.startsWith("Input"), e.getMessage().contains("no space left on the device"),
                    e.getMessage());
            IOException single = assertThrows(IOException.class, () -> out.write(1));
            assertTrue(single.getMessage().contains(target.toString()), single.getMessage());
        }
    }

    @Test
    void anOutputThatCannotBeCreatedIsNamedAndTheContentsOwnErrorsPassUnchanged(@TempDir Path tmp)
            throws IOException {
        Files.writeString(tmp.resolve("blocker"), "a file where a folder should be");
        Path target = tmp.resolve("blocker").resolve("metrics.json");
        IOException e = assertThrows(IOException.class, () -> AtomicOutput.write(target, true, out -> out.write(1)));
        assertTrue(e.getMessage().startsWith("Cannot write " + target.toAbsolutePath()), e.getMessage());

        Path kept = tmp.resolve("p.txt");
        Files.writeString(kept, "earlier");
        IOException own = new IOException("requests.csv:7: bad row");
        IOException thrown = assertThrows(IOException.class, () -> AtomicOutput.write(kept, true, out -> {
            out.write("partial".getBytes());
            throw own;
        }));
        assertSame(own, thrown, "the content's error, unchanged");
        assertEquals("earlier", Files.readString(kept));
    }
}
