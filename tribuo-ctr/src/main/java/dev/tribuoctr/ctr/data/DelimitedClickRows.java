package dev.tribuoctr.ctr.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The lines of a delimited click table: line 1 is the header naming the columns, every other non-blank line a row
 * of exactly as many cells, turned into a click by {@link ClickColumns}. Shared by
 * {@link DelimitedClickLogDataSource} and the Spark job's {@code csv-table} format, so both read a line alike.
 * <p>
 * Cells are separated by one character; a cell that starts with {@code "} is quoted up to the next lone {@code "}
 * (a doubled {@code ""} inside is one quote), so it may hold the separator; a quoted cell may not span lines.
 */
public final class DelimitedClickRows implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final char QUOTE = '"';

    private final String file;
    private final char separator;
    private final ClickColumns columns;
    private final int width;
    private final int[] indices;

    /**
     * Reads the header.
     * @param file the file, for errors
     * @param header line 1 of the file
     * @param separator the cell separator
     * @param columns the columns to read
     * @throws ClickLogFormatException (line 1) if the header lacks a configured column or names any column twice
     *         ({@link HeaderNames})
     */
    public DelimitedClickRows(String file, String header, char separator, ClickColumns columns) {
        if (separator == QUOTE || separator == '\n' || separator == '\r') {
            throw new IllegalArgumentException("The separator may not be a quote or a line break");
        }
        this.file = file;
        this.separator = separator;
        this.columns = columns;
        // A UTF-8 byte order mark is not part of the first name.
        String[] names = split(header.startsWith("\uFEFF") ? header.substring(1) : header, 1);
        List<String> trimmed = new ArrayList<>();
        for (String name : names) {
            trimmed.add(name.trim());
        }
        HeaderNames.requireDistinct(file, trimmed);
        this.width = names.length;
        List<String> wanted = columns.names();
        this.indices = new int[wanted.size()];
        for (int c = 0; c < wanted.size(); c++) {
            String name = wanted.get(c);
            indices[c] = trimmed.indexOf(name);
            if (indices[c] < 0) {
                throw new ClickLogFormatException(file, 1, name, "not in the header " + trimmed, null);
            }
        }
    }

    /**
     * Reads one line.
     * @param n the 1-based line number
     * @param line the line
     * @return the click, or null for the header (line 1) and blank lines
     * @throws ClickLogFormatException if the line has not as many cells as the header, or a cell is invalid
     */
    public ClickColumns.Click parse(long n, String line) {
        if (n == 1 || line.isBlank()) {
            return null;
        }
        String[] cells = split(line, n);
        if (cells.length != width) {
            throw new ClickLogFormatException(file, n, null, "expected " + width + " cells (as the header), found "
                    + cells.length, null);
        }
        return columns.click(file, n, cells[indices[0]], cells[indices[1]], cells[indices[2]],
                indices.length > 3 ? cells[indices[3]] : null);
    }

    private String[] split(String line, long n) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int i = 0;
        while (true) {
            if (i < line.length() && line.charAt(i) == QUOTE) {
                i++;
                while (true) {
                    if (i >= line.length()) {
                        throw new ClickLogFormatException(file, n, null, "cell " + (cells.size() + 1)
                                + ": unterminated quote", null);
                    }
                    char c = line.charAt(i++);
                    if (c != QUOTE) {
                        cell.append(c);
                    } else if (i < line.length() && line.charAt(i) == QUOTE) {
                        cell.append(QUOTE);
                        i++;
                    } else {
                        break;
                    }
                }
                if (i < line.length() && line.charAt(i) != separator) {
                    throw new ClickLogFormatException(file, n, null, "cell " + (cells.size() + 1)
                            + ": text after the closing quote", null);
                }
            } else {
                int end = line.indexOf(separator, i);
                end = end < 0 ? line.length() : end;
                cell.append(line, i, end);
                i = end;
            }
            cells.add(cell.toString());
            cell.setLength(0);
            if (i >= line.length()) {
                return cells.toArray(new String[0]);
            }
            i++; // the separator
        }
    }

    @Override
    public String toString() {
        return "DelimitedClickRows(" + file + ", columns " + Arrays.toString(indices) + " of " + width + ")";
    }
}
