package dev.tribuoctr.spark;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.tribuoctr.ctr.data.ClickLogFormatException;
import dev.tribuoctr.ctr.data.DataFiles;
import dev.tribuoctr.onnx.OnnxInput;
import dev.tribuoctr.onnx.OnnxSchema;
import org.apache.spark.sql.Row;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Maps rows of raw string columns onto an exported model's inputs, as the delimited files of training encode them:
 * each input reads the column of its own name; rank-2 inputs (history, multi-valued fields and their weights) list
 * their values separated by '|'; the history lists the oldest click first unless told otherwise, an item listed
 * twice keeping its most recent position (the graph itself keeps the most recent {@code T}); a null or blank cell is
 * a missing value ("" for strings, 0 for numbers). Numbers must be finite floats, else
 * {@link DataFiles#parseFinite}'s error reads {@code partition P:R: column: problem (the row: [cells])}, R the
 * 1-based row of Spark partition P.
 * <p>
 * The same rules as the {@code examples} module's {@code DelimitedRequests} (the plain-Java reader of delimited
 * files), which {@code tribuo-spark} does not depend on.
 */
final class RawColumnInputs {
    /** Separator of the values in one cell (a regular expression). */
    static final String LIST_SEPARATOR = "\\|";
    private final List<OnnxInput> inputs;
    private final int[] columns;
    private final boolean mostRecentFirst;

    /**
     * @param schema the model's input schema
     * @param fieldIndex the index of each column in the rows, by name
     * @param mostRecentFirst whether history cells list the most recent click first
     * @throws IllegalArgumentException if a column the model reads is missing (all missing ones named)
     */
    RawColumnInputs(OnnxSchema schema, Map<String, Integer> fieldIndex, boolean mostRecentFirst) {
        this.inputs = schema.inputs();
        this.columns = new int[inputs.size()];
        this.mostRecentFirst = mostRecentFirst;
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Integer column = fieldIndex.get(inputs.get(i).name());
            if (column == null) {
                missing.add(inputs.get(i).name());
            }
            columns[i] = column == null ? -1 : column;
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("The model reads the columns " + missing + " but the data has only "
                    + fieldIndex.keySet());
        }
    }

    /**
     * @param env the ONNX Runtime environment
     * @param rows a batch of rows
     * @param partition the Spark partition, for messages
     * @param firstRow the 0-based position of the batch's first row in its partition, for messages
     * @return one tensor per model input, in the graph's order; the caller closes them
     * @throws OrtException if a tensor cannot be created
     * @throws IllegalArgumentException if a number is not a finite float
     */
    Map<String, OnnxTensor> tensors(OrtEnvironment env, List<Row> rows, int partition, long firstRow)
            throws OrtException {
        Map<String, OnnxTensor> out = new LinkedHashMap<>();
        try {
            for (int i = 0; i < inputs.size(); i++) {
                OnnxInput input = inputs.get(i);
                Object values = input.role().isString() ? strings(input, columns[i], rows)
                        : floats(input, columns[i], rows, partition, firstRow);
                out.put(input.name(), OnnxTensor.createTensor(env, values));
            }
        } catch (OrtException | RuntimeException e) {
            out.values().forEach(OnnxTensor::close);
            throw e;
        }
        return out;
    }

    private Object strings(OnnxInput input, int column, List<Row> rows) {
        if (input.rank() == 1) {
            String[] out = new String[rows.size()];
            for (int r = 0; r < out.length; r++) {
                String cell = cell(rows.get(r), column);
                out[r] = cell == null ? "" : cell.trim();
            }
            return out;
        }
        List<List<String>> lists = new ArrayList<>(rows.size());
        for (Row row : rows) {
            lists.add(values(cell(row, column), input.role() == OnnxInput.Role.HISTORY));
        }
        String[][] out = new String[lists.size()][width(lists)];
        for (int r = 0; r < out.length; r++) {
            for (int j = 0; j < out[r].length; j++) {
                out[r][j] = j < lists.get(r).size() ? lists.get(r).get(j) : ""; // "" pads, as in training
            }
        }
        return out;
    }

    private Object floats(OnnxInput input, int column, List<Row> rows, int partition, long firstRow) {
        List<List<String>> lists = new ArrayList<>(rows.size());
        for (Row row : rows) {
            String cell = cell(row, column);
            lists.add(input.rank() == 1 ? (cell == null || cell.isBlank() ? List.of() : List.of(cell))
                    : values(cell, false));
        }
        float[][] out = new float[lists.size()][input.rank() == 1 ? 1 : width(lists)];
        for (int r = 0; r < out.length; r++) {
            for (int j = 0; j < lists.get(r).size(); j++) {
                out[r][j] = parse(lists.get(r).get(j), input.name(), rows.get(r), partition, firstRow + r + 1);
            }
        }
        if (input.rank() == 2) {
            return out;
        }
        float[] single = new float[out.length];
        for (int r = 0; r < single.length; r++) {
            single[r] = out[r][0];
        }
        return single;
    }

    private static float parse(String text, String column, Row row, int partition, long rowNumber) {
        try {
            return (float) DataFiles.parseFinite(Path.of("partition " + partition), rowNumber, column, text);
        } catch (ClickLogFormatException e) {
            // Spark rows carry no line numbers: the cells let the user find the row.
            throw new IllegalArgumentException(e.getMessage() + " (the row: " + row + ")", e);
        }
    }

    /** The '|'-separated values of a cell, blanks dropped; a history most recent first, repeats dropped. */
    private List<String> values(String cell, boolean isHistory) {
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

    /** At least one column: ONNX Runtime takes no empty dimension. */
    private static int width(List<? extends List<?>> lists) {
        return Math.max(1, lists.stream().mapToInt(List::size).max().orElse(1));
    }

    private static String cell(Row row, int column) {
        Object value = row.get(column);
        return value == null ? null : value.toString();
    }
}
