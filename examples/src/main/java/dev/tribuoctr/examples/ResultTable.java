package dev.tribuoctr.examples;

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
            sb.append(String.format(Locale.ROOT, "%-13s %13.5f %13.5f %9.5f %9.5f %10.1f %11.0f%n", r.method(),
                    r.trainLogLoss(), r.testLogLoss(), r.testAuc(), r.testGauc(), r.trainSeconds(),
                    r.examplesPerSecond()));
        }
        return sb.toString();
    }
}
