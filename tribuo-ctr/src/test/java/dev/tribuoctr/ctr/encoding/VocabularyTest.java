package dev.tribuoctr.ctr.encoding;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VocabularyTest {

    private static Map<String, Integer> counts() {
        Map<String, Integer> counts = new HashMap<>();
        counts.put("b", 3);
        counts.put("a", 3);
        counts.put("c", 5);
        counts.put("d", 1);
        return counts;
    }

    @Test
    void ordersByDescendingCountThenValue() {
        Vocabulary v = Vocabulary.fromCounts("g", counts(), 1);
        assertEquals(List.of("c", "a", "b", "d"), v.values());
        assertEquals(6, v.size());
        assertEquals(2, v.index("c"));
        assertEquals(3, v.index("a"));
        assertEquals(4, v.index("b"));
        assertEquals(5, v.index("d"));
        assertEquals("c", v.value(2));
        assertEquals("d", v.value(5));
    }

    @Test
    void paddingAndOov() {
        Vocabulary v = Vocabulary.fromCounts("g", counts(), 1);
        assertNull(v.value(Vocabulary.PADDING));
        assertNull(v.value(Vocabulary.OOV));
        assertEquals(Vocabulary.OOV, v.index("never-seen"));
        assertFalse(v.contains("never-seen"));
        assertThrows(IndexOutOfBoundsException.class, () -> v.value(6));
        assertThrows(IndexOutOfBoundsException.class, () -> v.value(-1));
    }

    @Test
    void minCountMapsRareValuesToOov() {
        Vocabulary v = Vocabulary.fromCounts("g", counts(), 3);
        assertEquals(5, v.size());
        assertEquals(Vocabulary.OOV, v.index("d"));
        assertTrue(v.contains("b"));
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.fromCounts("g", counts(), 0));
    }

    @Test
    void rejectsRepeatedValues() {
        assertThrows(IllegalArgumentException.class, () -> new Vocabulary("g", List.of("a", "a")));
    }

    @Test
    void serializationKeepsIndices() throws Exception {
        Vocabulary v = Vocabulary.fromCounts("g", counts(), 1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(v);
        }
        Vocabulary back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (Vocabulary) in.readObject();
        }
        assertEquals(v, back);
        assertEquals(4, back.index("b"));
        assertEquals(Vocabulary.OOV, back.index("zz"));
    }
}
