package dev.tribuoctr.ctr.encoding;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import dev.tribuoctr.ctr.protos.CtrSchemaProto;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Names the roles of the feature fields of a CTR example (design §1.3, docs/design/data-encoding.md): which {@code field@value} field is the target
 * item, which are its attributes, which is the behaviour history, which are context fields, which plain feature
 * names are numeric, the maximum history length {@code T} and the minimum count of a vocabulary value.
 * <p>
 * An empty {@code contextFields} list means "discover them from the training data": every {@code field@value} field
 * that is not the item, an attribute or the history. An empty {@code numericFeatures} list likewise means every
 * feature name without {@code '@'} seen in the training data. The discovered lists are sorted by name and recorded
 * in the {@link CtrFeatureLayout}.
 */
public final class CtrSchema implements Configurable, Provenancable<ConfiguredObjectProvenance>, Serializable {
    private static final long serialVersionUID = 1L;

    /** Default item field. */
    public static final String DEFAULT_ITEM_FIELD = ClickFeatureNames.ITEM;
    /** Default attribute field. */
    public static final String DEFAULT_ATTRIBUTE_FIELD = ClickFeatureNames.CATEGORY;
    /** Default history field. */
    public static final String DEFAULT_HISTORY_FIELD = ClickFeatureNames.HISTORY;
    /** Default maximum history length {@code T}. */
    public static final int DEFAULT_MAX_HISTORY_LENGTH = 50;

    @Config(description = "Field of the target item, features item@<id> with value 1.")
    private String itemField = DEFAULT_ITEM_FIELD;

    @Config(description = "Fields of the target item's attributes (e.g. cate), one embedding group each.")
    private List<String> attributeFields = new ArrayList<>(List.of(DEFAULT_ATTRIBUTE_FIELD));

    @Config(description = "Field of the behaviour history, features hist_item@<id> with the recency rank as value.")
    private String historyField = DEFAULT_HISTORY_FIELD;

    @Config(description = "Maximum history length T (the most recent T items are kept); 0 = no history.")
    private int maxHistoryLength = DEFAULT_MAX_HISTORY_LENGTH;

    @Config(description = "Context fields; empty = every other field@value field of the training data.")
    private List<String> contextFields = new ArrayList<>();

    @Config(description = "Numeric feature names; empty = every feature name without '@' in the training data.")
    private List<String> numericFeatures = new ArrayList<>();

    @Config(description = "Values seen fewer than minCount times in training map to out-of-vocabulary.")
    private int minCount = 1;

    /**
     * For OLCUT.
     */
    private CtrSchema() {}

    /**
     * Creates a schema.
     * @param itemField field of the target item
     * @param attributeFields fields of the item's attributes, in embedding-group order
     * @param historyField field of the behaviour history
     * @param maxHistoryLength maximum history length {@code T}, at least 0 (0 = no history)
     * @param contextFields context fields, empty to discover them from the training data
     * @param numericFeatures numeric feature names, empty to discover them from the training data
     * @param minCount minimum count of a vocabulary value, at least 1
     * @throws IllegalArgumentException if a name is empty, contains '@' or is repeated, or a number is out of range
     */
    public CtrSchema(String itemField, List<String> attributeFields, String historyField, int maxHistoryLength,
                     List<String> contextFields, List<String> numericFeatures, int minCount) {
        this.itemField = itemField;
        this.attributeFields = attributeFields == null ? null : new ArrayList<>(attributeFields);
        this.historyField = historyField;
        this.maxHistoryLength = maxHistoryLength;
        this.contextFields = contextFields == null ? null : new ArrayList<>(contextFields);
        this.numericFeatures = numericFeatures == null ? null : new ArrayList<>(numericFeatures);
        this.minCount = minCount;
        String[] problem = validate();
        if (problem != null) {
            throw new IllegalArgumentException(problem[0] + ": " + problem[1]);
        }
    }

    /**
     * Returns the default schema: {@code item}, {@code [cate]}, {@code hist_item}, {@code T = 50}, discovered
     * context and numeric features, {@code minCount = 1}.
     * @return the default schema
     */
    public static CtrSchema defaultSchema() {
        return new CtrSchema();
    }

    /**
     * Used by the OLCUT configuration system, and should not be called by external code.
     */
    @Override
    public void postConfig() {
        String[] problem = validate();
        if (problem != null) {
            throw new PropertyException("", problem[0], problem[1]);
        }
    }

    /** Returns null when valid, else {field, message}. */
    private String[] validate() {
        if (maxHistoryLength < 0) {
            return new String[]{"maxHistoryLength", "maxHistoryLength must be >= 0, found " + maxHistoryLength};
        }
        if (minCount < 1) {
            return new String[]{"minCount", "minCount must be >= 1, found " + minCount};
        }
        Set<String> seen = new HashSet<>();
        String[] p;
        if ((p = checkName("itemField", itemField, seen)) != null
                || (p = checkName("historyField", historyField, seen)) != null
                || (p = checkList("attributeFields", attributeFields, seen)) != null
                || (p = checkList("contextFields", contextFields, seen)) != null) {
            return p;
        }
        if (numericFeatures == null) {
            return new String[]{"numericFeatures", "numericFeatures must not be null"};
        }
        Set<String> numeric = new HashSet<>();
        for (String name : numericFeatures) {
            if (name == null || name.isEmpty() || name.indexOf('@') >= 0) {
                return new String[]{"numericFeatures", "numeric feature names must be non-empty and without '@', found '"
                        + name + "'"};
            }
            if (!numeric.add(name)) {
                return new String[]{"numericFeatures", "numeric feature '" + name + "' is listed twice"};
            }
        }
        return null;
    }

    private static String[] checkList(String fieldName, List<String> names, Set<String> seen) {
        if (names == null) {
            return new String[]{fieldName, fieldName + " must not be null"};
        }
        for (String name : names) {
            String[] p = checkName(fieldName, name, seen);
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    private static String[] checkName(String fieldName, String name, Set<String> seen) {
        if (name == null || name.isEmpty()) {
            return new String[]{fieldName, fieldName + " must contain non-empty field names, found '" + name + "'"};
        }
        if (name.indexOf('@') >= 0) {
            return new String[]{fieldName, fieldName + " must not contain '@', found '" + name + "'"};
        }
        if (!seen.add(name)) {
            return new String[]{fieldName, "field name '" + name + "' is used twice in the schema"};
        }
        return null;
    }

    /** @return the target item field */
    public String itemField() { return itemField; }

    /** @return the attribute fields, in embedding-group order (unmodifiable) */
    public List<String> attributeFields() { return Collections.unmodifiableList(attributeFields); }

    /** @return the history field */
    public String historyField() { return historyField; }

    /** @return the maximum history length {@code T} */
    public int maxHistoryLength() { return maxHistoryLength; }

    /** @return the configured context fields, empty when they are discovered (unmodifiable) */
    public List<String> contextFields() { return Collections.unmodifiableList(contextFields); }

    /** @return the configured numeric features, empty when they are discovered (unmodifiable) */
    public List<String> numericFeatures() { return Collections.unmodifiableList(numericFeatures); }

    /** @return the minimum count of a vocabulary value */
    public int minCount() { return minCount; }

    /** @return true when the context fields are discovered from the training data */
    public boolean discoversContextFields() { return contextFields.isEmpty(); }

    /** @return true when the numeric features are discovered from the training data */
    public boolean discoversNumericFeatures() { return numericFeatures.isEmpty(); }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "CtrSchema");
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CtrSchema)) {
            return false;
        }
        CtrSchema that = (CtrSchema) o;
        return maxHistoryLength == that.maxHistoryLength && minCount == that.minCount
                && itemField.equals(that.itemField) && attributeFields.equals(that.attributeFields)
                && historyField.equals(that.historyField) && contextFields.equals(that.contextFields)
                && numericFeatures.equals(that.numericFeatures);
    }

    @Override
    public int hashCode() {
        return Objects.hash(itemField, attributeFields, historyField, maxHistoryLength, contextFields,
                numericFeatures, minCount);
    }

    @Override
    public String toString() {
        return "CtrSchema(itemField=" + itemField + ",attributeFields=" + attributeFields + ",historyField="
                + historyField + ",maxHistoryLength=" + maxHistoryLength + ",contextFields=" + contextFields
                + ",numericFeatures=" + numericFeatures + ",minCount=" + minCount + ")";
    }

    /** @return the protobuf form */
    public CtrSchemaProto toProto() {
        return CtrSchemaProto.newBuilder().setItemField(itemField).addAllAttributeFields(attributeFields)
                .setHistoryField(historyField).setMaxHistoryLength(maxHistoryLength)
                .addAllContextFields(contextFields).addAllNumericFeatures(numericFeatures).setMinCount(minCount)
                .build();
    }

    /**
     * @param proto the protobuf form
     * @return the schema
     * @throws IllegalArgumentException if it is invalid (as the constructor checks)
     */
    public static CtrSchema fromProto(CtrSchemaProto proto) {
        return new CtrSchema(proto.getItemField(), proto.getAttributeFieldsList(), proto.getHistoryField(),
                proto.getMaxHistoryLength(), proto.getContextFieldsList(), proto.getNumericFeaturesList(),
                proto.getMinCount());
    }
}
