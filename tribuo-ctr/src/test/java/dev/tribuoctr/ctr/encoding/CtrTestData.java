package dev.tribuoctr.ctr.encoding;

import org.tribuo.Example;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

import java.util.List;
import java.util.Map;

/**
 * Hand-built CTR examples shared by the encoding tests.
 */
final class CtrTestData {
    private CtrTestData() {}

    /** An example with the given label and (name, value) pairs. */
    static Example<Label> ex(String label, Object... pairs) {
        return ex(new Label(label), pairs);
    }

    /** An example with the given label and (name, value) pairs. */
    static Example<Label> ex(Label label, Object... pairs) {
        String[] names = new String[pairs.length / 2];
        double[] values = new double[pairs.length / 2];
        for (int i = 0; i < names.length; i++) {
            names[i] = (String) pairs[2 * i];
            values[i] = ((Number) pairs[2 * i + 1]).doubleValue();
        }
        return new ArrayExample<>(label, names, values);
    }

    /**
     * Training data. Item counts: i3 4, i1 3, i2 2, i9 1 (history only); i3 is seen with c2 once and c3 twice.
     * Attribute counts (target rows + history items): c1 4, c2 3, c3 3.
     */
    static List<Example<Label>> train() {
        return List.of(
                ex("1", "item@i1", 1, "cate@c1", 1, "hist_item@i2", 1, "hist_item@i3", 2, "user@u1", 1,
                        "tag@x", 0.5, "tag@y", 2.0, "price", 3.5),
                ex("0", "item@i2", 1, "cate@c2", 1, "hist_item@i1", 1, "hist_item@i9", 2, "user@u2", 1, "age", 30),
                ex("1", "item@i1", 1, "cate@c1", 1, "user@u1", 1, "tag@x", 1),
                ex("0", "item@i3", 1, "cate@c2", 1),
                ex("0", "item@i3", 1, "cate@c3", 1),
                ex("1", "item@i3", 1, "cate@c3", 1));
    }

    /** Metadata giving the history-only item i9 the attribute c1. */
    static Map<String, List<String>> metadata() {
        return Map.of("i9", List.of("c1"), "unseen", List.of("c2"));
    }

    /** Schema with T = 3, discovered context fields and numeric features. */
    static CtrSchema schema(int minCount) {
        return new CtrSchema("item", List.of("cate"), "hist_item", 3, List.of(), List.of(), minCount);
    }

    /** The layout of {@link #train()} with {@link #metadata()}. */
    static CtrFeatureLayout layout() {
        return CtrFeatureLayout.build(schema(1), train(), metadata());
    }
}
