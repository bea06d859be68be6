package dev.tribuoctr.onnx;

import dev.tribuoctr.ctr.data.ClickLogFormatException;
import dev.tribuoctr.ctr.data.DataFiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;

/**
 * Maps rows of raw string cells (a delimited file's, a Spark DataFrame's) onto an exported model's inputs, with the
 * rules of the delimited files of training: each input reads the column of its own name; a rank-1 input takes the
 * whole cell, trimmed; a rank-2 input (history, multi-valued fields and their weights) lists its values separated by
 * '|', the history oldest first unless told otherwise, an item listed twice keeping its most recent position (the
 * graph keeps the most recent {@code T}); a null or blank cell is a missing value ("" for strings, 0 for numbers).
 * Numbers must be finite floats; anything else fails with {@code source:line: column: problem}. The arrays returned
 * are what ONNX Runtime takes: {@code String[]}, {@code String[][]} padded with "", {@code float[]} or
 * {@code float[][]} padded with 0. The one place these rules live: {@code predict} and Spark scoring both use it.
 */
public final class RawInputs {
    /** Separator of the values in one cell (a regular expression). */
    public static final String LIST_SEPARATOR = "\\|";

    /** The cells of a batch. */
    @FunctionalInterface
    public interface Cells {
        /**
         * @param row the row within the batch, from 0
         * @param column the column's index in the header given to {@link RawInputs}
         * @return the cell, or null when the row has none
         */
        String get(int row, int column);
    }

    private final List<OnnxInput> inputs;
    private final int[] columns;
    private final String source;
    private final boolean mostRecentFirst;

    /**
     * @param schema the model's inputs
     * @param header the data's columns, in order
     * @param source the data's name, for messages (a file, or "partition 3")
     * @param mostRecentFirst whether history cells list the most recent click first
     * @throws ClickLogFormatException (line 1) naming every column the model reads that the header lacks
     */
    public RawInputs(OnnxSchema schema, List<String> header, String source, boolean mostRecentFirst) {
        this.inputs = schema.inputs();
        this.columns = new int[inputs.size()];
        this.source = source;
        this.mostRecentFirst = mostRecentFirst;
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            columns[i] = header.indexOf(inputs.get(i).name());
            if (columns[i] < 0) {
                missing.add(inputs.get(i).name());
            }
        }
        if (!missing.isEmpty()) {
            throw new ClickLogFormatException(source, 1, String.join(", ", missing), "the model reads "
                    + (missing.size() == 1 ? "this column" : "these columns") + " but the header has only " + header,
                    null);
        }
    }

    /**
     * @param rows the batch's size
     * @param cells its cells
     * @param lineOf the line (or 1-based row) of each row of the batch, for messages
     * @return one array per model input, by input name, in the graph's order
     * @throws ClickLogFormatException if a number is not a finite float
     */
    public Map<String, Object> arrays(int rows, Cells cells, LongUnaryOperator lineOf) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            OnnxInput input = inputs.get(i);
            int column = columns[i];
            List<List<String>> values = new ArrayList<>(rows);
            for (int r = 0; r < rows; r++) {
                String cell = cells.get(r, column);
                values.add(input.rank() == 1 ? (cell == null || cell.isBlank() ? List.of() : List.of(cell.trim()))
                        : split(cell, input.role() == OnnxInput.Role.HISTORY));
            }
            out.put(input.name(), input.role().isString() ? strings(values, input.rank())
                    : floats(values, input.rank(), input.name(), lineOf));
        }
        return out;
    }

    /** The '|'-separated values of a cell, blanks dropped; a history most recent first, repeats dropped. */
    private List<String> split(String cell, boolean isHistory) {
        if (cell == null || cell.isBlank()) {
            return List.of();
        }
        List<String> tokens = new ArrayList<>();
        for (String t : cell.split(LIST_SEPARATOR)) {
            if (!t.isBlank()) {
                tokens.add(t.trim());
            }
        }
        if (!isHistory) {
            return tokens;
        }
        if (!mostRecentFirst) {
            Collections.reverse(tokens);
        }
        return new ArrayList<>(new LinkedHashSet<>(tokens)); // an item listed twice keeps its most recent position
    }

    private static Object strings(List<List<String>> values, int rank) {
        if (rank == 1) {
            return values.stream().map(v -> v.isEmpty() ? "" : v.get(0)).toArray(String[]::new);
        }
        String[][] out = new String[values.size()][width(values)];
        for (int r = 0; r < out.length; r++) {
            for (int j = 0; j < out[r].length; j++) {
                out[r][j] = j < values.get(r).size() ? values.get(r).get(j) : ""; // "" pads, as in training
            }
        }
        return out;
    }

    private Object floats(List<List<String>> values, int rank, String column, LongUnaryOperator lineOf) {
        float[][] out = new float[values.size()][rank == 1 ? 1 : width(values)];
        for (int r = 0; r < out.length; r++) {
            for (int j = 0; j < values.get(r).size(); j++) {
                out[r][j] = (float) DataFiles.parseFinite(Path.of(source), lineOf.applyAsLong(r), column,
                        values.get(r).get(j));
            }
        }
        if (rank == 2) {
            return out;
        }
        float[] single = new float[out.length];
        for (int r = 0; r < single.length; r++) {
            single[r] = out[r][0];
        }
        return single;
    }

    /** At least one column: ONNX Runtime takes no empty dimension. */
    private static int width(List<? extends List<?>> lists) {
        return Math.max(1, lists.stream().mapToInt(List::size).max().orElse(1));
    }
}
