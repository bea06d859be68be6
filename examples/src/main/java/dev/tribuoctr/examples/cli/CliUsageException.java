package dev.tribuoctr.examples.cli;

/**
 * A command line that cannot be run: an unknown command or option, a missing or malformed value. The message says
 * what is wrong and carries the usage text.
 */
public final class CliUsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, followed by the usage text
     * @param cause the parser's exception, or null
     */
    public CliUsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
