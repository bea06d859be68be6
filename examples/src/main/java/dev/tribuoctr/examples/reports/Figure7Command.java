package dev.tribuoctr.examples.reports;

import dev.tribuoctr.examples.cli.CliArguments;
import dev.tribuoctr.examples.cli.CliUsageException;
import dev.tribuoctr.examples.commands.CompareCommand;
import dev.tribuoctr.examples.cli.RunFiles;
import dev.tribuoctr.examples.cli.RunFolder;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tribuoctr.ctr.train.TrainingRun;
import dev.tribuoctr.ctr.data.SyntheticInterestDataSource;
import dev.tribuoctr.ctr.data.SyntheticInterestDataSource.Split;
import dev.tribuoctr.ctr.encoding.CtrSchema;
import dev.tribuoctr.ctr.engine.OptimiserType;
import dev.tribuoctr.ctr.eval.CtrEvaluation;
import dev.tribuoctr.ctr.eval.CtrEvaluator;
import dev.tribuoctr.ctr.model.CtrModel;
import dev.tribuoctr.ctr.model.Pooling;
import dev.tribuoctr.ctr.train.EarlyStopping;
import dev.tribuoctr.ctr.train.EpochStats;
import dev.tribuoctr.ctr.train.MetaWrapperTrainer;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * The {@code figure7} command: the paper's Figure 7 comparison on the synthetic data. Trains Base, DIN (the
 * attentive selector), DIN + L2, DIN + dropout and Meta-Wrapper for a fixed number of epochs with the test set as the trainer's
 * validation set (no early stopping), so the history holds the test loss after every epoch; the training loss is
 * the mean in-bag loss over the epoch's steps.
 */
public final class Figure7Command {
    private static final Logger logger = Logger.getLogger(Figure7Command.class.getName());

    /** The PNG written. */
    public static final String FIGURE = "figure7.png";

    private record Variant(String name, String folder, UnaryOperator<MetaWrapperTrainer.Builder> settings) { }

    /** Items of the paper's synthetic world (its section 6.4.1; almost every item is seen once). */
    public static final int PAPER_ITEMS = 10_000;
    /** Groups (and categories) of the paper's synthetic world. */
    public static final int PAPER_GROUPS = 10;

    private Figure7Command() { }

    /**
     * Runs the command.
     * @param args its arguments
     * @param out where the summary goes
     * @return the exit status
     * @throws IOException if an output cannot be written
     */
    public static int run(String[] args, PrintStream out) throws IOException {
        Figure7Options options = new Figure7Options();
        if (!CliArguments.parse("figure7", args, options, out)) {
            return 0;
        }
        if (options.out == null) {
            throw new CliUsageException("figure7 needs --out DIR\n\n" + CliArguments.usage("figure7", options), null);
        }
        if (options.users < PAPER_GROUPS) {
            throw new IllegalArgumentException("--users must be at least " + PAPER_GROUPS + ", got " + options.users);
        }
        try (RunFolder folder = RunFolder.open(options.out, options.overwrite, "figure7")) {
            List<RunRecord> runs = run(options, folder);
            List<Path> written = new ArrayList<>();
            byte[] figure = LossPlots.png("Figure 7: synthetic data, loss per epoch", runs, "test");
            written.add(folder.write(FIGURE, os -> os.write(figure)));
            byte[] report = (ReportCommand.markdown(runs)
                    + "\nTrain loss: mean in-bag loss over each epoch's steps; test loss: log loss on the test set"
                    + " after each epoch.\n\n![Figure 7](" + FIGURE + ")\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            written.add(folder.write(ReportCommand.REPORT, os -> os.write(report)));
            folder.complete();
            written.forEach(p -> out.println("Wrote " + p));
            return 0;
        }
    }

    /**
     * Trains the five variants and writes one run folder each.
     * @param o the options
     * @param folder the command's output folder
     * @return the runs, read back
     * @throws IOException if an output cannot be written
     */
    public static List<RunRecord> run(Figure7Options o, RunFolder folder) throws IOException {
        MutableDataset<Label> train = new MutableDataset<>(source(o, Split.TRAIN));
        MutableDataset<Label> test = new MutableDataset<>(source(o, Split.TEST));
        List<Variant> variants = List.of(
                new Variant("Base", "base", b -> b.pooling(Pooling.SUM).mu(0)),
                new Variant("DIN", "din", b -> b.pooling(Pooling.ATTENTION).mu(0)),
                new Variant("DIN + L2", "din-l2", b -> b.pooling(Pooling.ATTENTION).mu(0).l2(o.l2)),
                new Variant("DIN + dropout", "din-dropout", b -> b.pooling(Pooling.ATTENTION).mu(0).dropout(o.dropout)),
                new Variant("Meta-Wrapper", "meta-wrapper", b -> b.pooling(Pooling.ATTENTION).mu(o.mu)));
        CtrEvaluator evaluator = CtrEvaluator.withGauc();
        List<RunRecord> runs = new ArrayList<>();
        for (Variant v : variants) {
            MetaWrapperTrainer trainer = v.settings().apply(MetaWrapperTrainer.builder()
                    .schema(new CtrSchema(SyntheticInterestDataSource.ITEM_FIELD,
                            List.of(SyntheticInterestDataSource.CATEGORY_FIELD), SyntheticInterestDataSource.HISTORY_FIELD,
                            CompareCommand.HISTORY, List.of(SyntheticInterestDataSource.USER_FIELD), List.of(), 1))
                    .epochs(o.epochs).seed(o.seed).optimiser(OptimiserType.ADAM, o.learningRate).threads(o.threads)
                    .earlyStopping(EarlyStopping.NONE, 1)).build();
            logger.info("Figure 7: training " + v.name() + ": " + trainer);
            long start = System.nanoTime();
            TrainingRun run = trainer.trainWithHistory(train, test, null, Collections.emptyMap());
            CtrModel model = run.model();
            double seconds = (System.nanoTime() - start) / 1e9;
            List<EpochStats> history = run.history();
            CtrEvaluation onTrain = evaluator.evaluate(model, train);
            CtrEvaluation onTest = evaluator.evaluate(model, test);
            ObjectNode m = RunFiles.MAPPER.createObjectNode();
            m.put("method", v.name());
            m.put("dataset", "synthetic");
            RunFiles.put(m, "train_logloss", onTrain.logLoss());
            RunFiles.put(m, "test_logloss", onTest.logLoss());
            RunFiles.put(m, "test_auc", onTest.auc());
            RunFiles.put(m, "test_gauc", onTest.gauc());
            RunFiles.put(m, "train_seconds", seconds);
            RunFiles.put(m, "examples_per_second",
                    history.stream().mapToDouble(EpochStats::examplesPerSecond).average().orElse(Double.NaN));
            m.put("epochs_trained", history.size());
            RunFolder variant = folder.child(v.folder());
            variant.writeJson(RunFiles.METRICS, m);
            variant.writeJson(RunFiles.HISTORY, RunFiles.history(history));
            variant.complete();
            runs.addAll(RunRecord.read(variant.path()));
        }
        return runs;
    }

    private static SyntheticInterestDataSource source(Figure7Options o, Split split) {
        return new SyntheticInterestDataSource(o.users, PAPER_ITEMS, PAPER_GROUPS, 50, 50, 0.5, 0.2,
                CompareCommand.HISTORY, 0.2, o.seed, split);
    }
}
