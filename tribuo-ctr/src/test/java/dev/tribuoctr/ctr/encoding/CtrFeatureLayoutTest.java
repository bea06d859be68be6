package dev.tribuoctr.ctr.encoding;

import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.List;
import java.util.Map;

import static dev.tribuoctr.ctr.encoding.CtrTestData.ex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CtrFeatureLayoutTest {

    @Test
    void vocabulariesFromTrainingData() {
        CtrFeatureLayout layout = CtrTestData.layout();
        assertEquals(List.of("i3", "i1", "i2", "i9"), layout.itemVocabulary().values());
        assertEquals(List.of("c1", "c2", "c3"), layout.attributeVocabulary(0).values());
        assertEquals(List.of("tag", "user"), layout.contextFields());
        assertEquals(List.of("x", "y"), layout.contextVocabulary(0).values());
        assertEquals(List.of("u1", "u2"), layout.contextVocabulary(1).values());
        assertEquals(List.of("age", "price"), layout.numericFeatures());
        assertEquals(3, layout.historyLength());
    }

    @Test
    void itemAttributeTableUsesMostFrequentValueAndMetadata() {
        ItemAttributeTable table = CtrTestData.layout().itemAttributes();
        // items: pad, oov, i3, i1, i2, i9; attributes c1=2, c2=3, c3=4
        // i3 was seen with c2 once and c3 twice; i9 only in histories, c1 from the metadata
        assertArrayEquals(new int[]{0, 1, 4, 2, 3, 2}, table.toArray(0));
        assertEquals(1, table.groupCount());
        assertEquals(6, table.itemCount());
    }

    @Test
    void withoutMetadataHistoryOnlyItemsHaveOovAttribute() {
        CtrFeatureLayout layout = CtrFeatureLayout.build(CtrTestData.schema(1), CtrTestData.train(), null);
        int i9 = layout.itemVocabulary().index("i9");
        assertEquals(5, i9);
        assertEquals(Vocabulary.OOV, layout.itemAttributes().attribute(0, i9));
        assertEquals(Vocabulary.PADDING, layout.itemAttributes().attribute(0, Vocabulary.PADDING));
        assertEquals(Vocabulary.OOV, layout.itemAttributes().attribute(0, Vocabulary.OOV));
    }

    @Test
    void attributeTieKeepsFirstSeenValue() {
        List<Example<Label>> train = List.of(
                ex("1", "item@a", 1, "cate@zz", 1),
                ex("0", "item@a", 1, "cate@aa", 1));
        CtrFeatureLayout layout = CtrFeatureLayout.build(CtrTestData.schema(1), train, null);
        int zz = layout.attributeVocabulary(0).index("zz");
        assertTrue(zz >= Vocabulary.FIRST_VALUE);
        assertEquals(zz, layout.itemAttributes().attribute(0, layout.itemVocabulary().index("a")));
    }

    @Test
    void targetRowsWinOverMetadata() {
        CtrFeatureLayout layout = CtrFeatureLayout.build(CtrTestData.schema(1), CtrTestData.train(),
                Map.of("i1", List.of("c3")));
        assertEquals(layout.attributeVocabulary(0).index("c1"),
                layout.itemAttributes().attribute(0, layout.itemVocabulary().index("i1")));
    }

    @Test
    void minCountAppliesToEveryGroup() {
        CtrFeatureLayout layout = CtrFeatureLayout.build(CtrTestData.schema(2), CtrTestData.train(),
                CtrTestData.metadata());
        assertEquals(List.of("i3", "i1", "i2"), layout.itemVocabulary().values());
        assertEquals(Vocabulary.OOV, layout.itemVocabulary().index("i9"));
        assertEquals(List.of("u1"), layout.contextVocabulary(1).values());
        assertEquals(List.of("x"), layout.contextVocabulary(0).values());
    }

    @Test
    void explicitFieldsKeepSchemaOrder() {
        CtrSchema schema = new CtrSchema("item", List.of("cate"), "hist_item", 3, List.of("user", "tag"),
                List.of("price", "age"), 1);
        CtrFeatureLayout layout = CtrFeatureLayout.build(schema, CtrTestData.train(), null);
        assertEquals(List.of("user", "tag"), layout.contextFields());
        assertEquals(List.of("price", "age"), layout.numericFeatures());
    }

    @Test
    void explicitFieldsRejectUnknownTrainingFields() {
        CtrSchema schema = new CtrSchema("item", List.of("cate"), "hist_item", 3, List.of("user"),
                List.of(), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CtrFeatureLayout.build(schema, CtrTestData.train(), null));
        assertTrue(e.getMessage().contains("tag@x"), e.getMessage());
        assertTrue(e.getMessage().contains("example 0"), e.getMessage());
    }

    @Test
    void rejectsBadMetadataAndEmptyData() {
        assertThrows(IllegalArgumentException.class, () -> CtrFeatureLayout.build(CtrTestData.schema(1),
                CtrTestData.train(), Map.of("i9", List.of("c1", "extra"))));
        assertThrows(IllegalArgumentException.class,
                () -> CtrFeatureLayout.build(CtrTestData.schema(1), List.of(), null));
    }
}
