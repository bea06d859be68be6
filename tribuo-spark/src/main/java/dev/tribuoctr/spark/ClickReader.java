package dev.tribuoctr.spark;

import dev.tribuoctr.ctr.data.ClickLogFormatException;
import dev.tribuoctr.ctr.data.DataLimits;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads a click input into a DataFrame of {@link ClickFormat#CLICK_SCHEMA}. Each click of a line format keeps its
 * 0-based line number: file order decides ties in time and the codes of users and items (order of first
 * appearance), exactly as the single-machine reader, which streams the file, sees it.
 */
public final class ClickReader {
    private ClickReader() { }

    /**
     * @param spark the session
     * @param format the input layout
     * @param maxRows read at most this many lines (0 = all), counted as the single-machine source counts them
     * @return the clicks ({@link ClickFormat#read}), in no particular order
     */
    public static Dataset<Row> read(SparkSession spark, ClickFormat format, long maxRows) {
        return format.read(spark, maxRows);
    }

    /**
     * Reads the click file of a line format with its {@link ClickFormat#parse}.
     * @param spark the session
     * @param format the file layout
     * @param maxRows read at most this many lines (0 = all)
     * @return the clicks, in no particular order
     */
    static Dataset<Row> readLines(SparkSession spark, ClickFormat format, long maxRows) {
        JavaRDD<Row> rows = numberedLines(spark, format.clickFile())
                .filter(p -> maxRows <= 0 || p._2() < maxRows)
                .map(p -> {
                    // the single-machine limit (Spark's reader has already read the line: refused, not bounded)
                    if (p._1().length() > DataLimits.maxLineChars()) {
                        throw new ClickLogFormatException(format.clickFile(), p._2() + 1, null,
                                DataLimits.lineTooLong(DataLimits.maxLineChars()), null);
                    }
                    ClickFormat.Click click = format.parse(p._1(), p._2() + 1);
                    return click == null ? null : click.toRow(p._2());
                })
                .filter(r -> r != null);
        return spark.createDataFrame(rows, ClickFormat.CLICK_SCHEMA);
    }

    /**
     * @param spark the session
     * @param file a text file
     * @return its lines with their 0-based numbers
     */
    static JavaPairRDD<String, Long> numberedLines(SparkSession spark, String file) {
        // zipWithIndex numbers the lines across partitions in file order (a text file's splits keep byte order).
        return spark.read().textFile(file).javaRDD().zipWithIndex();
    }
}
