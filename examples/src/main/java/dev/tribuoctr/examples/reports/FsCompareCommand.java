package dev.tribuoctr.examples.reports;

import dev.tribuoctr.examples.cli.CliArguments;
import dev.tribuoctr.examples.cli.RunFiles;
import dev.tribuoctr.examples.cli.RunFolder;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.oracle.labs.mlrg.olcut.config.Config;
import dev.tribuoctr.ctr.engine.OptimiserType;
import dev.tribuoctr.ctr.eval.CtrMetrics;
import dev.tribuoctr.featuresel.FieldLayout;
import dev.tribuoctr.featuresel.GateType;
import dev.tribuoctr.featuresel.GatedFieldModel;
import dev.tribuoctr.featuresel.GatedFieldTrainer;
import dev.tribuoctr.featuresel.LpfsFeatureSelector;
import dev.tribuoctr.featuresel.LpfsResult;
import dev.tribuoctr.featuresel.PermutationImportanceResult;
import dev.tribuoctr.featuresel.PermutationImportanceSelector;
import dev.tribuoctr.featuresel.data.PlantedFieldDataSource;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.FeatureSelector;
import org.tribuo.MutableDataset;
import org.tribuo.SelectedFeatureSet;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.fs.MIM;
import org.tribuo.classification.fs.mRMR;
import org.tribuo.dataset.SelectedFeatureDataset;
import org.tribuo.provenance.FeatureSelectorProvenance;
import org.tribuo.provenance.FeatureSetProvenance;
import org.tribuo.provenance.impl.FeatureSelectorProvenanceImpl;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code fs-compare} command: field selection on planted field data ({@link PlantedFieldDataSource}, one draw
 * split into train and test, so both share the planted effects) by LPFS, LPFS++, Tribuo's MIM and mRMR (which rank
 * single features; a field ranks by its best-ranked feature) and permutation importance
 * ({@link PermutationImportanceSelector}: the AUC drop on the test set when a field's values are shuffled across
 * examples, for a field model trained on every field). For each method and k the same field model
 * ({@link GatedFieldTrainer}, fixed seed) is retrained from scratch on the top-k fields (a Tribuo
 * {@link SelectedFeatureDataset}) and scored on the test set. LPFS ranks only the fields it keeps: where k exceeds
 * them, its selection has fewer fields (the table shows how many). Writes {@code fs-compare.md} and
 * {@code fs-compare.json}.
 */
public final class FsCompareCommand {
    /** Markdown report. */
    public static final String MARKDOWN = "fs-compare.md";
    /** JSON report. */
    public static final String JSON = "fs-compare.json";

    private final FsCompareOptions o;
    private final PrintStream log;
    private final int[] ks;
    private Dataset<Label> train;
    private List<Example<Label>> testExamples;
    private int[] testLabels;

    /**
     * @param options the parsed options
     * @param log where progress goes
     */
    public FsCompareCommand(FsCompareOptions options, PrintStream log) {
        this.o = options;
        this.log = log;
        this.ks = options.kValues.clone();
        if (ks.length == 0 || Arrays.stream(ks).anyMatch(k -> k < 1 || k > options.fields)) {
            throw new IllegalArgumentException("every k must be in 1.." + options.fields + ", found " + Arrays.toString(ks));
        }
        if (options.trainSize < 1 || options.testSize < 1 || options.epochs < 1 || options.lpfsEpochs < 1
                || options.hidden < 2 || options.embeddingSize < 1 || options.bins < 2) {
            throw new IllegalArgumentException("sizes, epochs and hidden (>= 2) must be positive, bins >= 2");
        }
    }

    /**
     * Runs the command.
     * @param args its arguments
     * @param out where the report goes
     * @return the exit status
     * @throws IOException if an output cannot be written
     */
    public static int run(String[] args, PrintStream out) throws IOException {
        FsCompareOptions options = new FsCompareOptions();
        if (!CliArguments.parse("fs-compare", args, options, out)) {
            return 0;
        }
        try (RunFolder folder = options.out == null ? null
                : RunFolder.open(options.out, options.overwrite, "fs-compare")) {
            ObjectNode report = new FsCompareCommand(options, out).run();
            String md = markdown(report);
            out.print(md);
            if (folder != null) {
                folder.write(MARKDOWN, os -> os.write(md.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                folder.writeJson(JSON, report);
                folder.complete();
                out.println("Wrote " + options.out.toAbsolutePath());
            }
            return 0;
        }
    }

    private GatedFieldTrainer trainer() {
        return new GatedFieldTrainer(OptimiserType.ADAM, 0.01, o.epochs, 256, o.seed, o.embeddingSize,
                o.hidden, Math.max(1, o.hidden / 2));
    }

    /** @return the comparison as JSON */
    public ObjectNode run() {
        MutableDataset<Label> all = new MutableDataset<>(new PlantedFieldDataSource(o.fields, o.cardinality,
                o.trainSize + o.testSize, 2.0, o.dataSeed));
        List<Example<Label>> examples = new ArrayList<>();
        all.forEach(examples::add);
        MutableDataset<Label> tr = new MutableDataset<>(all.getProvenance(), all.getOutputFactory());
        examples.subList(0, o.trainSize).forEach(tr::add);
        train = tr;
        testExamples = new ArrayList<>(examples.subList(o.trainSize, examples.size()));
        testLabels = testExamples.stream().mapToInt(e -> "1".equals(e.getOutput().getLabel()) ? 1 : 0).toArray();

        Map<String, List<String>> rankings = new LinkedHashMap<>();
        Map<String, Double> selectionSeconds = new LinkedHashMap<>();
        Map<String, FeatureSelectorProvenance> provenances = new HashMap<>();
        for (GateType gate : GateType.values()) {
            String name = gate == GateType.LPFS ? "LPFS" : "LPFS++";
            LpfsFeatureSelector selector = LpfsFeatureSelector.builder().gate(gate, 10).lambda(0.05)
                    .gateLearningRate(0.05, 0.9991, 5e-4).eps(0.1, 0.9978, 1e-5, 100)
                    .optimiser(OptimiserType.ADAM, 0.01).embeddingSize(o.embeddingSize)
                    .hiddenSizes(o.hidden, Math.max(1, o.hidden / 2)).epochs(o.lpfsEpochs).batchSize(256).build();
            long t = System.nanoTime();
            LpfsResult r = selector.fit(train);
            selectionSeconds.put(name, seconds(t));
            rankings.put(name, fieldRanking(r.selectedFeatures().featureNames()));
            provenances.put(name, selector.getProvenance());
        }
        FeatureSelector<Label>[] tribuo = new FeatureSelector[]{new MIM(o.bins), new mRMR(FeatureSelector.SELECT_ALL, o.bins, 1)};
        String[] tribuoNames = {"MIM", "mRMR"};
        for (int i = 0; i < tribuo.length; i++) {
            long t = System.nanoTime();
            SelectedFeatureSet set = tribuo[i].select(train);
            selectionSeconds.put(tribuoNames[i], seconds(t));
            rankings.put(tribuoNames[i], fieldRanking(set.featureNames()));
            provenances.put(tribuoNames[i], tribuo[i].getProvenance());
        }
        // One shuffle per field on the test set, with the field model the k-field models are compared against.
        PermutationImportanceSelector permutation = PermutationImportanceSelector.builder()
                .optimiser(OptimiserType.ADAM, 0.01).epochs(o.epochs).batchSize(256).seed(o.seed)
                .embeddingSize(o.embeddingSize).hiddenSizes(o.hidden, Math.max(1, o.hidden / 2)).repeats(1).build();
        MutableDataset<Label> test = new MutableDataset<>(all.getProvenance(), all.getOutputFactory());
        testExamples.forEach(test::add);
        long t = System.nanoTime();
        PermutationImportanceResult importance = permutation.fit(train, test);
        selectionSeconds.put("Permutation", seconds(t));
        rankings.put("Permutation", importance.rankedFields());
        provenances.put("Permutation", permutation.getProvenance());
        double fullSeconds = importance.trainingSeconds();
        double baseAuc = importance.baseline();
        log.printf(Locale.ROOT, "Trained the full field model in %.2f s (test AUC %.4f)%n", fullSeconds, baseAuc);

        ObjectNode report = RunFiles.MAPPER.createObjectNode();
        ObjectNode settings = report.putObject("settings");
        settings.put("fields", o.fields);
        settings.put("cardinality", o.cardinality);
        settings.put("train_size", o.trainSize);
        settings.put("test_size", o.testSize);
        settings.put("epochs", o.epochs);
        settings.put("lpfs_epochs", o.lpfsEpochs);
        settings.put("embedding_size", o.embeddingSize);
        settings.put("hidden", o.hidden);
        settings.put("seed", o.seed);
        kValuesTo(settings.putArray("k_values"));
        report.put("informative_fields", String.join(",", PlantedFieldDataSource.INFORMATIVE));
        report.put("full_model_train_seconds", fullSeconds);
        report.put("full_model_test_auc", baseAuc);
        ObjectNode sel = report.putObject("selection_seconds");
        selectionSeconds.forEach(sel::put);
        ObjectNode rank = report.putObject("rankings");
        rankings.forEach((m, r) -> r.forEach(rank.putArray(m)::add));
        ObjectNode perm = report.putObject("permutation_auc_drop");
        double[] drops = importance.importances();
        for (int f = 0; f < drops.length; f++) { perm.put(importance.fields().get(f), drops[f]); }

        Map<List<String>, double[]> cache = new HashMap<>();
        ArrayNode rows = report.putArray("results");
        for (int k : ks) {
            for (Map.Entry<String, List<String>> e : rankings.entrySet()) {
                List<String> chosen = new ArrayList<>(e.getValue().subList(0, Math.min(k, e.getValue().size())));
                List<String> key = new ArrayList<>(chosen);
                key.sort(null);
                double[] m = cache.computeIfAbsent(key, c -> evaluate(e.getKey(), chosen, provenances.get(e.getKey())));
                ObjectNode row = rows.addObject();
                row.put("method", e.getKey());
                row.put("k", k);
                row.put("fields_selected", chosen.size());
                chosen.forEach(row.putArray("fields")::add);
                row.put("informative_selected", (int) chosen.stream().filter(PlantedFieldDataSource.INFORMATIVE::contains).count());
                row.put("test_auc", m[0]);
                row.put("test_logloss", m[1]);
                row.put("train_seconds", m[2]);
                log.printf(Locale.ROOT, "%s k=%d %s: AUC %.4f, log loss %.4f%n", e.getKey(), k, chosen, m[0], m[1]);
            }
        }
        return report;
    }

    private void kValuesTo(ArrayNode a) {
        for (int k : ks) { a.add(k); }
    }

    private static double seconds(long start) { return (System.nanoTime() - start) / 1e9; }

    /** Fields in the order of their best-ranked feature. */
    public static List<String> fieldRanking(List<String> featureNames) {
        List<String> fields = new ArrayList<>();
        for (String name : featureNames) {
            String field = FieldLayout.fieldOf(name);
            if (!fields.contains(field)) { fields.add(field); }
        }
        return fields;
    }

    private double[] evaluate(String method, List<String> fields, FeatureSelectorProvenance methodProvenance) {
        FieldSubsetSelector subset = new FieldSubsetSelector(method, fields);
        SelectedFeatureDataset<Label> reduced = new SelectedFeatureDataset<>(train, subset.select(train),
                FeatureSelector.SELECT_ALL);
        long t = System.nanoTime();
        GatedFieldModel model = trainer().train(reduced);
        double secs = seconds(t);
        double[] p = model.clickProbabilities(testExamples);
        return new double[]{CtrMetrics.auc(p, testLabels), CtrMetrics.logLoss(p, testLabels), secs};
    }

    /**
     * @param report the comparison
     * @return it as Markdown
     */
    public static String markdown(ObjectNode report) {
        StringBuilder b = new StringBuilder();
        b.append("## Field selection on planted fields (informative: ")
                .append(MarkdownText.cell(report.get("informative_fields").asText()))
                .append(")\n\n");
        List<String> methods = new ArrayList<>();
        report.get("selection_seconds").fieldNames().forEachRemaining(methods::add);
        Map<Integer, Map<String, ObjectNode>> byK = new LinkedHashMap<>();
        report.get("results").forEach(r -> byK.computeIfAbsent(r.get("k").asInt(), k -> new LinkedHashMap<>())
                .put(r.get("method").asText(), (ObjectNode) r));
        b.append("Test AUC / log loss of the field model retrained on each selection (fields used, informative among them)\n\n");
        b.append("| k |");
        methods.forEach(m -> b.append(' ').append(MarkdownText.cell(m)).append(" |"));
        b.append("\n| --- |");
        methods.forEach(m -> b.append(" --- |"));
        b.append('\n');
        byK.forEach((k, row) -> {
            b.append("| ").append(k).append(" |");
            for (String m : methods) {
                ObjectNode r = row.get(m);
                b.append(String.format(Locale.ROOT, " %.4f / %.4f (%d, %d) |", r.get("test_auc").asDouble(),
                        r.get("test_logloss").asDouble(), r.get("fields_selected").asInt(),
                        r.get("informative_selected").asInt()));
            }
            b.append('\n');
        });
        b.append(String.format(Locale.ROOT, "%nAll fields: test AUC %.4f; one field model trains in %.2f s.%n%n",
                report.get("full_model_test_auc").asDouble(), report.get("full_model_train_seconds").asDouble()));
        b.append("| method | selection time (s) | field ranking |\n| --- | --- | --- |\n");
        for (String m : methods) {
            List<String> r = new ArrayList<>();
            report.get("rankings").get(m).forEach(n -> r.add(MarkdownText.cell(n.asText())));
            b.append(String.format(Locale.ROOT, "| %s | %.2f | %s |%n", MarkdownText.cell(m),
                    report.get("selection_seconds").get(m).asDouble(),
                    String.join(" ", r)));
        }
        b.append("\nPermutation time includes training the full model. LPFS ranks only the fields it keeps.\n");
        return b.toString();
    }

    /**
     * A fixed list of fields as a Tribuo {@link FeatureSelector}: every feature of each field, in the list's order.
     * Its provenance records which method chose the fields.
     */
    public static final class FieldSubsetSelector implements FeatureSelector<Label> {
        @Config(description = "Method that chose the fields.")
        private String method = "";
        @Config(description = "The fields, strongest first.")
        private List<String> fields = new ArrayList<>();

        private FieldSubsetSelector() { }

        FieldSubsetSelector(String method, List<String> fields) {
            this.method = method;
            this.fields = new ArrayList<>(fields);
        }

        @Override
        public boolean isOrdered() { return true; }

        @Override
        public SelectedFeatureSet select(Dataset<Label> dataset) {
            List<String> names = new ArrayList<>();
            List<Double> scores = new ArrayList<>();
            for (int i = 0; i < fields.size(); i++) {
                List<String> features = new ArrayList<>();
                for (VariableInfo v : dataset.getFeatureMap()) {
                    if (FieldLayout.fieldOf(v.getName()).equals(fields.get(i))) { features.add(v.getName()); }
                }
                features.sort(null);
                for (String f : features) {
                    names.add(f);
                    scores.add((double) (fields.size() - i));
                }
            }
            return new SelectedFeatureSet(names, scores, true, new FeatureSetProvenance(SelectedFeatureSet.class.getName(),
                    dataset.getProvenance(), getProvenance()));
        }

        @Override
        public FeatureSelectorProvenance getProvenance() { return new FeatureSelectorProvenanceImpl(this); }
    }
}
