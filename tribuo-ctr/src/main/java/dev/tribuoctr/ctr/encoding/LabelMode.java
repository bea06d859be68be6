package dev.tribuoctr.ctr.encoding;

/**
 * How {@link CtrEncoder} treats the labels of the examples it encodes.
 */
public enum LabelMode {
    /**
     * Training and evaluation: every label must be {@code "1"} (clicked) or {@code "0"}, otherwise an error, and every
     * field must be part of the layout.
     */
    REQUIRED,
    /**
     * Prediction: labels {@code "1"} and {@code "0"} are encoded as usual, any other label (including
     * {@code LabelFactory.UNKNOWN_LABEL}) is encoded as 0; features of fields outside the layout are ignored and
     * counted ({@link CtrEncoder#unknownFeatures()}).
     */
    OPTIONAL
}
