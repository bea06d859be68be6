package dev.tribuoctr.featuresel.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * An append-only column of non-negative int codes, stored in chunks of {@value #CHUNK} rows, each bit-packed with
 * just the bits its largest code needs (a chunk of codes below 1,024 takes 10 bits a row). Rows are appended to an
 * open chunk and packed when it is full or at {@link #finish()}; after that the column is read-only and safe for
 * concurrent reads.
 */
final class PackedCodes implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int CHUNK_SHIFT = 14;
    /** Rows per chunk. */
    static final int CHUNK = 1 << CHUNK_SHIFT;

    private long[][] words = new long[16][];
    private byte[] bits = new byte[16];
    private int sealed;
    private int size;
    private int[] open = new int[CHUNK];

    /**
     * @param code a code, at least 0
     */
    void add(int code) {
        if (code < 0) {
            throw new IllegalArgumentException("Codes must be >= 0, found " + code);
        }
        if (open == null) {
            throw new IllegalStateException("The column is finished");
        }
        open[size & (CHUNK - 1)] = code;
        size++;
        if ((size & (CHUNK - 1)) == 0) {
            seal(CHUNK);
        }
    }

    /** Packs the last, partly filled chunk; no rows may be added after. */
    void finish() {
        if (open != null && (size & (CHUNK - 1)) != 0) {
            seal(size & (CHUNK - 1));
        }
        open = null;
        words = Arrays.copyOf(words, sealed);
        bits = Arrays.copyOf(bits, sealed);
    }

    private void seal(int rows) {
        int max = 0;
        for (int i = 0; i < rows; i++) {
            max = Math.max(max, open[i]);
        }
        int b = 32 - Integer.numberOfLeadingZeros(max);
        long[] w = new long[(int) (((long) rows * b + 63) >>> 6)];
        for (int i = 0; b > 0 && i < rows; i++) {
            long pos = (long) i * b;
            int word = (int) (pos >>> 6);
            int offset = (int) (pos & 63);
            w[word] |= ((long) open[i]) << offset;
            if (offset + b > 64) {
                w[word + 1] |= ((long) open[i]) >>> (64 - offset);
            }
        }
        if (sealed == words.length) {
            words = Arrays.copyOf(words, sealed * 2);
            bits = Arrays.copyOf(bits, sealed * 2);
        }
        words[sealed] = w;
        bits[sealed] = (byte) b;
        sealed++;
    }

    /** @return the number of rows */
    int size() { return size; }

    /**
     * @param row a row in {@code [0, size())}
     * @return its code
     */
    int get(int row) {
        int chunk = row >>> CHUNK_SHIFT;
        int i = row & (CHUNK - 1);
        if (chunk == sealed) {
            if (row >= size) {
                throw new IndexOutOfBoundsException("Row " + row + " of " + size);
            }
            return open[i];
        }
        int b = bits[chunk];
        if (b == 0) {
            return 0;
        }
        long[] w = words[chunk];
        long pos = (long) i * b;
        int word = (int) (pos >>> 6);
        int offset = (int) (pos & 63);
        long v = w[word] >>> offset;
        if (offset + b > 64) {
            v |= w[word + 1] << (64 - offset);
        }
        return (int) (v & ((1L << b) - 1));
    }

    /** @return bytes held by the packed chunks (an estimate of the column's memory) */
    long packedBytes() {
        long n = 0;
        for (int c = 0; c < sealed; c++) {
            n += 8L * words[c].length;
        }
        return n;
    }
}
