package dev.tribuoctr.spark;

import dev.tribuoctr.onnx.OnnxModelFile;
import dev.tribuoctr.onnx.RawInputs;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.logging.Logger;

/**
 * Batch scoring on Spark: an exported ONNX model ({@code OnnxExporter}) applied to a DataFrame of raw string columns,
 * each model input reading the column of its name (see {@link RawInputs} for the cell format). The result is
 * the input with a float {@value #PROBABILITY} column appended, row for row in the input's order.
 * <p>
 * The driver reads and checks the file, then broadcasts its bytes, so executors need no access to the path (any
 * master, not only local). Each partition opens its own ONNX Runtime session over the bytes (a model of a few MB
 * loads in milliseconds, small beside a partition's rows) and scores its rows {@code batchSize} at a time.
 */
public final class SparkOnnxScorer {
    /** Name of the appended column, the click probability. */
    public static final String PROBABILITY = "probability";
    private static final Logger logger = Logger.getLogger(SparkOnnxScorer.class.getName());
    private final boolean mostRecentFirst;

    /** A scorer for history cells listing the oldest click first, as the delimited training files do. */
    public SparkOnnxScorer() {
        this(false);
    }

    /** @param mostRecentFirst whether history cells list the most recent click first */
    public SparkOnnxScorer(boolean mostRecentFirst) {
        this.mostRecentFirst = mostRecentFirst;
    }

    /**
     * Scores a DataFrame (lazily: Spark runs the job when the result is written or collected).
     * @param input rows with a column per model input (others are kept and ignored)
     * @param onnxFile an exported model, read on the driver
     * @param batchSize rows per ONNX Runtime call
     * @return the input with the {@value #PROBABILITY} column appended
     * @throws IOException if the file cannot be read or is not an export of this library
     * @throws IllegalArgumentException if a column the model reads is missing, the input already has a
     *                                  {@value #PROBABILITY} column, or the batch size is not positive
     */
    public Dataset<Row> score(Dataset<Row> input, Path onnxFile, int batchSize) throws IOException {
        if (batchSize < 1) {
            throw new IllegalArgumentException("The batch size must be positive, got " + batchSize);
        }
        OnnxModelFile file = OnnxModelFile.read(onnxFile);
        String[] columns = input.columns();
        if (Arrays.asList(columns).contains(PROBABILITY)) {
            throw new IllegalArgumentException("The input already has a '" + PROBABILITY + "' column");
        }
        new RawInputs(file.schema(), Arrays.asList(columns), "the input", mostRecentFirst); // fails here, not on an executor
        logger.info(() -> "Scoring columns " + file.schema().inputs().stream().map(i -> i.name()).toList() + " with "
                + onnxFile + ", batches of " + batchSize);
        Broadcast<byte[]> bytes = JavaSparkContext.fromSparkContext(input.sparkSession().sparkContext())
                .broadcast(file.bytes());
        StructType schema = input.schema().add(PROBABILITY, DataTypes.FloatType, false);
        return input.mapPartitions(new OnnxPartitionScorer(bytes, onnxFile.getFileName().toString(), columns,
                batchSize, mostRecentFirst), Encoders.row(schema));
    }
}
