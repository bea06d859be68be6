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
 * drops the lookup tables, keeping only the values and counts.
 * <p>
 * Values that are short lowercase hexadecimal strings (Criteo's hashed categoricals) are looked up in an
 * open-addressing table keyed by their length and number: one probe into one array, where a {@code HashMap} of
 * strings costs several cache misses (node, string, its bytes) per row and field. Other values use a {@code HashMap}.
 * @param <V> the value type: {@code String} for categorical fields, {@code Double} for numeric ones
 */
final class ValueDictionary<V> implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Longest string kept in the hexadecimal table: 15 digits, so that digits and length fit in a long. */
    private static final int MAX_HEX_DIGITS = 15;

    private transient Map<V, Integer> codes = new HashMap<>();
    /** Pairs (key, code); key 0 marks an empty slot (a hex key's low 4 bits hold its length, at least 1). */
    private transient long[] hexSlots = new long[2 * 1024];
    private transient int hexCount;
    private final List<V> values = new ArrayList<>();
    private int[] counts = new int[16];

    /**
     * Counts one more row of a value.
     * @param value a value
     * @return its code, from 1
     */
    int code(V value) {
        long key = value instanceof String ? hexKey((String) value) : 0;
        int c = key != 0 ? hexCode(key, value) : mapCode(value);
        counts[c]++;
        return c;
    }

    private int mapCode(V value) {
        Integer c = codes.get(value);
        if (c == null) {
            c = add(value);
            codes.put(value, c);
        }
        return c;
    }

    private int hexCode(long key, V value) {
        int mask = hexSlots.length / 2 - 1;
        int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> 32) & mask;
        while (hexSlots[2 * slot] != 0) {
            if (hexSlots[2 * slot] == key) {
                return (int) hexSlots[2 * slot + 1];
            }
            slot = (slot + 1) & mask;
        }
        int c = add(value);
        hexSlots[2 * slot] = key;
        hexSlots[2 * slot + 1] = c;
        if (++hexCount * 2 > mask) {
            growHexSlots();
        }
        return c;
    }

    private void growHexSlots() {
        long[] old = hexSlots;
        hexSlots = new long[old.length * 2];
        int mask = hexSlots.length / 2 - 1;
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != 0) {
                int slot = (int) ((old[i] * 0x9E3779B97F4A7C15L) >>> 32) & mask;
                while (hexSlots[2 * slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                hexSlots[2 * slot] = old[i];
                hexSlots[2 * slot + 1] = old[i + 1];
            }
        }
    }

    private int add(V value) {
        values.add(value);
        int c = values.size();
        if (c == counts.length) {
            counts = Arrays.copyOf(counts, c * 2);
        }
        return c;
    }

    /**
     * @param s a string
     * @return a key that differs for every string of 1 to 15 lowercase hex digits (digits, then the length in the low
     *         4 bits; never 0), or 0 for any other string
     */
    static long hexKey(String s) {
        int n = s.length();
        if (n == 0 || n > MAX_HEX_DIGITS) {
            return 0;
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            int d;
            if (ch >= '0' && ch <= '9') {
                d = ch - '0';
            } else if (ch >= 'a' && ch <= 'f') {
                d = ch - 'a' + 10;
            } else {
                return 0;
            }
            v = (v << 4) | d;
        }
        return (v << 4) | n;
    }

    /** Drops the lookup tables: no value can be added after. */
    void freeze() {
        codes = null;
        hexSlots = null;
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
