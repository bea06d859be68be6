package dev.tribuoctr.spark;

import dev.tribuoctr.ctr.data.CheckedCSVDataSource;
import dev.tribuoctr.ctr.data.HistoryFieldProcessor;
import dev.tribuoctr.ctr.encoding.CtrSchema;
import dev.tribuoctr.ctr.engine.OptimiserType;
import dev.tribuoctr.ctr.model.Pooling;
import dev.tribuoctr.ctr.train.MetaWrapperTrainer;
import dev.tribuoctr.onnx.OnnxCtrModel;
import dev.tribuoctr.onnx.OnnxExporter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.data.columnar.FieldProcessor;
import org.tribuo.data.columnar.RowProcessor;
import org.tribuo.data.columnar.processors.field.DoubleFieldProcessor;
import org.tribuo.data.columnar.processors.field.IdentityProcessor;
import org.tribuo.data.columnar.processors.response.FieldResponseProcessor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batch scoring in {@code local[2]}: a small DIN with a context field and a numeric feature, trained on a delimited
 * file and exported, scores a CSV read by Spark (all columns strings, several partitions, batches smaller than a
 * partition) with the probabilities of {@link OnnxCtrModel} on the Tribuo examples of the same file, row for row;
 * the command writes the same rows; a non-finite number fails naming its column and row; a missing column fails on
 * the driver.
 */
class SparkOnnxScorerTest {
    private static final String HEADER = "label,item,cate,user,history,price";
    @TempDir
    static Path dir;
    private static Path onnx;
    private static Path scored;
    private static SparkSession spark;

    @BeforeAll
    static void trainAndExport() throws IOException {
        scored = write(dir, "score.csv", 300, 2L);
        onnx = trainAndExport(dir);
        spark = SparkTestSession.get();
    }

    /**
     * Trains a small DIN with a context field and a numeric feature on a generated file and exports it.
     * @param dir the folder for the training file and the model
     * @return the ONNX file
     */
    static Path trainAndExport(Path dir) throws IOException {
        Path train = write(dir, "train.csv", 400, 1L);
        MetaWrapperTrainer trainer = MetaWrapperTrainer.builder()
                .schema(new CtrSchema("item", List.of("cate"), "hist_item", 6, List.of("user"), List.of("price"), 1))
                .pooling(Pooling.ATTENTION).mu(0.0).embeddingSizes(4, 4, 4).selectorHiddenSizes(8)
                .predictorHiddenSizes(8).optimiser(OptimiserType.ADAM, 0.05).batchSize(50).epochs(2).seed(3)
                .loggingInterval(0).build();
        Path model = dir.resolve("din.onnx");
        OnnxExporter.save(trainer.train(new MutableDataset<>(source(train))), model);
        return model;
    }

    /** Rows of label,item,cate,user,history,price: unseen items, empty histories, repeats, histories longer than T. */
    static Path write(Path dir, String name, int rows, long seed) throws IOException {
        Random random = new Random(seed);
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (int r = 0; r < rows; r++) {
            int user = random.nextInt(12);
            int item = r % 37 == 5 && seed > 1 ? 900 + r : random.nextInt(30);
            List<String> history = new ArrayList<>();
            for (int h = random.nextInt(r % 19 == 0 ? 14 : 6); h > 0; h--) {
                history.add(Integer.toString((user + 3 * random.nextInt(8)) % 30));
            }
            boolean click = (item % 3 == user % 3) ^ random.nextInt(5) == 0;
            String cate = "c" + item % 4;
            out.append(click ? 1 : 0).append(',').append(item).append(',').append(cate).append(",u").append(user)
                    .append(',').append(String.join("|", history)).append(',')
                    .append(String.format("%.3f", random.nextGaussian() + (click ? 0.5 : 0))).append('\n');
        }
        return Files.writeString(dir.resolve(name), out);
    }

    /** The delimited-file route of training ({@code examples/configs/delimited-common.xml}) plus a numeric column. */
    static CheckedCSVDataSource<Label> source(Path file) {
        LabelFactory labels = new LabelFactory();
        Map<String, FieldProcessor> fields = new LinkedHashMap<>();
        fields.put("item", new IdentityProcessor("item"));
        fields.put("cate", new IdentityProcessor("cate"));
        fields.put("user", new IdentityProcessor("user"));
        fields.put("history", new HistoryFieldProcessor("history", "hist_item", "|", 6, false));
        fields.put("price", new DoubleFieldProcessor("price", true, true));
        RowProcessor<Label> rows = new RowProcessor<>(new FieldResponseProcessor<>("label", "0", labels), fields);
        return new CheckedCSVDataSource<>(file, rows, labels, true, ',');
    }

    @Test
    void sparkScoresEqualTheOnnxModelOnTheSameRowsInOrder() throws IOException {
        List<Example<Label>> examples = new ArrayList<>();
        source(scored).forEach(examples::add);
        double[] expected;
        try (OnnxCtrModel model = OnnxCtrModel.load(onnx)) {
            expected = model.clickProbabilities(examples);
        }
        String before = spark.conf().get("spark.sql.files.maxPartitionBytes");
        spark.conf().set("spark.sql.files.maxPartitionBytes", "4096"); // several partitions from one small file
        List<Row> rows;
        try {
            Dataset<Row> input = spark.read().option("header", "true").csv(scored.toString());
            assertTrue(input.rdd().getNumPartitions() > 1, "one partition would not test the order across them");
            rows = new SparkOnnxScorer().score(input, onnx, 16).collectAsList();
        } finally {
            spark.conf().set("spark.sql.files.maxPartitionBytes", before);
        }
        assertEquals(expected.length, rows.size());
        double spread = 0;
        List<String> lines = Files.readAllLines(scored);
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            assertEquals(lines.get(i + 1).split(",", -1)[1], row.getString(1), "row order");
            float p = row.getFloat(row.fieldIndex(SparkOnnxScorer.PROBABILITY));
            assertEquals(expected[i], p, 1e-6, "row " + (i + 1));
            spread = Math.max(spread, Math.abs(expected[i] - expected[0]));
        }
        assertTrue(spread > 1e-3, "the model's scores are constant; the comparison would be weak");
    }

    @Test
    void theCommandWritesTheScoredRows() throws IOException {
        Path out = dir.resolve("scored-csv");
        SparkScoreCommand.run(spark, new String[] {"--onnx", onnx.toString(), "--input", scored.toString(),
                "--output", out.toString(), "--format", "csv", "--batchSize", "64"});
        Dataset<Row> written = spark.read().option("header", "true").csv(out.toString());
        Dataset<Row> direct = new SparkOnnxScorer().score(spark.read().option("header", "true")
                .csv(scored.toString()), onnx, 64);
        assertEquals(sorted(direct), sorted(written));
        assertEquals(300, written.count());
    }

    /** Rows as text (the CSV holds floats as Float.toString writes them), sorted: files come back in any order. */
    private static List<String> sorted(Dataset<Row> rows) {
        return rows.collectAsList().stream().map(Row::toString).sorted().toList();
    }

    @Test
    void aNonFiniteNumberFailsNamingItsColumnAndRow() throws IOException {
        StructType schema = new StructType();
        for (String column : HEADER.split(",")) {
            schema = schema.add(column, DataTypes.StringType);
        }
        List<Row> rows = List.of(RowFactory.create("1", "3", "c0", "u1", "2|5", "0.5"),
                RowFactory.create("0", "4", "c1", "u2", "", "NaN"));
        Dataset<Row> input = spark.createDataFrame(rows, schema).coalesce(1);
        Exception e = assertThrows(Exception.class,
                () -> new SparkOnnxScorer().score(input, onnx, 256).collectAsList());
        String message = messages(e);
        assertTrue(message.contains("partition 0:2: price: not a finite number"), message);
        assertTrue(message.contains("[0,4,c1,u2,,NaN]"), message);

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> new SparkOnnxScorer().score(input.drop("price", "user"), onnx, 256));
        assertTrue(missing.getMessage().contains("user, price: the model reads these columns"), missing.getMessage());
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
