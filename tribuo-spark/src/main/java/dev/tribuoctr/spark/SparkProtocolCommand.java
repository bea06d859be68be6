package dev.tribuoctr.spark;

import dev.tribuoctr.ctr.data.ClickLogDataSource;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        if (args.length < 3 || args.length % 2 == 0) {
            throw new IllegalArgumentException("Usage: taobao|movielens100k INPUT OUTPUT [--maxHistory T] [--seed S] "
                    + "[--minCount N] [--maxRows R] [--master M]");
        }
        ClickFormat format = switch (args[0]) {
            case "taobao" -> new TaobaoFormat(args[1]);
            case "movielens100k" -> new MovieLens100kFormat(Path.of(args[1]));
            default -> throw new IllegalArgumentException("Unknown format '" + args[0] + "' (taobao, movielens100k)");
        };
        Map<String, String> options = new HashMap<>();
        for (int i = 3; i < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        SparkSession.Builder builder = SparkSession.builder().appName("tribuo-ctr leave-last-out");
        if (options.containsKey("--master")) {
            builder.master(options.remove("--master"));
        }
        SparkLeaveLastOut job = new SparkLeaveLastOut(
                Integer.parseInt(options.getOrDefault("--maxHistory",
                        Integer.toString(ClickLogDataSource.DEFAULT_MAX_HISTORY))),
                Long.parseLong(options.getOrDefault("--seed", "1")),
                Integer.parseInt(options.getOrDefault("--minCount", "1")),
                Long.parseLong(options.getOrDefault("--maxRows", "0")));
        options.keySet().removeAll(List.of("--maxHistory", "--seed", "--minCount", "--maxRows"));
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("Unknown options " + options.keySet());
        }
        SparkSession spark = builder.getOrCreate();
        try {
            job.run(spark, format, args[2]);
        } finally {
            spark.stop();
        }
    }
}
