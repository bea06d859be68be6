package dev.tribuoctr.ctr.encoding;

/**
 * Selects instances out of an encoded {@link CtrBatch}: the training loop encodes a dataset once and draws its
 * mini-batches from it by index.
 */
public final class BatchRows {
    private BatchRows() { }

    /**
     * @param all an encoded batch
     * @param rows the instances to take, in order
     * @return a new batch of those instances (context widths are kept)
     */
    public static CtrBatch select(CtrBatch all, int[] rows) {
        int b = rows.length;
        int t = all.historyLength();
        int[] items = pick(all.items(), rows, 1);
        int a = all.attributeCount();
        int[][] attrs = new int[a][];
        int[][] histAttrs = new int[a][];
        for (int i = 0; i < a; i++) {
            attrs[i] = pick(all.attributes(i), rows, 1);
            histAttrs[i] = pick(all.historyAttributes(i), rows, t);
        }
        int f = all.contextFieldCount();
        int[][] ctx = new int[f][];
        float[][] weights = new float[f][];
        int[] widths = new int[f];
        for (int i = 0; i < f; i++) {
            widths[i] = all.contextWidth(i);
            ctx[i] = pick(all.contextIndices(i), rows, widths[i]);
            weights[i] = pick(all.contextWeights(i), rows, widths[i]);
        }
        return new CtrBatch(b, t, items, attrs, pick(all.historyItems(), rows, t), histAttrs, ctx, weights, widths,
                pick(all.numeric(), rows, all.numericCount()), all.numericCount(), pick(all.labels(), rows, 1));
    }

    /**
     * @param all an encoded batch
     * @param from first instance
     * @param to one past the last instance
     * @return the instances [from, to)
     */
    public static CtrBatch range(CtrBatch all, int from, int to) {
        int[] rows = new int[to - from];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = from + i;
        }
        return select(all, rows);
    }

    private static int[] pick(int[] src, int[] rows, int width) {
        int[] out = new int[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(src, rows[i] * width, out, i * width, width);
        }
        return out;
    }

    private static float[] pick(float[] src, int[] rows, int width) {
        float[] out = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(src, rows[i] * width, out, i * width, width);
        }
        return out;
    }
}
