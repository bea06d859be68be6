package dev.tribuoctr.onnx;

/**
 * One input of an exported graph, as recorded in the file's schema metadata.
 * @param name the ONNX input name
 * @param role what it carries
 * @param field the Tribuo feature field it is read from ({@code field@value} features; for numeric inputs the
 *              feature's name; for weight inputs the field they weigh)
 * @param rank 1 for [B], 2 for [B, L] (history, multi-hot fields and their weights)
 * @param vocabularyNode the output name of the graph's {@code LabelEncoder} that looks the input's strings up, null for
 *                       float inputs
 */
public record OnnxInput(String name, Role role, String field, int rank, String vocabularyNode) {
    /** What an input carries. */
    public enum Role {
        /** Target item id, string [B]. */
        ITEM,
        /** A target attribute value (e.g. category), string [B]; "" means missing (OOV). */
        ATTRIBUTE,
        /** History item ids, string [B, T], most recent first, "" padding. */
        HISTORY,
        /** A categorical (context or field-model) field, string [B] or [B, L] with "" padding. */
        CATEGORICAL,
        /** Feature values of a weighted categorical field, float, same shape as its values. */
        WEIGHT,
        /** A numeric feature, float [B]. */
        NUMERIC;

        /** @return whether the input holds strings (else float) */
        public boolean isString() {
            return this != WEIGHT && this != NUMERIC;
        }
    }
}
