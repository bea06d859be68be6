package dev.tribuoctr.examples.commands;

import dev.tribuoctr.examples.cli.CliArguments;
import dev.tribuoctr.examples.cli.CliUsageException;
import dev.tribuoctr.examples.cli.ModelFiles;
import dev.tribuoctr.examples.cli.OutputGuard;
import dev.tribuoctr.examples.cli.RunFiles;
import dev.tribuoctr.examples.cli.RunFolder;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.oracle.labs.mlrg.olcut.config.ArgumentException;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.UsageException;
import dev.tribuoctr.ctr.eval.CtrMetrics;
import dev.tribuoctr.featuresel.GateTrajectoryPoint;
import dev.tribuoctr.featuresel.GatedFieldModel;
import dev.tribuoctr.featuresel.LpfsFeatureSelector;
import dev.tribuoctr.featuresel.LpfsResult;
import dev.tribuoctr.featuresel.data.FieldColumnsDataset;
import dev.tribuoctr.featuresel.data.FieldColumnsSource;
import org.tribuo.DataSource;
import org.tribuo.Dataset;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * The {@code select} command: LPFS / LPFS++ field selection from an OLCUT configuration with the components
 * {@code selector} (an {@link LpfsFeatureSelector}) and {@code train-data} (any {@code DataSource<Label>}; a
 * {@link FieldColumnsSource} such as the Criteo source is read into a compact {@link FieldColumnsDataset}, with no
 * example per row, and evaluated in batches from its columns), and
 * optionally {@code validation-data} and {@code test-data}, on which the pruned model (and, as a check of
 * damage-free pruning, the gated model) is evaluated. It writes to {@code --out}:
 * <ul>
 *   <li>{@code selected.json}: the kept fields, strongest |gate| first, with gate parameter x and factor γ, the
 *   selected feature names in the selector's order, the selection time, and with {@code validation-data} or
 *   {@code test-data} an {@code evaluation} object (per part: examples, AUC and log loss of the pruned and of the
 *   gated model);</li>
 *   <li>{@code trajectory.json}: per logged step, the zero-gate count, the mean loss and γ per field;</li>
 *   <li>{@code pruned-model.tribuo}: the pruned gated model ({@link ModelFiles}).</li>
 * </ul>
 * Each file is written atomically, then the completion marker ({@link RunFolder}); an {@code --out} that holds files
 * is refused before any work unless {@code --overwrite} is given.
 */
public final class SelectCommand {
    /** Kept fields and features. */
    public static final String SELECTED = "selected.json";
    /** Gate trajectory. */
    public static final String TRAJECTORY = "trajectory.json";
    /** Pruned model. */
    public static final String PRUNED_MODEL = "pruned-model.tribuo";
    /** Key of the evaluation on {@code validation-data} / {@code test-data} in {@code selected.json}. */
    public static final String EVALUATION = "evaluation";

    private SelectCommand() { }

    /**
     * @param args {@code --config FILE [--data-dir DIR] --out DIR [--set NAME=VALUE ...] [--@component.field value ...]}
     * @param out where the summary goes
     * @return exit status
     * @throws IOException if an output cannot be written
     */
    public static int run(String[] args, PrintStream out) throws IOException {
        SelectOptions options = new SelectOptions();
        try (ConfigurationManager cm = CliArguments.openConfiguration("select", args, options, () -> options.dataDir,
                "such as examples/configs/lpfs-planted.xml", usage(options))) {
            if (options.out == null) {
                throw new CliUsageException("select needs --out DIR\n\n" + usage(options), null);
            }
            List<OutputGuard.Input> inputs = new ArrayList<>(OutputGuard.configurationInputs(args, cm));
            inputs.add(OutputGuard.input("--data-dir", options.dataDir));
            OutputGuard.requireFolderNotInput("select", "--out", options.out, inputs);
            try (RunFolder folder = RunFolder.open(options.out, options.overwrite, "select")) {
                ObjectNode selected = select(cm, folder);
                out.println(RunFiles.MAPPER.writeValueAsString(selected.get("kept_fields")));
                if (selected.has(EVALUATION)) {
                    out.println(RunFiles.MAPPER.writeValueAsString(selected.get(EVALUATION)));
                }
                out.println("Wrote " + options.out.toAbsolutePath());
                return 0;
            }
        } catch (UsageException e) {
            out.println(usage(options));
            return 0;
        } catch (ArgumentException e) {
            throw new CliUsageException("Bad arguments for 'select': " + e.getMessage() + "\n\n" + usage(options), e);
        }
    }

    /**
     * @param options the options
     * @return the command's usage text
     */
    public static String usage(SelectOptions options) {
        return "Command: java -jar tribuo-ctr-examples.jar select --config FILE --out DIR [--data-dir DIR]"
                + " [--set NAME=VALUE ...] [--@component.field value ...]\n\n"
                + CliArguments.optionsText(options, true) + "\n" + CliArguments.SET_USAGE;
    }

    @SuppressWarnings("unchecked")
    private static ObjectNode select(ConfigurationManager cm, RunFolder folder) throws IOException {
        for (String name : List.of("selector", "train-data")) {
            if (!cm.getComponentNames().contains(name)) {
                throw new IllegalArgumentException("the configuration has no component '" + name + "'");
            }
        }
        Configurable s = cm.lookup("selector");
        if (!(s instanceof LpfsFeatureSelector)) {
            throw new IllegalArgumentException("component 'selector' is a " + s.getClass().getName()
                    + ", not an LpfsFeatureSelector");
        }
        Configurable d = cm.lookup("train-data");
        if (!(d instanceof DataSource)) {
            throw new IllegalArgumentException("component 'train-data' is a " + d.getClass().getName() + ", not a DataSource");
        }
        Fit fit = fit((LpfsFeatureSelector) s, (DataSource<Label>) d);
        LpfsResult result = fit.result();
        ObjectNode selected = selectedJson(result, fit.seconds(), fit.examples());
        ObjectNode evaluation = RunFiles.MAPPER.createObjectNode();
        GatedFieldModel pruned = result.prunedModel();
        for (String[] part : new String[][]{{"validation-data", "validation"}, {"test-data", "test"}}) {
            if (cm.getComponentNames().contains(part[0])) {
                evaluation.set(part[1], evaluate(cm, part[0], pruned, result.gatedModel()));
            }
        }
        if (evaluation.size() > 0) {
            selected.set(EVALUATION, evaluation);
        }
        folder.writeJson(SELECTED, selected);
        folder.writeJson(TRAJECTORY, trajectoryJson(result));
        folder.write(PRUNED_MODEL, os -> ModelFiles.write(os, pruned));
        folder.complete();
        return selected;
    }

    /** A selection, its time and the number of training examples; the training data itself is not kept. */
    private record Fit(LpfsResult result, double seconds, int examples) { }

    /**
     * Reads the training data and selects on it. The dataset is dropped on return, so that writing the results does
     * not hold it (gigabytes of columns for a 45M-row Criteo file) beside the selection's own data.
     */
    private static Fit fit(LpfsFeatureSelector selector, DataSource<Label> source) {
        Dataset<Label> train = dataset(source);
        long start = System.nanoTime();
        LpfsResult result = selector.fit(train);
        return new Fit(result, (System.nanoTime() - start) / 1e9, train.size());
    }

    @SuppressWarnings("unchecked")
    private static ObjectNode evaluate(ConfigurationManager cm, String name, GatedFieldModel pruned, GatedFieldModel gated) {
        Configurable c = cm.lookup(name);
        if (!(c instanceof DataSource)) {
            throw new IllegalArgumentException("component '" + name + "' is a " + c.getClass().getName() + ", not a DataSource");
        }
        Dataset<Label> data = dataset((DataSource<Label>) c);
        ObjectNode n = RunFiles.MAPPER.createObjectNode();
        n.put("examples", data.size());
        if (data.size() == 0) {
            return n;
        }
        int[] labels = data instanceof FieldColumnsDataset ? ((FieldColumnsDataset) data).clickLabels()
                : StreamSupport.stream(data.spliterator(), false)
                        .mapToInt(e -> "1".equals(e.getOutput().getLabel()) ? 1 : 0).toArray();
        n.put("positive_rate", java.util.Arrays.stream(labels).average().orElse(Double.NaN));
        double[] p = pruned.clickProbabilities(data);
        RunFiles.put(n, "pruned_auc", CtrMetrics.auc(p, labels));
        RunFiles.put(n, "pruned_logloss", CtrMetrics.logLoss(p, labels));
        double[] g = gated.clickProbabilities(data);
        RunFiles.put(n, "gated_auc", CtrMetrics.auc(g, labels));
        RunFiles.put(n, "gated_logloss", CtrMetrics.logLoss(g, labels));
        return n;
    }

    /**
     * @param source a data source
     * @return its rows as a {@link FieldColumnsDataset} when it can read columns (Criteo, MovieLens fields: no example
     *         is made), else a {@code MutableDataset}
     */
    public static Dataset<Label> dataset(DataSource<Label> source) {
        return source instanceof FieldColumnsSource ? FieldColumnsDataset.read((FieldColumnsSource) source)
                : new MutableDataset<>(source);
    }

    /**
     * @param result a selection
     * @param seconds its time
     * @param examples its training examples
     * @return the content of selected.json
     */
    public static ObjectNode selectedJson(LpfsResult result, double seconds, int examples) {
        List<String> fields = result.fields();
        double[] x = result.gateParameters();
        double[] gamma = result.gateFactors();
        List<Integer> kept = new ArrayList<>();
        for (int f = 0; f < fields.size(); f++) {
            if (x[f] != 0.0) { kept.add(f); }
        }
        kept.sort(Comparator.comparingDouble((Integer f) -> -Math.abs(gamma[f])).thenComparing(fields::get));
        ObjectNode root = RunFiles.MAPPER.createObjectNode();
        ArrayNode keptNode = root.putArray("kept_fields");
        for (int f : kept) {
            ObjectNode n = keptNode.addObject();
            n.put("field", fields.get(f));
            n.put("gate_parameter", x[f]);
            n.put("gate_factor", gamma[f]);
        }
        ArrayNode dropped = root.putArray("dropped_fields");
        for (int f = 0; f < fields.size(); f++) {
            if (x[f] == 0.0) { dropped.add(fields.get(f)); }
        }
        ArrayNode names = root.putArray("selected_features");
        result.selectedFeatures().featureNames().forEach(names::add);
        root.put("field_count", fields.size());
        root.put("train_examples", examples);
        root.put("selection_seconds", seconds);
        return root;
    }

    /**
     * @param result a selection
     * @return the content of trajectory.json
     */
    public static ArrayNode trajectoryJson(LpfsResult result) {
        ArrayNode points = RunFiles.MAPPER.createArrayNode();
        for (GateTrajectoryPoint p : result.trajectory()) {
            ObjectNode n = points.addObject();
            n.put("step", p.step());
            n.put("zero_gates", p.zeroGates());
            RunFiles.put(n, "loss", p.loss());
            ObjectNode g = n.putObject("gate_factors");
            for (int f = 0; f < result.fields().size(); f++) {
                g.put(result.fields().get(f), p.gateFactors()[f]);
            }
        }
        return points;
    }
}
