package dev.tribuoctr.examples.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import dev.tribuoctr.ctr.train.TrainingDivergedException;
import dev.tribuoctr.examples.cli.CliArguments;
import dev.tribuoctr.examples.cli.CliUsageException;
import dev.tribuoctr.examples.cli.OutputGuard;
import dev.tribuoctr.examples.cli.RunFiles;
import dev.tribuoctr.examples.cli.RunFolder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Logger;

/**
 * {@code tune --config FILE --out DIR --grid component.field=v1,v2 [--grid ...] [--seeds 1,2,3] [--random N]
 * [--set NAME=VALUE ...]
 * [--parallel K]}, or {@code tune --config FILE --out DIR} with the search declared in the configuration
 * ({@link TuneSearch}): a grid (or N random cells of it) over any configured fields. Each cell is trained and evaluated
 * once per seed exactly as {@code train} does (a run folder {@code runs/<cell>-seed<seed>} each), and the best cell is
 * chosen by the mean validation metric only, never test. Writes {@code results.md} and {@code results.json} (every
 * cell, every seed, mean and spread), {@code best.xml} (the best cell's configuration, with the first seed, which
 * {@code train --config} accepts and which trains to the same numbers) and {@code sensitivity-<field>.png}.
 * <p>
 * Resumable: re-running the same search in the same {@code --out} skips the runs that completed and redoes any that
 * was interrupted. Another search in the same folder needs {@code --overwrite}; it then reuses only the completed runs
 * whose cell has the same settings (e.g. after adding seeds or grid values) and trains the others again
 * ({@link TuneResume}). A run that diverges is recorded as failed and its cell is not chosen; any other error stops the
 * search.
 */
public final class TuneCommand {
    private static final Logger logger = Logger.getLogger(TuneCommand.class.getName());

    /** What the search is: recorded so that a re-run in the same folder resumes only the same search. */
    public static final String SPEC = "tune-spec.json";
    /** Results table. */
    public static final String RESULTS_MD = "results.md";
    /** Results as JSON. */
    public static final String RESULTS_JSON = "results.json";
    /** The best cell's configuration. */
    public static final String BEST = "best.xml";
    /** Folder of the runs. */
    public static final String RUNS = "runs";

    private TuneCommand() { }

    /**
     * Runs the command.
     * @param args its arguments
     * @param out where the summary goes
     * @return the exit status
     * @throws IOException if a file cannot be read or written
     */
    public static int run(String[] args, PrintStream out) throws IOException {
        CliArguments.PropertySettings settings = CliArguments.extractSettings("tune", args, "'tune --help' lists the"
                + " options");
        args = settings.rest();
        List<String> specs = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        Map<String, String> fixed = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--grid")) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new CliUsageException("tune: --grid needs component.field=v1,v2,...", null);
                }
                specs.add(args[++i]);
            } else if (args[i].startsWith("--@")) {
                String field = args[i].substring(3);
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new CliUsageException("tune: " + args[i] + " needs a value, e.g. " + args[i] + " 2", null);
                }
                if (fixed.put(field, args[++i]) != null) {
                    throw new CliUsageException("tune: --@" + field + " is given twice; give it once", null);
                }
            } else {
                rest.add(args[i]);
            }
        }
        TuneOptions options = new TuneOptions();
        options.properties = settings.properties();
        options.fixedFields = Map.copyOf(fixed);
        if (!CliArguments.parse("tune", rest.toArray(new String[0]), options, out)) {
            return 0;
        }
        String usage = CliArguments.usage("tune", options) + "\n    --grid component.field=v1,v2,...  a swept field"
                + " (repeatable; at least one)\n";
        if (options.config == null || options.out == null) {
            throw new CliUsageException("tune needs --config FILE and --out DIR\n\n" + usage, null);
        }
        if (specs.isEmpty()) {
            specs.addAll(searchOf(options)); // a search declared in the configuration
        }
        if (options.seeds.length == 0 || Arrays.stream(options.seeds).distinct().count() != options.seeds.length
                || options.random < 0 || options.parallel < 0) {
            throw new CliUsageException("tune needs distinct --seeds, --random >= 0 and --parallel >= 0\n\n" + usage,
                    null);
        }
        TuneGrid grid = TuneGrid.parse(specs);
        requireFixedFieldsApart(options, grid, usage);
        requireValidation(options.config, options.fixedFields);
        List<TuneGrid.Cell> cells = options.random > 0 ? grid.randomCells(options.random, options.searchSeed)
                : grid.cells();
        ObjectNode spec = spec(options, grid, cells);
        Set<Integer> reusable = TuneResume.reusableCells(recordedSpec(options.out), spec, cells);
        OutputGuard.requireFolderNotInput("tune", "--out", options.out, List.of(
                OutputGuard.input("--config", options.config), OutputGuard.input("--data-dir", options.dataDir)));
        try (RunFolder folder = RunFolder.resume(options.out, SPEC, spec, options.overwrite, "tune")) {
            int runs = cells.size() * options.seeds.length;
            int parallel = options.parallel > 0 ? options.parallel : automaticParallelism(runs);
            int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / parallel);
            logger.info(String.format("tune: %d cells × %d seeds = %d runs, %d side by side%s", cells.size(),
                    options.seeds.length, runs, parallel, parallel > 1 && !options.threadsField.isEmpty()
                            ? " with " + threads + " thread(s) each" : ""));
            List<TuneReport.Run> results = trainAll(options, cells, reusable, parallel, threads);
            TuneReport report = new TuneReport(grid, options.metric, options.seeds, results);
            folder.write(RESULTS_MD,
                    os -> os.write(report.markdown().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            folder.writeJson(RESULTS_JSON, report.json());
            if (report.best() != null) {
                byte[] config = bestConfiguration(options, report.best().cell());
                folder.write(BEST, os -> os.write(config));
            }
            for (TuneGrid.Axis axis : grid.axes()) {
                byte[] png = report.sensitivityPng(axis);
                if (png != null) {
                    folder.write("sensitivity-" + axis.field().replaceAll("[^A-Za-z0-9._-]", "_") + ".png",
                            os -> os.write(png));
                }
            }
            folder.complete();
            out.println(report.markdown());
            out.println("Wrote " + options.out.toAbsolutePath());
            return 0;
        }
    }

    /**
     * The grid of the configuration's {@code search} component ({@link TuneSearch}), whose settings replace the
     * command line's.
     */
    private static List<String> searchOf(TuneOptions options) {
        if (options.config == null || !Files.isRegularFile(options.config)) {
            return List.of();
        }
        try (ConfigurationManager cm = new ConfigurationManager(options.config.toString())) {
            if (!cm.getComponentNames().contains(TuneSearch.COMPONENT)) {
                return List.of();
            }
            TuneSearch search = (TuneSearch) cm.lookup(TuneSearch.COMPONENT);
            search.applyTo(options);
            return search.grid();
        }
    }

    /** A field set for every run cannot also be swept, nor be the field each run's seed or thread count goes to. */
    private static void requireFixedFieldsApart(TuneOptions options, TuneGrid grid, String usage) {
        for (String field : options.fixedFields.keySet()) {
            boolean swept = grid.axes().stream().anyMatch(a -> TuneGrid.fieldsOf(a.field()).contains(field));
            if (swept || field.equals(options.seedField)) {
                throw new CliUsageException("tune: --@" + field + " sets a field that " + (swept ? "a --grid axis"
                        : "--seeds (through --seed-field)") + " sets for each run; give it in one place\n\n" + usage,
                        null);
            }
        }
    }

    /**
     * Selection is by validation only: a configuration without validation data cannot be tuned. Reading it with the
     * fixed fields also checks that each names a component and field of the configuration, before any run.
     */
    private static void requireValidation(Path config, Map<String, String> fixedFields) {
        CliArguments.requireConfigurationFile("tune", config, "'tune --help' lists the options");
        List<String> args = new ArrayList<>(List.of("--config-file", config.toString()));
        fixedFields.forEach((field, value) -> args.addAll(List.of("--@" + field, value)));
        try (ConfigurationManager cm = new ConfigurationManager(args.toArray(new String[0]))) {
            dev.tribuoctr.ctr.config.ConfiguredNumbers.check(cm);
            if (!cm.getComponentNames().contains("validation-data")) {
                throw new CliUsageException("tune: " + config + " has no 'validation-data' component; the best cell"
                        + " is chosen on validation data only (never test)", null);
            }
        } catch (com.oracle.labs.mlrg.olcut.config.ArgumentException e) {
            throw new CliUsageException("tune: " + e.getMessage(), e);
        }
    }

    /** The search an earlier tune recorded in the folder, or null if there is none (or it cannot be read). */
    private static JsonNode recordedSpec(Path out) {
        Path file = out.resolve(SPEC);
        try {
            return Files.isRegularFile(file) ? RunFiles.MAPPER.readTree(file.toFile()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static ObjectNode spec(TuneOptions o, TuneGrid grid, List<TuneGrid.Cell> cells) {
        ObjectNode spec = RunFiles.MAPPER.createObjectNode();
        spec.put("config", o.config.toAbsolutePath().normalize().toString());
        spec.put("data_dir", o.dataDir == null ? null : o.dataDir.toAbsolutePath().normalize().toString());
        spec.put("metric", o.metric.key());
        spec.put("seed_field", o.seedField);
        ObjectNode properties = spec.putObject("properties");
        o.properties.forEach(properties::put);
        if (!o.fixedFields.isEmpty()) { // absent when none, so that folders of earlier searches still resume
            ObjectNode fixed = spec.putObject("fixed_fields");
            o.fixedFields.forEach(fixed::put);
        }
        ArrayNode seeds = spec.putArray("seeds");
        Arrays.stream(o.seeds).forEach(seeds::add);
        ObjectNode axes = spec.putObject("grid");
        grid.axes().forEach(a -> a.values().forEach(axes.withArray(a.field())::add));
        ArrayNode ids = spec.putArray("cells");
        cells.forEach(c -> ids.add(c.index()));
        return spec;
    }

    /** Side by side up to the cores, and up to one run per GiB of heap (a run of the small data sets needs less). */
    private static int automaticParallelism(int runs) {
        long gib = Runtime.getRuntime().maxMemory() >> 30;
        return (int) Math.max(1, Math.min(runs, Math.min(Runtime.getRuntime().availableProcessors(), gib)));
    }

    private static List<TuneReport.Run> trainAll(TuneOptions o, List<TuneGrid.Cell> cells, Set<Integer> reusable,
                                                 int parallel, int threads)
            throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<TuneReport.Run>> futures = new ArrayList<>();
            for (TuneGrid.Cell cell : cells) {
                for (int seed : o.seeds) {
                    futures.add(pool.submit(() -> trainOne(o, cell, reusable.contains(cell.index()), seed,
                            parallel > 1 ? threads : 0)));
                }
            }
            List<TuneReport.Run> results = new ArrayList<>();
            for (Future<TuneReport.Run> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("tune was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * One cell on one seed, exactly as {@code train} runs it; a completed run folder of the same settings
     * ({@code reusable}) is read, not retrained.
     */
    private static TuneReport.Run trainOne(TuneOptions o, TuneGrid.Cell cell, boolean reusable, int seed, int threads)
            throws IOException {
        Path dir = o.out.resolve(RUNS).resolve(cell.id() + "-seed" + seed);
        if (isComplete(dir)) {
            if (reusable) {
                logger.info("tune: " + dir.getFileName() + " is done; skipped");
                return new TuneReport.Run(cell, seed, metrics(dir), null);
            }
            logger.info("tune: " + dir.getFileName() + " was trained for another search (other settings,"
                    + " configuration or data); training it again");
        }
        List<String> args = new ArrayList<>(List.of("--config", o.config.toString(), "--out", dir.toString()));
        if (Files.exists(dir)) {
            args.add("--overwrite"); // an interrupted run: its folder has no marker
        }
        args.addAll(overrides(o, cell, seed));
        if (threads > 0 && !o.threadsField.isEmpty() && !o.fixedFields.containsKey(o.threadsField)) {
            args.addAll(List.of("--@" + o.threadsField, String.valueOf(threads)));
        }
        logger.info("tune: training " + cell.id() + " (" + cell.describe() + ") seed " + seed);
        try {
            TrainCommand.run(args.toArray(new String[0]), new PrintStream(OutputStream.nullOutputStream()));
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof TrainingDivergedException) {
                    return new TuneReport.Run(cell, seed, null, t.getMessage());
                }
            }
            throw e;
        }
        return new TuneReport.Run(cell, seed, metrics(dir), null);
    }

    private static boolean isComplete(Path dir) {
        try {
            RunFolder.requireComplete(dir, false);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static ObjectNode metrics(Path dir) throws IOException {
        return RunFiles.metricsRows(dir.resolve(RunFiles.METRICS)).get(0);
    }

    /** The {@code --data-dir} and {@code --@field value} arguments of a cell and seed. */
    private static List<String> overrides(TuneOptions o, TuneGrid.Cell cell, int seed) {
        List<String> args = new ArrayList<>();
        if (o.dataDir != null) {
            args.addAll(List.of("--data-dir", o.dataDir.toString()));
        }
        o.properties.forEach((name, value) -> args.addAll(List.of(CliArguments.SET, name + "=" + value)));
        o.fixedFields.forEach((field, value) -> args.addAll(List.of("--@" + field, value)));
        cell.settings().forEach((axis, value) -> TuneGrid.fieldsOf(axis)
                .forEach(field -> args.addAll(List.of("--@" + field, value))));
        args.addAll(List.of("--@" + o.seedField, String.valueOf(seed)));
        return args;
    }

    /** The configuration of the best cell with the first seed, every component written out (OLCUT XML). */
    private static byte[] bestConfiguration(TuneOptions o, TuneGrid.Cell cell) throws IOException {
        List<String> args = new ArrayList<>(List.of("--config-file", o.config.toString()));
        List<String> overrides = overrides(o, cell, o.seeds[0]);
        for (int i = 0; i < overrides.size(); i += 2) {
            if (!overrides.get(i).equals("--data-dir") && !overrides.get(i).equals(CliArguments.SET)) {
                args.addAll(overrides.subList(i, i + 2));
            }
        }
        try (ConfigurationManager cm = new ConfigurationManager(args.toArray(new String[0]))) {
            o.properties.forEach(cm::setGlobalProperty);
            if (o.dataDir != null) {
                cm.setGlobalProperty("data.dir", o.dataDir.toAbsolutePath().toString());
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            cm.save(bytes, "xml", true);
            return bytes.toByteArray();
        } catch (com.oracle.labs.mlrg.olcut.config.UsageException e) {
            throw new IllegalStateException("OLCUT asked for usage while writing " + BEST, e);
        }
    }
}
