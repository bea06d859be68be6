package dev.tribuoctr.examples.reports;

import dev.tribuoctr.examples.cli.CliUsageException;
import dev.tribuoctr.examples.cli.OutputGuard;
import dev.tribuoctr.examples.cli.RunFiles;
import dev.tribuoctr.examples.cli.RunFolder;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code report} command: reads the {@code metrics.json}/{@code history.json} of several runs ({@code train},
 * {@code figure7} or {@code compare} output), writes {@code report.md} (test AUC and Impr over Base per method and
 * data set, as in the paper's Table 1, then every metric) and one PNG per data set of the training and validation
 * loss per epoch. It reads only complete runs ({@link RunFolder}) and writes its own folder as one.
 */
public final class ReportCommand {
    /** Report file name. */
    public static final String REPORT = "report.md";

    private ReportCommand() { }

    /** @return the command's usage text */
    public static String usage() {
        return "Command: java -jar tribuo-ctr-examples.jar report --in DIR [DIR...] --out DIR [--overwrite]\n\n"
                + "  --in DIR...   complete run directories (each with metrics.json, optionally history.json), or folders"
                + " of them\n"
                + "  --out DIR     where report.md and loss-<dataset>.png go (created if missing; must be empty)\n"
                + "  --overwrite   replace the files of an earlier report in --out\n";
    }

    /**
     * Runs the command.
     * @param args its arguments
     * @param out where the summary goes
     * @return the exit status
     * @throws IOException if a run cannot be read or an output written
     */
    public static int run(String[] args, PrintStream out) throws IOException {
        List<Path> in = new ArrayList<>();
        Path outDir = null;
        boolean readingIn = false;
        boolean overwrite = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("--usage")) {
                out.println(usage());
                return 0;
            } else if (a.equals("--overwrite")) {
                overwrite = true;
                readingIn = false;
            } else if (a.equals("--in")) {
                readingIn = true;
            } else if (a.equals("--out")) {
                if (i + 1 >= args.length) {
                    throw new CliUsageException("--out needs a directory\n\n" + usage(), null);
                }
                outDir = Path.of(args[++i]);
                readingIn = false;
            } else if (readingIn && !a.startsWith("--")) {
                in.add(Path.of(a));
            } else {
                throw new CliUsageException("Unexpected argument for 'report': " + a + "\n\n" + usage(), null);
            }
        }
        if (in.isEmpty() || outDir == null) {
            throw new CliUsageException("report needs --in DIR... and --out DIR\n\n" + usage(), null);
        }
        List<RunRecord> runs = new ArrayList<>();
        for (Path p : in) {
            runs.addAll(RunRecord.read(p));
        }
        OutputGuard.requireFolderNotInput("report", "--out", outDir,
                in.stream().map(p -> OutputGuard.input("--in", p)).toList());
        try (RunFolder folder = RunFolder.open(outDir, overwrite, "report")) {
            List<Path> written = write(runs, folder, "validation");
            folder.complete();
            written.forEach(p -> out.println("Wrote " + p));
            return 0;
        }
    }

    /**
     * Writes report.md and the loss plots.
     * @param runs the runs
     * @param folder output folder
     * @param heldOutName name of the per-epoch held-out loss in the plots
     * @return the files written
     */
    public static List<Path> write(List<RunRecord> runs, RunFolder folder, String heldOutName) throws IOException {
        List<Path> written = new ArrayList<>();
        Map<String, List<RunRecord>> byDataset = new LinkedHashMap<>();
        runs.forEach(r -> byDataset.computeIfAbsent(r.dataset(), k -> new ArrayList<>()).add(r));
        StringBuilder md = new StringBuilder(markdown(runs));
        for (Map.Entry<String, List<RunRecord>> e : byDataset.entrySet()) {
            if (e.getValue().stream().anyMatch(RunRecord::hasHistory)) {
                String png = "loss-" + e.getKey().replaceAll("[^A-Za-z0-9._-]", "_") + ".png";
                byte[] image = LossPlots.png("Loss per epoch: " + e.getKey(), e.getValue(), heldOutName);
                written.add(folder.write(png, os -> os.write(image)));
                md.append("\n![Loss per epoch, ").append(e.getKey()).append("](").append(png).append(")\n");
            }
        }
        byte[] report = md.toString().getBytes(StandardCharsets.UTF_8);
        written.add(0, folder.write(REPORT, os -> os.write(report)));
        return written;
    }

    /**
     * @param runs the runs
     * @return the Markdown tables
     */
    public static String markdown(List<RunRecord> runs) {
        Set<String> datasets = new LinkedHashSet<>();
        Set<String> methods = new LinkedHashSet<>();
        Map<String, RunRecord> cell = new LinkedHashMap<>();
        for (RunRecord r : runs) {
            datasets.add(r.dataset());
            methods.add(r.method());
            cell.put(r.dataset() + "\u0000" + r.method(), r);
        }
        StringBuilder sb = new StringBuilder("# Results\n\nTest AUC and Impr = ((AUC − 0.5)/(AUC_Base − 0.5) − 1)·100% "
                + "against the data set's Base row (design §8.4, docs/design/metrics.md).\n\n| Method |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String d : datasets) {
            sb.append(' ').append(MarkdownText.cell(d)).append(" AUC | ").append(MarkdownText.cell(d)).append(" Impr |");
            rule.append("---:|---:|");
        }
        sb.append('\n').append(rule).append('\n');
        for (String m : methods) {
            sb.append("| ").append(MarkdownText.cell(m)).append(" |");
            for (String d : datasets) {
                RunRecord r = cell.get(d + "\u0000" + m);
                RunRecord base = cell.get(d + "\u0000Base");
                if (r == null) {
                    sb.append(" – | – |");
                    continue;
                }
                sb.append(' ').append(fmt(r.testAuc(), 4)).append(" |");
                if (base == null) {
                    sb.append(" – |");
                } else {
                    double impr = ((r.testAuc() - 0.5) / (base.testAuc() - 0.5) - 1) * 100;
                    sb.append(' ').append(String.format(Locale.ROOT, "%+.2f%%", impr)).append(" |");
                }
            }
            sb.append('\n');
        }
        String[] keys = {"train_logloss", "test_logloss", "test_auc", "test_gauc", "validation_auc", "train_seconds",
                "examples_per_second"};
        sb.append("\n## All metrics\n\n| Data set | Method |");
        for (String k : keys) {
            sb.append(' ').append(k).append(" |");
        }
        sb.append("\n|---|---|").append("---:|".repeat(keys.length)).append('\n');
        for (RunRecord r : runs) {
            sb.append("| ").append(MarkdownText.cell(r.dataset())).append(" | ").append(MarkdownText.cell(r.method()))
                    .append(" |");
            for (String k : keys) {
                double v = RunFiles.number(r.metrics(), k);
                sb.append(' ').append(k.endsWith("seconds") || k.startsWith("examples") ? fmt(v, 1) : fmt(v, 4)).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String fmt(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "–";
    }
}
