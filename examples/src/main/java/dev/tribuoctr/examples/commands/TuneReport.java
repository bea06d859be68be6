package dev.tribuoctr.examples.commands;

import dev.tribuoctr.examples.reports.MarkdownText;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tribuoctr.examples.cli.RunFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of a search: per cell, each seed's validation and test metrics, their mean and spread; the best cell
 * by the mean validation metric (never test); as Markdown, JSON and one sensitivity plot per swept field.
 */
public final class TuneReport {
    /** The test metrics reported beside the validation metric (never used for the choice). */
    private static final List<String> TEST_KEYS = List.of("test_auc", "test_gauc", "test_logloss");

    /**
     * One trained run.
     * @param cell its cell
     * @param seed its seed
     * @param metrics its {@code metrics.json}, or null when it failed
     * @param failure why it failed, or null
     */
    public record Run(TuneGrid.Cell cell, int seed, ObjectNode metrics, String failure) {
        double value(String key) {
            return metrics == null ? Double.NaN : RunFiles.number(metrics, key);
        }
    }

    /**
     * A cell's summary over its seeds.
     * @param cell the cell
     * @param runs its runs, in seed order
     * @param mean mean of the validation metric over the runs that finished (NaN if none)
     * @param sd its sample standard deviation (NaN with fewer than two)
     */
    public record Summary(TuneGrid.Cell cell, List<Run> runs, double mean, double sd) {
        /**
         * @param key a metric key
         * @return its mean over the runs that finished
         */
        public double mean(String key) {
            return runs.stream().mapToDouble(r -> r.value(key)).filter(Double::isFinite).average().orElse(Double.NaN);
        }
    }

    private final TuneGrid grid;
    private final TuneMetric metric;
    private final int[] seeds;
    private final List<Summary> summaries = new ArrayList<>();
    private final Summary best;

    /**
     * @param grid the grid searched
     * @param metric the selection metric
     * @param seeds the seeds
     * @param runs every run, any order
     */
    public TuneReport(TuneGrid grid, TuneMetric metric, int[] seeds, List<Run> runs) {
        this.grid = grid;
        this.metric = metric;
        this.seeds = seeds.clone();
        Map<Integer, List<Run>> byCell = new LinkedHashMap<>();
        runs.stream().sorted(java.util.Comparator.comparingInt((Run r) -> r.cell().index()).thenComparingInt(Run::seed))
                .forEach(r -> byCell.computeIfAbsent(r.cell().index(), k -> new ArrayList<>()).add(r));
        Summary chosen = null;
        for (List<Run> cellRuns : byCell.values()) {
            double[] v = cellRuns.stream().mapToDouble(r -> r.value(metric.key())).filter(Double::isFinite).toArray();
            double mean = v.length == 0 ? Double.NaN : java.util.Arrays.stream(v).average().orElse(Double.NaN);
            double sd = Double.NaN;
            if (v.length > 1) {
                double ss = 0;
                for (double x : v) {
                    ss += (x - mean) * (x - mean);
                }
                sd = Math.sqrt(ss / (v.length - 1));
            }
            Summary s = new Summary(cellRuns.get(0).cell(), cellRuns, mean, sd);
            summaries.add(s);
            if (v.length == cellRuns.size() && (chosen == null || metric.better(mean, chosen.mean()))) {
                chosen = s; // a cell with a failed seed is not chosen: its mean would hide the failure
            }
        }
        this.best = chosen;
    }

    /** @return every cell's summary, in grid order */
    public List<Summary> summaries() { return summaries; }

    /** @return the best cell by the mean validation metric, or null if every cell had a failed run */
    public Summary best() { return best; }

    /** @return the results as Markdown */
    public String markdown() {
        StringBuilder sb = new StringBuilder("# Search results\n\nChosen by mean ").append(metric.key())
                .append(" over the seeds (").append(metric == TuneMetric.AUC ? "higher" : "lower")
                .append(" is better); test metrics are shown, never used.\n\n| cell |");
        grid.axes().forEach(a -> sb.append(' ').append(MarkdownText.cell(a.field())).append(" |"));
        for (int seed : seeds) {
            sb.append(" seed ").append(seed).append(" |");
        }
        sb.append(" mean | sd |");
        TEST_KEYS.forEach(k -> sb.append(' ').append(k).append(seeds.length > 1 ? " [95% CI]" : "").append(" |"));
        sb.append("\n|---|").append("---|".repeat(grid.axes().size())).append("---:|".repeat(seeds.length + 2))
                .append("---:|".repeat(TEST_KEYS.size())).append('\n');
        for (Summary s : summaries) {
            boolean isBest = s == best;
            String id = MarkdownText.cell(s.cell().id());
            sb.append("| ").append(isBest ? "**" + id + "**" : id).append(" |");
            s.cell().settings().values().forEach(v -> sb.append(' ').append(MarkdownText.cell(v)).append(" |"));
            for (int seed : seeds) {
                Run r = s.runs().stream().filter(x -> x.seed() == seed).findFirst().orElse(null);
                sb.append(' ').append(r == null ? "–" : r.failure() != null ? "failed" : fmt(r.value(metric.key())))
                        .append(" |");
            }
            sb.append(' ').append(fmt(s.mean())).append(" | ").append(fmt(s.sd())).append(" |");
            TEST_KEYS.forEach(k -> sb.append(' ').append(withInterval(s, k)).append(" |"));
            sb.append('\n');
        }
        if (best != null) {
            sb.append("\nBest: ").append(MarkdownText.cell(best.cell().id())).append(" (")
                    .append(MarkdownText.cell(best.cell().describe())).append("), mean ")
                    .append(metric.key()).append(' ').append(fmt(best.mean())).append(" ± ").append(fmt(best.sd()))
                    .append(" (sd over ").append(best.runs().size()).append(" seeds).\n");
        } else {
            sb.append("\nNo cell finished on every seed.\n");
        }
        sb.append(pairedComparisons());
        summaries.stream().flatMap(s -> s.runs().stream()).filter(r -> r.failure() != null).forEach(r ->
                sb.append("\n- ").append(MarkdownText.cell(r.cell().id())).append(" seed ").append(r.seed())
                        .append(" failed: ").append(MarkdownText.cell(r.failure())));
        return sb.toString();
    }

    /**
     * Every other cell against the best, paired by seed: the difference (cell − best) of the validation metric and
     * of the test AUC, with its 95% confidence interval and the paired t-test's p-value. Only with two or more seeds
     * on which both cells finished.
     */
    private String pairedComparisons() {
        if (best == null || seeds.length < 2) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\n## Paired by seed against the best cell ("
                + MarkdownText.cell(best.cell().id()) + ")\n\n"
                + "Difference cell − best: mean [95% confidence interval], paired t-test p-value over the seeds on"
                + " which both finished.\n\n| cell | seeds | Δ " + metric.key() + " | p | Δ test_auc | p |\n"
                + "|---|---:|---|---:|---|---:|\n");
        for (Summary s : summaries) {
            if (s == best) {
                continue;
            }
            List<double[]> pairs = new ArrayList<>();
            for (Run r : s.runs()) {
                for (Run b : best.runs()) {
                    if (b.seed() == r.seed() && r.metrics() != null && b.metrics() != null) {
                        pairs.add(new double[]{r.value(metric.key()), b.value(metric.key()), r.value("test_auc"),
                            b.value("test_auc")});
                    }
                }
            }
            if (pairs.size() < 2) {
                continue;
            }
            sb.append("| ").append(MarkdownText.cell(s.cell().id())).append(" | ").append(pairs.size()).append(" | ");
            for (int k = 0; k < 4; k += 2) {
                int col = k;
                dev.tribuoctr.ctr.eval.PairedTTest t = dev.tribuoctr.ctr.eval.PairedTTest.of(
                        pairs.stream().mapToDouble(x -> x[col]).toArray(),
                        pairs.stream().mapToDouble(x -> x[col + 1]).toArray());
                sb.append(String.format(Locale.ROOT, "%+.4f [%+.4f, %+.4f] | %s | ", t.meanDifference(), t.low(),
                        t.high(), t.p() < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", t.p())));
            }
            sb.setLength(sb.length() - 1);
            sb.append('\n');
        }
        return sb.toString();
    }

    /** @return the results as JSON */
    public ObjectNode json() {
        ObjectNode root = RunFiles.MAPPER.createObjectNode();
        root.put("metric", metric.key());
        ArrayNode seedList = root.putArray("seeds");
        for (int seed : seeds) {
            seedList.add(seed);
        }
        ArrayNode cells = root.putArray("cells");
        for (Summary s : summaries) {
            ObjectNode c = cells.addObject();
            c.put("id", s.cell().id());
            ObjectNode settings = c.putObject("settings");
            s.cell().settings().forEach(settings::put);
            ArrayNode runs = c.putArray("runs");
            for (Run r : s.runs()) {
                ObjectNode o = runs.addObject();
                o.put("seed", r.seed());
                if (r.failure() != null) {
                    o.put("failure", r.failure());
                }
                for (String key : List.of(metric.key(), "validation_auc", "test_auc", "test_gauc", "test_logloss",
                        "epochs_trained")) {
                    if (!o.has(key)) {
                        RunFiles.put(o, key, r.value(key));
                    }
                }
            }
            RunFiles.put(c, "mean", s.mean());
            RunFiles.put(c, "sd", s.sd());
        }
        if (best != null) {
            root.put("best", best.cell().id());
        } else {
            root.putNull("best");
        }
        return root;
    }

    /**
     * The validation metric against one swept field's values, the other fields at the best cell's values (mean and
     * sample standard deviation over the seeds as error bars).
     * @param axis the field
     * @return a PNG, or null when fewer than two of its values were trained with the others at the best's values
     * @throws IOException if the image cannot be encoded
     */
    public byte[] sensitivityPng(TuneGrid.Axis axis) throws IOException {
        if (best == null) {
            return null;
        }
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<Double> err = new ArrayList<>();
        boolean numeric = axis.values().stream().allMatch(v -> v.matches("[-+0-9.eE]+"));
        for (int i = 0; i < axis.values().size(); i++) {
            String value = axis.values().get(i);
            for (Summary s : summaries) {
                boolean match = s.cell().settings().get(axis.field()).equals(value);
                for (Map.Entry<String, String> e : best.cell().settings().entrySet()) {
                    match &= e.getKey().equals(axis.field()) || s.cell().settings().get(e.getKey()).equals(e.getValue());
                }
                if (match && Double.isFinite(s.mean())) {
                    x.add(numeric ? Double.parseDouble(value) : i);
                    y.add(s.mean());
                    err.add(Double.isFinite(s.sd()) ? s.sd() : 0.0);
                }
            }
        }
        if (x.size() < 2) {
            return null;
        }
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        XYChart chart = new XYChartBuilder().width(700).height(450)
                .title(metric.key() + " against " + axis.field() + (numeric ? "" : " (" + String.join(", ",
                        axis.values()) + ")")).xAxisTitle(axis.field()).yAxisTitle(metric.key()).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendVisible(false);
        chart.addSeries("mean over seeds", x, y, err).setLineColor(new Color(31, 119, 180));
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    /** A test metric's mean over the seeds, with its 95% t-interval when there are two or more. */
    private static String withInterval(Summary s, String key) {
        double[] v = s.runs().stream().mapToDouble(r -> r.value(key)).filter(Double::isFinite).toArray();
        if (v.length < 2) {
            return fmt(s.mean(key));
        }
        double mean = java.util.Arrays.stream(v).average().orElse(Double.NaN);
        double ss = java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum();
        double half = dev.tribuoctr.ctr.eval.PairedTTest.quantile975(v.length - 1) * Math.sqrt(ss / (v.length - 1))
                / Math.sqrt(v.length);
        return fmt(mean) + " [" + fmt(mean - half) + ", " + fmt(mean + half) + "]";
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "–";
    }
}
