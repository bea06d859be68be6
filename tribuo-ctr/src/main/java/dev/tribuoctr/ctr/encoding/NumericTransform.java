package dev.tribuoctr.ctr.encoding;

import java.util.Arrays;

/**
 * What a data source does to a raw published number before it becomes a numeric feature's value: the step a model
 * trained on that source expects in front of it. A data source declares one per numeric field
 * ({@link dev.tribuoctr.ctr.data.DeclaredTransforms}); a model that records them lets its ONNX export apply them to
 * raw values (design §7.2), while the source's own examples, already transformed, are scored as they are.
 */
public enum NumericTransform {
    /** The value is taken as it is. */
    IDENTITY("x"),
    /** {@code log(1 + max(x, 0))}: negatives count as 0 (Criteo's integer fields, as DLRM's preprocessing does). */
    LOG1P_POSITIVE("log(1 + max(x, 0))");

    private final String formula;

    NumericTransform(String formula) {
        this.formula = formula;
    }

    /** @return the transform as a formula of the raw value {@code x}, for messages and metadata */
    public String formula() { return formula; }

    /**
     * @param raw a raw value
     * @return the feature value a model trained with this transform reads
     */
    public double apply(double raw) {
        return this == IDENTITY ? raw : Math.log1p(Math.max(raw, 0.0));
    }

    /**
     * A raw value that this transform maps to {@code value} (the non-negative one where several do): how a served
     * model that applies the transform itself takes a feature value that was already transformed.
     * @param value a transformed feature value
     * @return a raw value with {@code apply(raw) == value} up to rounding
     * @throws IllegalArgumentException if no raw value gives {@code value} (a negative value after
     *                                  {@link #LOG1P_POSITIVE}, or a value that is not finite)
     */
    public double rawValueOf(double value) {
        if (this == IDENTITY) {
            return value;
        }
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("value " + value + " cannot come from " + formula
                    + " (it is never negative or infinite)");
        }
        return Math.expm1(value);
    }

    /**
     * @param name a transform's name as {@link #name()} writes it
     * @param where what held the name, for the message (such as a file and field)
     * @return the transform
     * @throws IllegalArgumentException naming {@code where}, the name and the known transforms if it is unknown
     */
    public static NumericTransform parse(String name, String where) {
        for (NumericTransform t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException(where + ": unknown numeric transform '" + name + "' (this version knows "
                + Arrays.toString(values()) + "; the file may come from a newer version)");
    }
}
