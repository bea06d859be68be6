package dev.tribuoctr.spark;

import dev.tribuoctr.ctr.data.ClickColumns;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * A click-log file layout: which file holds the clicks and how one of its lines becomes a click, by the rules of the
 * matching single-machine source ({@code dev.tribuoctr.ctr.data}). Instances are shipped to the executors.
 * <p>
 * A line format implements {@link #parse} and inherits {@link #read}, which numbers the click file's lines; a format
 * whose clicks are not the lines of one file (a Parquet table, or lines joined with item metadata read by Spark)
 * overrides {@link #read}, giving each click its position in a documented input order instead.
 */
public interface ClickFormat extends Serializable {
    /**
     * Columns of a parsed click: user, item, time, category (nullable) and {@code line}, the click's 0-based position
     * in the input order (a line format's line number).
     */
    StructType CLICK_SCHEMA = new StructType()
            .add("user", DataTypes.StringType, false)
            .add("item", DataTypes.StringType, false)
            .add("time", DataTypes.LongType, false)
            .add("category", DataTypes.StringType, true)
            .add("line", DataTypes.LongType, false);

    /** @return the file (or folder) of the clicks */
    String clickFile();

    /** @return every file the format reads (for the provenance), the click file first */
    List<String> filesRead();

    /** @return a short name of the layout, as the single-machine provenance records it */
    String layout();

    /**
     * Reads the clicks. The default reads {@link #clickFile()} line by line with {@link #parse}
     * ({@link ClickReader#readLines}).
     * @param spark the session
     * @param maxRows read at most this many lines (rows) of the input (0 = all)
     * @return the clicks as rows of {@link #CLICK_SCHEMA}, in no particular order; the {@code line} column gives the
     *         input order (ties in time, first appearance)
     */
    default Dataset<Row> read(SparkSession spark, long maxRows) {
        return ClickReader.readLines(spark, this, maxRows);
    }

    /**
     * The users' context fields, read on the driver (the users file is small); they go to the job's code files, not
     * to the instances.
     * @return per user id, context field → value, as the matching single-machine source sets them; empty by default
     */
    default Map<String, Map<String, String>> userContext() {
        return Map.of();
    }

    /**
     * Parses one line (used by the default {@link #read}).
     * @param line the line, without terminator
     * @param number its 1-based line number
     * @return the click (see {@link #CLICK_SCHEMA}; the line column is filled in by the reader), or null for a
     *         line that is not a click
     * @throws dev.tribuoctr.ctr.data.ClickLogFormatException if the line is malformed
     */
    Click parse(String line, long number);

    /**
     * One parsed click.
     * @param user user id
     * @param item item id
     * @param time timestamp
     * @param category the item's category on this line, or null
     */
    record Click(String user, String item, long time, String category) implements Serializable {
        /**
         * @param row a row of a click table
         * @return it as a click
         */
        public static Click of(ClickColumns.Click row) {
            return new Click(row.user(), row.item(), row.time(), row.category());
        }

        /**
         * @param line the 0-based line number
         * @return the click as a row of {@link #CLICK_SCHEMA}
         */
        public Row toRow(long line) {
            return RowFactory.create(user, item, time, category, line);
        }
    }
}
