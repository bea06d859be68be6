package dev.tribuoctr.ctr.encoding;

import java.util.Arrays;
import java.util.Objects;

/**
 * A batch of CTR instances encoded as vocabulary indices (design §1.7, docs/design/data-encoding.md), the input of the interest model.
 * <p>
 * Arrays are row-major. History positions hold item indices (0 = padding, 1 = out-of-vocabulary); a history
 * position is valid exactly when its item index is not 0, so no separate mask is stored. History attributes are
 * looked up from the item→attribute table by the encoder. Context fields are multi-hot: each field has a width
 * {@code L_f} and per-row index/weight slots, padded with index 0 and weight 0.
 */
public final class CtrBatch {
    private final int size;
    private final int historyLength;
    private final int[] items;
    private final int[][] attributes;
    private final int[] historyItems;
    private final int[][] historyAttributes;
    private final int[][] contextIndices;
    private final float[][] contextWeights;
    private final int[] contextWidths;
    private final float[] numeric;
    private final int numericCount;
    private final float[] labels;

    /**
     * Creates a batch; arrays are taken as they are, not copied.
     * @param size number of instances {@code B}
     * @param historyLength history slots per instance {@code T} (may be 0)
     * @param items target item index per instance, [B]
     * @param attributes per attribute group, the target item's attribute index, [A][B]
     * @param historyItems history item indices, [B*T], 0 = padding
     * @param historyAttributes per attribute group, the history items' attribute indices, [A][B*T]
     * @param contextIndices per context field, value indices, [F][B*L_f], 0 = padding
     * @param contextWeights per context field, value weights, [F][B*L_f], 0 at padding
     * @param contextWidths per context field, its width {@code L_f}
     * @param numeric numeric features, [B*numericCount]
     * @param numericCount number of numeric features per instance
     * @param labels click labels (1 clicked, 0 not), [B]
     */
    public CtrBatch(int size, int historyLength, int[] items, int[][] attributes, int[] historyItems,
                    int[][] historyAttributes, int[][] contextIndices, float[][] contextWeights, int[] contextWidths,
                    float[] numeric, int numericCount, float[] labels) {
        this.size = size;
        this.historyLength = historyLength;
        this.items = Objects.requireNonNull(items, "items");
        this.attributes = Objects.requireNonNull(attributes, "attributes");
        this.historyItems = Objects.requireNonNull(historyItems, "historyItems");
        this.historyAttributes = Objects.requireNonNull(historyAttributes, "historyAttributes");
        this.contextIndices = Objects.requireNonNull(contextIndices, "contextIndices");
        this.contextWeights = Objects.requireNonNull(contextWeights, "contextWeights");
        this.contextWidths = Objects.requireNonNull(contextWidths, "contextWidths");
        this.numeric = Objects.requireNonNull(numeric, "numeric");
        this.numericCount = numericCount;
        this.labels = Objects.requireNonNull(labels, "labels");
        check(items.length == size, "items has " + items.length + " rows, expected " + size);
        check(historyItems.length == size * historyLength, "historyItems has " + historyItems.length
                + " entries, expected " + size * historyLength);
        check(attributes.length == historyAttributes.length, "attributes and historyAttributes disagree on the group count");
        for (int a = 0; a < attributes.length; a++) {
            check(attributes[a].length == size, "attribute group " + a + " has " + attributes[a].length + " rows");
            check(historyAttributes[a].length == size * historyLength, "history attribute group " + a + " has "
                    + historyAttributes[a].length + " entries");
        }
        check(contextIndices.length == contextWidths.length && contextWeights.length == contextWidths.length,
                "context arrays disagree on the field count");
        for (int f = 0; f < contextWidths.length; f++) {
            check(contextIndices[f].length == size * contextWidths[f] && contextWeights[f].length == size * contextWidths[f],
                    "context field " + f + " has the wrong number of slots");
        }
        check(numeric.length == size * numericCount, "numeric has " + numeric.length + " entries");
        check(labels.length == size, "labels has " + labels.length + " rows");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("Inconsistent CtrBatch: " + message);
        }
    }

    /** @return the number of instances {@code B} */
    public int size() { return size; }

    /** @return history slots per instance {@code T} */
    public int historyLength() { return historyLength; }

    /** @return target item indices, [B] */
    public int[] items() { return items; }

    /** @return number of attribute groups {@code A} */
    public int attributeCount() { return attributes.length; }

    /** @param group attribute group @return the target items' attribute indices, [B] */
    public int[] attributes(int group) { return attributes[group]; }

    /** @return history item indices, [B*T], 0 = padding */
    public int[] historyItems() { return historyItems; }

    /** @param group attribute group @return the history items' attribute indices, [B*T] */
    public int[] historyAttributes(int group) { return historyAttributes[group]; }

    /** @return number of context fields */
    public int contextFieldCount() { return contextWidths.length; }

    /** @param field context field @return its width {@code L_f} */
    public int contextWidth(int field) { return contextWidths[field]; }

    /** @param field context field @return value indices, [B*L_f] */
    public int[] contextIndices(int field) { return contextIndices[field]; }

    /** @param field context field @return value weights, [B*L_f] */
    public float[] contextWeights(int field) { return contextWeights[field]; }

    /** @return numeric features, [B*numericCount] */
    public float[] numeric() { return numeric; }

    /** @return numeric features per instance */
    public int numericCount() { return numericCount; }

    /** @return labels, [B] */
    public float[] labels() { return labels; }

    /** @return the number of valid (non-padding) history positions of instance {@code b} */
    public int historyCount(int b) {
        int n = 0;
        for (int t = 0; t < historyLength; t++) {
            if (historyItems[b * historyLength + t] != 0) {
                n++;
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return "CtrBatch(size=" + size + ",T=" + historyLength + ",attributes=" + attributes.length
                + ",contextWidths=" + Arrays.toString(contextWidths) + ",numeric=" + numericCount + ")";
    }
}
