package dev.tribuoctr.ctr.model;

import com.oracle.labs.mlrg.olcut.util.Pair;
import org.tribuo.Example;
import org.tribuo.Excuse;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.provenance.ModelProvenance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Tribuo {@code Model<Label>} that predicts clicks: subclasses compute click probabilities for a list of examples
 * in batches, and this class turns them into Tribuo predictions (label {@code "1"} scored with the probability,
 * {@code "0"} with its complement), batching {@code predict(Iterable)} through {@link #innerPredict}.
 */
public abstract class ClickModel extends Model<Label> {
    private static final long serialVersionUID = 1L;
    /** Examples per network call when predicting. */
    public static final int PREDICTION_BATCH = 1024;

    /**
     * @param name model name
     * @param provenance provenance
     * @param featureIDMap feature map of the training data
     * @param outputIDInfo label info of the training data
     */
    protected ClickModel(String name, ModelProvenance provenance, ImmutableFeatureMap featureIDMap,
                         ImmutableOutputInfo<Label> outputIDInfo) {
        super(name, provenance, featureIDMap, outputIDInfo, true);
    }

    /**
     * @param examples examples (labels are ignored)
     * @return one click probability per example
     */
    public double[] clickProbabilities(List<? extends Example<Label>> examples) {
        double[] out = new double[examples.size()];
        for (int from = 0; from < examples.size(); from += PREDICTION_BATCH) {
            int to = Math.min(examples.size(), from + PREDICTION_BATCH);
            double[] p = batchProbabilities(examples, from, to);
            System.arraycopy(p, 0, out, from, p.length);
        }
        return out;
    }

    /**
     * @param examples examples
     * @param from first example of the batch
     * @param to one past the last
     * @return the batch's click probabilities
     */
    protected abstract double[] batchProbabilities(List<? extends Example<Label>> examples, int from, int to);

    @Override
    public Prediction<Label> predict(Example<Label> example) {
        return innerPredict(Collections.singletonList(example)).get(0);
    }

    @Override
    protected List<Prediction<Label>> innerPredict(Iterable<Example<Label>> examples) {
        List<Example<Label>> list = new ArrayList<>();
        examples.forEach(list::add);
        return ClickPredictions.of(list, clickProbabilities(list));
    }

    @Override
    public Map<String, List<Pair<String, Double>>> getTopFeatures(int n) {
        return Collections.emptyMap();
    }

    @Override
    public Optional<Excuse<Label>> getExcuse(Example<Label> example) {
        return Optional.empty();
    }
}
