package dev.tribuoctr.ctr.model;

import org.tribuo.Example;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tribuo predictions of a click model: label {@code "1"} scored with the click probability, {@code "0"} with its
 * complement, the more likely one as the prediction. Shared by every CTR model of the plugin.
 */
public final class ClickPredictions {
    /** Label of a click. */
    public static final String CLICK = "1";
    /** Label of no click. */
    public static final String NO_CLICK = "0";

    private ClickPredictions() { }

    /**
     * @param examples the examples predicted
     * @param probabilities their click probabilities
     * @return one prediction per example
     */
    public static List<Prediction<Label>> of(List<? extends Example<Label>> examples, double[] probabilities) {
        List<Prediction<Label>> out = new ArrayList<>(probabilities.length);
        for (int i = 0; i < probabilities.length; i++) {
            Label click = new Label(CLICK, probabilities[i]);
            Label noClick = new Label(NO_CLICK, 1 - probabilities[i]);
            Map<String, Label> scores = new LinkedHashMap<>();
            scores.put(NO_CLICK, noClick);
            scores.put(CLICK, click);
            Example<Label> ex = examples.get(i);
            out.add(new Prediction<>(probabilities[i] >= 0.5 ? click : noClick, scores, ex.size(), ex, true));
        }
        return out;
    }
}
