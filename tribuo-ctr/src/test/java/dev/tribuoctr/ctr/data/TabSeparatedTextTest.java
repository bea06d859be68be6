package dev.tribuoctr.ctr.data;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The escaping of the Spark job's text files: values of any text survive a line, and a missing value stays apart
 * from the empty string and from the text {@code \N}.
 */
class TabSeparatedTextTest {
    @Test
    void valuesRoundTripThroughALine() {
        String[] values = {"12", "", null, "\\N", "a\tb", "x\\y", "line\nbreak\r", "\\t", "plain", "tab\t\\N\t"};
        String line = TabSeparatedText.line(values);
        assertEquals(1, line.lines().count(), "one line");
        String[] fields = TabSeparatedText.fields(line);
        assertEquals(values.length, fields.length);
        String[] back = Arrays.stream(fields).map(TabSeparatedText::unescape).toArray(String[]::new);
        assertArrayEquals(values, back);
        assertNull(TabSeparatedText.unescape(TabSeparatedText.escape(null)));
        assertEquals("", TabSeparatedText.unescape(TabSeparatedText.escape("")));
        assertEquals("\\\\N", TabSeparatedText.escape("\\N"));
        assertEquals("plain", TabSeparatedText.escape("plain"));
    }

    @Test
    void malformedEscapesAreRefused() {
        for (String field : new String[] {"a\\", "a\\x", "x\\N", "\\N\\N"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TabSeparatedText.unescape(field));
            assertTrue(e.getMessage().contains(field), e.getMessage());
        }
    }
}
