package dev.tribuoctr.featuresel;

import dev.tribuoctr.ctr.encoding.Vocabulary;
import dev.tribuoctr.featuresel.data.FieldColumns;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Batches assembled straight from {@link FieldColumns} for a {@link FieldLayout}: each categorical field's dictionary
 * codes map to the layout's vocabulary indices through one {@code int[]} per field (code 0, missing, to padding
 * index 0 with weight 0; values the vocabulary lacks to OOV), each numeric field's codes to their float values
 * (missing: 0). The batches equal those of {@link FieldEncoder} over the materialised examples: width 1 per field
 * (one value per row), weight 1 for a present value. Layout fields the columns lack are missing in every row;
 * columns the layout lacks are ignored. Read-only: safe for concurrent batches.
 */
final class ColumnBatches implements FieldRows {
    private final FieldColumns columns;
    private final int[] rowOrder;
    private final int[] categoricalColumn;
    private final int[][] indexOfCode;
    private final int[] numericColumn;
    private final float[][] valueOfCode;

    /**
     * @param columns the columns
     * @param rowOrder the column row of each position, or null for row order
     * @param layout the fields to encode
     */
    ColumnBatches(FieldColumns columns, int[] rowOrder, FieldLayout layout) {
        if (rowOrder != null && rowOrder.length != columns.size()) {
            throw new IllegalArgumentException(rowOrder.length + " positions for " + columns.size() + " rows");
        }
        this.columns = columns;
        this.rowOrder = rowOrder;
        Map<String, Integer> byName = new HashMap<>();
        for (int c = 0; c < columns.fieldNames().size(); c++) {
            byName.put(columns.fieldNames().get(c), c);
        }
        int cats = layout.categoricalFields().size();
        categoricalColumn = new int[cats];
        indexOfCode = new int[cats][];
        for (int f = 0; f < cats; f++) {
            Integer c = byName.get(layout.categoricalFields().get(f));
            categoricalColumn[f] = c == null || columns.isNumeric(c) ? -1 : c;
            if (categoricalColumn[f] >= 0) {
                Vocabulary vocabulary = layout.vocabulary(f);
                int[] map = new int[columns.distinctValues(c) + 1];
                for (int code = 1; code < map.length; code++) {
                    map[code] = vocabulary.index(columns.categoricalValue(c, code));
                }
                indexOfCode[f] = map;
            }
        }
        int nums = layout.numericFields().size();
        numericColumn = new int[nums];
        valueOfCode = new float[nums][];
        for (int n = 0; n < nums; n++) {
            Integer c = byName.get(layout.numericFields().get(n));
            numericColumn[n] = c == null || !columns.isNumeric(c) ? -1 : c;
            if (numericColumn[n] >= 0) {
                float[] map = new float[columns.distinctValues(c) + 1];
                for (int code = 1; code < map.length; code++) {
                    map[code] = (float) columns.numericValue(c, code);
                }
                valueOfCode[n] = map;
            }
        }
    }

    @Override
    public int size() { return columns.size(); }

    @Override
    public FieldBatch batch(int[] rows, int from, int to) {
        int b = to - from;
        int cats = categoricalColumn.length;
        int nums = numericColumn.length;
        int[][] idx = new int[cats][b];
        float[][] wt = new float[cats][b];
        int[] widths = new int[cats];
        Arrays.fill(widths, 1);
        float[] num = new float[b * nums];
        float[] lab = new float[b];
        for (int i = 0; i < b; i++) {
            int r = rowOrder == null ? rows[from + i] : rowOrder[rows[from + i]];
            for (int f = 0; f < cats; f++) {
                int c = categoricalColumn[f];
                int code = c < 0 ? 0 : columns.code(c, r);
                if (code != 0) {
                    idx[f][i] = indexOfCode[f][code];
                    wt[f][i] = 1f;
                }
            }
            for (int n = 0; n < nums; n++) {
                int c = numericColumn[n];
                if (c >= 0) {
                    num[i * nums + n] = valueOfCode[n][columns.code(c, r)];
                }
            }
            lab[i] = columns.positive(r) ? 1f : 0f;
        }
        return new FieldBatch(b, idx, wt, widths, num, lab);
    }
}
