package dev.tribuoctr.spark;

import dev.tribuoctr.ctr.data.ClickColumns;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import static org.apache.spark.sql.functions.col;

/**
 * A click table in Parquet (one file, or a folder of files as Spark writes them), read by the rules of
 * {@link ClickColumns}, the rules of the {@code csv-table} format and {@code DelimitedClickLogDataSource}: the same
 * rows give the same clicks. The id and category columns may be strings or integers (an integer id is its decimal
 * digits), the time column a string or an integer.
 * <p>
 * A table has no line numbers, so its order is defined as: the files in name order (names starting with {@code _}
 * or {@code .}, such as {@code _SUCCESS}, are not data), each file's rows in file order. That order decides ties in
 * time and first appearance, as line order does for a file of lines; it is kept by numbering each file's rows
 * ({@link NumberedFiles}). In errors the "line" is the row's 1-based position in its file.
 */
public final class ParquetTableFormat implements ClickFormat {
    private static final long serialVersionUID = 1L;
    private static final List<DataType> INTEGERS = List.of(DataTypes.ByteType, DataTypes.ShortType,
            DataTypes.IntegerType, DataTypes.LongType);

    private final String path;
    private final List<String> files;
    private final ClickColumns columns;

    /**
     * Lists the files and checks their columns (Parquet footers only).
     * @param spark the session (its Hadoop configuration reaches the files)
     * @param path a Parquet file or a folder of them
     * @param columns the columns to read
     * @throws UncheckedIOException if the path cannot be listed
     * @throws IllegalArgumentException if there is no Parquet file, or a file lacks a column or has one of another
     *         type
     */
    public ParquetTableFormat(SparkSession spark, String path, ClickColumns columns) {
        this.path = path;
        this.columns = columns;
        this.files = list(spark, path);
        for (String file : files) {
            check(file, spark.read().parquet(file).schema());
        }
    }

    private static List<String> list(SparkSession spark, String path) {
        org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(path);
        try {
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs.getFileStatus(root).isFile()) {
                return List.of(path);
            }
            List<String> names = new ArrayList<>();
            for (FileStatus status : fs.listStatus(root)) {
                String name = status.getPath().getName();
                if (status.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
                    names.add(name);
                }
            }
            if (names.isEmpty()) {
                throw new IllegalArgumentException(path + ": the folder holds no Parquet files");
            }
            names.sort(Comparator.naturalOrder());
            List<String> files = new ArrayList<>();
            for (String name : names) {
                files.add(new org.apache.hadoop.fs.Path(root, name).toString());
            }
            return List.copyOf(files);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to list " + path, e);
        }
    }

    private void check(String file, StructType schema) {
        for (String name : columns.names()) {
            if (!Arrays.asList(schema.fieldNames()).contains(name)) {
                throw new IllegalArgumentException(file + ": no column '" + name + "' (the columns are "
                        + Arrays.toString(schema.fieldNames()) + ")");
            }
            DataType type = schema.apply(name).dataType();
            boolean ok = INTEGERS.contains(type) || type.equals(DataTypes.StringType);
            if (!ok) {
                throw new IllegalArgumentException(file + ": column '" + name + "' is of type " + type.simpleString()
                        + "; it must be a string or an integer");
            }
        }
    }

    @Override
    public String clickFile() { return path; }

    @Override
    public List<String> filesRead() { return files; }

    @Override
    public String layout() { return "parquet-click-table"; }

    /**
     * Not used: a table is read by {@link #read}.
     * @throws UnsupportedOperationException always
     */
    @Override
    public Click parse(String line, long number) {
        throw new UnsupportedOperationException("A Parquet table has rows, not lines");
    }

    /**
     * The rows as clicks; the {@code line} column is the row's position in the table's order.
     * @param spark the session
     * @param maxRows read at most this many rows (0 = all), the first in the table's order
     * @return the clicks
     */
    @Override
    public Dataset<Row> read(SparkSession spark, long maxRows) {
        List<JavaRDD<Row>> tables = new ArrayList<>();
        for (String file : files) {
            // Every cell as text: the shared rule reads text, and an integer's text is its decimal digits.
            tables.add(spark.read().parquet(file)
                    .select(columns.names().stream().map(c -> col(c).cast(DataTypes.StringType)).toArray(
                            org.apache.spark.sql.Column[]::new))
                    .javaRDD());
        }
        List<String> names = files;
        ClickColumns cols = columns;
        JavaRDD<Row> clicks = NumberedFiles.number(spark, tables)
                .filter(n -> maxRows <= 0 || n.index() < maxRows)
                .map(n -> {
                    Row r = n.values();
                    return Click.of(cols.click(names.get(n.file()), n.row() + 1, r.getString(0), r.getString(1),
                            r.getString(2), r.size() > 3 ? r.getString(3) : null)).toRow(n.index());
                });
        return spark.createDataFrame(clicks, CLICK_SCHEMA);
    }
}
