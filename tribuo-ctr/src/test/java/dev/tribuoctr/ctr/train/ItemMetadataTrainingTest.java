package dev.tribuoctr.ctr.train;

import dev.tribuoctr.ctr.encoding.CtrFeatureLayout;
import dev.tribuoctr.ctr.encoding.Vocabulary;
import dev.tribuoctr.ctr.model.CtrModel;
import org.junit.jupiter.api.Test;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Item metadata given to the trainer reaches the model's item→attribute table (design §1.6, docs/design/data-encoding.md). */
class ItemMetadataTrainingTest {
    private static ArrayExample<Label> example(String label, String item, String cate, String history) {
        ArrayExample<Label> e = new ArrayExample<>(new Label(label));
        e.add("item@" + item, 1.0);
        e.add("cate@" + cate, 1.0);
        e.add("hist_item@" + history, 1.0);
        e.add("user@u" + item, 1.0);
        return e;
    }

    @Test
    void metadataFillsAttributesOfItemsSeenOnlyInHistories() {
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("hand-made", new LabelFactory()), new LabelFactory());
        for (int i = 0; i < 6; i++) {
            data.add(example(i % 2 == 0 ? "1" : "0", "a" + i, "x", "onlyInHistory"));
        }
        MetaWrapperTrainer trainer = MetaWrapperTrainer.builder().embeddingSizes(2, 2, 2).selectorHiddenSizes(3)
                .predictorHiddenSizes(3).batchSize(4).epochs(1).build();
        CtrModel withMeta = trainer.train(data, null, Map.of("onlyInHistory", List.of("y")), Map.of());
        CtrModel without = trainer.train(data, null, null, Map.of());

        CtrFeatureLayout layout = withMeta.encoder().layout();
        int item = layout.itemVocabulary().index("onlyInHistory");
        assertEquals(layout.attributeVocabulary(0).index("y"), layout.itemAttributes().attribute(0, item));
        assertEquals(true, layout.attributeVocabulary(0).index("y") >= Vocabulary.FIRST_VALUE);
        CtrFeatureLayout plain = without.encoder().layout();
        assertEquals(Vocabulary.OOV, plain.itemAttributes().attribute(0, plain.itemVocabulary().index("onlyInHistory")));
    }
}
