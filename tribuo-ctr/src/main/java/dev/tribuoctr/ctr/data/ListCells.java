package dev.tribuoctr.ctr.data;

import java.util.ArrayList;
import java.util.List;

/**
 * The rule of a cell that lists several values (a history such as {@code 12|45|78}), the same in training
 * ({@link HistoryFieldProcessor}) and in {@code predict} ({@code RawInputs} of {@code onnx-export}): a null or blank
 * cell lists nothing; otherwise the cell is split at each separator (a literal string), each value trimmed, and an
 * empty value ({@code 12||45}, a trailing {@code |}) or one longer than {@link DataLimits#maxIdChars()} is an error.
 */
public final class ListCells {
    private ListCells() { }

    /**
     * Splits a cell.
     * @param column the cell's column, for messages
     * @param cell the cell, may be null
     * @param separator the separator, a literal non-empty string
     * @return the values in cell order, trimmed; empty for a null or blank cell
     * @throws IllegalArgumentException naming the column, the position and the cell if a value is empty or too long
     */
    public static List<String> split(String column, String cell, String separator) {
        if (cell == null || cell.isBlank()) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        int from = 0;
        while (true) {
            int at = cell.indexOf(separator, from);
            String value = cell.substring(from, at < 0 ? cell.length() : at).trim();
            if (value.isEmpty()) {
                throw new IllegalArgumentException("column '" + column + "': empty item id at position "
                        + (values.size() + 1) + " of " + DecimalText.quote(cell) + " (separator '" + separator + "')");
            }
            if (value.length() > DataLimits.maxIdChars()) {
                throw new IllegalArgumentException("column '" + column + "': the value at position "
                        + (values.size() + 1) + " holds " + value.length() + " characters; ids hold at most "
                        + DataLimits.maxIdChars() + " (raise it with -D" + DataLimits.ID_PROPERTY + "=N)");
            }
            values.add(value);
            if (at < 0) {
                return values;
            }
            from = at + separator.length();
        }
    }
}
