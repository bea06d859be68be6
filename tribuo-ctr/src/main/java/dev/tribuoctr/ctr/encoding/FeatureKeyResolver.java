package dev.tribuoctr.ctr.encoding;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Splits feature names at their first '@' and classifies them by role, caching one {@link FeatureKey} per distinct
 * name (up to {@value #MAX_CACHE} names). Thread safe.
 * <p>
 * Without a layout (while the layout is being built) context fields and numeric features not fixed by the schema are
 * accepted with group -1 ("discovered"); with a layout every field must be part of it: the key of a field outside it
 * says so ({@code unknownField}), for prediction to ignore it and training to refuse it.
 */
final class FeatureKeyResolver {
    static final int MAX_CACHE = 1 << 20;

    private final String itemField;
    private final String historyField;
    private final Map<String, Integer> attributeGroups = new HashMap<>();
    private final Map<String, Integer> contextGroups;
    private final List<String> contextFields;
    private final List<String> numericFeatures;
    private final Map<String, Integer> numericPositions;
    private final CtrFeatureLayout layout;
    private final ConcurrentHashMap<String, FeatureKey> cache = new ConcurrentHashMap<>();

    private FeatureKeyResolver(CtrSchema schema, List<String> contextFields, List<String> numericFeatures,
                               CtrFeatureLayout layout) {
        this.itemField = schema.itemField();
        this.historyField = schema.historyField();
        this.layout = layout;
        List<String> attributes = schema.attributeFields();
        for (int i = 0; i < attributes.size(); i++) {
            attributeGroups.put(attributes.get(i), i);
        }
        this.contextGroups = positions(contextFields);
        this.contextFields = contextFields;
        this.numericFeatures = numericFeatures;
        this.numericPositions = positions(numericFeatures);
    }

    private static Map<String, Integer> positions(List<String> names) {
        if (names == null) {
            return null;
        }
        Map<String, Integer> map = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            map.put(names.get(i), i);
        }
        return map;
    }

    /** Resolver for building a layout: discovers what the schema leaves open, no vocabulary indices. */
    static FeatureKeyResolver forTraining(CtrSchema schema) {
        return new FeatureKeyResolver(schema,
                schema.discoversContextFields() ? null : schema.contextFields(),
                schema.discoversNumericFeatures() ? null : schema.numericFeatures(), null);
    }

    /** Resolver for reading raw values with known fields but no vocabularies (indices are -1). */
    static FeatureKeyResolver forFields(CtrSchema schema, List<String> contextFields, List<String> numericFeatures) {
        return new FeatureKeyResolver(schema, contextFields, numericFeatures, null);
    }

    /** Resolver for encoding with a finished layout. */
    static FeatureKeyResolver forLayout(CtrFeatureLayout layout) {
        return new FeatureKeyResolver(layout.schema(), layout.contextFields(), layout.numericFeatures(), layout);
    }

    /** The schema's item field. */
    String itemField() {
        return itemField;
    }

    /**
     * Resolves a feature name; the key's {@code problem} is non-null when the name is not valid here.
     * @param name the feature name
     * @return its key
     */
    FeatureKey resolve(String name) {
        FeatureKey key = cache.get(name);
        if (key == null) {
            key = split(name);
            if ((key.problem == null || key.unknownField) && cache.size() < MAX_CACHE) {
                cache.put(name, key);
            }
        }
        return key;
    }

    private FeatureKey split(String name) {
        int at = name.indexOf('@');
        if (at < 0) {
            if (numericPositions == null) {
                return FeatureKey.valid(name, FeatureRole.NUMERIC, -1, name, null, -1);
            }
            Integer pos = numericPositions.get(name);
            return pos == null
                    ? FeatureKey.unknownField(name, name, "numeric feature is not part of the layout "
                            + numericFeatures)
                    : FeatureKey.valid(name, FeatureRole.NUMERIC, pos, name, null, -1);
        }
        String field = name.substring(0, at);
        String value = name.substring(at + 1);
        if (value.isEmpty()) {
            return FeatureKey.invalid(name, "empty value after '@'");
        }
        if (field.equals(itemField)) {
            return FeatureKey.valid(name, FeatureRole.ITEM, -1, field, value,
                    layout == null ? -1 : layout.itemVocabulary().index(value));
        }
        if (field.equals(historyField)) {
            return FeatureKey.valid(name, FeatureRole.HISTORY, -1, field, value,
                    layout == null ? -1 : layout.itemVocabulary().index(value));
        }
        Integer group = attributeGroups.get(field);
        if (group != null) {
            return FeatureKey.valid(name, FeatureRole.ATTRIBUTE, group, field, value,
                    layout == null ? -1 : layout.attributeVocabulary(group).index(value));
        }
        if (field.isEmpty()) {
            return FeatureKey.invalid(name, "empty field before '@'");
        }
        if (contextGroups == null) {
            return FeatureKey.valid(name, FeatureRole.CONTEXT, -1, field, value, -1);
        }
        group = contextGroups.get(field);
        if (group == null) {
            return FeatureKey.unknownField(name, field, "field '" + field + "' is not part of the layout (context fields "
                    + contextFields + ")");
        }
        return FeatureKey.valid(name, FeatureRole.CONTEXT, group, field, value,
                layout == null ? -1 : layout.contextVocabulary(group).index(value));
    }
}
