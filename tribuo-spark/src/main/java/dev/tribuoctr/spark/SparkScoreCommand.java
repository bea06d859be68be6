package dev.tribuoctr.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Command line of batch scoring, for {@code spark-submit --class dev.tribuoctr.spark.SparkScoreCommand} (the master
 * comes from spark-submit, or {@code --master local[N]} here):
 * <pre>
 * --onnx FILE --input CSV --output DIR [--batchSize 256] [--mostRecentFirst false] [--format parquet|csv] [--master M]
 * </pre>
 * CSV is a delimited file or folder of them with a header row, every column read as a string; DIR receives the rows
 * with their {@value SparkOnnxScorer#PROBABILITY} column, in Parquet (default) or CSV with a header, and must not
 * exist yet. The model file is read on the driver (see {@link SparkOnnxScorer}). Errors follow
 * {@link SparkCommandLine} (exit 2 with the usage for a usage error, 1 with one line for any other failure).
 */
public final class SparkScoreCommand {
    private static final String NAME = "SparkScoreCommand";
    private static final String USAGE = "--onnx FILE --input CSV --output DIR [--batchSize 256] [--mostRecentFirst false]"
            + " [--format parquet|csv] [--master M]";

    private SparkScoreCommand() { }

    /**
     * Runs the job; exits with {@link SparkCommandLine#USAGE_ERROR} or {@link SparkCommandLine#FAILURE} if it
     * fails.
     * @param args the arguments (see the class comment)
     */
    public static void main(String[] args) {
        SparkCommandLine.exitOnFailure(run(args, System.err));
    }

    /**
     * Runs the job in its own session (or the one that exists, which is then the caller's to stop) and reports a
     * failure as {@link SparkCommandLine} does.
     * @param args the arguments (see the class comment)
     * @param err where errors are printed
     * @return the exit status: 0, {@link SparkCommandLine#USAGE_ERROR} or {@link SparkCommandLine#FAILURE}
     */
    static int run(String[] args, PrintStream err) {
        return SparkCommandLine.run(NAME, USAGE, err, () -> {
            CommandOptions options = new CommandOptions(args, 0, USAGE);
            Settings settings = Settings.of(options);
            SparkSession.Builder session = options.session("tribuo-ctr score");
            if (!Files.isRegularFile(settings.onnx())) { // before a session is started for nothing
                throw new NoSuchFileException(settings.onnx().toString());
            }
            return new SparkCommandLine.Parsed(session, (spark, started) -> {
                started.run();
                settings.run(spark);
            });
        });
    }

    /**
     * Runs the job in a session the caller owns (tests share one).
     * @param spark the session
     * @param args the arguments, without {@code --master}
     * @throws IOException if the model file cannot be read or is not an export of this library
     */
    static void run(SparkSession spark, String[] args) throws IOException {
        CommandOptions options = new CommandOptions(args, 0, USAGE);
        Settings settings = Settings.of(options);
        options.checkAllUsed();
        settings.run(spark);
    }

    /** The job's settings, checked before any session is made. */
    private record Settings(Path onnx, String input, String output, int batchSize, boolean mostRecentFirst,
                            String format) {
        static Settings of(CommandOptions options) {
            Settings s = new Settings(Path.of(options.require("--onnx")), options.require("--input"),
                    options.require("--output"), options.takeInt("--batchSize", 256),
                    Boolean.parseBoolean(options.take("--mostRecentFirst", "false")), options.take("--format", "parquet"));
            if (!s.format.equals("parquet") && !s.format.equals("csv")) {
                throw new IllegalArgumentException("Unknown format '" + s.format + "' (parquet, csv)");
            }
            return s;
        }

        void run(SparkSession spark) throws IOException {
            Dataset<Row> rows = spark.read().option("header", "true").csv(input); // no inferSchema: all strings
            new SparkOnnxScorer(mostRecentFirst).score(rows, onnx, batchSize).write().option("header", "true")
                    .format(format).save(output);
        }
    }
}
