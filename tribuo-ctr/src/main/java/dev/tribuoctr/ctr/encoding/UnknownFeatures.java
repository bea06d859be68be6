package dev.tribuoctr.ctr.encoding;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * The features a model ignored at prediction because their field is not part of its layout (a context field or
 * numeric feature it was never trained with), as every Tribuo model ignores features it does not know: one new
 * upstream field must not stop serving. Counted per field; the first time a field is met a {@code java.util.logging}
 * warning names it (for the first {@value #MAX_WARNED_FIELDS} fields; later new fields are counted only).
 * Thread safe.
 */
public final class UnknownFeatures {
    private static final Logger logger = Logger.getLogger(UnknownFeatures.class.getName());
    /** The most distinct fields warned about and counted by name; further ones count in the total only. */
    static final int MAX_WARNED_FIELDS = 64;

    private final String owner;
    private final LongAdder total = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> byField = new ConcurrentHashMap<>();

    /**
     * @param owner what ignores them, for the warning (e.g. "CtrModel with context fields [user, city]")
     */
    public UnknownFeatures(String owner) {
        this.owner = owner;
    }

    /**
     * Counts an ignored feature, warning the first time its field is met.
     * @param field its field (the part before '@', or the whole name of a numeric feature)
     * @param feature the feature's name
     * @param why why it is not part of the layout
     */
    void ignored(String field, String feature, String why) {
        total.increment();
        LongAdder count = byField.get(field);
        if (count == null && byField.size() < MAX_WARNED_FIELDS) {
            LongAdder fresh = new LongAdder();
            count = byField.putIfAbsent(field, fresh);
            if (count == null) {
                count = fresh;
                logger.warning(() -> owner + " ignores feature '" + feature + "' at prediction: " + why + ". Features"
                        + " of fields the model was not trained with are ignored (Tribuo's convention) and counted"
                        + " (unknownFeatures()); this is logged once per field.");
            }
        }
        if (count != null) {
            count.increment();
        }
    }

    /** @return how many features were ignored in all */
    public long count() {
        return total.sum();
    }

    /** @return the ignored features by field, in field order (the first {@value #MAX_WARNED_FIELDS} fields met) */
    public Map<String, Long> byField() {
        Map<String, Long> map = new TreeMap<>();
        byField.forEach((field, count) -> map.put(field, count.sum()));
        return map;
    }

    @Override
    public String toString() {
        return "UnknownFeatures(" + count() + " ignored, by field " + byField() + ")";
    }
}
