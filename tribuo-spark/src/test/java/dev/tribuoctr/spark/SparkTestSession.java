package dev.tribuoctr.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The small local Spark session of the tests: two cores, few shuffle partitions, no UI.
 */
final class SparkTestSession {
    private SparkTestSession() { }

    /** @return a {@code local[2]} session (shared within the JVM) */
    static SparkSession get() {
        return SparkSession.builder()
                .master("local[2]")
                .appName("tribuo-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
    }
}
