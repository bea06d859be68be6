package dev.tribuoctr.ctr.data;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link DecimalText} takes plain decimal numbers only: what Java's lenient parsers also take (type suffixes, hex,
 * white space, non-ASCII digits, NaN, infinities) is refused with a message quoting the text.
 */
class DecimalTextTest {
    @Test
    void decimalNumbers() {
        String[] good = {"0", "-0", "7", "+7", "-7.25", ".5", "5.", "1e3", "1E-3", "-2.5e+2", "3.4e38", "007.50"};
        double[] values = {0, -0.0, 7, 7, -7.25, 0.5, 5, 1000, 0.001, -250, 3.4e38, 7.5};
        for (int i = 0; i < good.length; i++) {
            assertEquals(values[i], DecimalText.parseFinite(good[i]), good[i]);
        }
        for (String bad : List.of("", "+", "-", ".", "e3", "1e", "1e+", "7d", "7D", "1f", "2L", "0x1p3", "0x10", "1_0",
                " 7", "7 ", "\t7", "7\n", "1,5", "1.2.3", "--1", "+-1", "\u0663", "\uFF11", "1\u00A0", "one")) {
            NumberFormatException e = assertThrows(NumberFormatException.class, () -> DecimalText.parseFinite(bad),
                    bad);
            assertTrue(e.getMessage().startsWith("not a number: "), e.getMessage());
        }
        for (String bad : List.of("NaN", "-NaN", "Infinity", "-Infinity", "+Infinity", "inf", "1e39", "-1e308",
                "1e400")) {
            NumberFormatException e = assertThrows(NumberFormatException.class, () -> DecimalText.parseFinite(bad),
                    bad);
            assertTrue(e.getMessage().startsWith("not a finite number"), e.getMessage());
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void integers() {
        assertEquals(7, DecimalText.parseLong("7"));
        assertEquals(-7, DecimalText.parseLong("-7"));
        assertEquals(7, DecimalText.parseLong("+007"));
        assertEquals(Long.MAX_VALUE, DecimalText.parseLong("9223372036854775807"));
        for (String bad : List.of("", "-", "7.0", "1e3", "0x7", "7L", " 7", "7 ", "\u0663", "\uFF17", "seven")) {
            NumberFormatException e = assertThrows(NumberFormatException.class, () -> DecimalText.parseLong(bad), bad);
            assertTrue(e.getMessage().startsWith("not an integer: '" + bad + "'"), e.getMessage());
        }
        NumberFormatException e = assertThrows(NumberFormatException.class,
                () -> DecimalText.parseLong("9223372036854775808"));
        assertTrue(e.getMessage().contains("beyond the range of a long"), e.getMessage());
    }

    @Test
    void aHugeValueIsQuotedShort() {
        String huge = "9".repeat(5000) + "x";
        NumberFormatException e = assertThrows(NumberFormatException.class, () -> DecimalText.parseLong(huge));
        assertTrue(e.getMessage().length() < 300 && e.getMessage().contains("5001 characters"), e.getMessage());
    }

    @Test
    void anIntColumnBeyondAnIntIsRefusedNotWrapped() {
        java.nio.file.Path file = java.nio.file.Path.of("u.genre");
        assertEquals(18, DataFiles.parseInt(file, 3, "genre index", "18"));
        for (String bad : List.of("4294967314", "-2147483649", "9223372036854775807")) {
            ClickLogFormatException e = assertThrows(ClickLogFormatException.class,
                    () -> DataFiles.parseInt(file, 3, "genre index", bad));
            assertTrue(e.getMessage().startsWith("u.genre:3") && e.getMessage().contains("out of range")
                    && e.getMessage().contains(bad), e.getMessage());
        }
    }
}
