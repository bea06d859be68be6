package dev.tribuoctr.ctr.data;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.tribuoctr.ctr.data.SyntheticInterestDataSource.Split;
import org.tribuo.ConfigurableDataSource;
import org.tribuo.Example;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.DataSourceProvenance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic world whose ranking is learnable, with the click probability of every instance known, so that a
 * model's AUC can be read against the best any model could reach on the same data.
 * <p>
 * Item {@code j} has category {@code j mod numCategories} and a quality {@code b_j ~ N(0, itemBiasStd²)}. Each user
 * has {@code interestsPerUser} distinct categories of interest. A user's timeline has {@code eventsPerUser}
 * impressions: with probability {@code interestShare} the item comes from one of the user's interests (chosen
 * uniformly), otherwise from any category; within the category the item is uniform. The impression is clicked with
 * probability {@code σ(baseLogit + interestLogit · [category ∈ interests] + b_j)}. Items recur across users (each
 * is shown about {@code numUsers · eventsPerUser / numItems} times), so their ids and qualities can be learnt, and a
 * user's interests show in the categories of its history. The last {@code round(eventsPerUser · testFraction)}
 * impressions of each timeline are the test part, the {@code round(eventsPerUser · validationFraction)} before
 * them the validation part (none by default), the rest the training part.
 * <p>
 * Features and labels are those of {@link SyntheticInterestDataSource} ({@code item}, {@code cate}, {@code user},
 * {@code hist_item} recency ranks); unlike that source (the paper's world, where almost every item is seen once and
 * the test AUC stays near 0.5), this one is for showing what the models learn. {@link #clickProbabilities()} gives
 * the generating probabilities of the yielded examples, in order: their AUC is the best achievable.
 * <p>
 * With {@code labelNoise > 0} the log is noisy where a model learns from it: each impression before the test part is
 * recorded with its click flipped with that probability (accidental clicks and lost ones), in the training and
 * validation labels and in the histories; the test part's labels stay the drawn clicks, so the best possible test
 * AUC is unchanged and a model is judged by how well it recovers the clean behaviour. The flips use their own
 * random stream, so a world with {@code labelNoise} 0 is the same as one without the setting.
 */
public final class InterestWorldDataSource implements ConfigurableDataSource<Label> {
    private static final LabelFactory LABEL_FACTORY = new LabelFactory();

    @Config(description = "Number of users.")
    private int numUsers = 300;
    @Config(description = "Number of items (item j has category j mod numCategories).")
    private int numItems = 1000;
    @Config(description = "Number of categories.")
    private int numCategories = 20;
    @Config(description = "Distinct categories of interest per user.")
    private int interestsPerUser = 3;
    @Config(description = "Impressions per user (training and test part together).")
    private int eventsPerUser = 50;
    @Config(description = "Probability that an impression comes from one of the user's interests.")
    private double interestShare = 0.5;
    @Config(description = "Click logit of an item of average quality outside the user's interests.")
    private double baseLogit = -1.5;
    @Config(description = "Added to the click logit when the item's category is one of the user's interests.")
    private double interestLogit = 2.5;
    @Config(description = "Standard deviation of the items' qualities (added to the click logit).")
    private double itemBiasStd = 0.8;
    @Config(description = "Maximum history length (most recent distinct clicks kept).")
    private int maxHistory = 20;
    @Config(description = "Fraction of each user's timeline (its end) that is the test part, count rounded.")
    private double testFraction = 0.2;
    @Config(description = "Fraction of each user's timeline just before the test part that is the validation part"
            + " (0: none; the training part is what remains).")
    private double validationFraction = 0.0;
    @Config(description = "Probability that a click or non-click before the test part is recorded flipped (training"
            + " and validation labels and the histories built from them); the test part keeps the drawn clicks.")
    private double labelNoise = 0.0;
    @Config(description = "RNG seed.")
    private long seed = 1L;
    @Config(description = "Which part this source yields: TRAIN, VALIDATION, TEST or ALL.")
    private Split split = Split.ALL;

    private List<Example<Label>> examples;
    private double[] probabilities;

    /** For OLCUT. */
    private InterestWorldDataSource() { }

    /**
     * A world with the default settings (300 users, 1,000 items, 20 categories, 3 interests and 50 impressions per
     * user, history 20, test fraction 0.2).
     * @param seed the RNG seed
     * @param split the part to yield
     */
    public InterestWorldDataSource(long seed, Split split) {
        this.seed = seed;
        this.split = split;
        check();
    }

    /**
     * @param numUsers number of users
     * @param numItems number of items, at least {@code numCategories}
     * @param seed the RNG seed
     * @param split the part to yield
     */
    public InterestWorldDataSource(int numUsers, int numItems, long seed, Split split) {
        this(numUsers, numItems, 0.0, seed, split);
    }

    /**
     * @param numUsers number of users
     * @param numItems number of items, at least {@code numCategories}
     * @param labelNoise probability in [0, 0.5] that a click before the test part is recorded flipped
     * @param seed the RNG seed
     * @param split the part to yield
     */
    public InterestWorldDataSource(int numUsers, int numItems, double labelNoise, long seed, Split split) {
        this.numUsers = numUsers;
        this.numItems = numItems;
        this.labelNoise = labelNoise;
        this.seed = seed;
        this.split = split;
        check();
    }

    private void check() {
        try {
            postConfig();
        } catch (PropertyException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Validates the settings and generates the world. */
    @Override
    public void postConfig() {
        require(numUsers >= 1, "numUsers", "at least 1");
        require(numCategories >= 1, "numCategories", "at least 1");
        require(numItems >= numCategories, "numItems", "at least numCategories (" + numCategories + ")");
        require(interestsPerUser >= 1 && interestsPerUser <= numCategories, "interestsPerUser",
                "in [1, numCategories]");
        require(eventsPerUser >= 1, "eventsPerUser", "at least 1");
        require(maxHistory >= 0, "maxHistory", "at least 0");
        require(interestShare >= 0 && interestShare <= 1, "interestShare", "in [0, 1]");
        require(testFraction >= 0 && testFraction <= 1, "testFraction", "in [0, 1]");
        require(validationFraction >= 0 && validationFraction + testFraction <= 1, "validationFraction",
                "in [0, 1 - testFraction]");
        require(Double.isFinite(baseLogit) && Double.isFinite(interestLogit) && itemBiasStd >= 0
                && Double.isFinite(itemBiasStd), "itemBiasStd",
                "finite, and >= 0 (with finite baseLogit and interestLogit)");
        require(labelNoise >= 0 && labelNoise <= 0.5, "labelNoise", "in [0, 0.5]");
        require(split != null, "split", "TRAIN, TEST or ALL");
        generate();
    }

    private static void require(boolean ok, String field, String what) {
        if (!ok) {
            throw new PropertyException("", field, field + " must be " + what);
        }
    }

    private void generate() {
        SplittableRandom root = new SplittableRandom(seed);
        double[] quality = new double[numItems];
        SplittableRandom itemRng = root.split();
        for (int j = 0; j < numItems; j++) {
            quality[j] = itemBiasStd * gaussian(itemRng);
        }
        int testStart = eventsPerUser - (int) Math.round(eventsPerUser * testFraction);
        int validationStart = testStart - (int) Math.round(eventsPerUser * validationFraction);
        int from = switch (split) {
            case TRAIN, ALL -> 0;
            case VALIDATION -> validationStart;
            case TEST -> testStart;
        };
        int to = switch (split) {
            case TRAIN -> validationStart;
            case VALIDATION -> testStart;
            case TEST, ALL -> eventsPerUser;
        };
        List<Example<Label>> list = new ArrayList<>(numUsers * (to - from));
        double[] p = new double[numUsers * (to - from)];
        // Its own stream: the world's draws do not depend on the noise setting.
        SplittableRandom noise = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
        for (int user = 0; user < numUsers; user++) {
            SplittableRandom rng = root.split();
            boolean[] interest = interests(rng);
            int[] interestList = new int[interestsPerUser];
            for (int c = 0, k = 0; c < numCategories; c++) {
                if (interest[c]) {
                    interestList[k++] = c;
                }
            }
            int[] items = new int[eventsPerUser];
            boolean[] clicks = new boolean[eventsPerUser];
            double[] userP = new double[eventsPerUser];
            for (int t = 0; t < eventsPerUser; t++) {
                int category = rng.nextDouble() < interestShare ? interestList[rng.nextInt(interestsPerUser)]
                        : rng.nextInt(numCategories);
                int inCategory = (numItems - 1 - category) / numCategories + 1;
                items[t] = category + numCategories * rng.nextInt(inCategory);
                double logit = baseLogit + (interest[category] ? interestLogit : 0) + quality[items[t]];
                userP[t] = 1 / (1 + Math.exp(-logit));
                clicks[t] = rng.nextDouble() < userP[t];
            }
            if (labelNoise > 0) {
                for (int t = 0; t < testStart; t++) {
                    clicks[t] ^= noise.nextDouble() < labelNoise;
                }
            }
            System.arraycopy(userP, from, p, list.size(), to - from);
            list.addAll(SyntheticTimeline.examples(user, items, clicks, item -> item % numCategories, maxHistory,
                    from, to));
        }
        examples = Collections.unmodifiableList(list);
        probabilities = p;
    }

    /** A user's categories of interest: {@code interestsPerUser} distinct ones. */
    private boolean[] interests(SplittableRandom rng) {
        boolean[] interest = new boolean[numCategories];
        for (int k = 0; k < interestsPerUser; ) {
            int c = rng.nextInt(numCategories);
            if (!interest[c]) {
                interest[c] = true;
                k++;
            }
        }
        return interest;
    }

    /** A standard normal draw (Box-Muller; SplittableRandom has no nextGaussian on Java 17). */
    private static double gaussian(SplittableRandom rng) {
        double u = 1 - rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    /** @return the generating click probability of each yielded example, in iteration order */
    public double[] clickProbabilities() {
        return probabilities.clone();
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
        return "InterestWorldDataSource(numUsers=" + numUsers + ",numItems=" + numItems + ",numCategories="
                + numCategories + ",interestsPerUser=" + interestsPerUser + ",eventsPerUser=" + eventsPerUser
                + ",interestShare=" + interestShare + ",baseLogit=" + baseLogit + ",interestLogit=" + interestLogit
                + ",itemBiasStd=" + itemBiasStd + ",maxHistory=" + maxHistory + ",testFraction=" + testFraction
                + ",validationFraction=" + validationFraction + ",labelNoise=" + labelNoise
                + ",seed=" + seed + ",split=" + split + ")";
    }
}
