package dev.tribuoctr.ctr.encoding;

/**
 * A feature name split once into its role, group, field and value, with the value's vocabulary index when a layout
 * is known. Immutable; cached per distinct feature name by {@link FeatureKeyResolver}.
 */
final class FeatureKey {
    /** Full feature name. */
    final String name;
    /** Role, null when the name is invalid. */
    final FeatureRole role;
    /** Attribute group, context field or numeric position; -1 when not known yet (discovery) or not applicable. */
    final int group;
    /** Field (the part before the first '@'), or the whole name of a numeric feature. */
    final String field;
    /** Value (the part after the first '@'), null for numeric features. */
    final String value;
    /** Vocabulary index of the value, -1 when no layout is known. */
    final int index;
    /** Why the name is invalid, null when valid. */
    final String problem;
    /** Whether it is invalid only because its field is not part of the layout (ignored at prediction). */
    final boolean unknownField;

    private FeatureKey(String name, FeatureRole role, int group, String field, String value, int index, String problem,
                       boolean unknownField) {
        this.name = name;
        this.role = role;
        this.group = group;
        this.field = field;
        this.value = value;
        this.index = index;
        this.problem = problem;
        this.unknownField = unknownField;
    }

    static FeatureKey valid(String name, FeatureRole role, int group, String field, String value, int index) {
        return new FeatureKey(name, role, group, field, value, index, null, false);
    }

    static FeatureKey invalid(String name, String problem) {
        return new FeatureKey(name, null, -1, null, null, -1, problem, false);
    }

    /** A well-formed name whose field the layout does not have. */
    static FeatureKey unknownField(String name, String field, String problem) {
        return new FeatureKey(name, null, -1, field, null, -1, problem, true);
    }

    /** True when both keys name the same value of the same field. */
    boolean sameValue(FeatureKey other) {
        return this == other || (value.hashCode() == other.value.hashCode() && value.equals(other.value)
                && field.equals(other.field));
    }
}
