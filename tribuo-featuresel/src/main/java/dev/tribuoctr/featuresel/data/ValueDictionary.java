package dev.tribuoctr.featuresel.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The distinct values of one field in first-seen order, each with its code (from 1; code 0 means "missing" in a
 * column) and its number of rows. While a column is built, {@link #code} finds or adds a value; {@link #freeze()}
 * drops the lookup table, keeping only the values and counts.
 * @param <V> the value type: {@code String} for categorical fields, {@code Double} for numeric ones
 */
final class ValueDictionary<V> implements Serializable {
    private static final long serialVersionUID = 1L;

    private transient Map<V, Integer> codes = new HashMap<>();
    private final List<V> values = new ArrayList<>();
    private int[] counts = new int[16];

    /**
     * Counts one more row of a value.
     * @param value a value
     * @return its code, from 1
     */
    int code(V value) {
        Integer c = codes.get(value);
        if (c == null) {
            values.add(value);
            c = values.size();
            codes.put(value, c);
            if (c == counts.length) {
                counts = Arrays.copyOf(counts, c * 2);
            }
        }
        counts[c]++;
        return c;
    }

    /** Drops the lookup table: no value can be added after. */
    void freeze() {
        codes = null;
        counts = Arrays.copyOf(counts, values.size() + 1);
        ((ArrayList<V>) values).trimToSize();
    }

    /** @return the number of distinct values */
    int size() { return values.size(); }

    /** @param code a code in {@code [1, size()]} @return its value */
    V value(int code) { return values.get(code - 1); }

    /** @param code a code in {@code [1, size()]} @return its number of rows */
    int count(int code) {
        if (code < 1 || code > values.size()) {
            throw new IndexOutOfBoundsException("Code " + code + " outside [1, " + values.size() + "]");
        }
        return counts[code];
    }
}
