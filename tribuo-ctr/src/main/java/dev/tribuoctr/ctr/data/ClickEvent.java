package dev.tribuoctr.ctr.data;

import java.util.Objects;

/**
 * One click of a user on an item at a time, as a click-log reader (MovieLens, Amazon, Taobao, …) yields it. The
 * {@link LeaveLastOutProtocol} turns a user's clicks into CTR instances.
 * @param user user id
 * @param item item id
 * @param timestamp time of the click (any monotone unit, e.g. Unix seconds)
 */
public record ClickEvent(String user, String item, long timestamp) {
    /** Checks the ids. */
    public ClickEvent {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(item, "item");
    }
}
