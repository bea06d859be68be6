package dev.tribuoctr.examples.cli;

import dev.tribuoctr.examples.CtrCli;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.config.io.ConfigLoaderException;
import dev.tribuoctr.ctr.data.ClickLogFormatException;
import dev.tribuoctr.ctr.train.TrainingDivergedException;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * The command line's one error policy. A usage error (unknown option, missing or malformed value, a setting out of
 * range, a configuration that cannot be built, an output that would destroy earlier results) exits with
 * {@link CtrCli#USAGE_ERROR} and says how to get the usage; a data error exits with {@link CtrCli#FAILURE} and reads
 * {@code file:line: column: what is wrong}; any other failure (a file that cannot be read or written, a run that
 * diverged, a bug) exits with {@link CtrCli#FAILURE} and one line saying what failed. The stack trace is printed only
 * with {@code --verbose}, since for an expected error it says nothing the message does not.
 */
public final class CliErrors {
    private CliErrors() { }

    /**
     * Prints what went wrong and chooses the exit status.
     * @param command the command that failed
     * @param error what it threw
     * @param verbose whether to print the stack trace too
     * @param err where messages go
     * @return the exit status
     */
    public static int report(String command, Throwable error, boolean verbose, PrintStream err) {
        int status;
        ClickLogFormatException data = find(error, ClickLogFormatException.class);
        IOException io = find(error, IOException.class);
        if (error instanceof CliUsageException) {
            err.println(error.getMessage());
            status = CtrCli.USAGE_ERROR;
        } else if (data != null) {
            err.println(data.getMessage());
            status = CtrCli.FAILURE;
        } else if (find(error, TrainingDivergedException.class) != null) {
            err.println(command + ": " + find(error, TrainingDivergedException.class).getMessage());
            status = CtrCli.FAILURE;
        } else if (io != null) {
            err.println(command + ": " + describe(io));
            status = CtrCli.FAILURE;
        } else if (find(error, ConfigLoaderException.class) != null) {
            err.println(command + ": the configuration cannot be read: "
                    + find(error, ConfigLoaderException.class).getMessage());
            status = CtrCli.USAGE_ERROR;
        } else if (error instanceof PropertyException || error instanceof IllegalArgumentException) {
            err.println(command + ": invalid setting: " + message(error) + "\n('" + command
                    + " --help' lists the options)");
            status = CtrCli.USAGE_ERROR;
        } else if (error instanceof OutOfMemoryError) {
            err.println(command + ": out of memory (" + error.getMessage() + "); give the JVM more with -Xmx, or"
                    + " native memory with -Dorg.bytedeco.javacpp.maxbytes");
            status = CtrCli.FAILURE;
        } else {
            err.println(command + " failed: " + error + (verbose ? "" : " (--verbose prints the stack trace)"));
            status = CtrCli.FAILURE;
        }
        if (verbose) {
            error.printStackTrace(err);
        }
        return status;
    }

    /** The message of a configuration error: OLCUT's names the component and property; a bare cause's may not. */
    private static String message(Throwable error) {
        return error.getMessage() == null || error.getMessage().isBlank() ? String.valueOf(error.getCause())
                : error.getMessage();
    }

    /** A file-system error in words: the JDK's messages are often just the path. */
    public static String describe(IOException e) {
        if (e instanceof NoSuchFileException n) {
            return "no such file or folder: " + n.getFile() + (n.getReason() == null ? "" : " (" + n.getReason() + ")");
        } else if (e instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        } else if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " already exists" + (f.getReason() == null ? "" : " (" + f.getReason() + ")");
        } else if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getFile() + ": " + f.getReason();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** The first throwable of a type in a cause chain (OLCUT, executors and iterators wrap what they throw). */
    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t instanceof UncheckedIOException u && type.isInstance(u.getCause())) {
                return type.cast(u.getCause());
            }
        }
        return null;
    }
}
