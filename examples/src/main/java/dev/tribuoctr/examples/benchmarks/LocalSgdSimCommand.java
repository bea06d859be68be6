package dev.tribuoctr.examples.benchmarks;

import com.oracle.labs.mlrg.olcut.config.ArgumentException;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.UsageException;
import dev.tribuoctr.ctr.data.CompactDataSource;
import dev.tribuoctr.ctr.train.LocalSgdSimulation;
import dev.tribuoctr.ctr.train.MetaWrapperTrainer;
import dev.tribuoctr.ctr.train.TrainingDivergedException;
import dev.tribuoctr.examples.cli.AtomicOutput;
import dev.tribuoctr.examples.cli.CliArguments;
import dev.tribuoctr.examples.cli.CliUsageException;
import dev.tribuoctr.examples.cli.OutputGuard;
import org.tribuo.DataSource;
import org.tribuo.Dataset;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * The {@code local-sgd-sim} command: the one-machine simulation of training beyond one machine
 * ({@link LocalSgdSimulation}, docs/distributed-training.md). Reads the {@code trainer} (a {@link MetaWrapperTrainer}),
 * {@code train-data} and {@code validation-data} components of a {@code train} configuration, runs the single-machine
 * trainer's loop and every cell of K workers combined every H steps for the same epochs, and prints (and with
 * {@code --out} writes, atomically) a Markdown table of the validation AUC after each epoch and the final gap to the
 * single machine. A cell that diverges is reported as such and the others still run.
 */
public final class LocalSgdSimCommand {
    private static final Logger logger = Logger.getLogger(LocalSgdSimCommand.class.getName());

    /**
     * One cell of the table.
     * @param workers K
     * @param syncEvery H
     * @param run the simulated run, or null when it diverged
     * @param failure why it failed, or null
     */
    public record Cell(int workers, int syncEvery, LocalSgdSimulation.Run run, String failure) { }

    private LocalSgdSimCommand() { }

    /**
     * Runs the command.
     * @param args {@code --config FILE [--data-dir DIR] [--workers 1,2,4,8] [--sync-every 1,10,100] [--epochs N]
     *     [--user-field user] [--out FILE.md] [--overwrite] [--set NAME=VALUE ...] [--@component.field value ...]}
     * @param out where the Markdown goes
     * @return the exit status
     * @throws IOException if the report cannot be written
     */
    public static int run(String[] args, PrintStream out) throws IOException {
        LocalSgdSimOptions options = new LocalSgdSimOptions();
        try (ConfigurationManager cm = CliArguments.openConfiguration("local-sgd-sim", args, options,
                () -> options.dataDir, "a train configuration such as examples/configs/world-din.xml", usage(options))) {
            checkOptions(options);
            // Everything that can be checked is checked before the data is read and the runs start.
            if (options.out != null) {
                OutputGuard.requireFileNotInput("local-sgd-sim", "--out", options.out,
                        OutputGuard.configurationInputs(args, cm).toArray(new OutputGuard.Input[0]));
                AtomicOutput.checkWritable(options.out, options.overwrite, "--out");
            }
            MetaWrapperTrainer trainer = trainer(cm);
            DataSource<Label> trainSource = source(cm, "train-data");
            DataSource<Label> validationSource = source(cm, "validation-data");
            Dataset<Label> train = CompactDataSource.load(trainSource);
            Dataset<Label> validation = CompactDataSource.load(validationSource);
            LocalSgdSimulation simulation = new LocalSgdSimulation(trainer, train, validation, options.userField);
            LocalSgdSimulation.Run single = simulation.singleMachine(options.epochs);
            List<Cell> cells = new ArrayList<>();
            for (int k : options.workers) {
                for (int h : options.syncEvery) {
                    cells.add(cell(simulation, k, h, options.epochs));
                }
            }
            String report = markdown(args, trainer, simulation, validation.size(), options.epochs, single, cells);
            out.print(report);
            if (options.out != null) {
                AtomicOutput.write(options.out, options.overwrite,
                        os -> os.write(report.getBytes(StandardCharsets.UTF_8)));
                out.println("Wrote " + options.out);
            }
            return 0;
        } catch (UsageException e) {
            out.println(usage(options));
            return 0;
        } catch (ArgumentException e) {
            throw new CliUsageException("Bad arguments for 'local-sgd-sim': " + e.getMessage() + "\n\n"
                    + usage(options), e);
        }
    }

    /**
     * @param options the options
     * @return the command's usage text
     */
    public static String usage(LocalSgdSimOptions options) {
        return "Command: java -jar tribuo-ctr-examples.jar local-sgd-sim --config FILE [--data-dir DIR]"
                + " [--workers 1,2,4,8] [--sync-every 1,10,100] [--epochs 5] [--out FILE.md] [--set NAME=VALUE ...]"
                + " [--@component.field value ...]\n\n" + CliArguments.optionsText(options, true) + "\n"
                + CliArguments.SET_USAGE;
    }

    private static void checkOptions(LocalSgdSimOptions o) {
        if (o.workers.length == 0 || Arrays.stream(o.workers).anyMatch(k -> k < 1)
                || o.syncEvery.length == 0 || Arrays.stream(o.syncEvery).anyMatch(h -> h < 1) || o.epochs < 1) {
            throw new CliUsageException("local-sgd-sim needs --workers and --sync-every values of at least 1 and"
                    + " --epochs of at least 1; got --workers " + Arrays.toString(o.workers) + ", --sync-every "
                    + Arrays.toString(o.syncEvery) + ", --epochs " + o.epochs + "\n\n" + usage(o), null);
        }
    }

    private static MetaWrapperTrainer trainer(ConfigurationManager cm) {
        Configurable t = lookup(cm, "trainer");
        if (!(t instanceof MetaWrapperTrainer)) {
            throw new IllegalArgumentException("component 'trainer' is a " + t.getClass().getName() + "; the local-SGD"
                    + " simulation runs a " + MetaWrapperTrainer.class.getName());
        }
        return (MetaWrapperTrainer) t;
    }

    @SuppressWarnings("unchecked")
    private static DataSource<Label> source(ConfigurationManager cm, String name) {
        Configurable c = lookup(cm, name);
        if (!(c instanceof DataSource)) {
            throw new IllegalArgumentException("component '" + name + "' is a " + c.getClass().getName()
                    + ", not a DataSource");
        }
        return (DataSource<Label>) c;
    }

    private static Configurable lookup(ConfigurationManager cm, String name) {
        if (!cm.getComponentNames().contains(name)) {
            throw new IllegalArgumentException("the configuration has no component '" + name + "'; local-sgd-sim"
                    + " needs 'trainer', 'train-data' and 'validation-data'");
        }
        return cm.lookup(name);
    }

    private static Cell cell(LocalSgdSimulation simulation, int workers, int syncEvery, int epochs) {
        try {
            return new Cell(workers, syncEvery, simulation.run(workers, syncEvery, epochs), null);
        } catch (TrainingDivergedException e) {
            logger.warning("K=" + workers + ", H=" + syncEvery + " diverged: " + e.getMessage());
            return new Cell(workers, syncEvery, null, e.getMessage());
        }
    }

    /**
     * @param args the command's arguments, echoed
     * @param trainer the trainer
     * @param simulation the simulation (its data)
     * @param validationInstances validation instances
     * @param epochs epochs of every run
     * @param single the single-machine run
     * @param cells the simulated cells
     * @return machine, command, date and data lines, then the table and what its columns mean
     */
    public static String markdown(String[] args, MetaWrapperTrainer trainer, LocalSgdSimulation simulation,
                                  int validationInstances, int epochs, LocalSgdSimulation.Run single,
                                  List<Cell> cells) {
        StringBuilder sb = new StringBuilder();
        sb.append("- Machine: ").append(BenchReport.machine()).append('\n');
        sb.append("- Command: `java -jar examples/target/tribuo-ctr-examples.jar local-sgd-sim");
        for (String a : args) {
            sb.append(' ').append(a);
        }
        sb.append("`\n");
        sb.append("- Date: ").append(OffsetDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append('\n');
        sb.append("- Trainer: ").append(trainer).append('\n');
        sb.append(String.format(Locale.ROOT, "- Data: %,d training instances, %,d validation instances; the single"
                + " machine takes %d steps per epoch%n%n", simulation.trainingInstances(), validationInstances,
                simulation.stepsPerEpoch()));
        sb.append("| K | H | steps per worker and epoch | syncs |");
        for (int e = 1; e <= epochs; e++) {
            sb.append(" AUC epoch ").append(e).append(" |");
        }
        sb.append(" final log loss | gap to single machine | wall s |\n| ---: | ---: | ---: | ---: |");
        sb.append(" ---: |".repeat(epochs)).append(" ---: | ---: | ---: |\n");
        row(sb, "single machine", "–", single, single, epochs);
        for (Cell c : cells) {
            if (c.run() == null) {
                sb.append("| ").append(c.workers()).append(" | ").append(c.syncEvery()).append(" | – | – |")
                        .append(" diverged |".repeat(epochs)).append(" – | – | – |\n");
            } else {
                row(sb, String.valueOf(c.workers()), String.valueOf(c.syncEvery()), c.run(), single, epochs);
            }
        }
        sb.append("\nK workers, each on the training instances of the users whose index is its number mod K, run the"
                + " trainer's loop; every H steps of each worker their parameters are combined (dense tensors averaged,"
                + " an embedding row averaged over the workers that changed it). An epoch is ⌈single-machine steps /"
                + " K⌉ steps of every worker; after each, the combined model is scored on the validation data (without"
                + " synchronising the workers unless the step is a multiple of H). Optimiser state (Adam's moments) is"
                + " each worker's own. Gap: final AUC minus the single machine's. The workers take turns on this"
                + " machine, so wall time says nothing about a cluster.");
        for (Cell c : cells) {
            if (c.failure() != null) {
                sb.append("\n\nK=").append(c.workers()).append(", H=").append(c.syncEvery()).append(": ")
                        .append(c.failure());
            }
        }
        return sb.append('\n').toString();
    }

    private static void row(StringBuilder sb, String k, String h, LocalSgdSimulation.Run run,
                            LocalSgdSimulation.Run single, int epochs) {
        sb.append("| ").append(k).append(" | ").append(h).append(" | ").append(run.stepsPerEpoch()).append(" | ")
                .append(k.equals("single machine") ? "–" : String.valueOf(run.synchronisations())).append(" |");
        for (int e = 0; e < epochs; e++) {
            sb.append(String.format(Locale.ROOT, " %.4f |", run.epochs().get(e).validationAuc()));
        }
        sb.append(String.format(Locale.ROOT, " %.4f | %+.4f | %.1f |%n",
                run.epochs().get(epochs - 1).validationLogLoss(), run.finalAuc() - single.finalAuc(), run.seconds()));
    }
}
