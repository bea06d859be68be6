package dev.tribuoctr.ctr.encoding;

import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * Counts the training data for {@link CtrFeatureLayout#build}: item, attribute and context value counts, the
 * attribute values each item is seen with, and the discovered context fields and numeric features. Examples are
 * counted with {@link #add}; columnar data (which knows its counts without reading examples) gives them with the
 * {@code count…} methods, which follow the same counting rules, so both give the same layout.
 */
public final class LayoutBuilder {
    private static final Logger logger = Logger.getLogger(LayoutBuilder.class.getName());

    private final CtrSchema schema;
    private final InstanceReader reader;
    private final Map<String, Integer> itemCounts = new HashMap<>();
    private final Map<String, Integer> historyCounts = new HashMap<>();
    private final List<Map<String, Integer>> attributeCounts = new ArrayList<>();
    private final List<AttributeObservations> observations = new ArrayList<>();
    private final Map<String, Map<String, Integer>> contextCounts;
    private final TreeSet<String> numericNames = new TreeSet<>();
    private final Set<String> multiValuedContext = new HashSet<>();
    private final Set<String> weightedContext = new HashSet<>();
    private final Map<String, Integer> valuesInRow = new HashMap<>();

    /**
     * Starts counting for a schema.
     * @param schema the schema
     */
    public LayoutBuilder(CtrSchema schema) {
        this.schema = schema;
        this.reader = new InstanceReader(FeatureKeyResolver.forTraining(schema), schema.attributeFields().size(),
                schema.maxHistoryLength());
        for (String field : schema.attributeFields()) {
            attributeCounts.add(new HashMap<>());
            observations.add(new AttributeObservations(field));
        }
        // Discovered fields sorted by name; configured ones keep the schema's order.
        contextCounts = schema.discoversContextFields() ? new TreeMap<>() : new LinkedHashMap<>();
        for (String field : schema.contextFields()) {
            contextCounts.put(field, new HashMap<>());
        }
    }

    /**
     * Counts one training example.
     * @param example the example
     * @param position its position, for error messages
     * @throws IllegalArgumentException if the example is malformed
     */
    public void add(Example<Label> example, int position) {
        reader.read(example, position);
        String item = reader.item.value;
        countTarget(item, 1);
        for (int g = 0; g < reader.attributes.length; g++) {
            FeatureKey attribute = reader.attributes[g];
            if (attribute != null) {
                countTargetAttribute(g, item, attribute.value, 1);
            }
        }
        for (int t = 0; t < reader.historyCount; t++) {
            countHistory(reader.history[t].value, 1);
        }
        valuesInRow.clear();
        for (int c = 0; c < reader.contextCount; c++) {
            FeatureKey key = reader.context[c];
            countContext(key.field, key.value, 1);
            if (valuesInRow.merge(key.field, 1, Integer::sum) > 1) {
                multiValuedContext.add(key.field);
            }
            if (reader.contextWeights[c] != 1f) {
                weightedContext.add(key.field);
            }
        }
        if (schema.discoversNumericFeatures()) {
            for (int n = 0; n < reader.numericCount; n++) {
                numericNames.add(reader.numeric[n].name);
            }
        }
    }

    /**
     * Counts an item as the target of {@code times} rows.
     * @param item the item id
     * @param times the number of rows
     */
    public void countTarget(String item, int times) {
        itemCounts.merge(item, times, Integer::sum);
    }

    /**
     * Counts an attribute value of the target item of {@code times} rows.
     * @param group the attribute group (position in the schema's attribute fields)
     * @param item the target item id
     * @param value the attribute value those rows show
     * @param times the number of rows
     */
    public void countTargetAttribute(int group, String item, String value, int times) {
        attributeCounts.get(group).merge(value, times, Integer::sum);
        observations.get(group).observe(item, value, times);
    }

    /**
     * Counts an item kept in the history of {@code times} rows (after de-duplication and truncation to {@code T}).
     * @param item the item id
     * @param times the number of rows
     */
    public void countHistory(String item, int times) {
        itemCounts.merge(item, times, Integer::sum);
        historyCounts.merge(item, times, Integer::sum);
    }

    /**
     * Counts a context value held by {@code times} rows (once per row, with feature value 1).
     * @param field the context field
     * @param value the value
     * @param times the number of rows, at least 1
     * @throws IllegalArgumentException if the schema configures its context fields and this one is not among them
     */
    public void countContext(String field, String value, int times) {
        Map<String, Integer> counts = contextCounts.get(field);
        if (counts == null) {
            if (!schema.discoversContextFields()) {
                throw new IllegalArgumentException("field '" + field + "' is not part of the layout (context fields "
                        + schema.contextFields() + ")");
            }
            counts = new HashMap<>();
            contextCounts.put(field, counts);
        }
        counts.merge(value, times, Integer::sum);
    }

    /**
     * Builds the layout from the counts.
     * @param itemMetadata optional item id → attribute values (see {@link CtrFeatureLayout#build}); may be null
     * @return the layout
     */
    public CtrFeatureLayout finish(Map<String, List<String>> itemMetadata) {
        int minCount = schema.minCount();
        Vocabulary items = Vocabulary.fromCounts(schema.itemField(), itemCounts, minCount);
        List<String> attributeFields = schema.attributeFields();
        List<Map<String, String>> resolved = new ArrayList<>();
        for (AttributeObservations obs : observations) {
            resolved.add(obs.resolve());
        }
        if (itemMetadata != null) {
            addMetadata(items, itemMetadata, resolved);
        }
        List<Vocabulary> attributeVocabularies = new ArrayList<>();
        for (int g = 0; g < attributeFields.size(); g++) {
            Map<String, Integer> counts = attributeCounts.get(g);
            Map<String, String> values = resolved.get(g);
            for (Map.Entry<String, Integer> h : historyCounts.entrySet()) {
                String value = items.contains(h.getKey()) ? values.get(h.getKey()) : null;
                if (value != null) {
                    counts.merge(value, h.getValue(), Integer::sum);
                }
            }
            attributeVocabularies.add(Vocabulary.fromCounts(attributeFields.get(g), counts, minCount));
        }
        ItemAttributeTable table = ItemAttributeTable.build(items, attributeVocabularies, resolved);
        List<String> contextFields = new ArrayList<>(contextCounts.keySet());
        List<Vocabulary> contextVocabularies = new ArrayList<>();
        for (Map.Entry<String, Map<String, Integer>> e : contextCounts.entrySet()) {
            contextVocabularies.add(Vocabulary.fromCounts(e.getKey(), e.getValue(), minCount));
        }
        List<String> numeric = schema.discoversNumericFeatures() ? new ArrayList<>(numericNames) : schema.numericFeatures();
        CtrFeatureLayout layout = new CtrFeatureLayout(schema, items, attributeVocabularies, contextFields,
                contextVocabularies, numeric, table, multiValuedContext, weightedContext);
        logger.fine("Built " + layout);
        return layout;
    }

    /** Fills, from the metadata, the attributes of vocabulary items that no target row showed. */
    private void addMetadata(Vocabulary items, Map<String, List<String>> metadata, List<Map<String, String>> resolved) {
        int groups = resolved.size();
        for (Map.Entry<String, List<String>> e : metadata.entrySet()) {
            List<String> values = e.getValue();
            if (values == null || values.size() != groups) {
                throw new IllegalArgumentException("Item metadata for item '" + e.getKey() + "' has "
                        + (values == null ? "no" : values.size()) + " attribute values, expected " + groups + " "
                        + schema.attributeFields());
            }
            if (!items.contains(e.getKey())) {
                continue;
            }
            for (int g = 0; g < groups; g++) {
                String value = values.get(g);
                if (value != null && !value.isEmpty()) {
                    resolved.get(g).putIfAbsent(e.getKey(), value);
                }
            }
        }
    }
}
