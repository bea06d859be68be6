package dev.tribuoctr.featuresel;

import dev.tribuoctr.featuresel.data.FieldColumnsDataset;
import org.tribuo.Dataset;
import org.tribuo.classification.Label;
import org.tribuo.dataset.DatasetView;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A dataset split at random by rows into a training part and a held-out part. A {@link FieldColumnsDataset} splits
 * into two of its kind (copied columns, no example made), any other dataset into two Tribuo {@link DatasetView}s.
 * Each part keeps the rows in the dataset's order, so training reads them as it would read the whole dataset.
 * @param train the training part
 * @param heldOut the held-out part
 */
record HeldOutSplit(Dataset<Label> train, Dataset<Label> heldOut) {
    /** Tag of the training view. */
    static final String TRAIN_TAG = "permutation-importance-train";
    /** Tag of the held-out view. */
    static final String HELD_OUT_TAG = "permutation-importance-held-out";

    /**
     * @param dataset the data (row i is {@code getExample(i)})
     * @param fraction the held-out share of the rows, in (0, 1)
     * @param rng the draws that pick the held-out rows
     * @return the split
     * @throws IllegalArgumentException if either part would be empty
     */
    static HeldOutSplit of(Dataset<Label> dataset, double fraction, SplittableRandom rng) {
        int n = dataset.size();
        int held = (int) Math.round(fraction * n);
        if (held < 1 || held >= n) {
            throw new IllegalArgumentException("A held-out fraction of " + fraction + " of " + n
                    + " examples leaves " + held + " held out and " + (n - held) + " to train on; both need at least one");
        }
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        LpfsTraining.shuffle(rows, rng);
        int[] heldOutRows = Arrays.copyOfRange(rows, 0, held);
        int[] trainRows = Arrays.copyOfRange(rows, held, n);
        Arrays.sort(heldOutRows);
        Arrays.sort(trainRows);
        if (dataset instanceof FieldColumnsDataset columnar) {
            return new HeldOutSplit(part(columnar, trainRows), part(columnar, heldOutRows));
        }
        return new HeldOutSplit(new DatasetView<>(dataset, trainRows, TRAIN_TAG),
                new DatasetView<>(dataset, heldOutRows, HELD_OUT_TAG));
    }

    private static FieldColumnsDataset part(FieldColumnsDataset dataset, int[] rows) {
        return new FieldColumnsDataset(dataset.columns().rows(rows), dataset.getProvenance());
    }
}
