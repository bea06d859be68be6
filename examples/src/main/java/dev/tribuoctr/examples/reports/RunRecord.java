package dev.tribuoctr.examples.reports;

import dev.tribuoctr.examples.cli.RunFiles;
import dev.tribuoctr.examples.cli.RunFolder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One method's results read back for a report: its metrics row and, when the run wrote one, its per-epoch history.
 * @param dataset data set name ({@code "synthetic"} when the row names none: {@code compare} output)
 * @param method method name
 * @param metrics the metrics row
 * @param trainLoss per-epoch training loss (empty without history)
 * @param validationLoss per-epoch validation loss (NaN where not measured)
 */
public record RunRecord(String dataset, String method, ObjectNode metrics, double[] trainLoss, double[] validationLoss) {

    /** @return the run's test AUC, or NaN */
    public double testAuc() { return RunFiles.number(metrics, "test_auc"); }

    /** @return whether the run has a per-epoch history */
    public boolean hasHistory() { return trainLoss.length > 0; }

    /**
     * Reads the runs under a directory: its own metrics.json, else those of its immediate subdirectories.
     * @param dir a run directory (train, figure7 variant, or compare output) or a folder of them
     * @return the runs found, in file order
     * @throws IOException if a file cannot be read, a run is incomplete ({@link RunFolder}), or none is found
     */
    public static List<RunRecord> read(Path dir) throws IOException {
        List<RunRecord> runs = new ArrayList<>();
        if (Files.isRegularFile(dir.resolve(RunFiles.METRICS))) {
            readOne(dir, runs);
        } else if (Files.isDirectory(dir)) {
            try (Stream<Path> children = Files.list(dir)) {
                for (Path child : children.sorted().toList()) {
                    if (Files.isRegularFile(child.resolve(RunFiles.METRICS))) {
                        readOne(child, runs);
                    }
                }
            }
        }
        if (runs.isEmpty()) {
            throw new IOException("No " + RunFiles.METRICS + " in " + dir + " or its subdirectories");
        }
        return runs;
    }

    private static void readOne(Path given, List<RunRecord> runs) throws IOException {
        Path dir = RunFolder.requireComplete(given, false); // read from the folder that was checked
        String name = given.getFileName().toString();
        List<ObjectNode> rows = RunFiles.metricsRows(dir.resolve(RunFiles.METRICS));
        double[] train = new double[0];
        double[] validation = new double[0];
        Path history = dir.resolve(RunFiles.HISTORY);
        if (rows.size() == 1 && Files.isRegularFile(history)) {
            JsonNode epochs = RunFiles.MAPPER.readTree(history.toFile());
            train = new double[epochs.size()];
            validation = new double[epochs.size()];
            for (int i = 0; i < epochs.size(); i++) {
                train[i] = RunFiles.number(epochs.get(i), "train_loss");
                validation[i] = RunFiles.number(epochs.get(i), "validation_logloss");
            }
        }
        for (ObjectNode row : rows) {
            String dataset = row.hasNonNull("dataset") ? row.get("dataset").asText() : "synthetic";
            String method = row.hasNonNull("method") ? row.get("method").asText() : name;
            runs.add(new RunRecord(dataset, method, row, train, validation));
        }
    }
}
