package dev.tribuoctr.ctr.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;

/**
 * Codes the ids of a click log (users, items, categories) as 0, 1, 2, … in order of first appearance. Logs of
 * hundreds of millions of rows mostly use decimal ids; while every id is a canonical decimal number (no sign, no
 * leading zero, at most 18 digits, so that the number prints back as the same text) they are kept as {@code long}s
 * in an open-addressing table: no {@code String} per id or per row, and about 24 bytes an id instead of about 100.
 * The first other id turns the dictionary into an ordinary string map, so any id works and gets the same code.
 */
final class IdDictionary {
    private static final int MAX_DIGITS = 18;

    // Numeric mode: the ids by code, and a table of (id, code + 1) pairs (0 = empty slot).
    private long[] numericIds = new long[16];
    private long[] tableKeys = new long[32];
    private int[] tableCodes = new int[32];
    // String mode (numericIds == null).
    private HashMap<String, Integer> codes;
    private ArrayList<String> names;
    private int size;

    /** @return the number of distinct ids */
    int size() { return size; }

    /**
     * @param text an id
     * @return its value when it is a canonical decimal number, else -1
     */
    static long canonicalNumber(CharSequence text, int from, int to) {
        int length = to - from;
        if (length == 0 || length > MAX_DIGITS || (text.charAt(from) == '0' && length > 1)) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /**
     * The code of an id, assigning the next one to a new id.
     * @param id the id
     * @return its code
     */
    int code(String id) {
        if (numericIds != null) {
            long value = canonicalNumber(id, 0, id.length());
            if (value >= 0) {
                return code(value);
            }
            toStrings();
        }
        Integer c = codes.get(id);
        if (c == null) {
            c = size++;
            codes.put(id, c);
            names.add(id);
        }
        return c;
    }

    /**
     * The code of a canonical decimal id (see {@link #canonicalNumber}), assigning the next one to a new id.
     * @param id the id's value, at least 0
     * @return its code
     */
    int code(long id) {
        if (numericIds == null) {
            return code(Long.toString(id));
        }
        int mask = tableKeys.length - 1;
        int slot = (int) mix(id) & mask;
        while (tableCodes[slot] != 0) {
            if (tableKeys[slot] == id) {
                return tableCodes[slot] - 1;
            }
            slot = (slot + 1) & mask;
        }
        int c = size++;
        tableKeys[slot] = id;
        tableCodes[slot] = c + 1;
        if (c == numericIds.length) {
            numericIds = Arrays.copyOf(numericIds, c * 2);
        }
        numericIds[c] = id;
        if (size * 2 > tableKeys.length) {
            rehash(tableKeys.length * 2);
        }
        return c;
    }

    /**
     * @param id an id
     * @return its code, or -1 when it has none
     */
    int find(String id) {
        if (codes == null && tableKeys == null) {
            throw new IllegalStateException("The dictionary is frozen");
        }
        if (numericIds != null) {
            long value = canonicalNumber(id, 0, id.length());
            if (value < 0) {
                return -1;
            }
            int mask = tableKeys.length - 1;
            for (int slot = (int) mix(value) & mask; tableCodes[slot] != 0; slot = (slot + 1) & mask) {
                if (tableKeys[slot] == value) {
                    return tableCodes[slot] - 1;
                }
            }
            return -1;
        }
        Integer c = codes.get(id);
        return c == null ? -1 : c;
    }

    /**
     * @param code a code
     * @return its id
     */
    String name(int code) {
        if (code < 0 || code >= size) {
            throw new IndexOutOfBoundsException("Code " + code + " of a dictionary of " + size + " ids");
        }
        return numericIds != null ? Long.toString(numericIds[code]) : names.get(code);
    }

    /** Drops the lookup table once no more ids come (names stay available). */
    void freeze() {
        tableKeys = null;
        tableCodes = null;
        codes = null;
        if (numericIds != null) {
            numericIds = Arrays.copyOf(numericIds, size);
        }
    }

    private void rehash(int capacity) {
        long[] keys = new long[capacity];
        int[] values = new int[capacity];
        int mask = capacity - 1;
        for (int c = 0; c < size; c++) {
            int slot = (int) mix(numericIds[c]) & mask;
            while (values[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = numericIds[c];
            values[slot] = c + 1;
        }
        tableKeys = keys;
        tableCodes = values;
    }

    private void toStrings() {
        codes = new HashMap<>(Math.max(16, size * 2));
        names = new ArrayList<>(Math.max(16, size));
        for (int c = 0; c < size; c++) {
            String name = Long.toString(numericIds[c]);
            codes.put(name, c);
            names.add(name);
        }
        numericIds = null;
        tableKeys = null;
        tableCodes = null;
    }

    /** Murmur3's 64-bit finaliser: spreads sequential ids over the table. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb93fe49a6b53L;
        return z ^ (z >>> 33);
    }
}
