package dev.tribuoctr.featuresel;

import dev.tribuoctr.ctr.data.DeclaredTransforms;
import dev.tribuoctr.ctr.encoding.NumericTransform;
import dev.tribuoctr.featuresel.data.FieldColumnsDataset;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * A dataset as the gated field model's training reads it, in iteration order. A {@link FieldColumnsDataset} is read
 * through its columns (layout from the dictionary counts, batches from the codes; an example is made only if a step
 * listener asks for its batch); any other dataset through its examples, collected once and encoded once. The numeric
 * transforms its sources declare ({@link DeclaredTransforms}, read from the dataset's provenance) go into the layout.
 */
final class TrainingData {
    private final FieldColumnsDataset columnar;
    /** The columnar dataset's row at each iteration position, or null for row order. */
    private final int[] rowOrder;
    private final List<Example<Label>> examples;
    private final Map<String, NumericTransform> transforms;

    /**
     * @param dataset the training data
     * @throws IllegalArgumentException if its sources declare unreadable or conflicting numeric transforms
     */
    TrainingData(Dataset<Label> dataset) {
        transforms = DeclaredTransforms.in(dataset.getProvenance());
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
     * @return the layout of the data's fields, with their declared numeric transforms
     */
    FieldLayout layout(int minCount) {
        FieldLayout layout = columnar != null ? FieldLayout.build(columnar.columns(), minCount)
                : FieldLayout.build(examples, minCount);
        return layout.withNumericTransforms(transforms);
    }

    /** @return the numeric transforms the data's sources declare, by field */
    Map<String, NumericTransform> transforms() { return transforms; }

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
