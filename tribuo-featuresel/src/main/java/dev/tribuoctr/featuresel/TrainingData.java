package dev.tribuoctr.featuresel;

import dev.tribuoctr.featuresel.data.FieldColumnsDataset;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A dataset as the gated field model's training reads it, in iteration order. A {@link FieldColumnsDataset} is read
 * through its columns (layout from the dictionary counts, batches from the codes; an example is made only if a step
 * listener asks for its batch); any other dataset through its examples, collected once and encoded once.
 */
final class TrainingData {
    private final FieldColumnsDataset columnar;
    /** The columnar dataset's row at each iteration position, or null for row order. */
    private final int[] rowOrder;
    private final List<Example<Label>> examples;

    /** @param dataset the training data */
    TrainingData(Dataset<Label> dataset) {
        if (dataset instanceof FieldColumnsDataset) {
            columnar = (FieldColumnsDataset) dataset;
            rowOrder = columnar.isShuffled() ? columnar.rowOrder() : null;
            examples = new Materialised();
        } else {
            columnar = null;
            rowOrder = null;
            List<Example<Label>> list = new ArrayList<>(dataset.size());
            dataset.forEach(list::add);
            examples = list;
        }
    }

    /**
     * @param minCount values seen fewer times map to out-of-vocabulary
     * @return the layout of the data's fields
     */
    FieldLayout layout(int minCount) {
        return columnar != null ? FieldLayout.build(columnar.columns(), minCount) : FieldLayout.build(examples, minCount);
    }

    /**
     * @param encoder the encoder of the model's layout
     * @return the rows, ready for batches (labels must be "0"/"1")
     */
    FieldRows rows(FieldEncoder encoder) {
        return columnar != null ? new ColumnBatches(columnar.columns(), rowOrder, encoder.layout())
                : encoder.encodeAll(examples, 0, examples.size(), true);
    }

    /** @return the examples in iteration order (made on access for a columnar dataset) */
    List<Example<Label>> examples() { return examples; }

    /** The columnar dataset's examples in iteration order, made on access. */
    private final class Materialised extends AbstractList<Example<Label>> implements RandomAccess {
        @Override
        public Example<Label> get(int index) {
            return columnar.columns().example(rowOrder == null ? index : rowOrder[index]);
        }

        @Override
        public int size() { return columnar.size(); }
    }
}
