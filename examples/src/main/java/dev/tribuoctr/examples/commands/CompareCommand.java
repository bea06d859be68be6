package dev.tribuoctr.examples.commands;

import dev.tribuoctr.ctr.encoding.ClickFeatureNames;
import dev.tribuoctr.examples.cli.TerminalProgress;

import dev.tribuoctr.ctr.train.TrainingRun;
import dev.tribuoctr.ctr.data.InterestWorldDataSource;
import dev.tribuoctr.ctr.data.SyntheticInterestDataSource;
import dev.tribuoctr.ctr.data.SyntheticInterestDataSource.Split;
import dev.tribuoctr.ctr.encoding.CtrSchema;
import dev.tribuoctr.ctr.eval.CtrEvaluation;
import dev.tribuoctr.ctr.eval.CtrEvaluator;
import dev.tribuoctr.ctr.eval.CtrMetrics;
import dev.tribuoctr.ctr.model.CtrModel;
import dev.tribuoctr.ctr.train.EpochStats;
import dev.tribuoctr.ctr.train.MetaWrapperTrainer;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The {@code compare} command, the main job: generates a synthetic world whose ranking is learnable
 * ({@link InterestWorldDataSource}), trains Base, DIN and Meta-Wrapper with the same settings, evaluates each on the
 * training and the test set, and adds the best possible row: the generating click probabilities scored like a model,
 * so the table reads as progress towards a known optimum.
 */
public final class CompareCommand {
    private static final Logger logger = Logger.getLogger(CompareCommand.class.getName());

    /** Name of the row of the generating probabilities. */
    public static final String BEST_POSSIBLE = "Best possible";
    /** History length of the synthetic data. */
    public static final int HISTORY = 20;

    private final CompareOptions options;

    /** @param options the parsed options */
    public CompareCommand(CompareOptions options) {
        this.options = options;
    }

    /**
     * Runs the comparison.
     * @return one result per method, in the order Base, DIN, Meta-Wrapper
     * @throws IllegalArgumentException if a setting is invalid
     */
    public List<MethodResult> run() {
        if (options.users < 1 || options.items < 20) {
            throw new IllegalArgumentException("--users must be at least 1 and --items at least 20 (one per category),"
                    + " got " + options.users + " and " + options.items);
        }
        MutableDataset<Label> train = new MutableDataset<>(world(Split.TRAIN));
        InterestWorldDataSource testWorld = world(Split.TEST);
        MutableDataset<Label> test = new MutableDataset<>(testWorld);
        logger.info(String.format("Synthetic interest world: %d users, %d items, %d train and %d test instances,"
                + " seed %d", options.users, options.items, train.size(), test.size(), options.seed));
        CtrEvaluator evaluator = CtrEvaluator.withGauc();
        List<MethodResult> results = new ArrayList<>();
        for (CtrMethod method : CtrMethod.values()) {
            MetaWrapperTrainer trainer = method.configure(commonSettings(), options.mu).build();
            TerminalProgress.attach(trainer);
            logger.info("Training " + method.displayName() + ": " + trainer);
            long start = System.nanoTime();
            TrainingRun run = trainer.trainWithHistory(train, null, null, java.util.Map.of());
            CtrModel model = run.model();
            double seconds = (System.nanoTime() - start) / 1e9;
            CtrEvaluation onTrain = evaluator.evaluate(model, train);
            CtrEvaluation onTest = evaluator.evaluate(model, test);
            results.add(new MethodResult(method.displayName(), onTrain.logLoss(), onTest.logLoss(), onTest.auc(),
                    onTest.gauc(), seconds, meanExamplesPerSecond(run.history())));
        }
        results.add(bestPossible(test, testWorld.clickProbabilities()));
        return results;
    }

    private InterestWorldDataSource world(Split split) {
        return new InterestWorldDataSource(options.users, options.items, options.seed, split);
    }

    /** The generating probabilities scored like a model on the test set: no model can do better in expectation. */
    public static MethodResult bestPossible(MutableDataset<Label> test, double[] p) {
        int[] labels = new int[test.size()];
        String[] users = new String[test.size()];
        for (int i = 0; i < labels.length; i++) {
            Example<Label> e = test.getExample(i);
            labels[i] = "1".equals(e.getOutput().getLabel()) ? 1 : 0;
            for (org.tribuo.Feature f : e) {
                if (f.getName().startsWith(ClickFeatureNames.feature(ClickFeatureNames.USER, ""))) {
                    users[i] = f.getName();
                }
            }
        }
        return new MethodResult(BEST_POSSIBLE, Double.NaN, CtrMetrics.logLoss(p, labels), CtrMetrics.auc(p, labels),
                CtrMetrics.gauc(p, labels, users), Double.NaN, Double.NaN);
    }

    private MetaWrapperTrainer.Builder commonSettings() {
        CtrSchema schema = new CtrSchema(SyntheticInterestDataSource.ITEM_FIELD,
                List.of(SyntheticInterestDataSource.CATEGORY_FIELD), SyntheticInterestDataSource.HISTORY_FIELD,
                HISTORY, List.of(SyntheticInterestDataSource.USER_FIELD), List.of(), 1);
        return MetaWrapperTrainer.builder()
                .schema(schema)
                .epochs(options.epochs)
                .seed(options.seed)
                .optimiser(options.optimiser, options.learningRate)
                .beta(options.beta)
                .batchSize(options.batchSize)
                .threads(options.threads);
    }

    private static double meanExamplesPerSecond(List<EpochStats> history) {
        return history.stream().mapToDouble(EpochStats::examplesPerSecond).average().orElse(Double.NaN);
    }
}
