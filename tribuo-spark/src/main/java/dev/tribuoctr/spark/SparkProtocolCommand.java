package dev.tribuoctr.spark;

import dev.tribuoctr.ctr.data.ClickColumns;
import dev.tribuoctr.ctr.data.ClickLogDataSource;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Command line of the Spark protocol job, for {@code spark-submit --class dev.tribuoctr.spark.SparkProtocolCommand}
 * (the master comes from spark-submit, or {@code --master local[N]} here):
 * <pre>
 * FORMAT INPUT OUTPUT [--maxHistory T] [--seed S] [--minCount N] [--maxRows R] [--master M] [format options]
 * </pre>
 * FORMAT and INPUT: {@code taobao} the {@code UserBehavior.csv} file; {@code movielens100k}, {@code movielens1m} the
 * MovieLens folder; {@code amazon} the reviews file, with {@code --metadata FILE} optionally; {@code csv-table} a
 * delimited file with a header, with {@code --separator C} (default {@code ,}); {@code parquet-table} a Parquet file
 * or folder. The tables name their columns with {@code --user}, {@code --item}, {@code --time} (defaults
 * {@code user}, {@code item}, {@code time}) and optionally {@code --category}.
 * <p>
 * Errors follow {@link SparkCommandLine}: a usage error (unknown format or option, a bad value, a column the table
 * lacks) prints its message and the usage and exits with 2; a malformed input line prints
 * {@code file:line: column: problem} and exits with 1, as does any other failure (one line).
 */
public final class SparkProtocolCommand {
    private static final String NAME = "SparkProtocolCommand";
    private static final String USAGE = "taobao|movielens100k|movielens1m|amazon|csv-table|parquet-table INPUT OUTPUT"
            + " [--maxHistory T] [--seed S] [--minCount N] [--maxRows R] [--master M]"
            + " [amazon: --metadata FILE] [csv-table: --separator C]"
            + " [tables: --user COL --item COL --time COL --category COL]";
    /** Exit status of a usage error. */
    static final int USAGE_ERROR = SparkCommandLine.USAGE_ERROR;
    /** Exit status of a data error or any other failure. */
    static final int FAILURE = SparkCommandLine.FAILURE;

    private SparkProtocolCommand() { }

    /**
     * Runs the job; exits with {@link #USAGE_ERROR} or {@link #FAILURE} if it fails.
     * @param args the arguments (see the class comment)
     */
    public static void main(String[] args) {
        SparkCommandLine.exitOnFailure(run(args, System.err));
    }

    /**
     * Runs the job and reports a failure.
     * @param args the arguments (see the class comment)
     * @param err where errors are printed
     * @return the exit status: 0, {@link #USAGE_ERROR} or {@link #FAILURE}
     */
    static int run(String[] args, PrintStream err) {
        return SparkCommandLine.run(NAME, USAGE, err, () -> {
            if (args.length < 3 || args[0].startsWith("--")) {
                throw new IllegalArgumentException("expected FORMAT INPUT OUTPUT before the options");
            }
            if ((args.length - 3) % 2 != 0) {
                throw new IllegalArgumentException("the options must be --name value pairs");
            }
            CommandOptions options = new CommandOptions(args, 3, USAGE);
            SparkLeaveLastOut job = new SparkLeaveLastOut(
                    options.takeInt("--maxHistory", ClickLogDataSource.DEFAULT_MAX_HISTORY),
                    options.takeLong("--seed", 1L),
                    options.takeInt("--minCount", 1),
                    options.takeLong("--maxRows", 0L));
            FormatFactory factory = formatFactory(args[0], args[1], options);
            return new SparkCommandLine.Parsed(options.session("tribuo-ctr leave-last-out"), (spark, started) -> {
                ClickFormat format = factory.create(spark); // a Parquet table's missing column is a usage error
                started.run();
                job.run(spark, format, args[2]);
            });
        });
    }

    /** Makes a format once the session exists (a Parquet table reads its schema through it). */
    @FunctionalInterface
    private interface FormatFactory {
        ClickFormat create(SparkSession spark);
    }

    private static FormatFactory formatFactory(String name, String input, CommandOptions options) {
        return switch (name) {
            case "taobao" -> spark -> new TaobaoFormat(input);
            case "movielens100k" -> spark -> new MovieLens100kFormat(Path.of(input));
            case "movielens1m" -> spark -> new MovieLens1mFormat(Path.of(input));
            case "amazon" -> {
                String metadata = options.take("--metadata", null);
                yield spark -> new AmazonReviewsFormat(Path.of(input), metadata == null ? null : Path.of(metadata));
            }
            case "csv-table" -> {
                String separator = options.take("--separator", ",");
                if (separator.length() != 1) {
                    throw new IllegalArgumentException("--separator must be one character, found '" + separator + "'");
                }
                ClickColumns columns = columns(options);
                yield spark -> new CsvTableFormat(Path.of(input), separator.charAt(0), columns);
            }
            case "parquet-table" -> {
                ClickColumns columns = columns(options);
                yield spark -> new ParquetTableFormat(spark, input, columns);
            }
            default -> throw new IllegalArgumentException("unknown format '" + name
                    + "' (taobao, movielens100k, movielens1m, amazon, csv-table, parquet-table)");
        };
    }

    private static ClickColumns columns(CommandOptions options) {
        return new ClickColumns(options.take("--user", "user"), options.take("--item", "item"),
                options.take("--time", "time"), options.take("--category", null));
    }
}
