package dev.tribuoctr.examples.reports;

/**
 * The one escaping of text (method and data-set names, settings, field names: anything from a run folder, a
 * configuration or data) written into the reports' Markdown and plain-text tables, so that no name can break a table
 * or add structure to a report.
 */
public final class MarkdownText {
    private MarkdownText() { }

    /**
     * Text on one line: every line break, tab and other control character becomes one space.
     * @param value the text (null gives "null", as string concatenation does)
     * @return the text on one line
     */
    public static String line(Object value) {
        String text = String.valueOf(value);
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                if (sb == null) {
                    sb = new StringBuilder(text.length()).append(text, 0, i);
                }
                if (c == '\n' && i > 0 && text.charAt(i - 1) == '\r') {
                    continue; // \r\n is one break
                }
                sb.append(' ');
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? text : sb.toString();
    }

    /**
     * A Markdown table cell (or heading text): on one line, with the characters that end a cell or start markup
     * that spans cells escaped: {@code \}, {@code |}, {@code `}, {@code <} and {@code >}.
     * @param value the text
     * @return the escaped text
     */
    public static String cell(Object value) {
        String text = line(value);
        StringBuilder sb = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\', '|', '`' -> sb.append('\\').append(c);
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
