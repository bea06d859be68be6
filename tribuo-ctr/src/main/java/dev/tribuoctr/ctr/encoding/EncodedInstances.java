package dev.tribuoctr.ctr.encoding;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntUnaryOperator;

/**
 * A training or validation set in encoded form, from which the training loop draws its mini-batches by instance
 * index. Either a {@link CtrBatch} encoded once from Tribuo examples ({@link #of(CtrBatch)}), or columnar data that
 * assembles each batch from its columns when asked ({@link Columnar}), so that no example and no whole-set batch is
 * ever held.
 */
public interface EncodedInstances {
    /** @return the number of instances */
    int size();

    /**
     * Assembles a batch.
     * @param rows the instances to take, in order
     * @return a new batch of those instances
     */
    CtrBatch select(int[] rows);

    /**
     * @param from first instance
     * @param to one past the last instance
     * @return the instances [from, to)
     */
    default CtrBatch range(int from, int to) {
        int[] rows = new int[to - from];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = from + i;
        }
        return select(rows);
    }

    /**
     * @param all a batch encoded from examples
     * @return its instances
     */
    static EncodedInstances of(CtrBatch all) {
        return new EncodedInstances() {
            @Override
            public int size() { return all.size(); }

            @Override
            public CtrBatch select(int[] rows) { return BatchRows.select(all, rows); }
        };
    }

    /**
     * Data that a CTR trainer can read from its columns, without Tribuo examples: a dataset implements it when it
     * holds int-coded columns and knows, for the schemas it {@link #supports}, the same counts and encodings that
     * reading its examples would give.
     */
    interface Columnar {
        /**
         * @param schema a schema
         * @return true when {@link #buildLayout} and {@link #encode} give, for this schema, exactly what building
         *         the layout from the examples and encoding them would give; otherwise the trainer reads examples
         */
        boolean supports(CtrSchema schema);

        /**
         * Builds the feature layout from the columns' counts ({@link CtrFeatureLayout#build}'s rules).
         * @param schema a supported schema
         * @param itemMetadata optional item id → attribute values; may be null
         * @return the layout
         */
        CtrFeatureLayout buildLayout(CtrSchema schema, Map<String, List<String>> itemMetadata);

        /**
         * Encodes the columns against a layout (built from this data or from other data of the same schema).
         * @param layout the layout
         * @return the instances, batches assembled on demand
         */
        EncodedInstances encode(CtrFeatureLayout layout);

        /**
         * The group of each instance by one of its fields, for metrics per group (GAUC per user) without examples.
         * @param field a field name ({@code user})
         * @return instance index → a code of the instance's value of {@code field} (equal codes exactly when the
         *         values are equal; every instance has one value); empty when the columns cannot tell
         */
        default Optional<IntUnaryOperator> groups(String field) {
            return Optional.empty();
        }
    }
}
