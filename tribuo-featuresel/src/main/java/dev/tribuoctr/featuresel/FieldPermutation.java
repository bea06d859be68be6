package dev.tribuoctr.featuresel;

import java.util.SplittableRandom;

/**
 * A trained model's click probabilities on held-out rows, as they are and with one field's values permuted across
 * the rows (every other field of a row unchanged). Rows are scored {@link GatedFieldModel#PREDICTION_BATCH} at a
 * time, so only a batch of them is encoded at once.
 */
final class FieldPermutation {
    private final GatedFieldModel model;
    private final FieldRows rows;
    private final int categorical;
    private final int numeric;

    /**
     * @param model the trained model
     * @param rows the held-out rows, encoded for the model's layout
     */
    FieldPermutation(GatedFieldModel model, FieldRows rows) {
        this.model = model;
        this.rows = rows;
        this.categorical = model.layout().categoricalFields().size();
        this.numeric = model.layout().numericFields().size();
    }

    /** @return the number of held-out rows */
    int size() { return rows.size(); }

    /**
     * @param rng the draws
     * @return a random order of the held-out rows, for {@link #probabilities(int, int[])}
     */
    int[] randomOrder(SplittableRandom rng) {
        int[] order = identity();
        LpfsTraining.shuffle(order, rng);
        return order;
    }

    /** @return the label (1 = click) of each held-out row */
    int[] labels() {
        int[] identity = identity();
        int[] out = new int[identity.length];
        for (int from = 0; from < out.length; from += GatedFieldModel.PREDICTION_BATCH) {
            int to = Math.min(out.length, from + GatedFieldModel.PREDICTION_BATCH);
            float[] labels = rows.batch(identity, from, to).labels();
            for (int i = 0; i < labels.length; i++) {
                out[from + i] = labels[i] == 1f ? 1 : 0;
            }
        }
        return out;
    }

    /** @return the click probability of each held-out row */
    double[] probabilities() {
        return probabilities(-1, null);
    }

    /**
     * @param field a field of the model's layout
     * @param order a permutation of the rows: row i gets the field's values of row {@code order[i]}
     * @return the click probability of each held-out row with the field permuted
     */
    double[] probabilities(int field, int[] order) {
        if (order != null && order.length != rows.size()) {
            throw new IllegalArgumentException(order.length + " positions for " + rows.size() + " rows");
        }
        int[] identity = identity();
        double[] out = new double[identity.length];
        for (int from = 0; from < out.length; from += GatedFieldModel.PREDICTION_BATCH) {
            int to = Math.min(out.length, from + GatedFieldModel.PREDICTION_BATCH);
            FieldBatch batch = rows.batch(identity, from, to);
            if (order != null) {
                batch = withField(batch, rows.batch(order, from, to), field);
            }
            System.arraycopy(model.probabilities(batch), 0, out, from, to - from);
        }
        return out;
    }

    /** The batch with one field's values (and, for a categorical field, its width) taken from the donor batch. */
    private FieldBatch withField(FieldBatch base, FieldBatch donor, int field) {
        if (field < categorical) {
            int[][] indices = base.indices().clone();
            float[][] weights = base.weights().clone();
            int[] widths = base.widths().clone();
            indices[field] = donor.indices()[field];
            weights[field] = donor.weights()[field];
            widths[field] = donor.widths()[field];
            return new FieldBatch(base.size(), indices, weights, widths, base.numeric(), base.labels());
        }
        int n = field - categorical;
        float[] values = base.numeric().clone();
        for (int i = 0; i < base.size(); i++) {
            values[i * numeric + n] = donor.numeric()[i * numeric + n];
        }
        return new FieldBatch(base.size(), base.indices(), base.weights(), base.widths(), values, base.labels());
    }

    private int[] identity() {
        int[] all = new int[rows.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return all;
    }
}
