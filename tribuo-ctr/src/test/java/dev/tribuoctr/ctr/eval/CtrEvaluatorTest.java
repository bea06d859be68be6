package dev.tribuoctr.ctr.eval;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import org.junit.jupiter.api.Test;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Excuse;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.provenance.impl.EmptyTrainerProvenance;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tests the wiring of {@link CtrEvaluator}: scores of label "1", labels, users, one batched prediction.
 */
public class CtrEvaluatorTest {

    private static final LabelFactory FACTORY = new LabelFactory();

    /** A model whose click probability is the example's feature "p". */
    private static final class FeatureScoreModel extends Model<Label> {
        private static final long serialVersionUID = 1L;
        int batchCalls = 0;

        FeatureScoreModel(Dataset<Label> data, boolean probabilistic) {
            super("feature-score", new ModelProvenance(FeatureScoreModel.class.getName(), OffsetDateTime.now(),
                    data.getProvenance(), new EmptyTrainerProvenance()), data.getFeatureIDMap(),
                    data.getOutputIDInfo(), probabilistic);
        }

        private FeatureScoreModel(String name, ModelProvenance provenance, ImmutableFeatureMap features,
                                  ImmutableOutputInfo<Label> outputs, boolean probabilistic) {
            super(name, provenance, features, outputs, probabilistic);
        }

        @Override
        public Prediction<Label> predict(Example<Label> example) {
            double p = Double.NaN;
            for (org.tribuo.Feature f : example) {
                if (f.getName().equals("p")) {
                    p = f.getValue();
                }
            }
            Map<String, Label> scores = new LinkedHashMap<>();
            scores.put("1", new Label("1", p));
            scores.put("0", new Label("0", 1 - p));
            Label best = p >= 0.5 ? scores.get("1") : scores.get("0");
            return new Prediction<>(best, scores, 1, example, true);
        }

        @Override
        protected List<Prediction<Label>> innerPredict(Iterable<Example<Label>> examples) {
            batchCalls++;
            return super.innerPredict(examples);
        }

        @Override
        public Map<String, List<Pair<String, Double>>> getTopFeatures(int n) {
            return Collections.emptyMap();
        }

        @Override
        public Optional<Excuse<Label>> getExcuse(Example<Label> example) {
            return Optional.empty();
        }

        @Override
        protected Model<Label> copy(String newName, ModelProvenance newProvenance) {
            return new FeatureScoreModel(newName, newProvenance, featureIDMap, outputIDInfo, generatesProbabilities);
        }
    }

    private static Example<Label> example(String label, double p, String user) {
        if (user == null) {
            return new ArrayExample<>(new Label(label), new String[]{"p"}, new double[]{p});
        }
        return new ArrayExample<>(new Label(label), new String[]{"p", "user@" + user}, new double[]{p, 1.0});
    }

    private static MutableDataset<Label> dataset(List<Example<Label>> examples) {
        return new MutableDataset<>(examples, new SimpleDataSourceProvenance("test", FACTORY), FACTORY);
    }

    /** The GAUC example of CtrMetricsTest as a dataset: AUC over all, GAUC 4/7. */
    private static List<Example<Label>> handExamples() {
        String[] users = {"a", "b", "c", "a", "b", "b", "a", "c", "b"};
        double[] p = {0.9, 0.2, 0.7, 0.1, 0.8, 0.3, 0.5, 0.7, 0.6};
        String[] labels = {"1", "1", "1", "0", "0", "0", "0", "1", "1"};
        List<Example<Label>> list = new ArrayList<>();
        for (int i = 0; i < users.length; i++) {
            list.add(example(labels[i], p[i], users[i]));
        }
        return list;
    }

    @Test
    public void evaluatesDatasetWithOneBatchedPrediction() {
        MutableDataset<Label> data = dataset(handExamples());
        FeatureScoreModel model = new FeatureScoreModel(data, true);
        CtrEvaluation result = CtrEvaluator.withGauc().evaluate(model, data);
        assertEquals(1, model.batchCalls);
        assertEquals(9, result.count());
        // positives 0.9 0.2 0.7 0.7 0.6; negatives 0.1 0.8 0.3 0.5; ordered pairs:
        // 0.9:4, 0.2:1, 0.7:3, 0.7:3, 0.6:3 -> 14 of 20
        assertEquals(14.0 / 20, result.auc(), 1e-15);
        double expectedLoss = -(Math.log(0.9) + Math.log(0.2) + 2 * Math.log(0.7) + Math.log(0.6)
                + Math.log(0.9) + Math.log(0.2) + Math.log(0.7) + Math.log(0.5)) / 9;
        assertEquals(expectedLoss, result.logLoss(), 1e-12);
        assertEquals(4.0 / 7, result.gauc(), 1e-15);
        assertTrue(result.toString().contains("auc=0.700000"), result.toString());
    }

    @Test
    public void aSampleTakesEvenlySpreadInstances() {
        List<Example<Label>> all = handExamples();
        MutableDataset<Label> data = dataset(all);
        FeatureScoreModel model = new FeatureScoreModel(data, true);
        // 9 instances, limit 4: instances floor(i * 9 / 4) = 0, 2, 4, 6
        CtrEvaluation sample = CtrEvaluator.withGauc().evaluateSample(model, data, 4);
        CtrEvaluation expected = CtrEvaluator.withGauc().evaluate(model,
                (Iterable<Example<Label>>) List.of(all.get(0), all.get(2), all.get(4), all.get(6)));
        assertEquals(4, sample.count());
        assertEquals(expected.auc(), sample.auc(), 0.0);
        assertEquals(expected.logLoss(), sample.logLoss(), 0.0);
        assertEquals(9, CtrEvaluator.withGauc().evaluateSample(model, data, 9).count());
        assertThrows(IllegalArgumentException.class, () -> CtrEvaluator.withGauc().evaluateSample(model, data, 0));
    }

    @Test
    public void evaluatesIterableAndSkipsGaucWhenNotAsked() {
        List<Example<Label>> list = handExamples();
        list.add(example("0", 0.05, null));
        MutableDataset<Label> data = dataset(list);
        FeatureScoreModel model = new FeatureScoreModel(data, false);
        CtrEvaluation result = new CtrEvaluator("user", false).evaluate(model, (Iterable<Example<Label>>) list);
        assertEquals(1, model.batchCalls);
        assertEquals(10, result.count());
        assertEquals(19.0 / 25, result.auc(), 1e-15);
        assertTrue(Double.isNaN(result.logLoss()), "not probabilistic");
        assertTrue(Double.isNaN(result.gauc()));
    }

    @Test
    public void missingUserIsAnErrorWhenGaucIsAsked() {
        List<Example<Label>> list = handExamples();
        list.add(example("0", 0.05, null));
        MutableDataset<Label> data = dataset(list);
        FeatureScoreModel model = new FeatureScoreModel(data, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CtrEvaluator.withGauc().evaluate(model, data));
        assertTrue(e.getMessage().contains("example 9") && e.getMessage().contains("user@"), e.getMessage());
    }

    @Test
    public void otherLabelIsAnError() {
        List<Example<Label>> list = handExamples();
        list.set(2, example("yes", 0.4, "c"));
        MutableDataset<Label> data = dataset(list);
        FeatureScoreModel model = new FeatureScoreModel(data, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CtrEvaluator.withGauc().evaluate(model, data));
        assertTrue(e.getMessage().contains("example 2") && e.getMessage().contains("\"yes\""), e.getMessage());
    }

    @Test
    public void customUserFieldAndValidation() {
        List<Example<Label>> list = new ArrayList<>();
        list.add(new ArrayExample<>(new Label("1"), new String[]{"p", "uid@x"}, new double[]{0.8, 1}));
        list.add(new ArrayExample<>(new Label("0"), new String[]{"p", "uid@x"}, new double[]{0.9, 1}));
        list.add(new ArrayExample<>(new Label("1"), new String[]{"p", "uid@y"}, new double[]{0.6, 1}));
        list.add(new ArrayExample<>(new Label("0"), new String[]{"p", "uid@y"}, new double[]{0.4, 1}));
        MutableDataset<Label> data = dataset(list);
        CtrEvaluation result = new CtrEvaluator("uid", true).evaluate(new FeatureScoreModel(data, true), data);
        // user x: AUC 0, user y: AUC 1, equal weights
        assertEquals(0.5, result.gauc(), 1e-15);
        // overall: 0.8 beats 0.4, 0.6 beats 0.4: 2 of 4
        assertEquals(0.5, result.auc(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> new CtrEvaluator("", true));
        assertThrows(IllegalArgumentException.class, () -> new CtrEvaluator("a@b", true));
        assertThrows(IllegalArgumentException.class,
                () -> CtrEvaluator.withGauc().evaluate(new FeatureScoreModel(data, true), new ArrayList<>()));
    }

    @Test
    public void imprOverBase() {
        CtrEvaluation model = new CtrEvaluation(0.75, 0.4, 0.7, 10);
        CtrEvaluation base = new CtrEvaluation(0.7, 0.5, 0.6, 10);
        assertEquals(25.0, model.imprOver(base), 1e-12);
    }

    /** More instances than a chunk: predictions come in chunks and the metrics equal those over all at once. */
    @Test
    public void evaluatesInChunksWithTheSameMetrics() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        List<Example<Label>> list = new ArrayList<>();
        int n = 2 * CtrEvaluator.CHUNK + 17;
        double[] p = new double[n];
        int[] labels = new int[n];
        String[] users = new String[n];
        for (int i = 0; i < n; i++) {
            p[i] = rng.nextDouble();
            labels[i] = rng.nextDouble() < p[i] ? 1 : 0;
            users[i] = "u" + rng.nextInt(50);
            list.add(example(labels[i] == 1 ? "1" : "0", p[i], users[i]));
        }
        MutableDataset<Label> data = dataset(list);
        FeatureScoreModel model = new FeatureScoreModel(data, true);
        CtrEvaluation result = CtrEvaluator.withGauc().evaluate(model, data);
        assertEquals(3, model.batchCalls, "one prediction call per chunk");
        assertEquals(n, result.count());
        assertEquals(CtrMetrics.auc(p, labels), result.auc(), 1e-12);
        assertEquals(CtrMetrics.logLoss(p, labels), result.logLoss(), 1e-12);
        assertEquals(CtrMetrics.gauc(p, labels, users), result.gauc(), 1e-12);
    }
}
