package dev.tribuoctr.examples.commands;

import dev.tribuoctr.examples.reports.MarkdownText;
import java.util.List;
import java.util.Locale;

/**
 * Formats comparison results as a fixed-width text table.
 */
public final class ResultTable {
    private static final String HEADER = String.format(Locale.ROOT, "%-13s %13s %13s %9s %9s %10s %11s",
            "method", "train_logloss", "test_logloss", "test_auc", "test_gauc", "train_s", "examples/s");

    private ResultTable() { }

    /**
     * @param results the rows
     * @return the table, one line per method under a header line
     */
    public static String format(List<MethodResult> results) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (MethodResult r : results) {
            sb.append(String.format(Locale.ROOT, "%-13s %13s %13s %9s %9s %10s %11s%n",
                    MarkdownText.line(r.method()),
                    cell(r.trainLogLoss(), "%.5f"), cell(r.testLogLoss(), "%.5f"), cell(r.testAuc(), "%.5f"),
                    cell(r.testGauc(), "%.5f"), cell(r.trainSeconds(), "%.1f"), cell(r.examplesPerSecond(), "%.0f")));
        }
        return sb.toString();
    }

    /** A value, or a dash where there is none (the best possible row has no training). */
    private static String cell(double value, String format) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, format, value) : "–";
    }
}
