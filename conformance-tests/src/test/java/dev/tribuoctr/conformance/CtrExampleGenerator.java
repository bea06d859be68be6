package dev.tribuoctr.conformance;

import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generates CTR examples with every kind of field the ONNX contract covers: item and category, a ranked history, a
 * single-valued context field ({@code user}), a multi-hot one ({@code tags}), a weighted one ({@code score}, values
 * other than 1) and a numeric feature ({@code price}). Clicks depend on the item, the history and the context, so a
 * trained model's scores are far from constant.
 */
final class CtrExampleGenerator {
    /** Items of the training world: ids i0 … i(ITEMS−1). */
    static final int ITEMS = 60;
    private final Random rng;

    CtrExampleGenerator(long seed) {
        this.rng = new Random(seed);
    }

    /**
     * @param n number of examples
     * @return a dataset of ordinary examples (histories of 0 to 10 items)
     */
    MutableDataset<Label> dataset(int n) {
        List<Example<Label>> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(example(ITEMS, rng.nextInt(11), true, 0));
        }
        return new MutableDataset<>(new ListDataSource<>(list, new LabelFactory(),
                new SimpleDataSourceProvenance("generated CTR examples", new LabelFactory())));
    }

    /**
     * @param itemRange items are drawn from i0 … i(itemRange−1); beyond {@link #ITEMS} they are unseen
     * @param historyLength number of ranked history features (distinct items)
     * @param withCategory whether the example has its category feature
     * @param unseenValues how many context values to draw beyond the training range (0 = none)
     * @return one example
     */
    Example<Label> example(int itemRange, int historyLength, boolean withCategory, int unseenValues) {
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        int item = rng.nextInt(itemRange);
        add(names, values, "item@i" + item, 1.0);
        if (withCategory) {
            add(names, values, "cate@c" + (item % 7), 1.0);
        }
        double signal = (item % 3) - 1.0;
        Set<Integer> history = new LinkedHashSet<>();
        while (history.size() < historyLength) {
            history.add(rng.nextInt(Math.max(itemRange, historyLength)));
        }
        int rank = 1;
        for (int h : history) {
            add(names, values, "hist_item@i" + h, rank++);
            signal += (h % 7 == item % 7) ? 0.5 : 0.0;
        }
        add(names, values, "user@u" + rng.nextInt(20 + unseenValues), 1.0);
        Set<Integer> tags = new LinkedHashSet<>();
        int tagCount = 1 + rng.nextInt(3);
        while (tags.size() < tagCount) {
            tags.add(rng.nextInt(8 + unseenValues));
        }
        for (int tag : tags) {
            add(names, values, "tags@t" + tag, 1.0);
            signal += tag % 2 == 0 ? 0.3 : -0.3;
        }
        add(names, values, "score@s" + rng.nextInt(4), 0.5 + rng.nextInt(4));
        double price = rng.nextDouble();
        add(names, values, "price", price);
        signal += price - 0.5;
        boolean click = rng.nextDouble() < 1.0 / (1.0 + Math.exp(-2.0 * signal));
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        return new ArrayExample<>(new Label(click ? "1" : "0"), names.toArray(new String[0]), v);
    }

    private static void add(List<String> names, List<Double> values, String name, double value) {
        names.add(name);
        values.add(value);
    }
}
