package dev.tribuoctr.ctr.data;

import java.util.SplittableRandom;
import java.util.function.IntPredicate;

/**
 * The negative sampling of the leave-last-out protocol (design §5.2, docs/design/protocols.md): one generator per
 * user, seeded from the protocol's seed and the user's code (its rank of first appearance in the log), drawing the
 * negative of each timeline position in turn. A user's negatives therefore depend only on (seed, user code, its
 * distinct items, the number of items), never on other users, so the single-machine {@link LeaveLastOutProtocol}
 * and a distributed job that processes users in any order draw the same ones.
 */
public final class NegativeSampler {
    private final SplittableRandom rng;
    private final int numItems;

    /**
     * Starts the draws of one user.
     * @param seed the protocol's negative-sampling seed
     * @param userCode the user's code in the log (order of first appearance, from 0)
     * @param numItems the number of items of the log (item codes are 0 … numItems − 1)
     */
    public NegativeSampler(long seed, int userCode, int numItems) {
        this.rng = new SplittableRandom(mix(seed, userCode));
        this.numItems = numItems;
    }

    /**
     * Draws the negative of the user's next timeline position: uniform over the item codes the user never clicked.
     * The caller must not call it for a user who clicked every item (it would never return).
     * @param clicked whether the user clicked an item code
     * @return the drawn item code
     */
    public int next(IntPredicate clicked) {
        int negative;
        do {
            negative = rng.nextInt(numItems);
        } while (clicked.test(negative));
        return negative;
    }

    /** SplitMix64-style mix of the seed and a user code. */
    private static long mix(long seed, int user) {
        long z = seed + 0x9E3779B97F4A7C15L * (user + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
