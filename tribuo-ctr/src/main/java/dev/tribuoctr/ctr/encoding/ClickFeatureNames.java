package dev.tribuoctr.ctr.encoding;

/**
 * The feature-name convention of click data, defined once: a categorical feature is named
 * {@code <field>@<value>}, and the click sources (the leave-last-out protocol, the synthetic worlds, the Spark job)
 * name the target item, its category, the behaviour history and the user by the fields below, which are also the
 * defaults of {@link CtrSchema} and of the evaluator's GAUC grouping. Older constants with these values
 * ({@code CtrSchema.DEFAULT_ITEM_FIELD}, {@code SyntheticInterestDataSource.ITEM_FIELD},
 * {@code LeaveLastOutProtocol.USER_FIELD}, {@code CtrEvaluator.FIELD_SEPARATOR}, ...) are aliases of these.
 */
public final class ClickFeatureNames {
    /** Field of the target item. */
    public static final String ITEM = "item";
    /** Field of the target item's category (its attribute). */
    public static final String CATEGORY = "cate";
    /** Field of the behaviour history (the items clicked before). */
    public static final String HISTORY = "hist_item";
    /** Field of the user id. */
    public static final String USER = "user";
    /** What joins a field and a value in a categorical feature's name. */
    public static final String SEPARATOR = "@";

    private ClickFeatureNames() { }

    /**
     * A categorical feature's name.
     * @param field the field, without {@value #SEPARATOR}
     * @param value the value
     * @return {@code field@value}
     */
    public static String feature(String field, Object value) {
        return field + SEPARATOR + value;
    }
}
