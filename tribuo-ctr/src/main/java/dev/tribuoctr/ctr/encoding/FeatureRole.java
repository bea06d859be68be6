package dev.tribuoctr.ctr.encoding;

/**
 * The role of a feature in a CTR example (design §1.2, docs/design/data-encoding.md).
 */
public enum FeatureRole {
    /** The target item, {@code item@<id>}. */
    ITEM,
    /** An attribute of the target item, {@code cate@<id>}. */
    ATTRIBUTE,
    /** A behaviour-history item, {@code hist_item@<id>} with the recency rank as value. */
    HISTORY,
    /** A context field value, {@code <field>@<value>} with a weight. */
    CONTEXT,
    /** A numeric feature, a name without {@code '@'}. */
    NUMERIC
}
