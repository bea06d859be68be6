package dev.tribuoctr.examples.reports;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link MarkdownText} keeps any name on one line and inside one table cell.
 */
class MarkdownTextTest {
    @Test
    void namesStayOnOneLineAndInOneCell() {
        assertEquals("DIN + L2 (mu=0.5)", MarkdownText.cell("DIN + L2 (mu=0.5)"), "plain names are unchanged");
        assertEquals("a\\|b c d e", MarkdownText.cell("a|b\nc\r\nd\re"));
        assertEquals("\\\\\\| \\`x\\` &lt;script&gt;", MarkdownText.cell("\\| `x` <script>"));
        assertEquals("tab here  and", MarkdownText.line("tab\there\u2028\u0000and"));
        assertEquals("null", MarkdownText.cell(null));
        for (String name : List.of("|", "||\n|", "x\\", "\u0085|\u2029", "a\\|b")) {
            String cell = MarkdownText.cell(name);
            assertFalse(cell.chars().anyMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029'),
                    cell);
            // every '|' is escaped by an odd run of backslashes, so it cannot end the cell
            for (int i = cell.indexOf('|'); i >= 0; i = cell.indexOf('|', i + 1)) {
                int slashes = 0;
                for (int j = i - 1; j >= 0 && cell.charAt(j) == '\\'; j--) {
                    slashes++;
                }
                assertTrue(slashes % 2 == 1, name + " -> " + cell);
            }
        }
    }
}
