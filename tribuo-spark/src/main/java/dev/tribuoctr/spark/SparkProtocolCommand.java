package dev.tribuoctr.spark;

import dev.tribuoctr.ctr.data.ClickLogDataSource;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;

/**
 * Command line of the Spark protocol job, for {@code spark-submit --class dev.tribuoctr.spark.SparkProtocolCommand}
 * (the master comes from spark-submit, or {@code --master local[N]} here):
 * <pre>
 * taobao|movielens100k INPUT OUTPUT [--maxHistory T] [--seed S] [--minCount N] [--maxRows R] [--master M]
 * </pre>
 * INPUT is the {@code UserBehavior.csv} file or the MovieLens 100K folder.
 */
public final class SparkProtocolCommand {
    private SparkProtocolCommand() { }

    /**
     * Runs the job.
     * @param args the arguments (see the class comment)
     */
    public static void main(String[] args) {
        String usage = "taobao|movielens100k INPUT OUTPUT [--maxHistory T] [--seed S] [--minCount N] [--maxRows R]"
                + " [--master M]";
        if (args.length < 3) {
            throw new IllegalArgumentException("Usage: " + usage);
        }
        CommandOptions options = new CommandOptions(args, 3, usage);
        ClickFormat format = switch (args[0]) {
            case "taobao" -> new TaobaoFormat(args[1]);
            case "movielens100k" -> new MovieLens100kFormat(Path.of(args[1]));
            default -> throw new IllegalArgumentException("Unknown format '" + args[0] + "' (taobao, movielens100k)");
        };
        SparkLeaveLastOut job = new SparkLeaveLastOut(
                Integer.parseInt(options.take("--maxHistory", Integer.toString(ClickLogDataSource.DEFAULT_MAX_HISTORY))),
                Long.parseLong(options.take("--seed", "1")),
                Integer.parseInt(options.take("--minCount", "1")),
                Long.parseLong(options.take("--maxRows", "0")));
        SparkSession.Builder builder = options.session("tribuo-ctr leave-last-out");
        SparkSession spark = builder.getOrCreate();
        try {
            job.run(spark, format, args[2]);
        } finally {
            spark.stop();
        }
    }
}
