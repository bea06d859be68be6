package dev.tribuoctr.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * The rows of several files as one RDD, each numbered within its file and across all: the files in the order given,
 * each file's rows in the order of its splits (Spark lists a file's splits in byte order). What
 * {@code zipWithIndex} does for one text file, for a table of files: a union of the per-file RDDs keeps their
 * partitions in order, one counting pass sizes the partitions, and the numbering restarts with each file.
 */
final class NumberedFiles {
    private NumberedFiles() { }

    /**
     * A row with its place.
     * @param file the index of its file in the list given
     * @param row its 0-based position in its file
     * @param index its 0-based position across all the files
     * @param values the row
     */
    record Numbered(int file, long row, long index, Row values) implements Serializable { }

    /**
     * @param spark the session
     * @param files the rows of each file, in the order to number them
     * @return the rows, numbered (the RDD is computed twice: once to count, once when used)
     */
    static JavaRDD<Numbered> number(SparkSession spark, List<JavaRDD<Row>> files) {
        List<JavaRDD<Row>> parts = new ArrayList<>(files);
        @SuppressWarnings("unchecked")
        JavaRDD<Row> all = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .union(parts.toArray(new JavaRDD[0]));
        int[] fileOf = new int[all.getNumPartitions()];
        int p = 0;
        for (int f = 0; f < parts.size(); f++) {
            for (int k = 0; k < parts.get(f).getNumPartitions(); k++) {
                fileOf[p++] = f;
            }
        }
        List<Long> sizes = all.mapPartitions(rows -> {
            long n = 0;
            for (; rows.hasNext(); rows.next()) {
                n++;
            }
            return Collections.singletonList(n).iterator();
        }).collect();
        long[] firstIndex = new long[fileOf.length];
        long[] firstRow = new long[fileOf.length];
        long total = 0;
        long inFile = 0;
        for (int q = 0; q < fileOf.length; q++) {
            if (q > 0 && fileOf[q] != fileOf[q - 1]) {
                inFile = 0;
            }
            firstIndex[q] = total;
            firstRow[q] = inFile;
            total += sizes.get(q);
            inFile += sizes.get(q);
        }
        return all.mapPartitionsWithIndex((q, rows) -> new Iterator<Numbered>() {
            private long k;

            @Override
            public boolean hasNext() { return rows.hasNext(); }

            @Override
            public Numbered next() {
                Row row = rows.next();
                Numbered numbered = new Numbered(fileOf[q], firstRow[q] + k, firstIndex[q] + k, row);
                k++;
                return numbered;
            }
        }, true);
    }
}
