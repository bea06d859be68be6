package dev.tribuoctr.ctr.data;

import java.util.regex.Pattern;

/**
 * Lines of tab-separated values that may hold any text: a backslash, tab, newline or carriage return in a value is
 * written {@code \\}, {@code \t}, {@code \n}, {@code \r}, and a missing value (null) is {@code \N}, so it stays
 * distinguishable from the empty string (a value {@code \N} is written {@code \\N}). The Spark protocol job writes
 * its code files with it and {@link ProtocolFolderDataSource} reads them back.
 */
public final class TabSeparatedText {
    /** The field separator. */
    public static final char SEPARATOR = '\t';
    /** How a missing value is written. */
    public static final String NULL = "\\N";
    private static final Pattern TAB = Pattern.compile("\t");

    private TabSeparatedText() { }

    /**
     * @param value a value, or null
     * @return the value escaped for one field
     */
    public static String escape(String value) {
        if (value == null) {
            return NULL;
        }
        StringBuilder sb = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String escaped = switch (c) {
                case '\\' -> "\\\\";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                default -> null;
            };
            if (escaped != null && sb == null) {
                sb = new StringBuilder(value.length() + 8).append(value, 0, i);
            }
            if (sb != null) {
                if (escaped != null) {
                    sb.append(escaped);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? value : sb.toString();
    }

    /**
     * Reverses {@link #escape(String)}.
     * @param field one field of a line, as written
     * @return the value, or null for {@code \N}
     * @throws IllegalArgumentException if the field holds a backslash that starts no escape (the message says which)
     */
    public static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        if (field.equals(NULL)) {
            return null;
        }
        StringBuilder sb = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (i + 1 == field.length()) {
                throw new IllegalArgumentException("ends in a lone backslash: '" + field + "'");
            }
            char next = field.charAt(++i);
            sb.append(switch (next) {
                case '\\' -> '\\';
                case 't' -> '\t';
                case 'n' -> '\n';
                case 'r' -> '\r';
                default -> throw new IllegalArgumentException("unknown escape '\\" + next + "' in '" + field + "'"
                        + (next == 'N' ? " (\\N stands for a missing value only as the whole field)" : ""));
            });
        }
        return sb.toString();
    }

    /**
     * @param values the values of a line, any of them null
     * @return the line: the escaped values separated by tabs
     */
    public static String line(String... values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(SEPARATOR);
            }
            sb.append(escape(values[i]));
        }
        return sb.toString();
    }

    /**
     * @param line a line as {@link #line(String...)} writes it
     * @return its fields, still escaped (an escaped value holds no tab, so splitting comes first)
     */
    public static String[] fields(String line) {
        return TAB.split(line, -1);
    }
}
