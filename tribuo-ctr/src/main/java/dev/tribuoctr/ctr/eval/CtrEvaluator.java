package dev.tribuoctr.ctr.eval;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.tribuoctr.ctr.encoding.ClickFeatureNames;
import dev.tribuoctr.ctr.encoding.CtrBatch;
import dev.tribuoctr.ctr.encoding.EncodedInstances;
import dev.tribuoctr.ctr.model.ClickModel;
import dev.tribuoctr.ctr.model.CtrModel;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import java.util.logging.Logger;

/**
 * Evaluates a Tribuo {@code Model<Label>} on CTR instances (design §8, docs/design/metrics.md).
 * <p>
 * The click probability of an instance is the prediction's score for the label {@code "1"}; the true label is 1
 * for the output label {@code "1"} and 0 for {@code "0"}. For GAUC the user of an instance is the value of its
 * feature named {@code <userField>@<value>}. The model is called on chunks of instances (batched prediction, bounded
 * memory). A {@link CtrModel} on columnar data ({@link EncodedInstances.Columnar}, e.g. a click log's splits) is
 * evaluated from the columns, without making an example per instance: the same numbers, several times faster.
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
    public static final String FIELD_SEPARATOR = ClickFeatureNames.SEPARATOR;

    @Config(description = "Field holding the user id, read from features named <userField>@<value>.")
    private String userField = ClickFeatureNames.USER;

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
        return new CtrEvaluator(ClickFeatureNames.USER, true);
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

    /** Instances per {@code model.predict} call: evaluation holds one chunk of examples and predictions at a time. */
    static final int CHUNK = 4096;

    /**
     * Evaluates a model on a dataset, predicting in chunks of {@value #CHUNK} instances.
     * @param model the model; it must know the label {@code "1"}
     * @param dataset the instances, each labelled {@code "1"} or {@code "0"}
     * @return the evaluation
     * @throws IllegalArgumentException as {@link #evaluate(Model, Iterable)}
     */
    public CtrEvaluation evaluate(Model<Label> model, Dataset<Label> dataset) {
        return evaluateSample(model, dataset, Integer.MAX_VALUE);
    }

    /**
     * Evaluates a model on at most {@code limit} instances of a dataset, evenly spread over it (instance
     * {@code floor(i · size / limit)} for i = 0 … limit − 1; all of them when the dataset is not larger): e.g. the
     * training metrics of a very large training set.
     * @param model the model; it must know the label {@code "1"}
     * @param dataset the instances, each labelled {@code "1"} or {@code "0"}
     * @param limit the most instances to evaluate
     * @return the evaluation
     * @throws IllegalArgumentException as {@link #evaluate(Model, Iterable)}, or if {@code limit} is not positive
     */
    public CtrEvaluation evaluateSample(Model<Label> model, Dataset<Label> dataset, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, found " + limit);
        }
        int size = dataset.size();
        int[] rows = null;
        if (size > limit) {
            rows = new int[limit];
            for (int i = 0; i < limit; i++) {
                rows[i] = (int) ((long) i * size / limit);
            }
        }
        if (readsColumns(model, dataset)) {
            return evaluateColumns((CtrModel) model, (EncodedInstances.Columnar) dataset, rows);
        }
        if (rows == null) {
            return evaluate(model, (Iterable<Example<Label>>) dataset);
        }
        int[] sample = rows;
        return evaluate(model, new AbstractList<Example<Label>>() {
            @Override
            public Example<Label> get(int index) { return dataset.getExample(sample[index]); }

            @Override
            public int size() { return sample.length; }
        });
    }

    /**
     * Whether {@link #evaluate(Model, Dataset)} reads the dataset's columns rather than its examples: the model is a
     * {@link CtrModel}, the dataset is {@link EncodedInstances.Columnar} and supports the model's schema, and (for
     * GAUC) the dataset can group its instances by the user field.
     * @param model the model
     * @param dataset the data
     * @return true when the columns are read
     */
    public boolean readsColumns(Model<Label> model, Dataset<Label> dataset) {
        if (!(model instanceof CtrModel ctr) || !(dataset instanceof EncodedInstances.Columnar columns)) {
            return false;
        }
        return columns.supports(ctr.encoder().layout().schema())
                && (!computeGauc || columns.groups(userField).isPresent());
    }

    /**
     * Scores the columns in chunks against the model's own layout; labels and users come from the columns.
     * {@code rows} are the instances to evaluate, in order; null for all.
     */
    private CtrEvaluation evaluateColumns(CtrModel model, EncodedInstances.Columnar columns, int[] rows) {
        EncodedInstances instances = columns.encode(model.encoder().layout());
        int n = rows == null ? instances.size() : rows.length;
        if (n == 0) {
            throw new IllegalArgumentException("no examples to evaluate");
        }
        double[] scores = new double[n];
        int[] labels = new int[n];
        // the model's own prediction batch: larger batches make larger off-heap buffers per call, which costs more
        for (int from = 0; from < n; from += ClickModel.PREDICTION_BATCH) {
            int to = Math.min(n, from + ClickModel.PREDICTION_BATCH);
            CtrBatch chunk = rows == null ? instances.range(from, to)
                    : instances.select(Arrays.copyOfRange(rows, from, to));
            System.arraycopy(model.clickProbabilities(chunk), 0, scores, from, chunk.size());
            float[] chunkLabels = chunk.labels();
            for (int i = 0; i < chunk.size(); i++) {
                labels[from + i] = chunkLabels[i] > 0.5f ? 1 : 0;
            }
        }
        Integer[] users = null;
        if (computeGauc) {
            IntUnaryOperator userOf = columns.groups(userField).orElseThrow();
            users = new Integer[n];
            for (int i = 0; i < n; i++) {
                users[i] = userOf.applyAsInt(rows == null ? i : rows[i]);
            }
        }
        return metrics(model, scores, labels, users);
    }

    /**
     * Evaluates a model on instances, predicting in chunks of {@value #CHUNK}: memory stays bounded by a chunk plus a
     * score, a label and a (shared) user id per instance, so a streaming data source of any size can be evaluated.
     * @param model the model; it must know the label {@code "1"}
     * @param examples the instances, each labelled {@code "1"} or {@code "0"}
     * @return the evaluation
     * @throws IllegalArgumentException if there are no instances, an instance has another label, a prediction has no
     *     score for {@code "1"}, only one class is present, or GAUC is asked for and an instance has no user
     */
    public CtrEvaluation evaluate(Model<Label> model, Iterable<Example<Label>> examples) {
        Scores s = new Scores();
        List<Example<Label>> chunk = new ArrayList<>(CHUNK);
        for (Example<Label> example : examples) {
            chunk.add(example);
            if (chunk.size() == CHUNK) {
                s.add(model, chunk);
                chunk.clear();
            }
        }
        if (!chunk.isEmpty()) {
            s.add(model, chunk);
        }
        if (s.count == 0) {
            throw new IllegalArgumentException("no examples to evaluate");
        }
        return metrics(model, Arrays.copyOf(s.scores, s.count), Arrays.copyOf(s.labels, s.count),
                computeGauc ? Arrays.copyOf(s.users, s.count) : null);
    }

    /** The evaluation of scored instances; {@code users} is null when GAUC is not computed. */
    private CtrEvaluation metrics(Model<Label> model, double[] scores, int[] labels, Object[] users) {
        double auc = CtrMetrics.auc(scores, labels);
        double logLoss;
        if (model.generatesProbabilities()) {
            logLoss = CtrMetrics.logLoss(scores, labels);
        } else {
            logger.warning("Model " + model.getName() + " does not generate probabilities; log loss is NaN");
            logLoss = Double.NaN;
        }
        double gauc = users != null ? CtrMetrics.gauc(scores, labels, users) : Double.NaN;
        CtrEvaluation result = new CtrEvaluation(auc, logLoss, gauc, scores.length);
        logger.fine(() -> result.toString());
        return result;
    }

    /** Scores, labels and users of the instances seen so far, grown as chunks arrive. */
    private final class Scores {
        double[] scores = new double[CHUNK];
        int[] labels = new int[CHUNK];
        String[] users = computeGauc ? new String[CHUNK] : null;
        /** Each user's id string once, so that a user's many instances share it. */
        final Map<String, String> userNames = new HashMap<>();
        int count;

        void add(Model<Label> model, List<Example<Label>> chunk) {
            List<Prediction<Label>> predictions = model.predict(chunk);
            if (predictions.size() != chunk.size()) {
                throw new IllegalStateException("model returned " + predictions.size() + " predictions for "
                        + chunk.size() + " examples");
            }
            int needed = count + chunk.size();
            if (needed > scores.length) {
                int size = Math.max(needed, 2 * scores.length);
                scores = Arrays.copyOf(scores, size);
                labels = Arrays.copyOf(labels, size);
                users = users == null ? null : Arrays.copyOf(users, size);
            }
            for (int i = 0; i < chunk.size(); i++) {
                int index = count + i;
                Example<Label> example = chunk.get(i);
                labels[index] = labelOf(example, index);
                if (users != null) {
                    users[index] = userNames.computeIfAbsent(userOf(example, index), u -> u);
                }
                Label positive = predictions.get(i).getOutputScores().get(POSITIVE);
                if (positive == null) {
                    throw new IllegalArgumentException("prediction " + index + " has no score for label \"" + POSITIVE
                            + "\" (scores: " + predictions.get(i).getOutputScores().keySet() + ")");
                }
                scores[index] = positive.getScore();
            }
            count = needed;
        }
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
