package dev.tribuoctr.spark;

import dev.tribuoctr.ctr.data.BoundedLineReader;
import dev.tribuoctr.ctr.data.ClickColumns;
import dev.tribuoctr.ctr.data.DataLimits;
import dev.tribuoctr.ctr.data.ClickLogFormatException;
import dev.tribuoctr.ctr.data.DataFiles;
import dev.tribuoctr.ctr.data.DataStreams;
import dev.tribuoctr.ctr.data.DelimitedClickRows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A delimited click table (one UTF-8 file, line 1 a header naming the columns), read as
 * {@code DelimitedClickLogDataSource} reads it, through the same line rules ({@link DelimitedClickRows},
 * {@link ClickColumns}): every other non-blank line is a click. It is read as lines, not with Spark's CSV reader,
 * so that each click keeps its line number (ties in time, first appearance, errors) and a line with too many or too
 * few cells is an error, as on one machine. The header is read once on the driver.
 */
public final class CsvTableFormat implements ClickFormat {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final DelimitedClickRows rows;

    /**
     * Reads the header.
     * @param file the file
     * @param separator the cell separator
     * @param columns the columns to read
     * @throws com.oracle.labs.mlrg.olcut.config.PropertyException if the file is not readable
     * @throws ClickLogFormatException if the file is empty or its header lacks a column
     */
    public CsvTableFormat(Path file, char separator, ClickColumns columns) {
        DataFiles.requireFile("file", file);
        this.file = file.toString();
        // gzip too, as Spark reads it
        try (BoundedLineReader reader = new BoundedLineReader(DataStreams.open(file, StandardCharsets.UTF_8),
                this.file, DataLimits.maxLineChars())) {
            String header = reader.readLine();
            if (header == null) {
                throw new ClickLogFormatException(file, 1, "the file is empty (it needs a header line naming the"
                        + " columns)");
            }
            this.rows = new DelimitedClickRows(this.file, header, separator, columns);
        } catch (IOException e) {
            throw DataStreams.readError(file, StandardCharsets.UTF_8, 0, e);
        }
    }

    @Override
    public String clickFile() { return file; }

    @Override
    public List<String> filesRead() { return List.of(file); }

    @Override
    public String layout() { return "delimited-click-log"; }

    @Override
    public Click parse(String line, long number) {
        ClickColumns.Click click = rows.parse(number, line);
        return click == null ? null : Click.of(click);
    }
}
