package dev.tribuoctr.spark;

import dev.tribuoctr.ctr.data.LeaveLastOutProtocol;
import dev.tribuoctr.ctr.encoding.ClickFeatureNames;
import dev.tribuoctr.ctr.encoding.Vocabulary;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

/**
 * The vocabularies a model trained on the TRAIN split would build ({@code LayoutBuilder} over the click-log
 * columns, schema fields {@code item}, {@code cate}, context {@code user}): counts are aggregated by Spark, and the
 * order and the {@code minCount} cut are those of {@link Vocabulary#fromCounts}, reused as is.
 * <ul>
 *     <li>item: target rows plus history occurrences;</li>
 *     <li>cate: the category of each target row, plus the history occurrences of each vocabulary item that was a
 *     target (its category is known from the target rows);</li>
 *     <li>user: rows per user.</li>
 * </ul>
 */
final class TrainingVocabularies {
    /** Name of the item vocabulary. */
    static final String ITEM = ClickFeatureNames.ITEM;
    /** Name of the category vocabulary. */
    static final String CATEGORY = ClickFeatureNames.CATEGORY;

    private final Vocabulary items;
    private final Vocabulary categories;
    private final Vocabulary users;

    /**
     * @param instances the instances (columns {@code split}, {@code user}, {@code item}, {@code category},
     *                  {@code history})
     * @param minCount values counted fewer times are left out
     */
    TrainingVocabularies(Dataset<Row> instances, int minCount) {
        Dataset<Row> train = instances.where(col("split").equalTo(LeaveLastOutProtocol.Split.TRAIN.name()));
        Map<String, Integer> targets = counts(train.groupBy("item").count());
        Map<String, Integer> history = counts(train.select(explode(col("history")).as("item")).groupBy("item").count());
        Map<String, Integer> itemCounts = new HashMap<>(targets);
        history.forEach((item, n) -> itemCounts.merge(item, n, Integer::sum));
        this.items = Vocabulary.fromCounts(ITEM, itemCounts, minCount);

        Map<String, Integer> categoryCounts = counts(train.where(col("category").isNotNull())
                .groupBy("category").count());
        Map<String, String> targetCategories = new HashMap<>();
        for (Row r : train.where(col("category").isNotNull()).select("item", "category").distinct().collectAsList()) {
            targetCategories.put(r.getString(0), r.getString(1));
        }
        history.forEach((item, n) -> {
            String category = targetCategories.get(item);
            if (category != null && items.contains(item)) {
                categoryCounts.merge(category, n, Integer::sum);
            }
        });
        this.categories = Vocabulary.fromCounts(CATEGORY, categoryCounts, minCount);
        this.users = Vocabulary.fromCounts(LeaveLastOutProtocol.USER_FIELD, counts(train.groupBy("user").count()),
                minCount);
    }

    private static Map<String, Integer> counts(Dataset<Row> valueCounts) {
        Map<String, Integer> map = new HashMap<>();
        for (Row r : valueCounts.collectAsList()) {
            map.put(r.getString(0), Math.toIntExact(r.getLong(1)));
        }
        return map;
    }

    /** @return the vocabularies: item, cate, user */
    List<Vocabulary> all() {
        return List.of(items, categories, users);
    }
}
