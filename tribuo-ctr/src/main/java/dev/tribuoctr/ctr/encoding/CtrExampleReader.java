package dev.tribuoctr.ctr.encoding;

import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Reads CTR examples into their raw string values by role (design §1, docs/design/data-encoding.md), with exactly the checks and history rules of
 * the encoder: one item, at most one value per attribute field, the history sorted by rank with repeats dropped and
 * the most recent {@code T} kept, context values in feature order with their weights, numeric values by position.
 * It needs no vocabularies, so serving code (for instance an ONNX Runtime session fed with strings) can map Tribuo
 * examples onto its inputs the way training encoded them.
 * <p>
 * Not thread safe: use one reader per thread.
 */
public final class CtrExampleReader {
    private final InstanceReader reader;
    private final int contextFieldCount;
    private final int numericCount;

    /**
     * @param schema the schema (item, attribute and history fields, {@code T})
     * @param contextFields the context fields, in the model's order (other fields are rejected)
     * @param numericFeatures the numeric features, in the model's order (others are rejected)
     */
    public CtrExampleReader(CtrSchema schema, List<String> contextFields, List<String> numericFeatures) {
        this(schema, contextFields, numericFeatures, null);
    }

    /**
     * A reader for prediction, which ignores features of other fields, as Tribuo models do.
     * @param schema the schema (item, attribute and history fields, {@code T})
     * @param contextFields the context fields, in the model's order
     * @param numericFeatures the numeric features, in the model's order
     * @param unknown where features of other fields are counted (and logged once per field); null to reject them
     */
    public CtrExampleReader(CtrSchema schema, List<String> contextFields, List<String> numericFeatures,
                            UnknownFeatures unknown) {
        Objects.requireNonNull(schema, "schema");
        this.reader = new InstanceReader(FeatureKeyResolver.forFields(schema, List.copyOf(contextFields),
                List.copyOf(numericFeatures)), schema.attributeFields().size(), schema.maxHistoryLength(), unknown);
        this.contextFieldCount = contextFields.size();
        this.numericCount = numericFeatures.size();
    }

    /**
     * Reads one example.
     * @param example the example
     * @param position its position, for error messages
     * @return its values
     * @throws IllegalArgumentException if the example is malformed or (without an {@link UnknownFeatures}) has a field
     *                                  the model does not know
     */
    public CtrExampleValues read(Example<Label> example, int position) {
        reader.read(example, position);
        List<String> attributes = new ArrayList<>(reader.attributes.length);
        for (FeatureKey a : reader.attributes) {
            attributes.add(a == null ? null : a.value);
        }
        List<String> history = new ArrayList<>(reader.historyCount);
        for (int t = 0; t < reader.historyCount; t++) {
            history.add(reader.history[t].value);
        }
        List<List<String>> contextValues = new ArrayList<>(contextFieldCount);
        List<List<Float>> contextWeights = new ArrayList<>(contextFieldCount);
        for (int f = 0; f < contextFieldCount; f++) {
            contextValues.add(new ArrayList<>(1));
            contextWeights.add(new ArrayList<>(1));
        }
        for (int c = 0; c < reader.contextCount; c++) {
            FeatureKey key = reader.context[c];
            contextValues.get(key.group).add(key.value);
            contextWeights.get(key.group).add(reader.contextWeights[c]);
        }
        float[] numeric = new float[numericCount];
        for (int n = 0; n < reader.numericCount; n++) {
            numeric[reader.numeric[n].group] = reader.numericValues[n];
        }
        return new CtrExampleValues(reader.item.value, attributes, history, contextValues, contextWeights, numeric);
    }

    /**
     * The raw values of one CTR example.
     * @param item the target item id
     * @param attributes the target's attribute values in the schema's order, null where the example has none
     * @param history the history item ids, most recent first, repeats dropped, at most {@code T}
     * @param contextValues per context field, its values in feature order (empty when absent)
     * @param contextWeights per context field, the feature values of those values
     * @param numeric numeric feature values by position (0 when absent)
     */
    public record CtrExampleValues(String item, List<String> attributes, List<String> history,
                                   List<List<String>> contextValues, List<List<Float>> contextWeights,
                                   float[] numeric) {
        @Override
        public String toString() {
            return "CtrExampleValues(item=" + item + ",attributes=" + attributes + ",history=" + history
                    + ",context=" + contextValues + ",numeric=" + Arrays.toString(numeric) + ")";
        }
    }
}
