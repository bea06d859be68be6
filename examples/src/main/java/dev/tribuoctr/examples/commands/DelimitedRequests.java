package dev.tribuoctr.examples.commands;

import dev.tribuoctr.ctr.data.ClickLogFormatException;
import dev.tribuoctr.ctr.data.DataFiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns rows of the delimited format (a header row naming the columns; see {@code examples/configs/delimited-common.xml})
 * into the columns of an exported model's inputs: each input reads the column of its own name; {@code history} and
 * multi-valued fields list their values separated by '|' (the history oldest first unless told otherwise, an item
 * listed twice kept at its most recent position, as in training); an empty cell is a missing value. Numbers that do
 * not parse, or are not finite, fail with the file, line and column.
 */
public final class DelimitedRequests {
    /** Separator of the values in one cell. */
    public static final String LIST_SEPARATOR = "\\|";
    private final PlainOnnxScorer scorer;
    private final String file;
    private final boolean mostRecentFirst;

    /**
     * @param scorer the model's session (its inputs define the columns read)
     * @param file the file name, for messages
     * @param header the file's columns
     * @param mostRecentFirst whether history cells list the most recent click first
     * @throws ClickLogFormatException if a column the model needs is missing
     */
    public DelimitedRequests(PlainOnnxScorer scorer, String file, Set<String> header, boolean mostRecentFirst) {
        this.scorer = scorer;
        this.file = file;
        this.mostRecentFirst = mostRecentFirst;
        List<String> missing = new ArrayList<>();
        for (String input : scorer.inputNames()) {
            if (!header.contains(input)) {
                missing.add(input);
            }
        }
        if (!missing.isEmpty()) {
            throw new ClickLogFormatException(file, 1, String.join(", ", missing), "the model reads "
                    + (missing.size() == 1 ? "this column" : "these columns") + " but the header has only " + header
                    + " (the model's inputs are " + scorer.inputNames() + ")", null);
        }
    }

    /**
     * @param rows the rows' cells by column
     * @param lines their line numbers in the file
     * @return one column per model input
     */
    public Map<String, Object> columns(List<Map<String, String>> rows, List<Long> lines) {
        Map<String, Object> columns = new java.util.HashMap<>();
        for (String input : scorer.inputNames()) {
            boolean isHistory = input.equals(dev.tribuoctr.onnx.CtrModelExporter.HISTORY_INPUT);
            List<List<String>> cells = new ArrayList<>(rows.size());
            for (Map<String, String> row : rows) {
                String cell = row.get(input);
                cells.add(cell == null || cell.isEmpty() ? List.of() : split(cell, isHistory));
            }
            columns.put(input, scorer.isString(input) ? strings(cells, scorer.rank(input))
                    : floats(cells, scorer.rank(input), input, lines));
        }
        return columns;
    }

    private List<String> split(String cell, boolean isHistory) {
        List<String> tokens = new ArrayList<>();
        for (String t : cell.split(LIST_SEPARATOR)) {
            if (!t.isEmpty()) {
                tokens.add(t.trim());
            }
        }
        if (!isHistory) {
            return tokens;
        }
        if (!mostRecentFirst) {
            java.util.Collections.reverse(tokens);
        }
        return new ArrayList<>(new LinkedHashSet<>(tokens)); // an item listed twice keeps its most recent position
    }

    private static Object strings(List<List<String>> cells, int rank) {
        if (rank == 1) {
            String[] out = new String[cells.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = cells.get(i).isEmpty() ? "" : cells.get(i).get(0);
            }
            return out;
        }
        int width = Math.max(1, cells.stream().mapToInt(List::size).max().orElse(1));
        String[][] out = new String[cells.size()][width];
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < width; j++) {
                out[i][j] = j < cells.get(i).size() ? cells.get(i).get(j) : "";
            }
        }
        return out;
    }

    private Object floats(List<List<String>> cells, int rank, String input, List<Long> lines) {
        int width = rank == 1 ? 1 : Math.max(1, cells.stream().mapToInt(List::size).max().orElse(1));
        float[][] out = new float[cells.size()][width];
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < Math.min(width, cells.get(i).size()); j++) {
                out[i][j] = (float) DataFiles.parseFinite(Path.of(file), lines.get(i), input, cells.get(i).get(j));
            }
        }
        if (rank == 1) {
            float[] single = new float[out.length];
            for (int i = 0; i < single.length; i++) {
                single[i] = out[i][0];
            }
            return single;
        }
        return out;
    }
}
