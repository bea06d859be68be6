package dev.tribuoctr.featuresel.data;

import org.tribuo.Example;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Field data held as columns: one code per field and row into the field's dictionary of distinct values (code 0 =
 * missing), the dictionaries with each value's row count, and a click bit per row. A categorical field {@code f}
 * with value {@code v} is the feature {@code f@v} = 1; a numeric field {@code f} is the feature {@code f} with its
 * value (a dictionary of distinct doubles: exact values, and compact for counts such as Criteo's integers; a
 * continuous field with millions of distinct values would make a large dictionary). Codes are bit-packed
 * ({@link PackedCodes}), so a row of 39 Criteo fields takes about 80 bytes instead of the ~9 KB of a Tribuo
 * {@code Example}. Rows have at most one value per field and labels "1" (click) or "0". Built once by a
 * {@link Builder}; immutable after.
 */
public final class FieldColumns implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The click label. */
    public static final String POSITIVE = "1";
    /** The no-click label. */
    public static final String NEGATIVE = "0";

    private final List<String> names;
    private final boolean[] numeric;
    private final ValueDictionary<?>[] dictionaries;
    private final PackedCodes[] codes;
    private final long[] positives;
    private final int size;

    private FieldColumns(Builder b) {
        this.names = b.names;
        this.numeric = b.numeric;
        this.dictionaries = b.dictionaries;
        this.codes = b.codes;
        this.positives = Arrays.copyOf(b.positives, (b.size + 63) >>> 6);
        this.size = b.size;
    }

    /** @return the number of rows */
    public int size() { return size; }

    /** @return the field names, in the order rows were read (and features are materialised) */
    public List<String> fieldNames() { return names; }

    /** @param c a column @return whether it is a numeric field (else categorical) */
    public boolean isNumeric(int c) { return numeric[c]; }

    /** @param c a column @return its number of distinct values */
    public int distinctValues(int c) { return dictionaries[c].size(); }

    /**
     * @param c a column
     * @param code a code in {@code [1, distinctValues(c)]}
     * @return the number of rows with that value
     */
    public int count(int c, int code) { return dictionaries[c].count(code); }

    /**
     * @param c a categorical column
     * @param code a code in {@code [1, distinctValues(c)]}
     * @return the value (the part of the feature name after {@code @})
     */
    public String categoricalValue(int c, int code) {
        requireKind(c, false);
        return (String) dictionaries[c].value(code);
    }

    /**
     * @param c a numeric column
     * @param code a code in {@code [1, distinctValues(c)]}
     * @return the value
     */
    public double numericValue(int c, int code) {
        requireKind(c, true);
        return (Double) dictionaries[c].value(code);
    }

    private void requireKind(int c, boolean wantNumeric) {
        if (numeric[c] != wantNumeric) {
            throw new IllegalArgumentException("Field " + names.get(c) + " is " + (numeric[c] ? "numeric" : "categorical"));
        }
    }

    /**
     * @param c a column
     * @param row a row
     * @return the row's code in that column, 0 when the value is missing
     */
    public int code(int c, int row) { return codes[c].get(row); }

    /** @param row a row @return whether it is a click */
    public boolean positive(int row) {
        if (row < 0 || row >= size) {
            throw new IndexOutOfBoundsException("Row " + row + " of " + size);
        }
        return (positives[row >>> 6] & (1L << row)) != 0;
    }

    /** @return bytes held by the packed codes and labels (the dictionaries not included) */
    public long columnBytes() {
        long n = 8L * positives.length;
        for (PackedCodes p : codes) {
            n += p.packedBytes();
        }
        return n;
    }

    /**
     * Materialises a row as the Tribuo example a field source yields for it: label "1" or "0", then per field in
     * column order, when present, {@code f@v} = 1 (categorical) or {@code f} = value (numeric).
     * @param row a row
     * @return a new example
     */
    public Example<Label> example(int row) {
        ArrayExample<Label> e = new ArrayExample<>(new Label(positive(row) ? POSITIVE : NEGATIVE));
        for (int c = 0; c < names.size(); c++) {
            int code = codes[c].get(row);
            if (code == 0) {
                continue;
            }
            if (numeric[c]) {
                e.add(names.get(c), (Double) dictionaries[c].value(code));
            } else {
                e.add(names.get(c) + "@" + dictionaries[c].value(code), 1.0);
            }
        }
        return e;
    }

    /**
     * Copies some rows into columns of their own, for splitting a dataset without materialising an example.
     * @param rows row numbers, in the order the new columns hold them
     * @return the columns of those rows; each dictionary holds only the values those rows use
     * @throws IndexOutOfBoundsException if a row number is out of range
     */
    public FieldColumns rows(int[] rows) {
        Builder b = new Builder(names, numeric);
        for (int r : rows) {
            boolean click = positive(r);
            for (int c = 0; c < names.size(); c++) {
                int code = codes[c].get(r);
                if (code != 0 && numeric[c]) {
                    b.numeric(c, numericValue(c, code));
                } else if (code != 0) {
                    b.categorical(c, categoricalValue(c, code));
                }
            }
            b.endRow(click);
        }
        return b.build();
    }

    /**
     * Builds columns row by row: set the row's values ({@link #categorical}, {@link #numeric}; a field not set is
     * missing), then {@link #endRow}; {@link #build} finishes.
     */
    public static final class Builder {
        private final List<String> names;
        private final boolean[] numeric;
        private final ValueDictionary<?>[] dictionaries;
        private final PackedCodes[] codes;
        private final int[] row;
        private long[] positives = new long[1024];
        private int size;
        private boolean built;

        /**
         * @param names the field names, distinct, without {@code @}
         * @param numeric per field, whether it is numeric (else categorical)
         */
        public Builder(List<String> names, boolean[] numeric) {
            if (names.size() != numeric.length) {
                throw new IllegalArgumentException(names.size() + " names for " + numeric.length + " kinds");
            }
            Set<String> seen = new HashSet<>();
            for (String n : names) {
                if (n.indexOf('@') >= 0 || !seen.add(n)) {
                    throw new IllegalArgumentException("Field names must be distinct and without '@': " + names);
                }
            }
            this.names = List.copyOf(names);
            this.numeric = numeric.clone();
            this.dictionaries = new ValueDictionary<?>[names.size()];
            this.codes = new PackedCodes[names.size()];
            for (int c = 0; c < codes.length; c++) {
                dictionaries[c] = new ValueDictionary<>();
                codes[c] = new PackedCodes();
            }
            this.row = new int[names.size()];
        }

        /**
         * @param c a categorical column
         * @param value this row's value
         * @return this
         */
        @SuppressWarnings("unchecked")
        public Builder categorical(int c, String value) {
            if (numeric[c]) {
                throw new IllegalArgumentException("Field " + names.get(c) + " is numeric");
            }
            requireUnset(c);
            row[c] = ((ValueDictionary<String>) dictionaries[c]).code(value);
            return this;
        }

        /**
         * @param c a numeric column
         * @param value this row's value
         * @return this
         */
        @SuppressWarnings("unchecked")
        public Builder numeric(int c, double value) {
            if (!numeric[c]) {
                throw new IllegalArgumentException("Field " + names.get(c) + " is categorical");
            }
            requireUnset(c);
            row[c] = ((ValueDictionary<Double>) dictionaries[c]).code(value);
            return this;
        }

        private void requireUnset(int c) {
            if (row[c] != 0) {
                throw new IllegalArgumentException("Field " + names.get(c) + " has a second value in row " + size
                        + "; columns hold one value per field and row");
            }
        }

        /**
         * Ends the row.
         * @param positive whether it is a click
         * @return this
         */
        public Builder endRow(boolean positive) {
            if (built) {
                throw new IllegalStateException("The columns are built");
            }
            if (size == Integer.MAX_VALUE) {
                throw new IllegalStateException("At most " + Integer.MAX_VALUE + " rows");
            }
            for (int c = 0; c < row.length; c++) {
                codes[c].add(row[c]);
                row[c] = 0;
            }
            if ((size >>> 6) == positives.length) {
                positives = Arrays.copyOf(positives, positives.length * 2);
            }
            if (positive) {
                positives[size >>> 6] |= 1L << size;
            }
            size++;
            return this;
        }

        /** @return the number of rows ended so far */
        public int size() { return size; }

        /** @return the columns; the builder cannot be used after */
        public FieldColumns build() {
            built = true;
            for (int c = 0; c < codes.length; c++) {
                codes[c].finish();
                dictionaries[c].freeze();
            }
            return new FieldColumns(this);
        }
    }
}
