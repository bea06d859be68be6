package dev.tribuoctr.onnx;

import dev.tribuoctr.ctr.encoding.NumericTransform;

/**
 * One input of an exported graph, as recorded in the file's schema metadata.
 * @param name the ONNX input name
 * @param role what it carries
 * @param field the Tribuo feature field it is read from ({@code field@value} features; for numeric inputs the
 *              feature's name; for weight inputs the field they weigh)
 * @param rank 1 for [B], 2 for [B, L] (history, multi-hot fields and their weights)
 * @param vocabularyNode the output name of the graph's {@code LabelEncoder} that looks the input's strings up, null for
 *                       float inputs
 * @param transform for a numeric input of a model that records its numeric transforms, the
 *                  {@link NumericTransform} name the graph applies to the raw value (the
 *                  one the model's data source applied in training); null for other inputs and for models that
 *                  record none (their numeric inputs are taken as they are)
 */
public record OnnxInput(String name, Role role, String field, int rank, String vocabularyNode, String transform) {
    /**
     * An input without a numeric transform.
     * @param name the ONNX input name
     * @param role what it carries
     * @param field the Tribuo feature field it is read from
     * @param rank 1 for [B], 2 for [B, L]
     * @param vocabularyNode the output name of its {@code LabelEncoder}, null for float inputs
     */
    public OnnxInput(String name, Role role, String field, int rank, String vocabularyNode) {
        this(name, role, field, rank, vocabularyNode, null);
    }

    /**
     * @param where what holds the input, for the message (such as the file)
     * @return the transform the graph applies to this input's raw values: {@link #transform()}, or
     *         {@link NumericTransform#IDENTITY} when none is recorded
     * @throws IllegalArgumentException naming {@code where} and the input if the transform is unknown
     */
    public NumericTransform numericTransform(String where) {
        return transform == null ? NumericTransform.IDENTITY
                : NumericTransform.parse(transform, where + ", input '" + name + "'");
    }

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
