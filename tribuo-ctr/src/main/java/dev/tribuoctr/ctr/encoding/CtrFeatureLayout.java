package dev.tribuoctr.ctr.encoding;

import dev.tribuoctr.ctr.protos.CtrFeatureLayoutProto;
import dev.tribuoctr.ctr.protos.VocabularyProto;

import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The feature layout resolved from a {@link CtrSchema} and the training data (design §1.5–1.6, docs/design/data-encoding.md): the item vocabulary (shared
 * by the target item and the history), one vocabulary per attribute group (shared by the target's and the history
 * items' attribute), one vocabulary per context field, the numeric feature names in a fixed order, and the
 * item→attribute table.
 * <p>
 * Build it with {@link #build}. Counting rules: an item's count is its number of occurrences as target item plus as
 * a kept history item (after de-duplication and truncation to {@code T}); an attribute value's count is its number of
 * occurrences as a target attribute plus the history occurrences of items resolved to it; a context value's count is
 * the number of rows holding it. Values counted fewer than {@code minCount} times map to OOV. Discovered context
 * fields and numeric features are sorted by name; configured ones keep the schema's order.
 */
public final class CtrFeatureLayout implements Serializable {
    private static final long serialVersionUID = 1L;

    private final CtrSchema schema;
    private final Vocabulary itemVocabulary;
    private final List<Vocabulary> attributeVocabularies;
    private final List<String> contextFields;
    private final List<Vocabulary> contextVocabularies;
    private final List<String> numericFeatures;
    private final ItemAttributeTable itemAttributes;
    /** Context fields seen with more than one value in a training row (null in layouts serialized before). */
    private final Set<String> multiValuedContextFields;
    /** Context fields seen with a feature value other than 1 in training (null in layouts serialized before). */
    private final Set<String> weightedContextFields;

    /**
     * Creates a layout from its parts (normally called by {@link #build}).
     * @param schema the schema
     * @param itemVocabulary the item vocabulary
     * @param attributeVocabularies one vocabulary per attribute field of the schema, in its order
     * @param contextFields the context fields
     * @param contextVocabularies one vocabulary per context field
     * @param numericFeatures the numeric feature names, in encoding order
     * @param itemAttributes the item→attribute table, sized to the vocabularies
     * @throws IllegalArgumentException if the parts disagree
     */
    public CtrFeatureLayout(CtrSchema schema, Vocabulary itemVocabulary, List<Vocabulary> attributeVocabularies,
                            List<String> contextFields, List<Vocabulary> contextVocabularies,
                            List<String> numericFeatures, ItemAttributeTable itemAttributes) {
        this(schema, itemVocabulary, attributeVocabularies, contextFields, contextVocabularies, numericFeatures,
                itemAttributes, Set.of(), Set.of());
    }

    /**
     * Creates a layout from its parts, with what training showed about the context fields' shapes.
     * @param schema the schema
     * @param itemVocabulary the item vocabulary
     * @param attributeVocabularies one vocabulary per attribute field of the schema, in its order
     * @param contextFields the context fields
     * @param contextVocabularies one vocabulary per context field
     * @param numericFeatures the numeric feature names, in encoding order
     * @param itemAttributes the item→attribute table, sized to the vocabularies
     * @param multiValuedContextFields context fields that held more than one value in some training row
     * @param weightedContextFields context fields that had a feature value other than 1 in some training row
     * @throws IllegalArgumentException if the parts disagree
     */
    public CtrFeatureLayout(CtrSchema schema, Vocabulary itemVocabulary, List<Vocabulary> attributeVocabularies,
                            List<String> contextFields, List<Vocabulary> contextVocabularies,
                            List<String> numericFeatures, ItemAttributeTable itemAttributes,
                            Set<String> multiValuedContextFields, Set<String> weightedContextFields) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.itemVocabulary = Objects.requireNonNull(itemVocabulary, "itemVocabulary");
        this.attributeVocabularies = List.copyOf(attributeVocabularies);
        this.contextFields = List.copyOf(contextFields);
        this.contextVocabularies = List.copyOf(contextVocabularies);
        this.numericFeatures = List.copyOf(numericFeatures);
        this.itemAttributes = Objects.requireNonNull(itemAttributes, "itemAttributes");
        this.multiValuedContextFields = Collections.unmodifiableSet(new TreeSet<>(multiValuedContextFields));
        this.weightedContextFields = Collections.unmodifiableSet(new TreeSet<>(weightedContextFields));
        for (Set<String> fields : List.of(this.multiValuedContextFields, this.weightedContextFields)) {
            if (!this.contextFields.containsAll(fields)) {
                throw new IllegalArgumentException("Context fields " + fields + " are not all in " + this.contextFields);
            }
        }
        if (this.attributeVocabularies.size() != schema.attributeFields().size()
                || itemAttributes.groupCount() != schema.attributeFields().size()) {
            throw new IllegalArgumentException("Expected " + schema.attributeFields().size()
                    + " attribute vocabularies and table groups");
        }
        if (itemAttributes.groupCount() > 0 && itemAttributes.itemCount() != itemVocabulary.size()) {
            throw new IllegalArgumentException("Item→attribute table covers " + itemAttributes.itemCount()
                    + " items, the item vocabulary has " + itemVocabulary.size());
        }
        if (this.contextFields.size() != this.contextVocabularies.size()) {
            throw new IllegalArgumentException("Got " + this.contextFields.size() + " context fields and "
                    + this.contextVocabularies.size() + " vocabularies");
        }
    }

    /**
     * Builds the layout from the training data.
     * @param schema the schema
     * @param train the training examples (a Tribuo {@code Dataset<Label>} works); error messages give positions in
     *              iteration order
     * @param itemMetadata optional item id → attribute values (in the schema's attribute order, null entries
     *                     unknown), used for items whose attributes no target row shows; may be null
     * @return the layout
     * @throws IllegalArgumentException if there are no examples or one is malformed
     */
    public static CtrFeatureLayout build(CtrSchema schema, Iterable<? extends Example<Label>> train,
                                         Map<String, List<String>> itemMetadata) {
        LayoutBuilder builder = new LayoutBuilder(schema);
        int position = 0;
        for (Example<Label> example : train) {
            builder.add(example, position++);
        }
        if (position == 0) {
            throw new IllegalArgumentException("Cannot build a CTR feature layout from no training examples");
        }
        return builder.finish(itemMetadata);
    }

    /** @return the schema */
    public CtrSchema schema() { return schema; }

    /** @return the item vocabulary, shared by the target item and the history */
    public Vocabulary itemVocabulary() { return itemVocabulary; }

    /** @return the number of attribute groups {@code A} */
    public int attributeCount() { return attributeVocabularies.size(); }

    /** @param group attribute group @return its vocabulary */
    public Vocabulary attributeVocabulary(int group) { return attributeVocabularies.get(group); }

    /** @return the attribute vocabularies, in the schema's order */
    public List<Vocabulary> attributeVocabularies() { return attributeVocabularies; }

    /** @return the context fields, in encoding order */
    public List<String> contextFields() { return contextFields; }

    /** @param field context field position @return its vocabulary */
    public Vocabulary contextVocabulary(int field) { return contextVocabularies.get(field); }

    /** @return the context vocabularies, in encoding order */
    public List<Vocabulary> contextVocabularies() { return contextVocabularies; }

    /** @return the numeric feature names, in encoding order */
    public List<String> numericFeatures() { return numericFeatures; }

    /** @return the item→attribute table */
    public ItemAttributeTable itemAttributes() { return itemAttributes; }

    /**
     * @return the context fields that held more than one value in some training row (multi-hot fields); empty for
     *         layouts serialized before this was recorded
     */
    public Set<String> multiValuedContextFields() {
        return multiValuedContextFields == null ? Set.of() : multiValuedContextFields;
    }

    /**
     * @return the context fields whose feature values were not all 1 in training (weighted fields); empty for
     *         layouts serialized before this was recorded
     */
    public Set<String> weightedContextFields() {
        return weightedContextFields == null ? Set.of() : weightedContextFields;
    }

    /** @return the maximum history length {@code T} */
    public int historyLength() { return schema.maxHistoryLength(); }

    /** @return every feature field and numeric name of the layout, for documentation and export */
    public List<String> fieldNames() {
        List<String> names = new ArrayList<>();
        names.add(schema.itemField());
        names.addAll(schema.attributeFields());
        names.add(schema.historyField());
        names.addAll(contextFields);
        names.addAll(numericFeatures);
        return Collections.unmodifiableList(names);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("CtrFeatureLayout(items=").append(itemVocabulary.size());
        for (Vocabulary v : attributeVocabularies) {
            sb.append(',').append(v.name()).append('=').append(v.size());
        }
        for (Vocabulary v : contextVocabularies) {
            sb.append(',').append(v.name()).append('=').append(v.size());
        }
        return sb.append(",numeric=").append(numericFeatures).append(",T=").append(historyLength()).append(')').toString();
    }

    /** @return the protobuf form: schema, vocabularies, item→attribute table and the context fields' shapes */
    public CtrFeatureLayoutProto toProto() {
        return CtrFeatureLayoutProto.newBuilder()
                .setSchema(schema.toProto())
                .setItemVocabulary(itemVocabulary.toProto())
                .addAllAttributeVocabularies(attributeVocabularies.stream().map(Vocabulary::toProto).toList())
                .addAllContextFields(contextFields)
                .addAllContextVocabularies(contextVocabularies.stream().map(Vocabulary::toProto).toList())
                .addAllNumericFeatures(numericFeatures)
                .addAllItemAttributes(itemAttributes.toProto())
                .addAllMultiValuedContextFields(multiValuedContextFields())
                .addAllWeightedContextFields(weightedContextFields())
                .build();
    }

    /**
     * @param proto the protobuf form
     * @return the layout
     * @throws IllegalArgumentException if the parts disagree, or the item→attribute table points outside an
     *                                  attribute vocabulary
     */
    public static CtrFeatureLayout fromProto(CtrFeatureLayoutProto proto) {
        List<Vocabulary> attributes = vocabularies(proto.getAttributeVocabulariesList());
        ItemAttributeTable table = ItemAttributeTable.fromProto(proto.getItemAttributesList());
        for (int g = 0; g < Math.min(attributes.size(), table.groupCount()); g++) {
            int size = attributes.get(g).size();
            for (int item = 0; item < table.itemCount(); item++) {
                int attribute = table.attribute(g, item);
                if (attribute < 0 || attribute >= size) {
                    throw new IllegalArgumentException("Item " + item + " has attribute index " + attribute
                            + " outside vocabulary '" + attributes.get(g).name() + "' of size " + size);
                }
            }
        }
        return new CtrFeatureLayout(CtrSchema.fromProto(proto.getSchema()),
                Vocabulary.fromProto(proto.getItemVocabulary()), attributes, proto.getContextFieldsList(),
                vocabularies(proto.getContextVocabulariesList()), proto.getNumericFeaturesList(), table,
                Set.copyOf(proto.getMultiValuedContextFieldsList()), Set.copyOf(proto.getWeightedContextFieldsList()));
    }

    private static List<Vocabulary> vocabularies(List<VocabularyProto> protos) {
        return protos.stream().map(Vocabulary::fromProto).toList();
    }
}
