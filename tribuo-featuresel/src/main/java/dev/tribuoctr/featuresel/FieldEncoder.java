package dev.tribuoctr.featuresel;

import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.classification.Label;

import java.io.Serializable;
import java.util.Arrays;
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
        return encodeAll(examples, from, to, requireLabels).batch();
    }

    /**
     * Encodes examples once, for batches of any of them to be assembled later.
     * @param examples examples
     * @param from first
     * @param to one past the last
     * @param requireLabels whether labels must be "0"/"1" (else anything else encodes as 0)
     * @return the encoded examples, row i holding example {@code from + i}
     */
    EncodedFields encodeAll(List<? extends Example<Label>> examples, int from, int to, boolean requireLabels) {
        int b = to - from;
        int cats = layout.categoricalFields().size();
        int nums = layout.numericFields().size();
        int[] start = new int[b * cats + 1];
        int[] indices = new int[Math.max(16, b * cats)];
        float[] weights = new float[indices.length];
        float[] numeric = new float[b * nums];
        float[] labels = new float[b];
        // one example's values per field, reused from example to example
        int[][] rowIdx = new int[cats][4];
        float[][] rowW = new float[cats][4];
        int[] counts = new int[cats];
        int used = 0;
        for (int i = 0; i < b; i++) {
            Example<Label> e = examples.get(from + i);
            labels[i] = label(e, from + i, requireLabels);
            Arrays.fill(counts, 0);
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
                if (counts[c] == rowIdx[c].length) {
                    rowIdx[c] = Arrays.copyOf(rowIdx[c], counts[c] * 2);
                    rowW[c] = Arrays.copyOf(rowW[c], counts[c] * 2);
                }
                rowIdx[c][counts[c]] = layout.vocabulary(c).index(name.substring(at + 1));
                rowW[c][counts[c]++] = (float) f.getValue();
            }
            for (int c = 0; c < cats; c++) {
                int n = counts[c];
                if (used + n > indices.length) {
                    int grown = Math.max(used + n, indices.length * 2);
                    indices = Arrays.copyOf(indices, grown);
                    weights = Arrays.copyOf(weights, grown);
                }
                System.arraycopy(rowIdx[c], 0, indices, used, n);
                System.arraycopy(rowW[c], 0, weights, used, n);
                used += n;
                start[i * cats + c + 1] = used;
            }
        }
        return new EncodedFields(b, cats, nums, start, indices, weights, numeric, labels);
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
