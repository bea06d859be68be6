package dev.tribuoctr.featuresel.data;

import org.tribuo.ConfigurableDataSource;
import org.tribuo.classification.Label;

/**
 * A field data source that can also read its rows straight into {@link FieldColumns}, without making an
 * {@code Example} per row: {@link FieldColumnsDataset#read(FieldColumnsSource)} turns it into a compact Tribuo
 * dataset. The columns' rows, materialised, equal the examples the source iterates over, in the same order.
 */
public interface FieldColumnsSource extends ConfigurableDataSource<Label> {
    /**
     * Reads the source's rows as columns (a file-based source streams its file once).
     * @return the columns
     */
    FieldColumns readColumns();
}
