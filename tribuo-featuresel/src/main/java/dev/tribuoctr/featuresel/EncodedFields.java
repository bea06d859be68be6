package dev.tribuoctr.featuresel;

import java.util.Arrays;

/**
 * Examples encoded once by a {@link FieldEncoder}, packed into flat arrays (no object per example or field), from
 * which {@link FieldBatch}es of any rows are assembled: training encodes its data once instead of in every epoch.
 * Row r's values of categorical field c are {@code values[start[r·C + c] … start[r·C + c + 1])}.
 */
final class EncodedFields implements FieldRows {
    private final int size;
    private final int categorical;
    private final int numeric;
    private final int[] start;
    private final int[] indices;
    private final float[] weights;
    private final float[] numericValues;
    private final float[] labels;

    EncodedFields(int size, int categorical, int numeric, int[] start, int[] indices, float[] weights,
                  float[] numericValues, float[] labels) {
        this.size = size;
        this.categorical = categorical;
        this.numeric = numeric;
        this.start = start;
        this.indices = indices;
        this.weights = weights;
        this.numericValues = numericValues;
        this.labels = labels;
    }

    @Override
    public int size() { return size; }

    /** @return a batch of every row, in order */
    FieldBatch batch() {
        int[] all = new int[size];
        for (int i = 0; i < size; i++) {
            all[i] = i;
        }
        return batch(all, 0, size);
    }

    /**
     * {@inheritDoc} Per field, the width is its most values in a row (at least 1), shorter rows padded with index 0
     * and weight 0.
     */
    @Override
    public FieldBatch batch(int[] rows, int from, int to) {
        int b = to - from;
        int[] widths = new int[categorical];
        Arrays.fill(widths, 1);
        for (int i = from; i < to; i++) {
            int base = rows[i] * categorical;
            for (int c = 0; c < categorical; c++) {
                widths[c] = Math.max(widths[c], start[base + c + 1] - start[base + c]);
            }
        }
        int[][] idx = new int[categorical][];
        float[][] wt = new float[categorical][];
        for (int c = 0; c < categorical; c++) {
            idx[c] = new int[b * widths[c]];
            wt[c] = new float[b * widths[c]];
        }
        float[] num = new float[b * numeric];
        float[] lab = new float[b];
        for (int i = 0; i < b; i++) {
            int r = rows[from + i];
            int base = r * categorical;
            for (int c = 0; c < categorical; c++) {
                int s = start[base + c];
                int n = start[base + c + 1] - s;
                System.arraycopy(indices, s, idx[c], i * widths[c], n);
                System.arraycopy(weights, s, wt[c], i * widths[c], n);
            }
            System.arraycopy(numericValues, r * numeric, num, i * numeric, numeric);
            lab[i] = labels[r];
        }
        return new FieldBatch(b, idx, wt, widths, num, lab);
    }
}
