package dev.tribuoctr.ctr.encoding;

import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;

import static dev.tribuoctr.ctr.encoding.CtrTestData.ex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CtrEncoderTest {
    // Layout of CtrTestData: items i3=2, i1=3, i2=4, i9=5; cate c1=2, c2=3, c3=4; table i3->4, i1->2, i2->3, i9->2;
    // context fields [tag, user]: x=2, y=3; u1=2, u2=3; numeric [age, price]; T = 3.

    private static List<Example<Label>> batch() {
        return List.of(
                ex("1", "item@i1", 1, "cate@c2", 1, "hist_item@i2", 3, "hist_item@i3", 1, "hist_item@i9", 2,
                        "hist_item@i1", 4, "user@u1", 1, "tag@x", 0.5, "tag@y", 2.0, "tag@zzz", 1.0, "price", 1.5),
                ex("0", "item@new", 1, "hist_item@i1", 2, "hist_item@i2", 5, "hist_item@i1", 7, "user@u2", 1,
                        "user@u1", 0.3, "age", 40),
                ex("1", "item@i2", 1, "cate@c9", 1));
    }

    @Test
    void encodesSlotBySlot() {
        CtrBatch b = new CtrEncoder(CtrTestData.layout()).encode(batch());
        assertEquals(3, b.size());
        assertEquals(3, b.historyLength());
        assertArrayEquals(new int[]{3, 1, 4}, b.items());
        assertEquals(1, b.attributeCount());
        assertArrayEquals(new int[]{3, 1, 1}, b.attributes(0));
        // row 0: ranks 1 i3, 2 i9, 3 i2, 4 i1 -> truncated to T = 3; row 1: i1 kept once at rank 2, then i2
        assertArrayEquals(new int[]{2, 5, 4, 3, 4, 0, 0, 0, 0}, b.historyItems());
        assertArrayEquals(new int[]{4, 2, 3, 2, 3, 0, 0, 0, 0}, b.historyAttributes(0));
        assertEquals(3, b.historyCount(0));
        assertEquals(2, b.historyCount(1));
        assertEquals(0, b.historyCount(2));
        assertEquals(2, b.contextFieldCount());
        assertEquals(3, b.contextWidth(0));
        assertEquals(2, b.contextWidth(1));
        assertArrayEquals(new int[]{2, 3, 1, 0, 0, 0, 0, 0, 0}, b.contextIndices(0));
        assertArrayEquals(new float[]{0.5f, 2f, 1f, 0, 0, 0, 0, 0, 0}, b.contextWeights(0));
        assertArrayEquals(new int[]{2, 0, 2, 3, 0, 0}, b.contextIndices(1));
        assertArrayEquals(new float[]{1f, 0, 0.3f, 1f, 0, 0}, b.contextWeights(1));
        assertEquals(2, b.numericCount());
        assertArrayEquals(new float[]{0, 1.5f, 40f, 0, 0, 0}, b.numeric());
        assertArrayEquals(new float[]{1, 0, 1}, b.labels());
    }

    @Test
    void contextWidthIsAtLeastOneAndRangeWorks() {
        CtrEncoder encoder = new CtrEncoder(CtrTestData.layout());
        CtrBatch b = encoder.encode(batch(), 2, 3, LabelMode.REQUIRED);
        assertEquals(1, b.size());
        assertEquals(1, b.contextWidth(0));
        assertEquals(1, b.contextWidth(1));
        assertArrayEquals(new int[]{0}, b.contextIndices(1));
        assertArrayEquals(new int[]{4}, b.items());
        assertThrows(IllegalArgumentException.class, () -> encoder.encode(batch(), 2, 4, LabelMode.REQUIRED));
    }

    @Test
    void zeroHistoryLength() {
        CtrSchema schema = new CtrSchema("item", List.of("cate"), "hist_item", 0, List.of(), List.of(), 1);
        CtrEncoder encoder = new CtrEncoder(CtrFeatureLayout.build(schema, CtrTestData.train(), null));
        CtrBatch b = encoder.encode(batch());
        assertEquals(0, b.historyLength());
        assertEquals(0, b.historyItems().length);
        assertEquals(0, b.historyAttributes(0).length);
    }

    private static void assertMalformed(Example<Label> bad, String... fragments) {
        CtrEncoder encoder = new CtrEncoder(CtrTestData.layout());
        List<Example<Label>> list = List.of(batch().get(0), bad);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> encoder.encode(list));
        assertTrue(e.getMessage().contains("example 1"), e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' missing from: " + e.getMessage());
        }
    }

    @Test
    void malformedExamplesNameTheExampleAndFeature() {
        assertMalformed(ex("1", "cate@c1", 1, "user@u1", 1), "item@", "no item feature");
        assertMalformed(ex("1", "item@i1", 1, "item@i2", 1), "item@i2", "item@i1");
        assertMalformed(ex("1", "item@i1", 1, "cate@c1", 1, "cate@c2", 1), "cate@c2", "'i1'");
        assertMalformed(ex("1", "item@i1", 1, "hist_item@i2", 0), "hist_item@i2", "'i1'");
        assertMalformed(ex("1", "item@i1", 1, "hist_item@i2", -1), "hist_item@i2");
        assertMalformed(ex("1", "item@i1", 1, "hist_item@i2", 1.5), "hist_item@i2");
        assertMalformed(ex("1", "item@i1", 1, "hist_item@i2", Double.NaN), "hist_item@i2");
        assertMalformed(ex("1", "item@i1", 1, "hist_item@i2", 1, "hist_item@i3", 1), "hist_item@i3", "hist_item@i2");
        assertMalformed(ex("1", "item@i1", 1, "foo@bar", 1), "foo@bar", "'i1'");
        assertMalformed(ex("1", "item@i1", 1, "height", 1.8), "height");
        assertMalformed(ex("1", "item@i1", 1, "user@", 1), "user@");
    }

    @Test
    void unknownFieldRejectedWithExplicitContextFields() {
        CtrSchema schema = new CtrSchema("item", List.of("cate"), "hist_item", 3, List.of("user", "tag"),
                List.of("age", "price"), 1);
        CtrEncoder encoder = new CtrEncoder(CtrFeatureLayout.build(schema, CtrTestData.train(), null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> encoder.encode(List.of(ex("1", "item@i1", 1, "gender@f", 1))));
        assertTrue(e.getMessage().contains("gender@f") && e.getMessage().contains("example 0"), e.getMessage());
    }

    @Test
    void labels() {
        CtrEncoder encoder = new CtrEncoder(CtrTestData.layout());
        List<Example<Label>> odd = List.of(ex("1", "item@i1", 1), ex("yes", "item@i2", 1),
                ex(LabelFactory.UNKNOWN_LABEL, "item@i3", 1), ex("0", "item@i3", 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> encoder.encode(odd));
        assertTrue(e.getMessage().contains("example 1") && e.getMessage().contains("yes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> encoder.encode(odd, 2, 3, LabelMode.REQUIRED));
        assertTrue(e.getMessage().contains("example 2"), e.getMessage());
        assertArrayEquals(new float[]{1, 0, 0, 0}, encoder.encode(odd, LabelMode.OPTIONAL).labels());
    }

    @Test
    void serializationRoundTrip() throws Exception {
        CtrEncoder encoder = new CtrEncoder(CtrTestData.layout());
        encoder.encode(batch()); // fill the cache before serializing
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(encoder);
        }
        CtrEncoder back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (CtrEncoder) in.readObject();
        }
        assertEquals(encoder.layout().schema(), back.layout().schema());
        assertEquals(encoder.layout().itemAttributes(), back.layout().itemAttributes());
        CtrBatch want = encoder.encode(batch());
        CtrBatch got = back.encode(batch());
        assertArrayEquals(want.items(), got.items());
        assertArrayEquals(want.historyItems(), got.historyItems());
        assertArrayEquals(want.historyAttributes(0), got.historyAttributes(0));
        assertArrayEquals(want.contextIndices(0), got.contextIndices(0));
        assertArrayEquals(want.contextWeights(1), got.contextWeights(1));
        assertArrayEquals(want.numeric(), got.numeric());
        assertArrayEquals(want.labels(), got.labels());
    }
}
