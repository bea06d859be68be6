package dev.tribuoctr.examples.commands;

import dev.tribuoctr.examples.cli.CliArguments;
import dev.tribuoctr.examples.cli.CliUsageException;
import dev.tribuoctr.examples.cli.ModelFiles;
import dev.tribuoctr.examples.cli.OutputGuard;
import dev.tribuoctr.examples.cli.RunFiles;
import dev.tribuoctr.examples.cli.RunFolder;
import dev.tribuoctr.examples.cli.TerminalProgress;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.oracle.labs.mlrg.olcut.config.ArgumentException;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.UsageException;
import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import dev.tribuoctr.ctr.train.TrainingRun;
import dev.tribuoctr.ctr.eval.CtrEvaluation;
import dev.tribuoctr.ctr.eval.CtrEvaluator;
import dev.tribuoctr.ctr.train.EpochStats;
import dev.tribuoctr.ctr.train.MetaWrapperTrainer;
import dev.tribuoctr.ctr.data.CompactDataSource;
import org.tribuo.DataSource;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The {@code train} command: an experiment from an OLCUT configuration. The configuration declares the components
 * {@code trainer} (a {@code Trainer<Label>}, normally {@link MetaWrapperTrainer}), {@code train-data} and
 * {@code test-data} (any {@code DataSource<Label>}), optionally {@code validation-data} (early stopping and
 * per-epoch validation metrics) and {@code evaluator} (a {@link CtrEvaluator}; GAUC on field {@code user} if absent),
 * and optionally the global properties {@code method} and {@code dataset} that name the run in reports.
 * It writes {@code metrics.json}, {@code history.json}, the model ({@link ModelFiles}) and {@code provenance.json}
 * (OLCUT JSON provenance) to {@code --out}, each file atomically, then the completion marker ({@link RunFolder}); an
 * {@code --out} that holds files is refused before any work unless {@code --overwrite} is given.
 */
public final class TrainCommand {
    /** Most training instances the training log loss is measured on. */
    public static final int TRAIN_METRICS_LIMIT = 1_000_000;

    private static final Logger logger = Logger.getLogger(TrainCommand.class.getName());

    /** Files written into the output directory. */
    public static final String MODEL = "model.tribuo";
    /** Provenance file. */
    public static final String PROVENANCE = "provenance.json";

    private TrainCommand() { }

    /**
     * Runs the command.
     * @param args its arguments ({@code --config FILE}, options, {@code --set NAME=VALUE} global properties,
     *     {@code --@component.field value} overrides)
     * @param out where the summary goes
     * @return the exit status
     * @throws IOException if an output cannot be written
     */
    public static int run(String[] args, PrintStream out) throws IOException {
        TrainOptions options = new TrainOptions();
        try (ConfigurationManager cm = CliArguments.openConfiguration("train", args, options, () -> options.dataDir,
                "an OLCUT configuration such as examples/configs/base.xml", usage(options))) {
            // Everything that can be checked is checked before the data is read and the model trained.
            List<OutputGuard.Input> inputs = new ArrayList<>(OutputGuard.configurationInputs(args, cm));
            inputs.add(OutputGuard.input("--data-dir", options.dataDir));
            inputs.add(OutputGuard.input("--base-metrics", options.baseMetrics));
            OutputGuard.requireFolderNotInput("train", "--out", options.out, inputs);
            try (RunFolder folder = options.out == null ? null
                    : RunFolder.open(options.out, options.overwrite, "train")) {
                double baseAuc = options.baseMetrics == null ? Double.NaN : RunFiles.baseAuc(options.baseMetrics);
                ObjectNode metrics = train(cm, folder, baseAuc);
                out.println(RunFiles.MAPPER.writeValueAsString(metrics));
                if (options.out != null) {
                    out.println("Wrote " + options.out.toAbsolutePath());
                }
                return 0;
            }
        } catch (UsageException e) {
            out.println(usage(options));
            return 0;
        } catch (ArgumentException e) {
            throw new CliUsageException("Bad arguments for 'train': " + e.getMessage() + "\n\n" + usage(options), e);
        }
    }

    private static String usage(TrainOptions options) {
        return "Command: java -jar tribuo-ctr-examples.jar train --config FILE [options] [--set NAME=VALUE ...]"
                + " [--@component.field value ...]\n\n" + CliArguments.optionsText(options, true)
                + "\n" + CliArguments.SET_USAGE;
    }

    @SuppressWarnings("unchecked")
    private static ObjectNode train(ConfigurationManager cm, RunFolder folder, double baseAuc) throws IOException {
        Configurable t = lookup(cm, "trainer", true);
        if (!(t instanceof Trainer)) {
            throw new IllegalArgumentException("component 'trainer' is a " + t.getClass().getName() + ", not a Trainer");
        }
        Trainer<Label> trainer = (Trainer<Label>) t;
        TerminalProgress.attach(trainer);
        // All sources are created (each checks its files: headers, formats) before any is loaded in full.
        DataSource<Label> trainSource = source(cm, "train-data", true);
        DataSource<Label> validationSource = source(cm, "validation-data", false);
        DataSource<Label> testSource = source(cm, "test-data", true);
        Dataset<Label> train = CompactDataSource.load(trainSource);
        Dataset<Label> validation = validationSource == null ? null : CompactDataSource.load(validationSource);
        Dataset<Label> test = CompactDataSource.load(testSource);
        for (Map.Entry<String, Dataset<Label>> d : Map.of("train-data", train, "test-data", test).entrySet()) {
            if (d.getValue().size() == 0) {
                throw new IOException("component '" + d.getKey() + "' has no instances (" + cm.lookup(d.getKey())
                        + "); there is nothing to " + (d.getKey().equals("train-data") ? "train on" : "evaluate"));
            }
        }
        Configurable e = lookup(cm, "evaluator", false);
        CtrEvaluator evaluator = e == null ? CtrEvaluator.withGauc() : (CtrEvaluator) e;
        String method = globalOr(cm, "method", "unnamed");
        String dataset = globalOr(cm, "dataset", "unnamed");
        logger.info(String.format("Experiment %s on %s: %d train, %s validation, %d test instances; %s", method, dataset,
                train.size(), validation == null ? "no" : String.valueOf(validation.size()), test.size(), trainer));

        long start = System.nanoTime();
        Model<Label> model;
        List<EpochStats> history;
        if (trainer instanceof MetaWrapperTrainer) {
            MetaWrapperTrainer mw = (MetaWrapperTrainer) trainer;
            TrainingRun run = mw.trainWithHistory(train, validation, null, Collections.emptyMap());
            model = run.model();
            history = run.history();
        } else {
            model = trainer.train(train);
            history = new ArrayList<>();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (train.size() > TRAIN_METRICS_LIMIT) {
            logger.info("Training log loss measured on " + TRAIN_METRICS_LIMIT + " of the " + train.size()
                    + " training instances, evenly spread");
        }
        long evaluationStart = System.nanoTime();
        CtrEvaluation onTrain = evaluator.evaluateSample(model, train, TRAIN_METRICS_LIMIT);
        CtrEvaluation onTest = evaluator.evaluate(model, test);
        CtrEvaluation onValidation = validation == null ? null : evaluator.evaluate(model, validation);
        logger.info(String.format("Evaluated %d training, %d test and %d validation instances in %.1f s (%s)",
                onTrain.count(), onTest.count(), onValidation == null ? 0 : onValidation.count(),
                (System.nanoTime() - evaluationStart) / 1e9,
                evaluator.readsColumns(model, test) ? "from the columns" : "from the examples"));

        ObjectNode m = RunFiles.MAPPER.createObjectNode();
        m.put("method", method);
        m.put("dataset", dataset);
        RunFiles.put(m, "train_logloss", onTrain.logLoss());
        m.put("train_logloss_instances", Math.min(train.size(), TRAIN_METRICS_LIMIT));
        RunFiles.put(m, "test_logloss", onTest.logLoss());
        RunFiles.put(m, "test_auc", onTest.auc());
        RunFiles.put(m, "test_gauc", onTest.gauc());
        RunFiles.put(m, "train_seconds", seconds);
        RunFiles.put(m, "examples_per_second",
                history.stream().mapToDouble(EpochStats::examplesPerSecond).average().orElse(Double.NaN));
        RunFiles.put(m, "validation_auc", onValidation == null ? Double.NaN : onValidation.auc());
        if (!Double.isNaN(baseAuc)) {
            RunFiles.put(m, "test_impr", ((onTest.auc() - 0.5) / (baseAuc - 0.5) - 1) * 100);
        }
        m.put("epochs_trained", history.size());
        if (folder != null) {
            folder.writeJson(RunFiles.METRICS, m);
            folder.writeJson(RunFiles.HISTORY, RunFiles.history(history));
            folder.write(MODEL, os -> ModelFiles.write(os, model));
            String provenance = new JsonProvenanceSerialization(true).serializeToString(
                    ProvenanceUtil.marshalProvenance(model.getProvenance()));
            folder.write(PROVENANCE, os -> os.write(provenance.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            folder.complete();
        }
        return m;
    }

    private static Configurable lookup(ConfigurationManager cm, String name, boolean required) {
        if (!cm.getComponentNames().contains(name)) {
            if (required) {
                throw new IllegalArgumentException("the configuration has no component '" + name + "'");
            }
            return null;
        }
        return cm.lookup(name);
    }

    private static DataSource<Label> source(ConfigurationManager cm, String name, boolean required) {
        Configurable c = lookup(cm, name, required);
        if (c == null) {
            return null;
        }
        if (!(c instanceof DataSource)) {
            throw new IllegalArgumentException("component '" + name + "' is a " + c.getClass().getName() + ", not a DataSource");
        }
        return (DataSource<Label>) c;
    }

    private static String globalOr(ConfigurationManager cm, String name, String fallback) {
        try {
            String v = cm.getGlobalProperty(name);
            return v == null || v.isBlank() ? fallback : v;
        } catch (RuntimeException e) {
            return fallback;
        }
    }
}
