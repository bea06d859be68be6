package dev.tribuoctr.examples;

import dev.tribuoctr.examples.benchmarks.BenchCommand;
import dev.tribuoctr.examples.benchmarks.BenchOptions;
import dev.tribuoctr.examples.benchmarks.BenchReport;
import dev.tribuoctr.examples.benchmarks.BenchResult;
import dev.tribuoctr.examples.cli.CliArguments;
import dev.tribuoctr.examples.cli.CliErrors;
import dev.tribuoctr.examples.cli.CliUsageException;
import dev.tribuoctr.examples.commands.CompareCommand;
import dev.tribuoctr.examples.commands.CompareOptions;
import dev.tribuoctr.examples.cli.ComputeThreads;
import dev.tribuoctr.examples.benchmarks.CriteoGenCommand;
import dev.tribuoctr.examples.commands.ExportCommand;
import dev.tribuoctr.examples.reports.Figure7Command;
import dev.tribuoctr.examples.reports.FsCompareCommand;
import dev.tribuoctr.examples.benchmarks.LoadBenchCommand;
import dev.tribuoctr.examples.benchmarks.LocalSgdSimCommand;
import dev.tribuoctr.examples.commands.MethodResult;
import dev.tribuoctr.examples.commands.MetricsJson;
import dev.tribuoctr.examples.benchmarks.OnnxBenchCommand;
import dev.tribuoctr.examples.commands.PredictCommand;
import dev.tribuoctr.examples.reports.ReportCommand;
import dev.tribuoctr.examples.commands.ResultTable;
import dev.tribuoctr.examples.cli.RunFolder;
import dev.tribuoctr.examples.commands.SelectCommand;
import dev.tribuoctr.examples.benchmarks.TaobaoGenCommand;
import dev.tribuoctr.examples.commands.TrainCommand;
import dev.tribuoctr.examples.commands.TuneCommand;

import dev.tribuoctr.ctr.config.SafeConfigurations;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Command line of the CTR plugin: {@code java -jar tribuo-ctr-examples.jar [command] [options]}.
 * <ul>
 *   <li>{@code compare} (the default): Base, DIN and Meta-Wrapper on the synthetic interest data, a table of
 *   train/test metrics and speed, optionally {@code metrics.json} ({@code --out DIR});</li>
 *   <li>{@code bench}: training throughput and peak memory at production-like vocabulary sizes, as Markdown;</li>
 *   <li>{@code train}: an experiment from an OLCUT configuration file ({@link TrainCommand});</li>
 *   <li>{@code report}: Markdown table and loss plots from several runs ({@link ReportCommand});</li>
 *   <li>{@code figure7}: the paper's Figure 7 comparison on the synthetic data ({@link Figure7Command});</li>
 *   <li>{@code select}: LPFS / LPFS++ field selection from an OLCUT configuration ({@link SelectCommand});</li>
 *   <li>{@code fs-compare}: LPFS, LPFS++, MIM, mRMR and permutation importance on planted fields
 *   ({@link FsCompareCommand});</li>
 *   <li>{@code load-bench}: load time and peak memory of the data sources of an OLCUT configuration
 *   ({@link LoadBenchCommand});</li>
 *   <li>{@code local-sgd-sim}: a one-machine simulation of training on K machines (local SGD, row-sharded
 *   embeddings) against the single machine ({@link LocalSgdSimCommand});</li>
 *   <li>{@code taobao-gen}: a synthetic Taobao {@code UserBehavior.csv} for load benchmarks
 *   ({@link TaobaoGenCommand});</li>
 *   <li>{@code criteo-gen}: a synthetic Criteo-format file with planted informative fields, for field-selection
 *   benchmarks at scale ({@link CriteoGenCommand});</li>
 *   <li>{@code help}: the usage of every command ({@code COMMAND --help} gives one).</li>
 * </ul>
 * Options are parsed by OLCUT ({@link CompareOptions}, {@link BenchOptions}). Errors follow one policy
 * ({@link CliErrors}): usage errors exit 2, data and other errors exit 1, with a message and no stack trace unless
 * {@code --verbose} is given.
 */
public final class CtrCli {
    /** Exit status of a usage error. */
    public static final int USAGE_ERROR = 2;
    /** Exit status of a failed run. */
    public static final int FAILURE = 1;

    /** The option, valid with every command, that prints the stack trace of an error. */
    public static final String VERBOSE = "--verbose";

    /** Loggers quietened for the run; held so that the JDK does not collect them and forget their level. */
    private static final List<java.util.logging.Logger> NOISY_LOGGERS = new java.util.ArrayList<>();

    /** Every command with its one-line summary, in the order {@code help} lists them. */
    private static final java.util.Map<String, String> COMMAND_SUMMARIES = commandSummaries();

    private static final List<String> COMMANDS = List.copyOf(COMMAND_SUMMARIES.keySet());

    private static java.util.Map<String, String> commandSummaries() {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("compare", "the main job: Base, DIN and Meta-Wrapper on a learnable synthetic world, against the best"
                + " possible AUC");
        m.put("train", "an experiment from an OLCUT configuration (--config FILE): train, evaluate, save the model");
        m.put("tune", "grid or random search over configured fields, chosen by validation; writes the best"
                + " configuration");
        m.put("select", "LPFS / LPFS++ field selection from an OLCUT configuration; saves the pruned model");
        m.put("export", "a trained or pruned model as one self-contained ONNX file");
        m.put("predict", "click probabilities of a delimited file with an exported ONNX model");
        m.put("report", "a Markdown table and loss plots from several runs");
        m.put("figure7", "the paper's Figure 7: overfitting on its synthetic data, per epoch");
        m.put("fs-compare", "LPFS, LPFS++, MIM, mRMR and permutation importance on planted fields");
        m.put("bench", "training speed and memory at production-like vocabulary sizes");
        m.put("onnx-bench", "prediction latency: ND4J against ONNX Runtime");
        m.put("load-bench", "load time and memory of a configuration's data sources");
        m.put("local-sgd-sim", "K workers on user shards combined every H steps, against one machine (simulated)");
        m.put("taobao-gen", "a synthetic Taobao UserBehavior.csv of any size");
        m.put("criteo-gen", "a synthetic Criteo-format file with planted informative fields");
        m.put("help", "this list");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** @return the list of commands, one line each */
    public static String help() {
        StringBuilder sb = new StringBuilder("Usage: java -jar tribuo-ctr-examples.jar [COMMAND] [OPTIONS]"
                + " (without a command: compare)\n\nCommands:\n");
        COMMAND_SUMMARIES.forEach((name, summary) -> sb.append(String.format(java.util.Locale.ROOT, "  %-13s %s%n",
                name, summary)));
        sb.append("\n'COMMAND --help' lists a command's options; --verbose (any command) prints the stack trace of an"
                + " error.\nExit status: 0 done, 1 a data or run error, 2 a usage error. Reference: docs/cli.md\n");
        return sb.toString();
    }

    private CtrCli() { }

    /**
     * Runs the command line and exits with its status.
     * @param args the arguments
     */
    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %3$s: %5$s%6$s%n");
        }
        if (System.getProperty("java.util.logging.config.file") == null) {
            // ND4J's start-up report (backend, BLAS, build flags; a dozen lines) says nothing a user acts on.
            java.util.logging.Logger.getLogger("org.nd4j").setLevel(java.util.logging.Level.WARNING);
            NOISY_LOGGERS.add(java.util.logging.Logger.getLogger("org.nd4j"));
        }
        try {
            ComputeThreads.configure();
        } catch (CliUsageException e) {
            System.err.println(e.getMessage());
            System.exit(USAGE_ERROR);
        }
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the command line in this JVM.
     * @param args the arguments: an optional command, then its options
     * @param out where results go
     * @param err where errors and usage go
     * @return the exit status: 0, {@link #USAGE_ERROR} or {@link #FAILURE}
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        boolean verbose = Arrays.asList(args).contains(VERBOSE);
        args = Arrays.stream(args).filter(a -> !a.equals(VERBOSE)).toArray(String[]::new);
        String command = "compare";
        String[] rest = args;
        if (args.length > 0 && !args[0].startsWith("-")) {
            command = args[0];
            rest = Arrays.copyOfRange(args, 1, args.length);
        }
        try {
            // Every configuration any command reads is screened (no deserialization, external entities, include
            // cycles); installed here so that no command can forget it.
            SafeConfigurations.install();
            switch (command) {
                case "compare":
                    return compare(rest, out);
                case "bench":
                    return bench(rest, out);
                case "train":
                    return TrainCommand.run(rest, out);
                case "tune":
                    return TuneCommand.run(rest, out);
                case "report":
                    return ReportCommand.run(rest, out);
                case "figure7":
                    return Figure7Command.run(rest, out);
                case "select":
                    return SelectCommand.run(rest, out);
                case "fs-compare":
                    return FsCompareCommand.run(rest, out);
                case "export":
                    return ExportCommand.run(rest, out);
                case "predict":
                    return PredictCommand.run(rest, out);
                case "onnx-bench":
                    return OnnxBenchCommand.run(rest, out);
                case "load-bench":
                    return LoadBenchCommand.run(rest, out);
                case "local-sgd-sim":
                    return LocalSgdSimCommand.run(rest, out);
                case "taobao-gen":
                    return TaobaoGenCommand.run(rest, out);
                case "criteo-gen":
                    return CriteoGenCommand.run(rest, out);
                case "help":
                    out.print(help());
                    return 0;
                default:
                    throw new CliUsageException("Unknown command '" + command + "'. Commands: " + COMMANDS
                            + " (compare is the default); 'COMMAND --help' shows a command's options.", null);
            }
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            return CliErrors.report(command, e, verbose, err);
        }
    }

    private static int compare(String[] args, PrintStream out) throws IOException {
        CompareOptions options = new CompareOptions();
        if (!CliArguments.parse("compare", args, options, out)) {
            return 0;
        }
        try (RunFolder folder = options.out == null ? null
                : RunFolder.open(options.out, options.overwrite, "compare")) {
            List<MethodResult> results = new CompareCommand(options).run();
            out.print(ResultTable.format(results));
            if (folder != null) {
                Path file = MetricsJson.write(folder, results);
                folder.complete();
                out.println("Wrote " + file);
            }
            return 0;
        }
    }

    private static int bench(String[] args, PrintStream out) {
        BenchOptions options = new BenchOptions();
        if (!CliArguments.parse("bench", args, options, out)) {
            return 0;
        }
        List<BenchResult> results = new BenchCommand(options, out).run();
        out.print(BenchReport.markdown(options, args, results));
        return 0;
    }
}
