package dev.tribuoctr.spark;

import dev.tribuoctr.ctr.data.AmazonReviewsDataSource;
import dev.tribuoctr.ctr.data.ClickColumns;
import dev.tribuoctr.ctr.data.ClickLogFormatException;
import dev.tribuoctr.ctr.data.DelimitedClickLogDataSource;
import dev.tribuoctr.ctr.data.LeaveLastOutProtocol.Split;
import dev.tribuoctr.ctr.data.MovieLensDataSource;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.tribuoctr.spark.SparkLeaveLastOutTest.assertSameInstances;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The input formats beyond Taobao and MovieLens 100K (MovieLens 1M, Amazon reviews, CSV and Parquet tables with
 * named columns) against their single-machine sources on the same generated files, every split instance by
 * instance; and their malformed lines, whose errors name the file and line.
 */
class SparkClickFormatsTest {
    private static final ClickColumns COLUMNS = new ClickColumns("uid", "iid", "ts", "cat");
    private static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.get();
    }

    @Test
    void movieLens1mMatchesTheSingleMachineProtocolWithItsUserContext() throws IOException {
        ClickFiles.movieLens1m(dir, 800, 3L);
        String out = dir.resolve("out").toString();
        MovieLens1mFormat format = new MovieLens1mFormat(dir);
        new SparkLeaveLastOut(4, 9L, 1, 0).run(spark, format, out);
        for (Split split : Split.values()) {
            assertSameInstances(new MovieLensDataSource(dir, false, 1.0, 4, 9L, split), out, split);
        }
        Map<String, Map<String, String>> expected = new MovieLensDataSource(dir, true, 1.0, 4, 9L, Split.TRAIN).protocol()
                .log().userContext();
        assertEquals(60, expected.size());
        assertEquals(expected, format.userContext());
    }

    @Test
    void amazonMatchesTheSingleMachineProtocol() throws IOException {
        Path reviews = dir.resolve("reviews_Toys_5.json");
        Path metadata = dir.resolve("meta_Toys.json");
        ClickFiles.amazon(reviews, metadata, 800, 4L);
        String out = dir.resolve("out").toString();
        new SparkLeaveLastOut(4, 5L, 1, 0).run(spark, new AmazonReviewsFormat(reviews, metadata), out);
        for (Split split : Split.values()) {
            assertSameInstances(new AmazonReviewsDataSource(reviews, metadata, 1.0, 4, 5L, split), out, split);
        }
        // The relisted item takes its last category; items whose records have none have none.
        List<String> categories = new ArrayList<>();
        for (Row r : spark.read().parquet(out + "/dictionaries/items").where("item in ('B13', 'B20', 'B21')")
                .orderBy("item").collectAsList()) {
            categories.add(r.getString(0) + "=" + r.getAs("category"));
        }
        assertEquals(List.of("B13=Relisted", "B20=null", "B21=null"), categories);
    }

    @Test
    void csvTableMatchesTheDelimitedSource() throws IOException {
        Path csv = dir.resolve("clicks.csv");
        ClickFiles.clickTable(csv, 800, 6L);
        String out = dir.resolve("out").toString();
        new SparkLeaveLastOut(4, 2L, 1, 0).run(spark, new CsvTableFormat(csv, ',', COLUMNS), out);
        for (Split split : Split.values()) {
            assertSameInstances(new DelimitedClickLogDataSource(csv, ',', COLUMNS, 4, 2L, split), out, split);
        }
    }

    @Test
    void parquetTableGivesTheClicksOfTheCsvTableInItsOrder() throws IOException {
        Path csv = dir.resolve("clicks.csv");
        List<Object[]> rows = ClickFiles.clickTable(csv, 800, 7L);
        // The same rows as three Parquet files (the time a long), read in name order: the same clicks, and each
        // click's position (ties in time, first appearance) that of its CSV line. The protocol downstream of the
        // clicks is the same job (checked against the single-machine source above).
        ParquetTableFormat parquet = new ParquetTableFormat(spark, writeParquet(rows, 3), COLUMNS);
        assertEquals(3, parquet.filesRead().size());
        List<String> fromCsv = clicks(new CsvTableFormat(csv, ',', COLUMNS), 0);
        List<String> fromParquet = clicks(parquet, 0);
        assertEquals(rows.size(), fromCsv.size());
        assertEquals(fromCsv, fromParquet);
        assertEquals(fromCsv.subList(0, 100), clicks(parquet, 100));
    }

    /**
     * The clicks of a format in input order, each as {@code user,item,time,category}; the line numbers are replaced by
     * ranks (a CSV line counts the header and blank lines, a table's row does not).
     */
    private static List<String> clicks(ClickFormat format, long maxRows) {
        List<String> clicks = new ArrayList<>();
        for (Row r : format.read(spark, maxRows).orderBy("line").collectAsList()) {
            clicks.add(r.getString(0) + "," + r.getString(1) + "," + r.getLong(2) + "," + r.get(3));
        }
        return clicks;
    }

    /** Writes rows (user, item, time, category) in order as {@code files} Parquet files; returns the folder. */
    private String writeParquet(List<Object[]> rows, int files) {
        StructType schema = new StructType().add("uid", DataTypes.StringType).add("iid", DataTypes.StringType)
                .add("ts", DataTypes.LongType).add("cat", DataTypes.StringType).add("extra", DataTypes.DoubleType);
        List<Row> values = new ArrayList<>();
        for (Object[] r : rows) {
            values.add(RowFactory.create(r[0], r[1], r[2], r[3], 0.5));
        }
        String folder = dir.resolve("clicks.parquet").toString();
        // parallelize keeps the rows in order, slice by slice; slice k becomes file part-0000k.
        spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(values, files), schema).write().parquet(folder);
        return folder;
    }

    @Test
    void malformedLinesNameTheFileAndLine() throws IOException {
        Path csv = dir.resolve("bad.csv");
        Files.write(csv, List.of("uid,iid,ts,cat", "a,1,10,x", "", "b,2,soon,y", "c,3,12,z"), StandardCharsets.UTF_8);
        assertDataError(csv + ":4: ts: not an integer: 'soon'", () -> new CsvTableFormat(csv, ',', COLUMNS));

        Files.write(dir.resolve("ratings.dat"), List.of("1::10::5::100", "1::11::x::200"), StandardCharsets.UTF_8);
        Files.write(dir.resolve("movies.dat"), List.of("10::A (1995)::Drama"), StandardCharsets.UTF_8);
        assertDataError(dir.resolve("ratings.dat") + ":2: rating: not a number", () -> new MovieLens1mFormat(dir));

        Path reviews = dir.resolve("reviews.json");
        Files.write(reviews, List.of("{\"reviewerID\": \"A\", \"asin\": \"B\", \"unixReviewTime\": 1}", "{\"asin\": 3"),
                StandardCharsets.UTF_8);
        assertDataError(reviews + ":2: unparseable record", () -> new AmazonReviewsFormat(reviews, null));

        // A Parquet row is named by its position in its file: the second file's first row here.
        List<Object[]> rows = List.of(new Object[] {"a", "1", 10L, "x"}, new Object[] {"b", "2", 11L, "y"},
                new Object[] {"", "3", 12L, "z"}, new Object[] {"d", "4", 13L, "z"});
        String parquet = writeParquet(rows, 2);
        ParquetTableFormat format = new ParquetTableFormat(spark, parquet, COLUMNS);
        assertDataError(format.filesRead().get(1) + ":1: uid: is empty", () -> format);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> new ParquetTableFormat(spark, parquet, new ClickColumns("uid", "iid", "time", null)));
        assertTrue(missing.getMessage().contains("no column 'time'"), missing.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> new ParquetTableFormat(spark, parquet, new ClickColumns("uid", "iid", "extra", null)));
        assertTrue(type.getMessage().contains("'extra' is of type double"), type.getMessage());
    }

    @Test
    void taobaoBehavioursAndDelimitedHeadersFollowTheLocalRules() throws IOException {
        Path taobao = dir.resolve("UserBehavior.csv");
        for (String bad : List.of("PV", "Buy", "click")) {
            Files.write(taobao, List.of("1,100,7,pv,1", "1,101,7," + bad + ",2"), StandardCharsets.UTF_8);
            assertDataError(taobao + ":2: behaviour: '" + bad + "' is not one of pv, buy, cart, fav",
                    () -> new TaobaoFormat(taobao.toString()));
        }
        Files.write(taobao, List.of("1,100,7,pv,1", "1,101,7,pv,2d"), StandardCharsets.UTF_8);
        assertDataError(taobao + ":2: timestamp: not an integer: '2d'", () -> new TaobaoFormat(taobao.toString()));
        Path csv = dir.resolve("twice.csv");
        Files.write(csv, List.of("uid,iid,ts,cat,iid", "a,1,10,x,2"), StandardCharsets.UTF_8);
        ClickLogFormatException twice = assertThrows(ClickLogFormatException.class,
                () -> new CsvTableFormat(csv, ',', COLUMNS));
        assertTrue(twice.getMessage().startsWith(csv + ":1: 'iid': the header names this column twice, as columns 2"
                + " and 5"), twice.getMessage());
    }

    /** Reads a format's clicks, which must fail with a data error starting with {@code message}. */
    private static void assertDataError(String message, FormatMaker maker) {
        Executable read = () -> maker.make().read(spark, 0).count();
        Throwable error = assertThrows(Exception.class, read);
        ClickLogFormatException data = null;
        for (Throwable t = error; t != null && data == null; t = t.getCause()) {
            data = t instanceof ClickLogFormatException c ? c : null;
        }
        assertTrue(data != null, "not a data error: " + error);
        assertTrue(data.getMessage().startsWith(message), data.getMessage());
    }

    @FunctionalInterface
    private interface FormatMaker {
        ClickFormat make() throws IOException;
    }
}
