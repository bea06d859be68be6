package dev.tribuoctr.featuresel;

import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A batch assembled from examples encoded once equals the batch encoded from those examples directly. */
class EncodedFieldsTest {
    private static ArrayExample<Label> example(String label, String tags, double price) {
        ArrayExample<Label> e = new ArrayExample<>(new Label(label));
        e.add("site@s" + label, 1.0);
        for (String t : tags.split(",")) {
            if (!t.isEmpty()) {
                e.add("tags@" + t, 0.5);
            }
        }
        e.add("price", price);
        return e;
    }

    @Test
    void batchesOfAnyRowsMatchDirectEncoding() {
        List<Example<Label>> data = List.of(example("1", "a", 0.1), example("0", "a,b,c", 0.2),
                example("1", "", 0.3), example("0", "b,d", 0.4), example("1", "c", 0.5));
        FieldEncoder encoder = new FieldEncoder(FieldLayout.build(data, 1));
        EncodedFields encoded = encoder.encodeAll(data, 0, data.size(), true);
        assertEquals(5, encoded.size());
        int[] rows = {4, 2, 0, 3, 1};
        List<Example<Label>> reordered = new ArrayList<>();
        for (int r : rows) {
            reordered.add(data.get(r));
        }
        for (int[] range : new int[][]{{0, 5}, {1, 3}, {2, 4}, {3, 3}}) {
            FieldBatch want = encoder.encode(reordered, range[0], range[1], true);
            FieldBatch got = encoded.batch(rows, range[0], range[1]);
            String what = "rows " + range[0] + ".." + range[1];
            assertEquals(want.size(), got.size(), what);
            assertArrayEquals(want.widths(), got.widths(), what + " widths");
            for (int c = 0; c < want.widths().length; c++) {
                assertArrayEquals(want.indices()[c], got.indices()[c], what + " indices");
                assertArrayEquals(want.weights()[c], got.weights()[c], what + " weights");
            }
            assertArrayEquals(want.numeric(), got.numeric(), what + " numeric");
            assertArrayEquals(want.labels(), got.labels(), what + " labels");
        }
        FieldBatch all = encoded.batch();
        assertArrayEquals(new int[]{1, 3}, all.widths(), "site one-hot, tags up to three values");
        assertArrayEquals(new float[]{0.5f, 0, 0, 0.5f, 0.5f, 0.5f, 0, 0, 0}, java.util.Arrays.copyOf(all.weights()[1], 9),
                "rows padded with weight 0");
        assertArrayEquals(new float[]{1, 0, 1, 0, 1}, all.labels());
        FieldBatch rows13 = encoded.batch(rows, 1, 3);
        assertArrayEquals(new int[]{1, 1}, rows13.widths(), "an example without tags still gets one padding slot");
    }
}
