package dev.tribuoctr.ctr.data;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link BoundedLineReader} splits lines as {@code BufferedReader} does and refuses a line over its limit, naming the
 * file and line, without reading the rest of it.
 */
class BoundedLineReaderTest {
    private static List<String> lines(String text, int max) throws IOException {
        List<String> out = new ArrayList<>();
        try (BoundedLineReader r = new BoundedLineReader(new StringReader(text), "f.txt", max)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                out.add(line);
            }
        }
        return out;
    }

    @Test
    void splitsAsBufferedReader() throws IOException {
        for (String text : List.of("", "a", "a\n", "a\nb", "a\r\nb\r\n", "a\rb\r", "\n\n", "a\r\r\nb", "é\u2028x\n",
                "x".repeat(70_000) + "\ny\r\n" + "z".repeat(140_000))) {
            List<String> expected = new java.io.BufferedReader(new StringReader(text)).lines().toList();
            assertEquals(expected, lines(text, 1 << 20), text.length() > 20 ? "long text" : text);
        }
    }

    @Test
    void aLineOverTheLimitFailsWithItsNumberBeforeItIsRead() throws IOException {
        ClickLogFormatException e = assertThrows(ClickLogFormatException.class,
                () -> lines("ab\ncd\r\n" + "x".repeat(11) + "\nshort\n", 10));
        assertTrue(e.getMessage().startsWith("f.txt:3: the line is longer than 10 characters"), e.getMessage());
        assertEquals(List.of("ab", "cd", "x".repeat(10)), lines("ab\ncd\r\n" + "x".repeat(10), 10));
        // an endless line is refused after about the limit is read, not at its end
        long[] read = new long[1];
        Reader endless = new Reader() {
            @Override
            public int read(char[] buffer, int offset, int length) {
                java.util.Arrays.fill(buffer, offset, offset + length, 'x');
                read[0] += length;
                return length;
            }

            @Override
            public void close() { }
        };
        try (BoundedLineReader r = new BoundedLineReader(endless, "big.txt", 1000)) {
            assertThrows(ClickLogFormatException.class, r::readLine);
        }
        assertTrue(read[0] < 200_000, "read " + read[0]);
    }

    @Test
    void markAndResetPeekOneCharacter() throws IOException {
        BoundedLineReader r = new BoundedLineReader(new StringReader("a\nb"), "f", 10);
        assertEquals("a", r.readLine());
        r.mark(2);
        assertEquals('b', r.read());
        r.reset();
        assertEquals("b", r.readLine());
        r.mark(2);
        assertEquals(-1, r.read());
        r.reset();
        assertEquals(null, r.readLine());
        assertEquals(2, r.lineNumber());
    }
}
