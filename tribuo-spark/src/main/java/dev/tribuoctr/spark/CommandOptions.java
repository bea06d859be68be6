package dev.tribuoctr.spark;

import org.apache.spark.sql.SparkSession;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@code --name value} options of the command lines, and their Spark session: {@code --master M} sets the
 * master (otherwise spark-submit's); every option must be used, so a misspelt one is refused.
 */
final class CommandOptions {
    private final Map<String, String> values = new HashMap<>();

    /**
     * @param args the arguments
     * @param from the first option's index
     * @param usage the usage line, for errors
     * @throws IllegalArgumentException if the options are not name/value pairs
     */
    CommandOptions(String[] args, int from, String usage) {
        if (args.length < from || (args.length - from) % 2 != 0) {
            throw new IllegalArgumentException("Usage: " + usage);
        }
        for (int i = from; i < args.length; i += 2) {
            values.put(args[i], args[i + 1]);
        }
    }

    /**
     * @param name an option, e.g. {@code --seed}
     * @param fallback its value when it is not given
     * @return its value
     */
    String take(String name, String fallback) {
        String value = values.remove(name);
        return value == null ? fallback : value;
    }

    /**
     * @param name an integer option
     * @param fallback its value when it is not given
     * @return its value
     * @throws IllegalArgumentException naming the option if its value is not an int
     */
    int takeInt(String name, int fallback) {
        long value = takeLong(name, fallback);
        if (value != (int) value) {
            throw new IllegalArgumentException(name + " is out of range: " + value);
        }
        return (int) value;
    }

    /**
     * @param name an integer option
     * @param fallback its value when it is not given
     * @return its value
     * @throws IllegalArgumentException naming the option if its value is not a long integer
     */
    long takeLong(String name, long fallback) {
        String value = values.remove(name);
        try {
            return value == null ? fallback : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, found '" + value + "'", e);
        }
    }

    /**
     * @param name a mandatory option
     * @return its value
     * @throws IllegalArgumentException if it is not given
     */
    String require(String name) {
        String value = values.remove(name);
        if (value == null) {
            throw new IllegalArgumentException("Missing option " + name);
        }
        return value;
    }

    /**
     * Takes {@code --master} and checks that no option is left over.
     * @param appName the application's name
     * @return the session's builder
     * @throws IllegalArgumentException if an option was not used
     */
    SparkSession.Builder session(String appName) {
        SparkSession.Builder builder = SparkSession.builder().appName(appName);
        String master = values.remove("--master");
        if (master != null) {
            builder.master(master);
        }
        checkAllUsed();
        return builder;
    }

    /** @throws IllegalArgumentException if an option was not used */
    void checkAllUsed() {
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("Unknown options " + values.keySet());
        }
    }
}
