package dev.tribuoctr.spark;

import dev.tribuoctr.ctr.data.LeaveLastOutProtocol.Split;
import dev.tribuoctr.ctr.data.ProtocolFolderDataSource;
import dev.tribuoctr.ctr.encoding.Vocabulary;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

/**
 * The leave-last-out protocol of design §5 (docs/design/protocols.md) as a Spark job. For the same input, seed
 * and history length it yields exactly the instances of the single-machine
 * {@link dev.tribuoctr.ctr.data.LeaveLastOutProtocol} (same splits, targets, labels, negatives and histories):
 * users and items are coded by first appearance as there, and each user's negatives come from the shared
 * {@link dev.tribuoctr.ctr.data.NegativeSampler}, so users can be processed on any executor in any order.
 * <p>
 * Output folder:
 * <ul>
 *     <li>{@code instances/split=TRAIN|VALIDATION|TEST/}: Parquet, one row per instance: {@code user},
 *     {@code user_code}, {@code position} (in the user's timeline), {@code item}, {@code category} (nullable),
 *     {@code label} (1 click, 0 sampled negative), {@code history} (item ids, most recent first);
 *     {@code (user_code, position, -label)} orders the rows as the single-machine source yields them;</li>
 *     <li>{@code dictionaries/users}, {@code dictionaries/items}: Parquet, the codes of first appearance (and the
 *     item's category);</li>
 *     <li>{@code vocabularies/item|cate|user/}: the training vocabularies under {@code minCount}, one value a line
 *     in index order from {@link Vocabulary#FIRST_VALUE};</li>
 *     <li>{@code timelines/}, {@code codes/users/}, {@code codes/items/}: sharded UTF-8 text (see
 *     {@link ProtocolTextFiles}), each user's timeline as item codes and the codes of users (with their context
 *     fields) and items (with their category), from which
 *     {@link dev.tribuoctr.ctr.data.ProtocolFolderDataSource} rebuilds the log, codes included, so the
 *     single-machine protocol and the trainer's compact {@code ClickLogDataset} get exactly these instances
 *     without Spark;</li>
 *     <li>{@code provenance.json}: inputs with sizes and hashes, settings, the output folders, counts.</li>
 * </ul>
 */
public final class SparkLeaveLastOut {
    private static final Logger logger = Logger.getLogger(SparkLeaveLastOut.class.getName());

    /** The output folders and their forms, as the provenance records them. */
    private static final Map<String, String> OUTPUTS = outputs();

    private final int maxHistory;
    private final long seed;
    private final int minCount;
    private final long maxRows;

    /**
     * @param maxHistory maximum history length T, at least 0
     * @param seed the negative-sampling seed
     * @param minCount the vocabularies' minimum count, at least 1
     * @param maxRows read at most this many lines of the click file (0 = all)
     */
    public SparkLeaveLastOut(int maxHistory, long seed, int minCount, long maxRows) {
        if (maxHistory < 0 || minCount < 1 || maxRows < 0) {
            throw new IllegalArgumentException("Need maxHistory >= 0, minCount >= 1 and maxRows >= 0, found "
                    + maxHistory + ", " + minCount + ", " + maxRows);
        }
        this.maxHistory = maxHistory;
        this.seed = seed;
        this.minCount = minCount;
        this.maxRows = maxRows;
    }

    /**
     * Runs the protocol and writes the output folder (replacing it).
     * @param spark the session
     * @param format the input
     * @param output the output folder (any file system Spark reaches)
     * @return the counts recorded in the provenance
     */
    public Map<String, Long> run(SparkSession spark, ClickFormat format, String output) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("maxHistory", maxHistory);
        settings.put("seed", seed);
        settings.put("minCount", minCount);
        settings.put("maxRows", maxRows);
        RunProvenance provenance = new RunProvenance(format, settings);
        provenance.outputs(OUTPUTS);

        Dataset<Row> clicks = ClickReader.read(spark, format, maxRows).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> users = FirstAppearanceCodes.assign(clicks, "user", "user_code")
                .persist(StorageLevel.MEMORY_AND_DISK());
        // The item's category is the one of its last click row that has one (max_by skips null orderings).
        Dataset<Row> items = FirstAppearanceCodes.assign(clicks, "item", "item_code",
                max_by(col("category"), when(col("category").isNotNull(), col("line"))).as("category"))
                .persist(StorageLevel.MEMORY_AND_DISK());
        int numItems = Math.toIntExact(items.count());

        Dataset<Row> timelines = clicks.join(users, "user").join(items.select("item", "item_code"), "item")
                .groupBy("user_code", "user")
                .agg(collect_list(struct("line", "time", "item_code", "item")).as("clicks"))
                // Kept: both the instances and the timelines' text are made from it.
                .persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> instances = timelines
                .flatMap(new TimelineInstances(seed, maxHistory, numItems), Encoders.row(TimelineInstances.SCHEMA))
                .join(items, "item_code")
                .select("split", "user", "user_code", "position", "item", "category", "label", "history")
                // Kept: the range partitioning below samples its input before the write reads it.
                .persist(StorageLevel.MEMORY_AND_DISK());
        String instancesPath = output + "/instances";
        // Shards hold contiguous user ranges of one split, each in the single-machine order.
        instances.repartitionByRange(col("split"), col("user_code")).sortWithinPartitions(col("user_code"), col("position"),
                        col("label").desc())
                .write().mode(SaveMode.Overwrite).partitionBy("split").parquet(instancesPath);
        users.write().mode(SaveMode.Overwrite).parquet(output + "/dictionaries/users");
        items.write().mode(SaveMode.Overwrite).parquet(output + "/dictionaries/items");
        ProtocolTextFiles.write(timelines, users, items, format.userContext(), output);

        Dataset<Row> written = spark.read().parquet(instancesPath);
        for (Vocabulary vocabulary : new TrainingVocabularies(written, minCount).all()) {
            spark.createDataset(vocabulary.values(), Encoders.STRING()).coalesce(1)
                    .write().mode(SaveMode.Overwrite).text(output + "/vocabularies/" + vocabulary.name());
        }
        Map<String, Long> counts = counts(clicks, users, numItems, written);
        provenance.counts(counts);
        provenance.write(spark, output + "/provenance.json");
        clicks.unpersist();
        users.unpersist();
        items.unpersist();
        timelines.unpersist();
        instances.unpersist();
        logger.info(() -> "Spark leave-last-out wrote " + output + ": " + counts);
        return counts;
    }

    private static Map<String, String> outputs() {
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("instances", "parquet, partitioned by split");
        outputs.put("dictionaries/users", "parquet");
        outputs.put("dictionaries/items", "parquet");
        outputs.put("vocabularies/<name>", "text, one value a line in index order");
        outputs.put(ProtocolFolderDataSource.TIMELINES,
                "text: user code<TAB>item codes, space-separated, oldest first");
        outputs.put(ProtocolFolderDataSource.USER_CODES, "text: code<TAB>user id[<TAB>field<TAB>value]..., escaped");
        outputs.put(ProtocolFolderDataSource.ITEM_CODES, "text: code<TAB>item id<TAB>category (\\N: none), escaped");
        return Collections.unmodifiableMap(outputs);
    }

    private static Map<String, Long> counts(Dataset<Row> clicks, Dataset<Row> users, long numItems,
                                           Dataset<Row> instances) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("clicks", clicks.count());
        long numUsers = users.count();
        long kept = instances.where(col("split").equalTo(Split.TEST.name()).and(col("label").equalTo(1))).count();
        counts.put("users", numUsers);
        counts.put("usersKept", kept);
        counts.put("usersSkipped", numUsers - kept);
        counts.put("items", numItems);
        for (Row r : instances.groupBy("split").agg(count("*")).collectAsList()) {
            counts.put("instances:" + r.getString(0), r.getLong(1));
        }
        return counts;
    }
}
