package dev.tribuoctr.ctr.data;

import dev.tribuoctr.ctr.encoding.ClickFeatureNames;
import org.tribuo.Example;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.IntPredicate;
import java.util.logging.Logger;

/**
 * The leave-last-out protocol of design §5.1 (docs/design/protocols.md; the Meta-Wrapper paper's section 6.1.3 and DIN), shared by every click-log
 * source.
 * <ul>
 *     <li>Each user's clicks are sorted by time, ties kept in file order. Repeated clicks of a user on the same item
 *     are collapsed to the most recent one, so an item appears once in any history (at its most recent rank) and a
 *     user's test item is never one of its training positives.</li>
 *     <li>Users with fewer than 3 (distinct) clicks are skipped, and counted in the log at INFO.</li>
 *     <li>The last click is the {@link Split#TEST} positive, the second last the {@link Split#VALIDATION} positive,
 *     the others the {@link Split#TRAIN} positives.</li>
 *     <li>An instance's history is the user's clicks before it in that order (most recent first, rank 1 = most
 *     recent, at most {@code maxHistory}).</li>
 *     <li>Each positive (label {@code "1"}) is followed by one negative (label {@code "0"}): same user, history and
 *     context, the item (and its category) replaced by an item drawn uniformly from the log's items that the user
 *     never clicked. Draws come from a per-user generator derived from the seed ({@link NegativeSampler}), so
 *     each split of one log and seed sees the same negatives, whatever order users are processed in. A user who
 *     clicked every item gets no negatives (counted in the log).</li>
 * </ul>
 * Features: {@code item@<id>}, {@code cate@<category>} (when the item has one), {@code hist_item@<id>} = rank,
 * {@code user@<id>} and each user context field {@code <field>@<value>}, all 1.0 except the ranks.
 * Examples come user by user (in order of first appearance in the file), each user's in time order.
 */
public final class LeaveLastOutProtocol {
    private static final Logger logger = Logger.getLogger(LeaveLastOutProtocol.class.getName());

    /** Label of a click. */
    public static final Label CLICK = new Label("1");
    /** Label of a sampled non-click. */
    public static final Label NO_CLICK = new Label("0");
    /** Field of the user id. */
    public static final String USER_FIELD = ClickFeatureNames.USER;
    /** Minimum number of distinct clicks a user needs. */
    public static final int MIN_CLICKS = 3;

    /**
     * Which positives a source yields.
     */
    public enum Split {
        /** All but the last two clicks of each user. */
        TRAIN,
        /** The second-last click of each user. */
        VALIDATION,
        /** The last click of each user. */
        TEST
    }

    private final ClickLog log;
    private final int maxHistory;
    private final long seed;
    /** Kept users' codes. */
    private final int[] keptUsers;
    /** seqOffsets[k]..seqOffsets[k+1] are the item codes of keptUsers[k] in time order (distinct). */
    private final int[] seqOffsets;
    private final int[] seqItems;
    private final int skippedUsers;
    private final int clicksRead;

    /**
     * Prepares the protocol on a log: groups, sorts and collapses each user's clicks.
     * @param log the click log
     * @param maxHistory maximum history length, at least 0
     * @param seed the negative-sampling seed
     */
    public LeaveLastOutProtocol(ClickLog log, int maxHistory, long seed) {
        if (maxHistory < 0) {
            throw new IllegalArgumentException("maxHistory must be >= 0, found " + maxHistory);
        }
        this.log = log.withoutClicks();
        this.maxHistory = maxHistory;
        this.seed = seed;
        int n = log.size();
        int numUsers = log.numUsers();
        // Counting sort of the click indices by user (stable: file order within a user).
        int[] start = new int[numUsers + 1];
        for (int i = 0; i < n; i++) {
            start[log.userCode(i) + 1]++;
        }
        for (int u = 0; u < numUsers; u++) {
            start[u + 1] += start[u];
        }
        int[] fill = Arrays.copyOf(start, numUsers);
        int[] byUser = new int[n];
        for (int i = 0; i < n; i++) {
            byUser[fill[log.userCode(i)]++] = i;
        }
        fill = null;
        int[] mark = new int[log.numItems()];
        Arrays.fill(mark, -1);
        int[] tmp = new int[16];
        int kept = 0;
        int write = 0;
        int[] users = new int[numUsers];
        int[] offsets = new int[numUsers + 1];
        for (int u = 0; u < numUsers; u++) {
            int from = start[u];
            int to = start[u + 1];
            if (tmp.length < to - from) {
                tmp = new int[Math.max(to - from, tmp.length * 2)];
            }
            stableSortByTime(log, byUser, from, to, tmp);
            // Collapse repeats to the most recent click: walk backwards, keep the first sighting.
            int distinct = 0;
            for (int k = to - 1; k >= 0 + from; k--) {
                int item = log.itemCode(byUser[k]);
                if (mark[item] != u) {
                    mark[item] = u;
                    tmp[distinct++] = item;
                }
            }
            if (distinct < MIN_CLICKS) {
                continue;
            }
            users[kept] = u;
            offsets[kept] = write;
            for (int k = distinct - 1; k >= 0; k--) {
                byUser[write++] = tmp[k]; // reuse byUser as the output (write <= from always holds)
            }
            kept++;
        }
        offsets[kept] = write;
        this.keptUsers = Arrays.copyOf(users, kept);
        this.seqOffsets = Arrays.copyOf(offsets, kept + 1);
        this.seqItems = Arrays.copyOf(byUser, write);
        this.skippedUsers = numUsers - kept;
        this.clicksRead = n;
        final int keptCount = kept;
        final int keptClicks = write;
        logger.info(() -> "Leave-last-out: " + keptCount + " users kept, " + skippedUsers + " users skipped (fewer than "
                + MIN_CLICKS + " distinct clicks), " + n + " clicks, " + keptClicks + " distinct user-item clicks kept, "
                + log.numItems() + " items");
    }

    /** Stable merge sort of {@code a[from, to)} (click indices) by timestamp. */
    private static void stableSortByTime(ClickLog log, int[] a, int from, int to, int[] tmp) {
        int len = to - from;
        if (len < 2) {
            return;
        }
        if (len <= 32) {
            for (int i = from + 1; i < to; i++) {
                int v = a[i];
                long t = log.timestamp(v);
                int j = i - 1;
                while (j >= from && log.timestamp(a[j]) > t) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        stableSortByTime(log, a, from, mid, tmp);
        stableSortByTime(log, a, mid, to, tmp);
        if (log.timestamp(a[mid - 1]) <= log.timestamp(a[mid])) {
            return;
        }
        int i = from;
        int j = mid;
        int k = 0;
        while (i < mid && j < to) {
            tmp[k++] = log.timestamp(a[j]) < log.timestamp(a[i]) ? a[j++] : a[i++];
        }
        while (i < mid) {
            tmp[k++] = a[i++];
        }
        while (j < to) {
            tmp[k++] = a[j++];
        }
        System.arraycopy(tmp, 0, a, from, k);
    }

    /** @return number of users kept (at least 3 distinct clicks) */
    public int numUsers() { return keptUsers.length; }

    /** @return number of clicks of the log, repeats and skipped users' included */
    public int numClicksRead() { return clicksRead; }

    /** @return number of users skipped (fewer than 3 distinct clicks) */
    public int numSkippedUsers() { return skippedUsers; }

    /** @return the underlying log's dictionaries, categories and user context (its clicks are not kept) */
    public ClickLog log() { return log; }

    /**
     * @param split a split
     * @return the number of positives of that split (each comes with one negative, unless its user clicked every
     * item)
     */
    public long numPositives(Split split) {
        switch (split) {
            case TRAIN:
                return (long) seqItems.length - 2L * keptUsers.length;
            default:
                return keptUsers.length;
        }
    }

    /**
     * Generates the examples of a split lazily, user by user.
     * @param split the split
     * @return a fresh iterator (each call yields the same examples)
     */
    public Iterator<Example<Label>> iterator(Split split) {
        return new ExampleIterator(split);
    }

    /**
     * Generates all the examples of a split.
     * @param split the split
     * @return the examples
     */
    public List<Example<Label>> examples(Split split) {
        List<Example<Label>> list = new ArrayList<>();
        iterator(split).forEachRemaining(list::add);
        return list;
    }

    /**
     * Receives the instances of a split in example order: each as the timeline position of its positive and its
     * target item, the positive itself or the sampled negative.
     */
    @FunctionalInterface
    interface InstanceSink {
        /**
         * @param user the kept user's rank (0 … {@link #numUsers()} − 1)
         * @param position index of the positive's click in the concatenated timelines ({@link #timelineItem})
         * @param item the target item code
         * @param click true for the positive, false for its negative
         */
        void accept(int user, int position, int item, boolean click);
    }

    /**
     * Enumerates the instances of a split for users {@code from} to {@code to} (kept-user ranks), in the order the
     * examples come: the one place where positions, labels and negatives are decided.
     * @param split the split
     * @param fromUser first kept user
     * @param toUser one past the last kept user
     * @param clickedBy scratch of {@code log().numItems()} entries, filled with -1 before the first call
     * @param sink receives the instances
     */
    void forEachInstance(Split split, int fromUser, int toUser, int[] clickedBy, InstanceSink sink) {
        int numItems = log.numItems();
        for (int k = fromUser; k < toUser; k++) {
            int from = seqOffsets[k];
            int to = seqOffsets[k + 1];
            int len = to - from;
            for (int p = from; p < to; p++) {
                clickedBy[seqItems[p]] = k;
            }
            boolean canSample = len < numItems;
            final int user = k;
            IntPredicate clicked = item -> clickedBy[item] == user;
            NegativeSampler sampler = new NegativeSampler(seed, keptUsers[k], numItems);
            int first;
            int last;
            switch (split) {
                case TRAIN: first = 0; last = len - 2; break;
                case VALIDATION: first = len - 2; last = len - 1; break;
                default: first = len - 1; last = len; break;
            }
            // Negatives are drawn for every position up to the split's last, so each split sees the same ones.
            for (int pos = 0; pos < last; pos++) {
                int negative = -1;
                if (canSample) {
                    negative = sampler.next(clicked);
                }
                if (pos < first) {
                    continue;
                }
                sink.accept(k, from + pos, seqItems[from + pos], true);
                if (negative >= 0) {
                    sink.accept(k, from + pos, negative, false);
                }
            }
        }
    }

    /** @return a scratch array for {@link #forEachInstance}, filled with -1 */
    int[] newClickedBy() {
        int[] clickedBy = new int[log.numItems()];
        Arrays.fill(clickedBy, -1);
        return clickedBy;
    }

    /**
     * @param user a kept user's rank
     * @return the index of its first click in the concatenated timelines
     */
    int timelineStart(int user) { return seqOffsets[user]; }

    /**
     * @param user a kept user's rank
     * @return the user's code in the log
     */
    int userCode(int user) { return keptUsers[user]; }

    /**
     * @param position an index in the concatenated timelines
     * @return the item code clicked there
     */
    int timelineItem(int position) { return seqItems[position]; }

    /**
     * @param item an item code
     * @return its category, or null when it has none
     */
    String category(int item) { return log.category(item); }

    /**
     * @param position an index in the concatenated timelines
     * @return the rank of the kept user whose timeline holds it
     */
    int userAt(int position) {
        int k = Arrays.binarySearch(seqOffsets, position);
        // Offsets strictly increase (every kept user has clicks): an exact hit is that user's first click.
        return k >= 0 ? k : -k - 2;
    }

    /** @return the total length of the kept users' timelines */
    int timelineLength() { return seqItems.length; }

    /** @return the maximum history length of the examples */
    int maxHistory() { return maxHistory; }

    /**
     * @param user a kept user's rank
     * @param position the index of an instance's positive in the concatenated timelines
     * @param item its target item code
     * @param click its label
     * @return the instance as a Tribuo example
     */
    Example<Label> example(int user, int position, int item, boolean click) {
        String userId = log.user(keptUsers[user]);
        return example(click ? CLICK : NO_CLICK, item, seqOffsets[user], position - seqOffsets[user], userId,
                log.userContext().get(userId));
    }

    private final class ExampleIterator implements Iterator<Example<Label>> {
        private final Split split;
        private final ArrayDeque<Example<Label>> buffer = new ArrayDeque<>();
        private final int[] clickedBy = newClickedBy();
        private final InstanceSink toBuffer = (user, position, item, click) ->
                buffer.add(example(user, position, item, click));
        private int nextUser;

        ExampleIterator(Split split) {
            this.split = split;
        }

        @Override
        public boolean hasNext() {
            while (buffer.isEmpty() && nextUser < keptUsers.length) {
                forEachInstance(split, nextUser, nextUser + 1, clickedBy, toBuffer);
                nextUser++;
            }
            return !buffer.isEmpty();
        }

        @Override
        public Example<Label> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return buffer.poll();
        }
    }

    private Example<Label> example(Label label, int item, int from, int pos, String userId,
                                   Map<String, String> context) {
        int historyLength = Math.min(pos, maxHistory);
        int size = 3 + historyLength + (context == null ? 0 : context.size());
        String[] names = new String[size];
        double[] values = new double[size];
        int f = 0;
        names[f] = ClickFeatureNames.feature(ClickFeatureNames.ITEM, log.item(item));
        values[f++] = 1.0;
        String category = log.category(item);
        if (category != null) {
            names[f] = ClickFeatureNames.feature(ClickFeatureNames.CATEGORY, category);
            values[f++] = 1.0;
        }
        names[f] = ClickFeatureNames.feature(ClickFeatureNames.USER, userId);
        values[f++] = 1.0;
        if (context != null) {
            for (Map.Entry<String, String> e : context.entrySet()) {
                names[f] = ClickFeatureNames.feature(e.getKey(), e.getValue());
                values[f++] = 1.0;
            }
        }
        for (int rank = 1; rank <= historyLength; rank++) {
            names[f] = ClickFeatureNames.feature(ClickFeatureNames.HISTORY, log.item(seqItems[from + pos - rank]));
            values[f++] = rank;
        }
        if (f < size) {
            names = Arrays.copyOf(names, f);
            values = Arrays.copyOf(values, f);
        }
        return new ArrayExample<>(label, names, values);
    }
}
