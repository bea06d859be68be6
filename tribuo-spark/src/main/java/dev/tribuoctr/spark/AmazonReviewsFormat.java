package dev.tribuoctr.spark;

import dev.tribuoctr.ctr.data.AmazonReviewLines;
import dev.tribuoctr.ctr.data.ClickEvent;
import dev.tribuoctr.ctr.data.DataFiles;
import dev.tribuoctr.ctr.data.ItemCategory;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.nio.file.Path;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max_by;

/**
 * An Amazon review subset in the DIN format, read as {@code AmazonReviewsDataSource} reads it, through the same line
 * rules ({@link AmazonReviewLines}): every review (a JSON line with {@code reviewerID}, {@code asin},
 * {@code unixReviewTime}) is a click, blank lines are skipped; the optional metadata file gives an item's category
 * ({@code categories[0][-1]}, the last record of an item that has one wins). The metadata file can be as large as
 * the reviews, so Spark reads it too and joins the categories to the clicks by item.
 */
public final class AmazonReviewsFormat implements ClickFormat {
    private static final long serialVersionUID = 1L;
    private static final StructType CATEGORY_SCHEMA = new StructType()
            .add("item", DataTypes.StringType, false)
            .add("category", DataTypes.StringType, false)
            .add("line", DataTypes.LongType, false);

    private final String reviews;
    private final String metadata;

    /**
     * @param reviews the reviews file
     * @param metadata the metadata file, or null for none
     * @throws com.oracle.labs.mlrg.olcut.config.PropertyException if a file is not readable
     */
    public AmazonReviewsFormat(Path reviews, Path metadata) {
        DataFiles.requireFile("reviewsFile", reviews);
        if (metadata != null) {
            DataFiles.requireFile("metadataFile", metadata);
        }
        this.reviews = reviews.toString();
        this.metadata = metadata == null ? null : metadata.toString();
    }

    @Override
    public String clickFile() { return reviews; }

    @Override
    public List<String> filesRead() { return metadata == null ? List.of(reviews) : List.of(reviews, metadata); }

    @Override
    public String layout() { return "amazon-reviews"; }

    @Override
    public Click parse(String line, long number) {
        ClickEvent click = AmazonReviewLines.review(Path.of(reviews), number, line);
        return click == null ? null : new Click(click.user(), click.item(), click.timestamp(), null);
    }

    /**
     * The review lines as clicks, each with its item's category from the metadata file.
     * @param spark the session
     * @param maxRows read at most this many review lines (0 = all); the metadata is read whole
     * @return the clicks
     */
    @Override
    public Dataset<Row> read(SparkSession spark, long maxRows) {
        Dataset<Row> clicks = ClickReader.readLines(spark, this, maxRows);
        if (metadata == null) {
            return clicks;
        }
        String file = metadata;
        JavaRDD<Row> records = ClickReader.numberedLines(spark, file)
                .map(p -> {
                    ItemCategory category = AmazonReviewLines.metadata(Path.of(file), p._2() + 1, p._1());
                    return category == null ? null : RowFactory.create(category.item(), category.category(), p._2());
                })
                .filter(r -> r != null);
        Dataset<Row> categories = spark.createDataFrame(records, CATEGORY_SCHEMA)
                .groupBy("item").agg(max_by(col("category"), col("line")).as("category"));
        return clicks.drop("category").join(categories, new String[] {"item"}, "left")
                .select("user", "item", "time", "category", "line");
    }
}
