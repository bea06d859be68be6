package dev.tribuoctr.examples.benchmarks;

import dev.tribuoctr.ctr.encoding.ClickFeatureNames;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.math.BigInteger;
import java.util.SplittableRandom;

/**
 * Generates benchmark data in memory: each example has a random target item ({@code item@i}), its category
 * ({@code cate@(i mod categories)}), a random user ({@code user@u}) and a full history of {@code T} distinct items
 * ({@code hist_item@j} with ranks 1..T); labels "0"/"1" at random. The histories sweep a fixed permutation of all
 * items, so every item appears once {@code examples × T ≥ items}: the vocabulary built from the training set then
 * really holds (about) all items.
 */
public final class BenchDataGenerator {
    private final int items;
    private final int categories;
    private final int users;
    private final int history;
    private final long seed;

    /**
     * @param items item count
     * @param categories category count
     * @param users user count
     * @param history history length of every example
     * @param seed seed of the random draws
     */
    public BenchDataGenerator(int items, int categories, int users, int history, long seed) {
        if (items < history || categories < 1 || users < 1 || history < 1) {
            throw new IllegalArgumentException("Need items >= history >= 1, categories >= 1, users >= 1; got items="
                    + items + ", history=" + history + ", categories=" + categories + ", users=" + users);
        }
        this.items = items;
        this.categories = categories;
        this.users = users;
        this.history = history;
        this.seed = seed;
    }

    /**
     * @param examples number of examples
     * @return the dataset
     */
    public MutableDataset<Label> generate(int examples) {
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(new SimpleDataSourceProvenance(
                "bench(items=" + items + ",categories=" + categories + ",users=" + users + ",history=" + history
                        + ",examples=" + examples + ",seed=" + seed + ")", factory), factory);
        SplittableRandom rng = new SplittableRandom(seed);
        long stride = coprimeStride(items);
        long cursor = 0;
        Label click = factory.generateOutput("1");
        Label noClick = factory.generateOutput("0");
        for (int e = 0; e < examples; e++) {
            String[] names = new String[3 + history];
            double[] values = new double[names.length];
            int item = rng.nextInt(items);
            names[0] = ClickFeatureNames.feature(ClickFeatureNames.ITEM, item);
            names[1] = ClickFeatureNames.feature(ClickFeatureNames.CATEGORY, item % categories);
            names[2] = ClickFeatureNames.feature(ClickFeatureNames.USER, rng.nextInt(users));
            values[0] = values[1] = values[2] = 1.0;
            for (int t = 0; t < history; t++) {
                long permuted = (cursor * stride) % items;
                cursor = (cursor + 1) % items;
                names[3 + t] = ClickFeatureNames.feature(ClickFeatureNames.HISTORY, permuted);
                values[3 + t] = t + 1;
            }
            dataset.add(new ArrayExample<>(rng.nextBoolean() ? click : noClick, names, values));
        }
        return dataset;
    }

    /** A multiplier coprime to n: i ↦ i·stride mod n is then a permutation of 0..n-1 that scatters neighbours. */
    private static long coprimeStride(int n) {
        long stride = 1_000_003L;
        while (BigInteger.valueOf(stride).gcd(BigInteger.valueOf(n)).intValue() != 1) {
            stride += 2;
        }
        return stride;
    }
}
