package dev.tribuoctr.ctr.data;

/**
 * The one reading of a number in a data file, strict so that data reads as published (docs/design/protocols.md §5):
 * <ul>
 *     <li>an integer is an optional sign and ASCII digits, {@code [+-]?[0-9]+}, within the range of a long;</li>
 *     <li>a decimal number is an optional sign, digits with an optional fraction, and an optional exponent,
 *     {@code [+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?}, whose value is finite within the float range
 *     the models compute in.</li>
 * </ul>
 * Everything Java's lenient parsers also take is refused: type suffixes ({@code 7d}, {@code 1f}, {@code 7L}),
 * hexadecimal ({@code 0x1p3}), surrounding or inner white space, non-ASCII digits, {@code NaN} and
 * {@code Infinity} (non-finite values are refused everywhere, as the models cannot compute with them).
 * The methods throw {@link NumberFormatException} whose message names the reason and quotes the text (for example
 * {@code not an integer: '7L' (digits with an optional sign only)}); the callers add file, line and column.
 */
public final class DecimalText {
    private DecimalText() { }

    /**
     * Reads an integer.
     * @param text the text
     * @return its value
     * @throws NumberFormatException saying why the text is not an integer
     */
    public static long parseLong(String text) {
        int i = sign(text);
        boolean digits = i < text.length();
        for (int k = i; k < text.length() && digits; k++) {
            digits = isDigit(text.charAt(k));
        }
        if (!digits) {
            throw new NumberFormatException("not an integer: " + quote(text) + " (digits with an optional sign only)");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new NumberFormatException("an integer beyond the range of a long: " + quote(text));
        }
    }

    /**
     * Reads a finite decimal number.
     * @param text the text
     * @return its value, finite and within the float range
     * @throws NumberFormatException saying why the text is not one
     */
    public static double parseFinite(String text) {
        if (!isDecimal(text)) {
            String word = text.substring(sign(text)).toLowerCase(java.util.Locale.ROOT);
            throw new NumberFormatException(word.equals("nan") || word.startsWith("inf")
                    ? "not a finite number: " + quote(text) + " (NaN and infinities are refused)"
                    : "not a number: " + quote(text) + " (decimal digits with an optional sign, fraction and exponent"
                    + " only, such as -1.5e3)");
        }
        double value = Double.parseDouble(text);
        if (!Float.isFinite((float) value)) {
            throw new NumberFormatException("not a finite number within the float range: " + quote(text));
        }
        return value;
    }

    /**
     * @param text some text
     * @return whether it is a decimal number in the strict form above (its size not checked)
     */
    public static boolean isDecimal(String text) {
        int n = text.length();
        int i = sign(text);
        int digits = 0;
        while (i < n && isDigit(text.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && text.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i = sign(text, i + 1);
            int exponent = i;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
            }
            if (i == exponent) {
                return false;
            }
        }
        return i == n;
    }

    /** The text in quotes, cut after 100 characters so that a huge cell does not flood the message. */
    static String quote(String text) {
        String shown = text.length() <= 100 ? text : text.substring(0, 100) + "...";
        return "'" + shown.replace("\n", "\\n").replace("\r", "\\r") + "'"
                + (text.length() <= 100 ? "" : " (" + text.length() + " characters)");
    }

    private static int sign(String text) {
        return sign(text, 0);
    }

    /** The index after an optional sign at {@code i}. */
    private static int sign(String text, int i) {
        return i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-') ? i + 1 : i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
