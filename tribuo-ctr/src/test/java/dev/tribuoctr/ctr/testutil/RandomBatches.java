package dev.tribuoctr.ctr.testutil;

import dev.tribuoctr.ctr.encoding.CtrBatch;
import dev.tribuoctr.ctr.model.InterestArchitecture;
import dev.tribuoctr.ctr.model.Pooling;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Small random architectures and hand-made {@link CtrBatch}es for gradient tests: an item group, one attribute
 * group ({@code cate}), a one-hot context field ({@code user}), a weighted multi-hot context field ({@code tags},
 * width 2) and numeric features.
 */
public final class RandomBatches {
    /** Item vocabulary size (padding and OOV included). */
    public static final int ITEMS = 30;
    /** Category vocabulary size. */
    public static final int CATES = 8;
    /** User vocabulary size. */
    public static final int USERS = 10;
    /** Tag vocabulary size. */
    public static final int TAGS = 6;
    /** Width of the multi-hot tag field. */
    public static final int TAG_WIDTH = 2;

    private RandomBatches() { }

    /**
     * @param pooling pooling
     * @param numeric number of numeric features
     * @return a small architecture (item 3, cate 3, user 2, tags 3; selector 5/3, predictor 6/4)
     */
    public static InterestArchitecture architecture(Pooling pooling, int numeric) {
        return new InterestArchitecture(ITEMS, 3, List.of("cate"), new int[]{CATES}, new int[]{3},
                List.of("user", "tags"), new int[]{USERS, TAGS}, new int[]{2, 3}, numeric,
                new int[]{5, 3}, new int[]{6, 4}, pooling);
    }

    /** The category of an item (consistent across target and history, as the encoder's table would be). */
    private static int cate(int item) {
        return 1 + item % (CATES - 1);
    }

    /**
     * A random batch. Instance 0 always has an empty history and instance 1 a full one; the others have random
     * history lengths. Item indices may be 1 (OOV) but are never 0 outside padding.
     * @param rng random source
     * @param size batch size B (at least 2)
     * @param steps history length T
     * @param numeric numeric features per instance
     * @return the batch
     */
    public static CtrBatch batch(SplittableRandom rng, int size, int steps, int numeric) {
        int[] items = new int[size];
        int[] cates = new int[size];
        int[] hist = new int[size * steps];
        int[] histCates = new int[size * steps];
        int[] users = new int[size];
        float[] userW = new float[size];
        int[] tags = new int[size * TAG_WIDTH];
        float[] tagW = new float[size * TAG_WIDTH];
        float[] num = new float[size * numeric];
        float[] labels = new float[size];
        for (int b = 0; b < size; b++) {
            items[b] = 1 + rng.nextInt(ITEMS - 1);
            cates[b] = cate(items[b]);
            int len = b == 0 ? 0 : b == 1 ? steps : rng.nextInt(steps + 1);
            for (int t = 0; t < len; t++) {
                int it = 1 + rng.nextInt(ITEMS - 1);
                hist[b * steps + t] = it;
                histCates[b * steps + t] = cate(it);
            }
            users[b] = 1 + rng.nextInt(USERS - 1);
            userW[b] = 1f;
            tags[b * TAG_WIDTH] = 1 + rng.nextInt(TAGS - 1);
            tagW[b * TAG_WIDTH] = 0.5f + (float) rng.nextDouble() * 1.5f;
            if (rng.nextBoolean()) {
                tags[b * TAG_WIDTH + 1] = 1 + rng.nextInt(TAGS - 1);
                tagW[b * TAG_WIDTH + 1] = 0.5f + (float) rng.nextDouble() * 1.5f;
            }
            for (int k = 0; k < numeric; k++) {
                num[b * numeric + k] = (float) (2 * rng.nextDouble() - 1);
            }
            labels[b] = rng.nextBoolean() ? 1f : 0f;
        }
        labels[0] = 1f;
        labels[1] = 0f;
        return new CtrBatch(size, steps, items, new int[][]{cates}, hist, new int[][]{histCates},
                new int[][]{users, tags}, new float[][]{userW, tagW}, new int[]{1, TAG_WIDTH}, num, numeric, labels);
    }
}
