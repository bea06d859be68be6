package dev.tribuoctr.featuresel;

import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.classification.Label;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes Tribuo examples into {@link FieldBatch}es for the gated field model. Features of fields the layout does
 * not know are ignored (as Tribuo models ignore unseen features); unseen values of known fields map to OOV.
 */
public final class FieldEncoder implements Serializable {
    private static final long serialVersionUID = 1L;

    private final FieldLayout layout;
    private final Map<String, Integer> categoricalIndex = new HashMap<>();
    private final Map<String, Integer> numericIndex = new HashMap<>();

    /** @param layout the fields */
    public FieldEncoder(FieldLayout layout) {
        this.layout = layout;
        for (int f = 0; f < layout.categoricalFields().size(); f++) {
            categoricalIndex.put(layout.categoricalFields().get(f), f);
        }
        for (int n = 0; n < layout.numericFields().size(); n++) {
            numericIndex.put(layout.numericFields().get(n), n);
        }
    }

    /** @return the layout */
    public FieldLayout layout() { return layout; }

    /**
     * @param examples examples
     * @param from first
     * @param to one past the last
     * @param requireLabels whether labels must be "0"/"1" (else anything else encodes as 0)
     * @return the batch
     */
    public FieldBatch encode(List<? extends Example<Label>> examples, int from, int to, boolean requireLabels) {
        int b = to - from;
        int cats = layout.categoricalFields().size();
        int nums = layout.numericFields().size();
        List<List<int[]>> perRow = new ArrayList<>(b);
        int[] widths = new int[cats];
        java.util.Arrays.fill(widths, 1);
        float[] numeric = new float[b * nums];
        float[] labels = new float[b];
        List<List<float[]>> rowWeights = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            Example<Label> e = examples.get(from + i);
            labels[i] = label(e, from + i, requireLabels);
            List<int[]> idx = new ArrayList<>(cats);
            List<float[]> w = new ArrayList<>(cats);
            int[][] tmpIdx = new int[cats][];
            float[][] tmpW = new float[cats][];
            int[] counts = new int[cats];
            for (Feature f : e) {
                String name = f.getName();
                int at = name.indexOf('@');
                if (at < 0) {
                    Integer n = numericIndex.get(name);
                    if (n != null) {
                        numeric[i * nums + n] = (float) f.getValue();
                    }
                    continue;
                }
                Integer c = categoricalIndex.get(name.substring(0, at));
                if (c == null) {
                    continue;
                }
                if (tmpIdx[c] == null) {
                    tmpIdx[c] = new int[4];
                    tmpW[c] = new float[4];
                }
                if (counts[c] == tmpIdx[c].length) {
                    tmpIdx[c] = java.util.Arrays.copyOf(tmpIdx[c], counts[c] * 2);
                    tmpW[c] = java.util.Arrays.copyOf(tmpW[c], counts[c] * 2);
                }
                tmpIdx[c][counts[c]] = layout.vocabulary(c).index(name.substring(at + 1));
                tmpW[c][counts[c]++] = (float) f.getValue();
            }
            for (int c = 0; c < cats; c++) {
                idx.add(tmpIdx[c] == null ? new int[0] : java.util.Arrays.copyOf(tmpIdx[c], counts[c]));
                w.add(tmpW[c] == null ? new float[0] : java.util.Arrays.copyOf(tmpW[c], counts[c]));
                widths[c] = Math.max(widths[c], counts[c]);
            }
            perRow.add(idx);
            rowWeights.add(w);
        }
        int[][] indices = new int[cats][];
        float[][] weights = new float[cats][];
        for (int c = 0; c < cats; c++) {
            indices[c] = new int[b * widths[c]];
            weights[c] = new float[b * widths[c]];
            for (int i = 0; i < b; i++) {
                int[] idx = perRow.get(i).get(c);
                float[] w = rowWeights.get(i).get(c);
                System.arraycopy(idx, 0, indices[c], i * widths[c], idx.length);
                System.arraycopy(w, 0, weights[c], i * widths[c], w.length);
            }
        }
        return new FieldBatch(b, indices, weights, widths, numeric, labels);
    }

    private static float label(Example<Label> e, int position, boolean required) {
        String l = e.getOutput().getLabel();
        if ("1".equals(l)) {
            return 1f;
        }
        if ("0".equals(l) || !required) {
            return 0f;
        }
        throw new IllegalArgumentException("Example " + position + " has label \"" + l
                + "\"; CTR labels must be \"1\" (click) or \"0\" (no click)");
    }
}
