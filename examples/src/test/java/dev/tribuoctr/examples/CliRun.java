package dev.tribuoctr.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One command-line run in the test's JVM: its exit status and what it printed.
 * @param status the exit status
 * @param out standard output
 * @param err standard error
 */
record CliRun(int status, String out, String err) {
    /**
     * Runs {@link CtrCli#run} with the arguments, capturing both streams.
     * @param args the command line
     * @return the run
     */
    static CliRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CtrCli.run(args, new PrintStream(out, true), new PrintStream(err, true));
        return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
