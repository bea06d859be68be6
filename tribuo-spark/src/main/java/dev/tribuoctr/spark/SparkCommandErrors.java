package dev.tribuoctr.spark;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.tribuoctr.ctr.data.ClickLogFormatException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The error policy of the Spark command lines, as the {@code examples} command line has it, without a stack trace: a
 * usage error (unknown option, bad value) prints its message and the usage and exits with {@link #USAGE_ERROR}; a
 * malformed input line prints {@code file:line: column: problem} and any other failure one line, and both exit with
 * {@link #FAILURE}. The stack trace goes to the log at {@code FINE}.
 */
final class SparkCommandErrors {
    private static final Logger logger = Logger.getLogger(SparkCommandErrors.class.getName());

    /** Exit status of a usage error. */
    static final int USAGE_ERROR = 2;
    /** Exit status of a data error or any other failure. */
    static final int FAILURE = 1;

    private SparkCommandErrors() { }

    /**
     * Prints a failure in one line (and the usage for a usage error) and chooses the exit status.
     * @param command the command's name, leading each message
     * @param usage the command's usage line
     * @param error what was thrown
     * @param started whether the job had started (an invalid argument before it is a usage error)
     * @param err where to print
     * @return the exit status
     */
    static int report(String command, String usage, Exception error, boolean started, PrintStream err) {
        logger.log(Level.FINE, command + " failed", error);
        ClickLogFormatException data = find(error, ClickLogFormatException.class);
        IOException io = find(error, IOException.class);
        if (data != null) {
            err.println(data.getMessage());
            return FAILURE;
        } else if (io != null) {
            err.println(command + ": " + (io instanceof NoSuchFileException n ? "no such file or folder: " + n.getFile()
                    : io.getMessage()));
            return FAILURE;
        } else if (!started && (error instanceof IllegalArgumentException || error instanceof PropertyException)) {
            err.println(command + ": " + error.getMessage());
            err.println("Usage: " + usage);
            return USAGE_ERROR;
        }
        err.println(command + " failed: " + error);
        return FAILURE;
    }

    /** The first throwable of a type in a cause chain (Spark wraps what its tasks throw). */
    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
