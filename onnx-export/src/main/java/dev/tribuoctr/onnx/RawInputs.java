package dev.tribuoctr.onnx;

import dev.tribuoctr.ctr.data.ClickLogFormatException;
import dev.tribuoctr.ctr.data.DataFiles;
import dev.tribuoctr.ctr.data.HeaderNames;
import dev.tribuoctr.ctr.data.ListCells;

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
 * rules of the delimited files of training: each input reads the column of its own name; a rank-1 string input takes
 * the whole cell, trimmed, a rank-1 number the cell as it is; a rank-2 input (history, multi-valued fields and their weights) lists its values separated by
 * '|' as training's history column does ({@link ListCells}: an empty value such as {@code 12||45} is an error), the
 * history oldest first unless told otherwise, an item listed twice keeping its most recent position (the graph keeps
 * the most recent {@code T}); a null or blank cell is a missing value ("" for strings, 0 for numbers).
 * Numbers must be strict finite decimals ({@code DecimalText}); anything else fails with {@code source:line: column: problem}. The arrays returned
 * are what ONNX Runtime takes: {@code String[]}, {@code String[][]} padded with "", {@code float[]} or
 * {@code float[][]} padded with 0. The one place these rules live: {@code predict} and Spark scoring both use it.
 */
public final class RawInputs {
    /** Separator of the values in one cell (a literal string). */
    public static final String LIST_SEPARATOR = "|";

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
     * @throws ClickLogFormatException (line 1) naming every column the model reads that the header lacks, or a column
     *         the header names twice
     */
    public RawInputs(OnnxSchema schema, List<String> header, String source, boolean mostRecentFirst) {
        this.inputs = schema.inputs();
        this.columns = new int[inputs.size()];
        this.source = source;
        this.mostRecentFirst = mostRecentFirst;
        HeaderNames.requireDistinct(source, header);
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
                try {
                    values.add(input.rank() == 1 ? single(cell, input.role().isString())
                            : split(cell, input.name(), input.role() == OnnxInput.Role.HISTORY));
                } catch (ClickLogFormatException e) {
                    throw e;
                } catch (IllegalArgumentException e) {
                    throw new ClickLogFormatException(source, lineOf.applyAsLong(r), input.name(), e.getMessage(), e);
                }
            }
            out.put(input.name(), input.role().isString() ? strings(values, input.rank())
                    : floats(values, input.rank(), input.name(), lineOf));
        }
        return out;
    }

    /**
     * A rank-1 cell: nothing when blank; else a string the trimmed cell, a number the cell as it is (training reads
     * numbers strictly, surrounding spaces refused). A single cell has no id limit here, as training's field processors
     * have none; the line limit bounds it.
     */
    private static List<String> single(String cell, boolean isString) {
        if (cell == null || cell.isBlank()) {
            return List.of();
        }
        return List.of(isString ? cell.trim() : cell);
    }

    /**
     * The '|'-separated values of a cell by the rule of training's history column ({@link ListCells}: an empty value
     * is an error); a history most recent first, repeats dropped.
     */
    private List<String> split(String cell, String column, boolean isHistory) {
        List<String> tokens = new ArrayList<>(ListCells.split(column, cell, LIST_SEPARATOR));
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
