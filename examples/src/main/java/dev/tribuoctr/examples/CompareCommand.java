package dev.tribuoctr.examples;

import dev.tribuoctr.ctr.data.SyntheticInterestDataSource;
import dev.tribuoctr.ctr.data.SyntheticInterestDataSource.Split;
import dev.tribuoctr.ctr.encoding.CtrSchema;
import dev.tribuoctr.ctr.eval.CtrEvaluation;
import dev.tribuoctr.ctr.eval.CtrEvaluator;
import dev.tribuoctr.ctr.model.CtrModel;
import dev.tribuoctr.ctr.train.EpochStats;
import dev.tribuoctr.ctr.train.MetaWrapperTrainer;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The {@code compare} command: generates the synthetic interest data (design §5.4, docs/design/protocols.md), trains Base, DIN and Meta-Wrapper
 * with the same settings and evaluates each on the training and the test set.
 */
public final class CompareCommand {
    private static final Logger logger = Logger.getLogger(CompareCommand.class.getName());

    /** Items in the synthetic world (design §5.4, docs/design/protocols.md). */
    static final int ITEMS = 10_000;
    /** Groups (and categories) in the synthetic world. */
    static final int GROUPS = 10;
    /** History length of the synthetic data. */
    static final int HISTORY = 20;

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
        MutableDataset<Label> train = generate(Split.TRAIN);
        MutableDataset<Label> test = generate(Split.TEST);
        logger.info(String.format("Synthetic interest data: %d users, %d train and %d test instances, seed %d",
                options.users, train.size(), test.size(), options.seed));
        CtrEvaluator evaluator = CtrEvaluator.withGauc();
        List<MethodResult> results = new ArrayList<>();
        for (CtrMethod method : CtrMethod.values()) {
            MetaWrapperTrainer trainer = method.configure(commonSettings(), options.mu).build();
            logger.info("Training " + method.displayName() + ": " + trainer);
            long start = System.nanoTime();
            CtrModel model = trainer.train(train);
            double seconds = (System.nanoTime() - start) / 1e9;
            CtrEvaluation onTrain = evaluator.evaluate(model, train);
            CtrEvaluation onTest = evaluator.evaluate(model, test);
            results.add(new MethodResult(method.displayName(), onTrain.logLoss(), onTest.logLoss(), onTest.auc(),
                    onTest.gauc(), seconds, meanExamplesPerSecond(trainer.lastTrainingHistory())));
        }
        return results;
    }

    private MutableDataset<Label> generate(Split split) {
        if (options.users < GROUPS) {
            throw new IllegalArgumentException("--users must be at least " + GROUPS + " (one per group), got "
                    + options.users);
        }
        return new MutableDataset<>(new SyntheticInterestDataSource(options.users, ITEMS, GROUPS, 50, 50, 0.5, 0.2,
                HISTORY, 0.2, options.seed, split));
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
