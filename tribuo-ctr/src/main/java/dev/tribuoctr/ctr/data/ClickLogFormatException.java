package dev.tribuoctr.ctr.data;

import java.nio.file.Path;

/**
 * A malformed line in a data file (a click log, a delimited file, a Criteo-format file): the data error of the command
 * line, which prints its message as it is. The message reads {@code <file>:<line>: <column>: <what is wrong>}, the
 * column part only where one column is at fault.
 */
public final class ClickLogFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final long line;
    private final String column;

    /**
     * Creates the exception.
     * @param file the file
     * @param line the 1-based line number
     * @param message what is wrong
     */
    public ClickLogFormatException(Path file, long line, String message) {
        this(file, line, message, (Throwable) null);
    }

    /**
     * Creates the exception.
     * @param file the file
     * @param line the 1-based line number
     * @param message what is wrong
     * @param cause the underlying error, may be null
     */
    public ClickLogFormatException(Path file, long line, String message, Throwable cause) {
        this(file.toString(), line, null, message, cause);
    }

    /**
     * Creates the exception for one column (field) of a line.
     * @param file the file
     * @param line the 1-based line number
     * @param column the column or field at fault
     * @param message what is wrong with its value
     */
    public ClickLogFormatException(Path file, long line, String column, String message) {
        this(file.toString(), line, column, message, null);
    }

    /**
     * Creates the exception.
     * @param file the file's name or path
     * @param line the 1-based line number
     * @param column the column or field at fault, or null when the whole line is
     * @param message what is wrong
     * @param cause the underlying error, may be null
     */
    public ClickLogFormatException(String file, long line, String column, String message, Throwable cause) {
        super(file + ":" + line + ": " + (column == null ? "" : column + ": ") + message, cause);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    /** @return the column or field at fault, or null when the whole line is */
    public String column() { return column; }

    /** @return the file, as a string */
    public String file() { return file; }

    /** @return the 1-based line number */
    public long line() { return line; }
}
