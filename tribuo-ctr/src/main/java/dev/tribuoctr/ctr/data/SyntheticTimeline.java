package dev.tribuoctr.ctr.data;

import dev.tribuoctr.ctr.encoding.ClickFeatureNames;
import org.tribuo.Example;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntUnaryOperator;

/**
 * Turns one synthetic user's timeline (items shown, in time order, and whether each was clicked) into CTR examples
 * with the features every synthetic source shares: {@code item@<j>} = 1, {@code cate@<category>} = 1,
 * {@code user@<i>} = 1 and {@code hist_item@<j>} = recency rank (1 = most recent) of the distinct items clicked
 * earlier in the timeline, at most {@code maxHistory}.
 */
final class SyntheticTimeline {
    private static final Label CLICK = new Label("1");
    private static final Label NO_CLICK = new Label("0");

    private SyntheticTimeline() { }

    /**
     * @param user the user's id
     * @param items the items shown, in time order
     * @param clicks whether each was clicked
     * @param category the category of an item
     * @param maxHistory the most history items an example gets
     * @param from first timeline position to make an example of
     * @param to one past the last position
     * @return the examples of positions {@code [from, to)}
     */
    static List<Example<Label>> examples(int user, int[] items, boolean[] clicks, IntUnaryOperator category,
                                         int maxHistory, int from, int to) {
        List<Example<Label>> list = new ArrayList<>(to - from);
        for (int t = from; t < to; t++) {
            List<String> names = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            names.add(ClickFeatureNames.feature(ClickFeatureNames.ITEM, items[t]));
            values.add(1.0);
            names.add(ClickFeatureNames.feature(ClickFeatureNames.CATEGORY, category.applyAsInt(items[t])));
            values.add(1.0);
            names.add(ClickFeatureNames.feature(ClickFeatureNames.USER, user));
            values.add(1.0);
            Set<Integer> seen = new HashSet<>();
            int rank = 0;
            for (int s = t - 1; s >= 0 && rank < maxHistory; s--) {
                if (clicks[s] && seen.add(items[s])) {
                    rank++;
                    names.add(ClickFeatureNames.feature(ClickFeatureNames.HISTORY, items[s]));
                    values.add((double) rank);
                }
            }
            double[] valueArray = new double[values.size()];
            for (int k = 0; k < valueArray.length; k++) {
                valueArray[k] = values.get(k);
            }
            list.add(new ArrayExample<>(clicks[t] ? CLICK : NO_CLICK, names.toArray(new String[0]), valueArray));
        }
        return list;
    }
}
