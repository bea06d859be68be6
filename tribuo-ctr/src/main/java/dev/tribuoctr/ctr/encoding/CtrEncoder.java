package dev.tribuoctr.ctr.encoding;

import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Encodes Tribuo CTR examples into {@link CtrBatch}es of vocabulary indices, following a {@link CtrFeatureLayout}
 * (design §1, docs/design/data-encoding.md).
 * <ul>
 *     <li>Target item and attributes from the example's own {@code item@} and attribute features; a missing
 *     attribute feature gives OOV.</li>
 *     <li>History: the {@code hist_item@<id>} features sorted by rank (their value), an item kept once at its
 *     smallest rank, the most recent {@code T} kept; slot 0 holds rank 1, padding 0 after. {@code T} is the schema's
 *     maximum history length for every batch, so shapes are stable. History attributes come from the
 *     item→attribute table.</li>
 *     <li>Context fields: multi-hot, width {@code L_f} = the largest number of values of the field in any row of
 *     the batch (at least 1), weights = feature values, padding index 0 with weight 0. A row's values fill the slots in the example's feature order (sorted by
 *     name for Tribuo's {@code ArrayExample}); a value repeated in one row takes two slots.</li>
 *     <li>Numeric features: the value, 0 when absent.</li>
 *     <li>Labels: {@code "1"} → 1, {@code "0"} → 0, see {@link LabelMode} for the rest.</li>
 * </ul>
 * Unseen values of known fields map to OOV; malformed examples give an {@link IllegalArgumentException} naming the
 * example's position, its item and the feature. A feature of a field outside the layout is an error with
 * {@link LabelMode#REQUIRED} (training) and ignored with {@link LabelMode#OPTIONAL} (prediction), as Tribuo models
 * ignore unknown features: counted in {@link #unknownFeatures()}, logged once per field. Feature names are split
 * once per distinct name and cached. Thread safe.
 */
public final class CtrEncoder implements Serializable {
    private static final long serialVersionUID = 1L;

    private final CtrFeatureLayout layout;
    private transient FeatureKeyResolver resolver;
    private transient UnknownFeatures unknownFeatures;

    /**
     * Creates an encoder.
     * @param layout the feature layout
     */
    public CtrEncoder(CtrFeatureLayout layout) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.resolver = FeatureKeyResolver.forLayout(layout);
        this.unknownFeatures = unknownFeatures(layout);
    }

    private static UnknownFeatures unknownFeatures(CtrFeatureLayout layout) {
        return new UnknownFeatures("CTR model (context fields " + layout.contextFields() + ", numeric features "
                + layout.numericFeatures() + ")");
    }

    /**
     * @return the features this encoder ignored in {@link LabelMode#OPTIONAL} (prediction) because their field is not
     *         part of the layout, counted since it was made or loaded
     */
    public UnknownFeatures unknownFeatures() { return unknownFeatures; }

    /** @return the layout */
    public CtrFeatureLayout layout() { return layout; }

    /**
     * Encodes labelled examples ({@link LabelMode#REQUIRED}).
     * @param examples the examples
     * @return the batch
     * @throws IllegalArgumentException if an example is malformed or its label is not "0" or "1"
     */
    public CtrBatch encode(List<? extends Example<Label>> examples) {
        return encode(examples, 0, examples.size(), LabelMode.REQUIRED);
    }

    /**
     * Encodes examples.
     * @param examples the examples
     * @param mode how labels are treated
     * @return the batch
     * @throws IllegalArgumentException if an example is malformed or, with {@link LabelMode#REQUIRED}, its label is
     *                                  not "0" or "1"
     */
    public CtrBatch encode(List<? extends Example<Label>> examples, LabelMode mode) {
        return encode(examples, 0, examples.size(), mode);
    }

    /**
     * Encodes the examples {@code from} (inclusive) to {@code to} (exclusive) of a list; error messages give
     * positions in the list.
     * @param examples the examples
     * @param from first position
     * @param to end position
     * @param mode how labels are treated
     * @return the batch of {@code to - from} instances
     * @throws IllegalArgumentException if the range is invalid, an example is malformed or, with
     *                                  {@link LabelMode#REQUIRED}, its label is not "0" or "1"
     */
    public CtrBatch encode(List<? extends Example<Label>> examples, int from, int to, LabelMode mode) {
        return encode(examples, from, to, mode, null);
    }

    /**
     * Encodes the examples {@code from} (inclusive) to {@code to} (exclusive) of a list with context fields at
     * least as wide as given: batches drawn from a larger set keep the set's widths, so that they equal the rows of
     * the set encoded whole.
     * @param examples the examples
     * @param from first position
     * @param to end position
     * @param mode how labels are treated
     * @param minContextWidths per context field, the smallest width {@code L_f}; null for 1
     * @return the batch of {@code to - from} instances
     * @throws IllegalArgumentException if the range is invalid, an example is malformed or, with
     *                                  {@link LabelMode#REQUIRED}, its label is not "0" or "1"
     */
    public CtrBatch encode(List<? extends Example<Label>> examples, int from, int to, LabelMode mode,
                           int[] minContextWidths) {
        if (from < 0 || to > examples.size() || from > to) {
            throw new IllegalArgumentException("Invalid range [" + from + ", " + to + ") of " + examples.size()
                    + " examples");
        }
        Objects.requireNonNull(mode, "mode");
        int size = to - from;
        int historyLength = layout.historyLength();
        int attributeCount = layout.attributeCount();
        int fieldCount = layout.contextFields().size();
        int numericCount = layout.numericFeatures().size();
        int[] items = new int[size];
        int[][] attributes = new int[attributeCount][size];
        int[] historyItems = new int[size * historyLength];
        int[][] historyAttributes = new int[attributeCount][size * historyLength];
        float[] numeric = new float[size * numericCount];
        float[] labels = new float[size];
        ContextBuffer context = new ContextBuffer(size, fieldCount);
        if (minContextWidths != null) {
            if (minContextWidths.length != fieldCount) {
                throw new IllegalArgumentException("Got " + minContextWidths.length + " context widths for "
                        + fieldCount + " context fields");
            }
            context.widen(minContextWidths);
        }
        // prediction ignores (and counts) features of fields outside the layout, as Tribuo models do; training refuses
        InstanceReader reader = new InstanceReader(resolver, attributeCount, historyLength,
                mode == LabelMode.OPTIONAL ? unknownFeatures : null);
        int[][] tableRows = new int[attributeCount][];
        for (int g = 0; g < attributeCount; g++) {
            tableRows[g] = layout.itemAttributes().row(g);
        }
        for (int b = 0; b < size; b++) {
            int position = from + b;
            Example<Label> example = examples.get(position);
            reader.read(example, position);
            labels[b] = label(example, position, mode, reader);
            items[b] = reader.item.index;
            for (int g = 0; g < attributeCount; g++) {
                FeatureKey attribute = reader.attributes[g];
                attributes[g][b] = attribute == null ? Vocabulary.OOV : attribute.index;
            }
            int base = b * historyLength;
            for (int t = 0; t < reader.historyCount; t++) {
                int item = reader.history[t].index;
                historyItems[base + t] = item;
                for (int g = 0; g < attributeCount; g++) {
                    historyAttributes[g][base + t] = tableRows[g][item];
                }
            }
            for (int n = 0; n < reader.numericCount; n++) {
                numeric[b * numericCount + reader.numeric[n].group] = reader.numericValues[n];
            }
            context.addRow(reader);
        }
        return context.finish(size, historyLength, items, attributes, historyItems, historyAttributes, numeric,
                numericCount, labels);
    }

    private static float label(Example<Label> example, int position, LabelMode mode, InstanceReader reader) {
        String label = example.getOutput().getLabel();
        if ("1".equals(label)) {
            return 1f;
        }
        if ("0".equals(label) || mode == LabelMode.OPTIONAL) {
            return 0f;
        }
        throw new IllegalArgumentException("CTR example " + position + " (item " + reader.itemId(example)
                + ") has label '" + label + "', expected \"1\" or \"0\" (use LabelMode.OPTIONAL to encode unlabelled"
                + " examples for prediction)");
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        resolver = FeatureKeyResolver.forLayout(layout);
        unknownFeatures = unknownFeatures(layout);
    }

    /**
     * Collects the context values of a batch row by row, then lays them out with per-field widths.
     */
    private static final class ContextBuffer {
        private final int fieldCount;
        private final int[] rowStart;
        private final int[] widths;
        private final int[] rowCounts;
        private int[] fields = new int[64];
        private int[] indices = new int[64];
        private float[] weights = new float[64];
        private int count;
        private int rows;

        ContextBuffer(int size, int fieldCount) {
            this.fieldCount = fieldCount;
            this.rowStart = new int[size + 1];
            this.widths = new int[fieldCount];
            this.rowCounts = new int[fieldCount];
            Arrays.fill(widths, 1);
        }

        void widen(int[] minWidths) {
            for (int f = 0; f < fieldCount; f++) {
                widths[f] = Math.max(widths[f], minWidths[f]);
            }
        }

        void addRow(InstanceReader reader) {
            Arrays.fill(rowCounts, 0);
            for (int c = 0; c < reader.contextCount; c++) {
                if (count == fields.length) {
                    fields = Arrays.copyOf(fields, count * 2);
                    indices = Arrays.copyOf(indices, count * 2);
                    weights = Arrays.copyOf(weights, count * 2);
                }
                FeatureKey key = reader.context[c];
                fields[count] = key.group;
                indices[count] = key.index;
                weights[count++] = reader.contextWeights[c];
                rowCounts[key.group]++;
            }
            for (int f = 0; f < fieldCount; f++) {
                widths[f] = Math.max(widths[f], rowCounts[f]);
            }
            rowStart[++rows] = count;
        }

        CtrBatch finish(int size, int historyLength, int[] items, int[][] attributes, int[] historyItems,
                        int[][] historyAttributes, float[] numeric, int numericCount, float[] labels) {
            int[][] contextIndices = new int[fieldCount][];
            float[][] contextWeights = new float[fieldCount][];
            for (int f = 0; f < fieldCount; f++) {
                contextIndices[f] = new int[size * widths[f]];
                contextWeights[f] = new float[size * widths[f]];
            }
            int[] cursor = new int[fieldCount];
            for (int b = 0; b < size; b++) {
                Arrays.fill(cursor, 0);
                for (int c = rowStart[b]; c < rowStart[b + 1]; c++) {
                    int f = fields[c];
                    int slot = b * widths[f] + cursor[f]++;
                    contextIndices[f][slot] = indices[c];
                    contextWeights[f][slot] = weights[c];
                }
            }
            return new CtrBatch(size, historyLength, items, attributes, historyItems, historyAttributes,
                    contextIndices, contextWeights, widths.clone(), numeric, numericCount, labels);
        }
    }
}
