package dev.tribuoctr.spark;

import dev.tribuoctr.ctr.data.ProtocolFolderDataSource;
import dev.tribuoctr.ctr.data.TabSeparatedText;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the job's timelines and codes as sharded text, the form that {@link ProtocolFolderDataSource} reads into
 * the single-machine protocol without Spark or Parquet (values escaped by {@link TabSeparatedText}):
 * <ul>
 *     <li>{@code timelines/}: {@code user code<TAB>item codes} (space-separated, in the protocol's order) for every
 *     user, those with too few distinct clicks included, so that the reader sees the same users and counts;</li>
 *     <li>{@code codes/users/}: {@code code<TAB>user id[<TAB>field<TAB>value]...}, the context fields by name;</li>
 *     <li>{@code codes/items/}: {@code code<TAB>item id<TAB>category} ({@code \N}: none).</li>
 * </ul>
 */
final class ProtocolTextFiles {
    private ProtocolTextFiles() { }

    /**
     * @param timelines rows of {@code user_code}, {@code user} and {@code clicks} (see {@link TimelineInstances})
     * @param users rows of {@code user}, {@code user_code}
     * @param items rows of {@code item}, {@code category}, {@code item_code}
     * @param userContext per user id, context field → value (small: it travels in the tasks' closures)
     * @param output the output folder
     */
    static void write(Dataset<Row> timelines, Dataset<Row> users, Dataset<Row> items,
                      Map<String, Map<String, String>> userContext, String output) {
        timelines.map((MapFunction<Row, String>) ProtocolTextFiles::timelineLine, Encoders.STRING())
                .write().mode(SaveMode.Overwrite).text(output + "/" + ProtocolFolderDataSource.TIMELINES);
        HashMap<String, ArrayList<String>> context = contextPairs(userContext);
        users.map((MapFunction<Row, String>) r -> {
            List<String> pairs = context.getOrDefault(r.getString(0), new ArrayList<>());
            String[] values = new String[2 + pairs.size()];
            values[0] = Integer.toString(r.getInt(1));
            values[1] = r.getString(0);
            for (int i = 0; i < pairs.size(); i++) {
                values[2 + i] = pairs.get(i);
            }
            return TabSeparatedText.line(values);
        }, Encoders.STRING()).write().mode(SaveMode.Overwrite).text(output + "/" + ProtocolFolderDataSource.USER_CODES);
        items.map((MapFunction<Row, String>) r -> TabSeparatedText.line(Integer.toString(r.getInt(2)), r.getString(0),
                        r.isNullAt(1) ? null : r.getString(1)), Encoders.STRING())
                .write().mode(SaveMode.Overwrite).text(output + "/" + ProtocolFolderDataSource.ITEM_CODES);
    }

    /** A timeline row as its line: the user's code, a tab, the item codes oldest first. */
    private static String timelineLine(Row user) {
        StringBuilder line = new StringBuilder().append(user.getInt(0)).append(TabSeparatedText.SEPARATOR);
        List<Row> timeline = TimelineInstances.timeline(user);
        for (int p = 0; p < timeline.size(); p++) {
            line.append(p == 0 ? "" : " ").append(timeline.get(p).getInt(2));
        }
        return line.toString();
    }

    /** Per user, its context as field, value, field, value, … by field name; serializable for the closure. */
    private static HashMap<String, ArrayList<String>> contextPairs(Map<String, Map<String, String>> userContext) {
        HashMap<String, ArrayList<String>> pairs = new HashMap<>();
        userContext.forEach((user, fields) -> {
            ArrayList<String> list = new ArrayList<>();
            new TreeMap<>(fields).forEach((field, value) -> {
                list.add(field);
                list.add(value);
            });
            pairs.put(user, list);
        });
        return pairs;
    }
}
