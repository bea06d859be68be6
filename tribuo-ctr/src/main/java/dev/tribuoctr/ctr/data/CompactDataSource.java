package dev.tribuoctr.ctr.data;

import org.tribuo.DataSource;
import org.tribuo.Dataset;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

/**
 * A data source that can hand its data over as a compact dataset (int columns and dictionaries, examples made only
 * on iteration) instead of a {@link MutableDataset} of examples. Trainers that understand the compact form read its
 * columns; to everything else it is an ordinary Tribuo {@link Dataset}.
 */
public interface CompactDataSource extends DataSource<Label> {
    /**
     * @return the source's data as a compact dataset, whose iteration yields this source's examples in order
     */
    Dataset<Label> dataset();

    /**
     * The dataset to train on for a source: its own compact dataset when it has one (int columns over shared
     * structure), otherwise its examples read once into a {@link CompactExampleDataset}; never a
     * {@link MutableDataset} of example objects.
     * @param source a data source
     * @return its dataset
     */
    static Dataset<Label> load(DataSource<Label> source) {
        if (source instanceof org.tribuo.data.csv.CSVDataSource) {
            // Tribuo's reader fills in default labels and ignores configured columns a file lacks, silently.
            java.util.logging.Logger.getLogger(CompactDataSource.class.getName()).warning(source + ": Tribuo's"
                    + " CSVDataSource does not check its files against the configuration (missing columns, empty"
                    + " labels, non-finite numbers); dev.tribuoctr.ctr.data.CheckedCSVDataSource takes the same"
                    + " settings and does");
        }
        return source instanceof CompactDataSource ? ((CompactDataSource) source).dataset()
                : CompactExampleDataset.read(source);
    }
}
