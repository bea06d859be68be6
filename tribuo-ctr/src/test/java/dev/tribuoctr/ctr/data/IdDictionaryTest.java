package dev.tribuoctr.ctr.data;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IdDictionaryTest {
    @Test
    void canonicalNumbersOnlyAreNumeric() {
        assertEquals(0, IdDictionary.canonicalNumber("0", 0, 1));
        assertEquals(12345, IdDictionary.canonicalNumber("x12345y", 1, 6));
        assertEquals(-1, IdDictionary.canonicalNumber("007", 0, 3), "leading zeros print differently");
        assertEquals(-1, IdDictionary.canonicalNumber("-5", 0, 2));
        assertEquals(-1, IdDictionary.canonicalNumber("+5", 0, 2));
        assertEquals(-1, IdDictionary.canonicalNumber("", 0, 0));
        assertEquals(-1, IdDictionary.canonicalNumber("1234567890123456789", 0, 19), "more than 18 digits");
        assertEquals(-1, IdDictionary.canonicalNumber("12a", 0, 3));
    }

    @Test
    void codesInOrderOfFirstAppearanceAcrossTheSwitchToStrings() {
        SplittableRandom rng = new SplittableRandom(5);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            ids.add(Long.toString(rng.nextLong(1, 3000)));
        }
        ids.add(2500, "007");
        ids.add(4000, "item-x");
        IdDictionary dictionary = new IdDictionary();
        List<String> firstSeen = new ArrayList<>();
        for (String id : ids) {
            int code = dictionary.code(id);
            if (code == firstSeen.size()) {
                firstSeen.add(id);
            }
            assertEquals(id, dictionary.name(code));
            assertEquals(firstSeen.indexOf(id), code);
        }
        assertEquals(firstSeen.size(), dictionary.size());
        assertNotEquals(dictionary.code("7"), dictionary.code("007"));
        assertEquals(dictionary.code("17"), dictionary.code(17L), "a number and its text are one id");
        dictionary.freeze();
        assertEquals("007", dictionary.name(firstSeen.indexOf("007")));
        assertThrows(IndexOutOfBoundsException.class, () -> dictionary.name(dictionary.size()));
        assertThrows(IllegalStateException.class, () -> dictionary.find("7"));
    }

    @Test
    void numericDictionaryFindsWithoutAdding() {
        IdDictionary dictionary = new IdDictionary();
        for (long id = 1; id <= 1000; id++) {
            assertEquals(id - 1, dictionary.code(id * 7919));
        }
        assertEquals(9, dictionary.find(Long.toString(10 * 7919)));
        assertEquals(-1, dictionary.find("3"));
        assertEquals(-1, dictionary.find("abc"));
        assertEquals(1000, dictionary.size());
    }
}
