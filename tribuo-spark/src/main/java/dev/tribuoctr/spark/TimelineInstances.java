package dev.tribuoctr.spark;

import dev.tribuoctr.ctr.data.LeaveLastOutProtocol;
import dev.tribuoctr.ctr.data.LeaveLastOutProtocol.Split;
import dev.tribuoctr.ctr.data.NegativeSampler;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The leave-last-out instances of one user (design §5.1–5.2): the user's clicks sorted by time with ties in file
 * order, repeats collapsed to the most recent, users with fewer than {@link LeaveLastOutProtocol#MIN_CLICKS}
 * distinct clicks skipped; every position gets its positive and the negative that {@link NegativeSampler} draws
 * for it, the last position being the test split, the second last the validation split. Histories are the at most
 * {@code maxHistory} previous items, most recent first.
 */
final class TimelineInstances implements FlatMapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    /** Output columns: the target is an item code, resolved to its id and category by a join afterwards. */
    static final StructType SCHEMA = new StructType()
            .add("split", DataTypes.StringType, false)
            .add("user", DataTypes.StringType, false)
            .add("user_code", DataTypes.IntegerType, false)
            .add("position", DataTypes.IntegerType, false)
            .add("item_code", DataTypes.IntegerType, false)
            .add("label", DataTypes.IntegerType, false)
            .add("history", DataTypes.createArrayType(DataTypes.StringType, false), false);

    private final long seed;
    private final int maxHistory;
    private final int numItems;

    /**
     * @param seed the negative-sampling seed
     * @param maxHistory the maximum history length
     * @param numItems the number of items of the log
     */
    TimelineInstances(long seed, int maxHistory, int numItems) {
        this.seed = seed;
        this.maxHistory = maxHistory;
        this.numItems = numItems;
    }

    /**
     * @param user a row of {@code user_code}, {@code user} and {@code clicks}, an array of
     *             {@code (line, time, item_code, item)} structs
     * @return the user's instances, in the single-machine order
     */
    @Override
    public Iterator<Row> call(Row user) {
        int userCode = user.getInt(0);
        String userId = user.getString(1);
        List<Row> timeline = timeline(user);
        int len = timeline.size();
        if (len < LeaveLastOutProtocol.MIN_CLICKS) {
            return List.<Row>of().iterator();
        }
        int[] items = new int[len];
        String[] ids = new String[len];
        Set<Integer> clicked = new HashSet<>();
        for (int p = 0; p < len; p++) {
            items[p] = timeline.get(p).getInt(2);
            ids[p] = timeline.get(p).getString(3);
            clicked.add(items[p]);
        }
        NegativeSampler sampler = new NegativeSampler(seed, userCode, numItems);
        boolean canSample = len < numItems;
        List<Row> out = new ArrayList<>(2 * len);
        for (int pos = 0; pos < len; pos++) {
            String split = (pos < len - 2 ? Split.TRAIN : pos == len - 2 ? Split.VALIDATION : Split.TEST).name();
            String[] history = history(ids, pos);
            out.add(RowFactory.create(split, userId, userCode, pos, items[pos], 1, history));
            if (canSample) {
                out.add(RowFactory.create(split, userId, userCode, pos, sampler.next(clicked::contains), 0, history));
            }
        }
        return out.iterator();
    }

    /**
     * The user's timeline: clicks sorted by time, ties in file order, each item kept at its most recent click.
     * @param user a row of {@code user_code}, {@code user} and {@code clicks} (see {@link #call(Row)})
     * @return the kept {@code (line, time, item_code, item)} structs, oldest first
     */
    static List<Row> timeline(Row user) {
        List<Row> clicks = new ArrayList<>(user.<Row>getList(2));
        clicks.sort(Comparator.<Row>comparingLong(c -> c.getLong(1)).thenComparingLong(c -> c.getLong(0)));
        // Walk back from the most recent click and keep each item's first sighting.
        Set<Integer> clicked = new HashSet<>();
        List<Row> kept = new ArrayList<>();
        for (int k = clicks.size() - 1; k >= 0; k--) {
            if (clicked.add(clicks.get(k).getInt(2))) {
                kept.add(clicks.get(k));
            }
        }
        Collections.reverse(kept);
        return kept;
    }

    /** The history as an array: the Row encoder takes arrays (or Scala sequences) for array columns. */
    private String[] history(String[] ids, int pos) {
        int length = Math.min(pos, maxHistory);
        String[] history = new String[length];
        for (int rank = 1; rank <= length; rank++) {
            history[rank - 1] = ids[pos - rank];
        }
        return history;
    }
}
