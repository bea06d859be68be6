package dev.tribuoctr.ctr.data;

import java.nio.file.Path;

/**
 * A malformed line in a click-log file. The message starts with {@code <file>:<line>: }.
 */
public final class ClickLogFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final long line;

    /**
     * Creates the exception.
     * @param file the file
     * @param line the 1-based line number
     * @param message what is wrong
     */
    public ClickLogFormatException(Path file, long line, String message) {
        this(file, line, message, null);
    }

    /**
     * Creates the exception.
     * @param file the file
     * @param line the 1-based line number
     * @param message what is wrong
     * @param cause the underlying error, may be null
     */
    public ClickLogFormatException(Path file, long line, String message, Throwable cause) {
        super(file + ":" + line + ": " + message, cause);
        this.file = file.toString();
        this.line = line;
    }

    /** @return the file, as a string */
    public String file() { return file; }

    /** @return the 1-based line number */
    public long line() { return line; }
}
