package dev.tribuoctr.ctr.encoding;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Counts, for one attribute group, the values each item was seen with in target rows, and resolves each item to its
 * most frequent value (ties: the value seen first). Conflicts are logged at FINE.
 */
final class AttributeObservations {
    private static final Logger logger = Logger.getLogger(AttributeObservations.class.getName());

    private final String field;
    private final Map<String, LinkedHashMap<String, int[]>> seen = new HashMap<>();

    AttributeObservations(String field) {
        this.field = field;
    }

    /** Records that {@code item} was seen {@code times} times with attribute {@code value}. */
    void observe(String item, String value, int times) {
        seen.computeIfAbsent(item, k -> new LinkedHashMap<>(2)).computeIfAbsent(value, k -> new int[1])[0] += times;
    }

    /** @return each observed item's resolved value */
    Map<String, String> resolve() {
        Map<String, String> resolved = new HashMap<>(seen.size() * 4 / 3 + 1);
        for (Map.Entry<String, LinkedHashMap<String, int[]>> e : seen.entrySet()) {
            String best = null;
            int bestCount = 0;
            for (Map.Entry<String, int[]> v : e.getValue().entrySet()) {
                if (v.getValue()[0] > bestCount) {
                    best = v.getKey();
                    bestCount = v.getValue()[0];
                }
            }
            if (e.getValue().size() > 1 && logger.isLoggable(Level.FINE)) {
                StringBuilder counts = new StringBuilder();
                e.getValue().forEach((k, c) -> counts.append(k).append('=').append(c[0]).append(' '));
                logger.fine("Item '" + e.getKey() + "' seen with several values of attribute '" + field + "' ("
                        + counts.toString().trim() + "), keeping '" + best + "'");
            }
            resolved.put(e.getKey(), best);
        }
        return resolved;
    }
}
