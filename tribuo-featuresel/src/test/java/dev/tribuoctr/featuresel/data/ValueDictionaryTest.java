package dev.tribuoctr.featuresel.data;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ValueDictionaryTest {
    @Test
    void givesOneCodePerDistinctStringWhetherHexOrNot() {
        List<String> distinct = List.of("ab", "0ab", "00ab", "AB", "ab ", "", "0", "00", "fffffffffffffff",
                "ffffffffffffffff", "1ffffffffffffff", "g1", "68fd1e64", "-1", "12");
        ValueDictionary<String> d = new ValueDictionary<>();
        Map<String, Integer> expected = new HashMap<>();
        SplittableRandom rng = new SplittableRandom(2);
        List<String> all = new ArrayList<>(distinct);
        for (int i = 0; i < 20000; i++) {
            all.add(String.format("%08x", rng.nextInt(5000)));
        }
        Map<String, Integer> counts = new HashMap<>();
        for (int round = 0; round < 2; round++) {
            for (String s : all) {
                int c = d.code(s);
                Integer before = expected.putIfAbsent(s, c);
                assertEquals(before == null ? c : before, c, s);
                counts.merge(s, 1, Integer::sum);
            }
        }
        assertEquals(expected.size(), d.size());
        d.freeze();
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            assertEquals(e.getKey(), d.value(e.getValue()));
            assertEquals(counts.get(e.getKey()), d.count(e.getValue()));
        }
        assertNotEquals(ValueDictionary.hexKey("ab"), ValueDictionary.hexKey("0ab"));
        assertEquals(0, ValueDictionary.hexKey("AB"));
        assertThrows(IndexOutOfBoundsException.class, () -> d.count(0));
    }

    @Test
    void numericValuesKeepTheirExactDoubles() {
        ValueDictionary<Double> d = new ValueDictionary<>();
        assertEquals(1, d.code(Math.log1p(3)));
        assertEquals(2, d.code(0.0));
        assertEquals(1, d.code(Math.log1p(3)));
        d.freeze();
        assertEquals(Math.log1p(3), d.value(1));
        assertEquals(2, d.count(1));
    }
}
