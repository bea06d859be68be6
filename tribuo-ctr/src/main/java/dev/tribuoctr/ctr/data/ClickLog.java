package dev.tribuoctr.ctr.data;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What a click-log reader yields: the clicks, the item→category table (from item metadata), and per-user context
 * fields (e.g. gender, age, occupation), ready for the {@link LeaveLastOutProtocol}.
 * @param clicks every kept click
 * @param itemCategories category of each item that has metadata (items without one get no {@code cate@} feature)
 * @param userContext per user, context field name → value (may be empty)
 */
public record ClickLog(List<ClickEvent> clicks, Map<String, String> itemCategories,
                       Map<String, Map<String, String>> userContext) {
    /** Wraps the parts read-only. */
    public ClickLog {
        clicks = Collections.unmodifiableList(clicks);
        itemCategories = Collections.unmodifiableMap(itemCategories);
        userContext = Collections.unmodifiableMap(userContext);
    }
}
