package dev.tribuoctr.ctr.eval;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Evaluates a Tribuo {@code Model<Label>} on CTR instances (SPEC §8).
 * <p>
 * The click probability of an instance is the prediction's score for the label {@code "1"}; the true label is 1
 * for the output label {@code "1"} and 0 for {@code "0"}. For GAUC the user of an instance is the value of its
 * feature named {@code <userField>@<value>}. The model is called once on all instances (batched prediction).
 * Log loss is reported as {@code NaN} when the model does not generate probabilities.
 */
public final class CtrEvaluator implements Configurable {
    private static final Logger logger = Logger.getLogger(CtrEvaluator.class.getName());

    /**
     * The label of a click.
     */
    public static final String POSITIVE = "1";
    /**
     * The label of a non-click.
     */
    public static final String NEGATIVE = "0";
    /**
     * Separator between a field name and its value in a feature name (Tribuo's convention).
     */
    public static final String FIELD_SEPARATOR = "@";

    @Config(description = "Field holding the user id, read from features named <userField>@<value>.")
    private String userField = "user";

    @Config(description = "Whether to compute GAUC (every instance then needs exactly one user feature).")
    private boolean computeGauc = true;

    /**
     * For OLCUT.
     */
    private CtrEvaluator() {}

    /**
     * Creates an evaluator that computes AUC, log loss and GAUC with the user field {@code "user"}.
     * @return the evaluator
     */
    public static CtrEvaluator withGauc() {
        return new CtrEvaluator("user", true);
    }

    /**
     * Creates an evaluator.
     * @param userField the field holding the user id (features {@code <userField>@<value>})
     * @param computeGauc whether to compute GAUC
     */
    public CtrEvaluator(String userField, boolean computeGauc) {
        if (userField == null || userField.isEmpty() || userField.contains(FIELD_SEPARATOR)) {
            throw new IllegalArgumentException("userField must be a non-empty name without '@', found '"
                    + userField + "'");
        }
        this.userField = userField;
        this.computeGauc = computeGauc;
    }

    /**
     * Used by OLCUT; validates the configuration.
     */
    @Override
    public void postConfig() {
        if (userField == null || userField.isEmpty() || userField.contains(FIELD_SEPARATOR)) {
            throw new PropertyException("", "userField", "userField must be a non-empty name without '@', found '"
                    + userField + "'");
        }
    }

    /**
     * Evaluates a model on a dataset, calling {@code model.predict(dataset)} once.
     * @param model the model; it must know the label {@code "1"}
     * @param dataset the instances, each labelled {@code "1"} or {@code "0"}
     * @return the evaluation
     * @throws IllegalArgumentException as {@link #evaluate(Model, Iterable)}
     */
    public CtrEvaluation evaluate(Model<Label> model, Dataset<Label> dataset) {
        List<Example<Label>> list = toList(dataset);
        return score(model, list, model.predict(dataset));
    }

    /**
     * Evaluates a model on instances, calling {@code model.predict} once on all of them.
     * @param model the model; it must know the label {@code "1"}
     * @param examples the instances, each labelled {@code "1"} or {@code "0"}
     * @return the evaluation
     * @throws IllegalArgumentException if there are no instances, an instance has another label, a prediction has no
     *     score for {@code "1"}, only one class is present, or GAUC is asked for and an instance has no user
     */
    public CtrEvaluation evaluate(Model<Label> model, Iterable<Example<Label>> examples) {
        List<Example<Label>> list = toList(examples);
        return score(model, list, model.predict(list));
    }

    private static List<Example<Label>> toList(Iterable<Example<Label>> examples) {
        List<Example<Label>> list = new ArrayList<>();
        for (Example<Label> example : examples) {
            list.add(example);
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("no examples to evaluate");
        }
        return list;
    }

    private CtrEvaluation score(Model<Label> model, List<Example<Label>> list, List<Prediction<Label>> predictions) {
        int n = list.size();
        int[] labels = new int[n];
        String[] users = computeGauc ? new String[n] : null;
        for (int i = 0; i < n; i++) {
            Example<Label> example = list.get(i);
            labels[i] = labelOf(example, i);
            if (users != null) {
                users[i] = userOf(example, i);
            }
        }
        if (predictions.size() != n) {
            throw new IllegalStateException("model returned " + predictions.size() + " predictions for " + n
                    + " examples");
        }
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            Label positive = predictions.get(i).getOutputScores().get(POSITIVE);
            if (positive == null) {
                throw new IllegalArgumentException("prediction " + i + " has no score for label \"" + POSITIVE
                        + "\" (scores: " + predictions.get(i).getOutputScores().keySet() + ")");
            }
            scores[i] = positive.getScore();
        }
        double auc = CtrMetrics.auc(scores, labels);
        double logLoss;
        if (model.generatesProbabilities()) {
            logLoss = CtrMetrics.logLoss(scores, labels);
        } else {
            logger.warning("Model " + model.getName() + " does not generate probabilities; log loss is NaN");
            logLoss = Double.NaN;
        }
        double gauc = users == null ? Double.NaN : CtrMetrics.gauc(scores, labels, users);
        CtrEvaluation result = new CtrEvaluation(auc, logLoss, gauc, n);
        logger.fine(() -> result.toString());
        return result;
    }

    private static int labelOf(Example<Label> example, int index) {
        String label = example.getOutput().getLabel();
        if (POSITIVE.equals(label)) {
            return 1;
        } else if (NEGATIVE.equals(label)) {
            return 0;
        }
        throw new IllegalArgumentException("example " + index + " has label \"" + label + "\", expected \""
                + POSITIVE + "\" or \"" + NEGATIVE + "\"");
    }

    private String userOf(Example<Label> example, int index) {
        String prefix = userField + FIELD_SEPARATOR;
        String user = null;
        for (Feature feature : example) {
            String name = feature.getName();
            if (name.startsWith(prefix)) {
                String value = name.substring(prefix.length());
                if (user != null && !user.equals(value)) {
                    throw new IllegalArgumentException("example " + index + " has several users in field '"
                            + userField + "': " + user + " and " + value);
                }
                user = value;
            }
        }
        if (user == null) {
            throw new IllegalArgumentException("GAUC needs a user: example " + index + " has no feature "
                    + prefix + "<value>");
        }
        return user;
    }

    @Override
    public String toString() {
        return "CtrEvaluator(userField=" + userField + ",computeGauc=" + computeGauc + ")";
    }
}
