package dev.tribuoctr.spark;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.tribuoctr.ctr.data.ClickLogFormatException;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How a Spark command line runs and fails. {@link #run} parses, starts (or joins) the session, runs the job and stops
 * a session it started. The error policy is the {@code examples} command line's, without a stack trace: a usage error
 * (unknown option, bad value) prints its message and the usage and exits with {@link #USAGE_ERROR}; a malformed input
 * line prints {@code file:line: column: problem} and any other failure one line, and both exit with {@link #FAILURE}.
 * The stack trace goes to the log at {@code FINE}.
 */
final class SparkCommandLine {
    private static final Logger logger = Logger.getLogger(SparkCommandLine.class.getName());

    /** Exit status of a usage error. */
    static final int USAGE_ERROR = 2;
    /** Exit status of a data error or any other failure. */
    static final int FAILURE = 1;

    private SparkCommandLine() { }

    /** The work of a command in its session. */
    @FunctionalInterface
    interface Job {
        /**
         * @param spark the session
         * @param started to call once the arguments are fully checked: an invalid argument after it is no usage error
         * @throws Exception what the job throws (Spark's exceptions are checked, though undeclared)
         */
        void run(SparkSession spark, Runnable started) throws Exception;
    }

    /** A parsed command line: its session and its job. */
    record Parsed(SparkSession.Builder session, Job job) { }

    /** Parses a command line, checking what can be checked before a session exists. */
    @FunctionalInterface
    interface Parser {
        /**
         * @return the session and the job
         * @throws Exception if the arguments are invalid or an input is missing
         */
        Parsed parse() throws Exception;
    }

    /**
     * Runs a command: parses it, runs its job in the session (an existing one, e.g. a test's, is the caller's to stop;
     * one made here is stopped) and reports a failure by the policy above.
     * @param command the command's name, leading each message
     * @param usage the command's usage line
     * @param err where to print
     * @param parser the command's parser
     * @return the exit status: 0, {@link #USAGE_ERROR} or {@link #FAILURE}
     */
    static int run(String command, String usage, PrintStream err, Parser parser) {
        boolean[] started = {false};
        try {
            Parsed parsed = parser.parse();
            boolean ownSession = SparkSession.getDefaultSession().isEmpty();
            SparkSession spark = parsed.session().getOrCreate();
            try {
                parsed.job().run(spark, () -> started[0] = true);
            } finally {
                if (ownSession) {
                    spark.stop();
                }
            }
            return 0;
        } catch (Exception e) {
            return report(command, usage, e, started[0], err);
        }
    }

    /**
     * Exits the JVM with a failure status; returns for 0, so that spark-submit ends the application normally.
     * @param status the exit status
     */
    static void exitOnFailure(int status) {
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Prints a failure in one line (and the usage for a usage error) and chooses the exit status.
     * @param command the command's name, leading each message
     * @param usage the command's usage line
     * @param error what was thrown
     * @param started whether the job had started (an invalid argument before it is a usage error)
     * @param err where to print
     * @return the exit status
     */
    private static int report(String command, String usage, Exception error, boolean started, PrintStream err) {
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
