package dev.tribuoctr.ctr.encoding;

import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.classification.Label;

import java.util.Arrays;

/**
 * Reads one CTR example into reusable buffers and checks it (design §1, docs/design/data-encoding.md): exactly one item feature, at most one value
 * per attribute field, history ranks that are positive integers used by one item each, and only fields known to the
 * resolver (at prediction, features of other fields are skipped and counted in {@link UnknownFeatures} instead). The history is sorted by rank, an item repeated in it is kept once at its smallest rank, and only the
 * most recent {@code T} are kept.
 * <p>
 * Not thread safe: one reader per encoding call. The fields are read directly by the encoder and the layout
 * builder after {@link #read}.
 */
final class InstanceReader {
    private final FeatureKeyResolver resolver;
    private final int maxHistory;
    private final UnknownFeatures unknown;

    FeatureKey item;
    final FeatureKey[] attributes;
    final FeatureKey[] history;
    int historyCount;
    FeatureKey[] context = new FeatureKey[8];
    float[] contextWeights = new float[8];
    int contextCount;
    FeatureKey[] numeric = new FeatureKey[8];
    float[] numericValues = new float[8];
    int numericCount;

    private FeatureKey[] rawHistory = new FeatureKey[16];
    private long[] rawOrder = new long[16];
    private int rawCount;

    InstanceReader(FeatureKeyResolver resolver, int attributeCount, int maxHistory) {
        this(resolver, attributeCount, maxHistory, null);
    }

    /**
     * @param unknown where features of fields outside the layout are counted and skipped (prediction); null to
     *                refuse them (training)
     */
    InstanceReader(FeatureKeyResolver resolver, int attributeCount, int maxHistory, UnknownFeatures unknown) {
        this.unknown = unknown;
        this.resolver = resolver;
        this.maxHistory = maxHistory;
        this.attributes = new FeatureKey[attributeCount];
        this.history = new FeatureKey[maxHistory];
    }

    /**
     * Reads an example.
     * @param example the example
     * @param position its position, used in error messages
     * @throws IllegalArgumentException if the example is malformed
     */
    void read(Example<Label> example, int position) {
        item = null;
        Arrays.fill(attributes, null);
        historyCount = 0;
        contextCount = 0;
        numericCount = 0;
        rawCount = 0;
        for (Feature f : example) {
            String name = f.getName();
            double v = f.getValue();
            FeatureKey key = resolver.resolve(name);
            if (key.problem != null) {
                if (unknown != null && key.unknownField) {
                    unknown.ignored(key.field, name, key.problem);
                    continue;
                }
                throw malformed(example, position, name, key.problem);
            }
            if (!Float.isFinite((float) v)) { // the network computes in float: 1e308 would be an infinity there
                throw malformed(example, position, name, "value " + v + " is not finite (or beyond the float range)");
            }
            switch (key.role) {
                case ITEM:
                    if (item != null) {
                        throw malformed(example, position, name, "second item feature (also '" + item.name + "')");
                    }
                    item = key;
                    break;
                case ATTRIBUTE:
                    FeatureKey previous = attributes[key.group];
                    if (previous != null) {
                        throw malformed(example, position, name, "second value for attribute field '" + key.field
                                + "' (also '" + previous.name + "')");
                    }
                    attributes[key.group] = key;
                    break;
                case HISTORY:
                    if (!(v >= 1.0) || v > Integer.MAX_VALUE || v != Math.rint(v)) {
                        throw malformed(example, position, name, "history rank " + v + " is not a positive integer");
                    }
                    addRawHistory(key, (int) v);
                    break;
                case CONTEXT:
                    if (contextCount == context.length) {
                        context = Arrays.copyOf(context, contextCount * 2);
                        contextWeights = Arrays.copyOf(contextWeights, contextCount * 2);
                    }
                    context[contextCount] = key;
                    contextWeights[contextCount++] = (float) v;
                    break;
                case NUMERIC:
                    if (numericCount == numeric.length) {
                        numeric = Arrays.copyOf(numeric, numericCount * 2);
                        numericValues = Arrays.copyOf(numericValues, numericCount * 2);
                    }
                    numeric[numericCount] = key;
                    numericValues[numericCount++] = (float) v;
                    break;
                default:
                    throw new IllegalStateException("Unknown role " + key.role);
            }
        }
        if (item == null) {
            throw malformed(example, position, resolver.itemField() + "@<id>", "no item feature");
        }
        orderHistory(example, position);
    }

    private void addRawHistory(FeatureKey key, int rank) {
        if (rawCount == rawHistory.length) {
            rawHistory = Arrays.copyOf(rawHistory, rawCount * 2);
            rawOrder = Arrays.copyOf(rawOrder, rawCount * 2);
        }
        rawOrder[rawCount] = ((long) rank << 32) | rawCount;
        rawHistory[rawCount++] = key;
    }

    /** Sorts the raw history by rank, checks that no rank is shared, drops repeats, keeps the first T. */
    private void orderHistory(Example<Label> example, int position) {
        if (rawCount == 0) {
            return;
        }
        Arrays.sort(rawOrder, 0, rawCount);
        FeatureKey prevKey = null;
        long prevRank = -1;
        for (int i = 0; i < rawCount; i++) {
            long rank = rawOrder[i] >>> 32;
            FeatureKey key = rawHistory[(int) rawOrder[i]];
            if (rank == prevRank && !key.sameValue(prevKey)) {
                throw malformed(example, position, key.name, "history rank " + rank + " is also used by '"
                        + prevKey.name + "'");
            }
            prevRank = rank;
            prevKey = key;
            if (historyCount < maxHistory && !alreadyKept(key)) {
                history[historyCount++] = key;
            }
        }
    }

    private boolean alreadyKept(FeatureKey key) {
        for (int i = 0; i < historyCount; i++) {
            if (history[i].sameValue(key)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Builds the error for a malformed example, naming its position, its item id when known, and the feature.
     * @param example the example
     * @param position its position in the batch or list
     * @param feature the offending feature name
     * @param problem what is wrong
     * @return the exception
     */
    IllegalArgumentException malformed(Example<Label> example, int position, String feature, String problem) {
        return new IllegalArgumentException("Malformed CTR example " + position + " (item " + itemId(example)
                + "), feature '" + feature + "': " + problem);
    }

    /** The example's item id for messages, found without the cache (error path only). */
    String itemId(Example<Label> example) {
        String prefix = resolver.itemField() + ClickFeatureNames.SEPARATOR;
        StringBuilder ids = null;
        for (Feature f : example) {
            if (f.getName().startsWith(prefix)) {
                if (ids == null) {
                    ids = new StringBuilder("'").append(f.getName().substring(prefix.length())).append('\'');
                } else {
                    ids.append(", '").append(f.getName().substring(prefix.length())).append('\'');
                }
            }
        }
        return ids == null ? "unknown" : ids.toString();
    }
}
