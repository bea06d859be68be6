package dev.tribuoctr.featuresel;

/**
 * A batch encoded by a {@link FieldLayout}: per categorical field, multi-hot value indices and weights with a
 * per-batch width (padding index 0, weight 0), the numeric fields' values (0 when absent) and the labels.
 * @param size number of instances B
 * @param indices per categorical field, [B*L_f] vocabulary indices
 * @param weights per categorical field, [B*L_f] feature values
 * @param widths per categorical field, its width L_f
 * @param numeric [B*N] numeric values
 * @param labels [B], 1 = clicked
 */
public record FieldBatch(int size, int[][] indices, float[][] weights, int[] widths, float[] numeric, float[] labels) {
}
