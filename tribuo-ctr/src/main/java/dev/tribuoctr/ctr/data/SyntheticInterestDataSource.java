package dev.tribuoctr.ctr.data;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.util.Pair;
import dev.tribuoctr.ctr.encoding.ClickFeatureNames;
import org.tribuo.ConfigurableDataSource;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.DataSourceProvenance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.logging.Logger;

/**
 * The synthetic interest data of design §5.4 (docs/design/protocols.md; the Meta-Wrapper paper's section 6.4.1, as we read it).
 * <p>
 * User {@code i} is in group {@code i mod numGroups}; item {@code j} is in group {@code j mod numGroups} and its
 * category is its group. Each user gets {@code itemsPerUserInGroup} distinct items of its own group, clicked with
 * probability {@code inGroupClickRate}, and {@code itemsPerUserOutOfGroup} distinct items of other groups, clicked
 * with probability {@code outGroupClickRate}. The user's instances are shuffled into a timeline; an instance's
 * history is the items clicked earlier in that timeline, most recent first, at most {@code maxHistory}. The last
 * {@code round(n * testFraction)} instances of each user's timeline are the test part, the rest the training part.
 * <p>
 * Features: {@code item@<j>} = 1, {@code cate@<j mod numGroups>} = 1, {@code hist_item@<j>} = recency rank
 * (1 = most recent), {@code user@<i>} = 1. Labels are {@code "1"} (clicked) and {@code "0"}. Every draw comes from
 * one seed, and the whole world is generated whatever the {@link Split}, so a TRAIN and a TEST source with the same
 * settings are the two parts of the same data. Examples come user by user, each user's in timeline order.
 * <pre>
 * Cao, Xu, Yang, Huang, "Meta-Wrapper: Differentiable Wrapping Operator for User Interest Selection in CTR
 * Prediction", IEEE TPAMI, section 6.4.1.
 * </pre>
 */
public final class SyntheticInterestDataSource implements ConfigurableDataSource<Label> {
    private static final Logger logger = Logger.getLogger(SyntheticInterestDataSource.class.getName());

    private static final LabelFactory LABEL_FACTORY = new LabelFactory();

    /** Field of the target item. */
    public static final String ITEM_FIELD = ClickFeatureNames.ITEM;
    /** Field of the target item's category. */
    public static final String CATEGORY_FIELD = ClickFeatureNames.CATEGORY;
    /** Field of the behaviour history. */
    public static final String HISTORY_FIELD = ClickFeatureNames.HISTORY;
    /** Field of the user id. */
    public static final String USER_FIELD = ClickFeatureNames.USER;

    /**
     * Which part of each user's timeline a source yields.
     */
    public enum Split {
        /** The first part of each timeline. */
        TRAIN,
        /** The last {@code testFraction} of each timeline. */
        TEST,
        /** Whole timelines. */
        ALL,
        /**
         * The part of each timeline just before the test part ({@link InterestWorldDataSource}'s
         * {@code validationFraction}); the paper's world has none.
         */
        VALIDATION
    }

    @Config(description = "Number of users.")
    private int numUsers = 100;

    @Config(description = "Number of items.")
    private int numItems = 10000;

    @Config(description = "Number of groups (user i and item j are in groups i and j modulo this).")
    private int numGroups = 10;

    @Config(description = "Distinct items of the user's own group per user.")
    private int itemsPerUserInGroup = 50;

    @Config(description = "Distinct items of other groups per user.")
    private int itemsPerUserOutOfGroup = 50;

    @Config(description = "Click probability of an item of the user's group.")
    private double inGroupClickRate = 0.5;

    @Config(description = "Click probability of an item of another group.")
    private double outGroupClickRate = 0.2;

    @Config(description = "Maximum history length (most recent clicks kept).")
    private int maxHistory = 20;

    @Config(description = "Fraction of each user's timeline (its end) that is the test part, count rounded.")
    private double testFraction = 0.2;

    @Config(description = "RNG seed.")
    private long seed = 1L;

    @Config(description = "Which part this source yields: TRAIN, TEST or ALL.")
    private Split split = Split.ALL;

    private List<Example<Label>> examples;

    /**
     * For OLCUT.
     */
    private SyntheticInterestDataSource() {}

    /**
     * Creates a source with the settings of design §5.4, docs/design/protocols.md (100 users, 10,000 items, 10 groups, 50 + 50 items per user,
     * click rates 0.5 and 0.2, history 20, test fraction 0.2).
     * @param seed the RNG seed
     * @param split the part to yield
     */
    public SyntheticInterestDataSource(long seed, Split split) {
        this(100, 10000, 10, 50, 50, 0.5, 0.2, 20, 0.2, seed, split);
    }

    /**
     * Creates a source.
     * @param numUsers number of users, at least 1
     * @param numItems number of items, at least 1
     * @param numGroups number of groups, at least 1
     * @param itemsPerUserInGroup items of the user's group per user, at most the size of the smallest used group
     * @param itemsPerUserOutOfGroup items of other groups per user, at most the number of items outside a group
     * @param inGroupClickRate click probability in the user's group, in [0, 1]
     * @param outGroupClickRate click probability outside the user's group, in [0, 1]
     * @param maxHistory maximum history length, at least 0
     * @param testFraction fraction of each timeline in the test part, in [0, 1]
     * @param seed the RNG seed
     * @param split the part to yield
     * @throws IllegalArgumentException if a setting is invalid
     */
    public SyntheticInterestDataSource(int numUsers, int numItems, int numGroups, int itemsPerUserInGroup,
                                       int itemsPerUserOutOfGroup, double inGroupClickRate, double outGroupClickRate,
                                       int maxHistory, double testFraction, long seed, Split split) {
        this.numUsers = numUsers;
        this.numItems = numItems;
        this.numGroups = numGroups;
        this.itemsPerUserInGroup = itemsPerUserInGroup;
        this.itemsPerUserOutOfGroup = itemsPerUserOutOfGroup;
        this.inGroupClickRate = inGroupClickRate;
        this.outGroupClickRate = outGroupClickRate;
        this.maxHistory = maxHistory;
        this.testFraction = testFraction;
        this.seed = seed;
        this.split = split;
        try {
            postConfig();
        } catch (PropertyException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Builds the training and test datasets of one generated world.
     * @param seed the RNG seed
     * @return the (train, test) pair, with the settings of {@link #SyntheticInterestDataSource(long, Split)}
     */
    public static Pair<MutableDataset<Label>, MutableDataset<Label>> trainTest(long seed) {
        MutableDataset<Label> train = new MutableDataset<>(new SyntheticInterestDataSource(seed, Split.TRAIN));
        MutableDataset<Label> test = new MutableDataset<>(new SyntheticInterestDataSource(seed, Split.TEST));
        return new Pair<>(train, test);
    }

    /**
     * Used by OLCUT: validates the settings and generates the examples.
     */
    @Override
    public void postConfig() {
        checkAtLeast("numUsers", numUsers, 1);
        checkAtLeast("numItems", numItems, 1);
        checkAtLeast("numGroups", numGroups, 1);
        checkAtLeast("itemsPerUserInGroup", itemsPerUserInGroup, 0);
        checkAtLeast("itemsPerUserOutOfGroup", itemsPerUserOutOfGroup, 0);
        checkAtLeast("maxHistory", maxHistory, 0);
        checkUnit("inGroupClickRate", inGroupClickRate);
        checkUnit("outGroupClickRate", outGroupClickRate);
        checkUnit("testFraction", testFraction);
        if (split == null || split == Split.VALIDATION) {
            throw new PropertyException("", "split", "split must be TRAIN, TEST or ALL (the paper's world has no"
                    + " validation part; draw another seed for one)");
        }
        if (itemsPerUserInGroup + itemsPerUserOutOfGroup < 1) {
            throw new PropertyException("", "itemsPerUserInGroup", "each user needs at least one item");
        }
        for (int group = 0; group < Math.min(numUsers, numGroups); group++) {
            int inGroup = groupSize(group);
            if (itemsPerUserInGroup > inGroup) {
                throw new PropertyException("", "itemsPerUserInGroup", "itemsPerUserInGroup=" + itemsPerUserInGroup
                        + " but group " + group + " has only " + inGroup + " items");
            }
            if (itemsPerUserOutOfGroup > numItems - inGroup) {
                throw new PropertyException("", "itemsPerUserOutOfGroup", "itemsPerUserOutOfGroup="
                        + itemsPerUserOutOfGroup + " but only " + (numItems - inGroup) + " items are outside group "
                        + group);
            }
        }
        examples = Collections.unmodifiableList(generate());
        logger.fine(() -> "Generated " + examples.size() + " examples for " + this);
    }

    private static void checkAtLeast(String field, int value, int min) {
        if (value < min) {
            throw new PropertyException("", field, field + " must be at least " + min + ", found " + value);
        }
    }

    private static void checkUnit(String field, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new PropertyException("", field, field + " must be in [0, 1], found " + value);
        }
    }

    /** Number of items {@code j < numItems} with {@code j mod numGroups == group}. */
    private int groupSize(int group) {
        return group >= numItems ? 0 : (numItems - 1 - group) / numGroups + 1;
    }

    private List<Example<Label>> generate() {
        SplittableRandom root = new SplittableRandom(seed);
        int perUser = itemsPerUserInGroup + itemsPerUserOutOfGroup;
        int testCount = (int) Math.round(perUser * testFraction);
        int trainCount = perUser - testCount;
        int from = split == Split.TEST ? trainCount : 0;
        int to = split == Split.TRAIN ? trainCount : perUser;
        List<Example<Label>> list = new ArrayList<>(numUsers * (to - from));
        for (int user = 0; user < numUsers; user++) {
            SplittableRandom rng = root.split();
            int[] items = new int[perUser];
            boolean[] clicks = new boolean[perUser];
            drawUserItems(user % numGroups, rng, items, clicks);
            list.addAll(SyntheticTimeline.examples(user, items, clicks, item -> item % numGroups, maxHistory, from,
                    to));
        }
        return list;
    }

    /** Fills the user's items and clicks, then shuffles them into a timeline. */
    private void drawUserItems(int group, SplittableRandom rng, int[] items, boolean[] clicks) {
        int[] inPool = new int[groupSize(group)];
        for (int k = 0; k < inPool.length; k++) {
            inPool[k] = group + k * numGroups;
        }
        int[] outPool = new int[numItems - inPool.length];
        int next = 0;
        for (int j = 0; j < numItems; j++) {
            if (j % numGroups != group) {
                outPool[next++] = j;
            }
        }
        drawWithoutReplacement(inPool, itemsPerUserInGroup, rng, items, 0);
        drawWithoutReplacement(outPool, itemsPerUserOutOfGroup, rng, items, itemsPerUserInGroup);
        for (int k = 0; k < items.length; k++) {
            double rate = k < itemsPerUserInGroup ? inGroupClickRate : outGroupClickRate;
            clicks[k] = rng.nextDouble() < rate;
        }
        for (int k = items.length - 1; k > 0; k--) {
            int other = rng.nextInt(k + 1);
            int item = items[k];
            items[k] = items[other];
            items[other] = item;
            boolean click = clicks[k];
            clicks[k] = clicks[other];
            clicks[other] = click;
        }
    }

    /** Partial Fisher-Yates: copies {@code count} distinct entries of {@code pool} into {@code out[offset...]}. */
    private static void drawWithoutReplacement(int[] pool, int count, SplittableRandom rng, int[] out, int offset) {
        for (int k = 0; k < count; k++) {
            int pick = k + rng.nextInt(pool.length - k);
            int value = pool[pick];
            pool[pick] = pool[k];
            pool[k] = value;
            out[offset + k] = value;
        }
    }

    @Override
    public LabelFactory getOutputFactory() {
        return LABEL_FACTORY;
    }

    @Override
    public DataSourceProvenance getProvenance() {
        return new ConfiguredSourceProvenance(this);
    }

    @Override
    public Iterator<Example<Label>> iterator() {
        return examples.iterator();
    }

    @Override
    public String toString() {
        return "SyntheticInterestDataSource(numUsers=" + numUsers + ",numItems=" + numItems + ",numGroups="
                + numGroups + ",itemsPerUserInGroup=" + itemsPerUserInGroup + ",itemsPerUserOutOfGroup="
                + itemsPerUserOutOfGroup + ",inGroupClickRate=" + inGroupClickRate + ",outGroupClickRate="
                + outGroupClickRate + ",maxHistory=" + maxHistory + ",testFraction=" + testFraction + ",seed=" + seed
                + ",split=" + split + ")";
    }
}
