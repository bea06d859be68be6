package dev.tribuoctr.ctr.engine;

import java.util.Arrays;

/**
 * The distinct rows of one embedding table that a training step touches, and the map from a table row to its
 * position in the step's compact copy. The position map is one int per table row, allocated once and reset only
 * where a step wrote to it, so a step costs O(rows touched), never O(vocabulary).
 */
public final class TouchedRows {
    private final int[] position;
    private int[] rows = new int[0];

    /** @param vocabularySize rows of the table */
    public TouchedRows(int vocabularySize) {
        this.position = new int[vocabularySize];
        Arrays.fill(position, -1);
    }

    /**
     * Collects the distinct rows of the given index arrays, in first-seen order (deterministic), after the padding
     * row 0, which is always first: the compact copy keeps index 0 as padding, so code that skips index 0 (the
     * gradient scatter, the optimiser) skips the padding row and nothing else.
     * @param indexArrays index arrays into the table
     * @return the distinct rows, starting with 0
     */
    public int[] collect(int[]... indexArrays) {
        clear();
        int total = 1;
        for (int[] a : indexArrays) { total += a.length; }
        int[] found = new int[total];
        position[0] = 0;
        found[0] = 0;
        int n = 1;
        for (int[] a : indexArrays) {
            for (int r : a) {
                if (position[r] < 0) {
                    position[r] = n;
                    found[n++] = r;
                }
            }
        }
        rows = Arrays.copyOf(found, n);
        return rows;
    }

    /** @param row a table row collected by the last {@link #collect} @return its position in the compact copy */
    public int positionOf(int row) {
        return position[row];
    }

    /** @return the rows of the last {@link #collect} */
    public int[] rows() { return rows; }

    private void clear() {
        for (int r : rows) {
            position[r] = -1;
        }
        rows = new int[0];
    }
}
