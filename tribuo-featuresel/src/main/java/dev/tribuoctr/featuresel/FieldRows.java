package dev.tribuoctr.featuresel;

/**
 * Training rows from which {@link FieldBatch}es of any rows are assembled: examples encoded once
 * ({@link EncodedFields}) or the columns of a {@code FieldColumnsDataset} ({@link ColumnBatches}).
 */
interface FieldRows {
    /** @return the number of rows */
    int size();

    /**
     * @param rows row numbers
     * @param from first position in {@code rows}
     * @param to one past the last
     * @return the batch of rows {@code rows[from … to)}
     */
    FieldBatch batch(int[] rows, int from, int to);
}
