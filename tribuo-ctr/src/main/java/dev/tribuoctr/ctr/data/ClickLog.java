package dev.tribuoctr.ctr.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a click-log reader yields, stored compactly: users and items are int-coded through string dictionaries and
 * the clicks are three parallel primitive columns (user code, item code, timestamp) in file order, so a log of
 * {@code n} clicks costs about {@code 16 n} bytes plus the dictionaries. Also holds the item→category table (from
 * item metadata) and per-user context fields (e.g. gender, age, occupation), ready for the
 * {@link LeaveLastOutProtocol}.
 * <p>
 * Built with a {@link Builder}; immutable once built.
 */
public final class ClickLog {
    private final List<String> users;
    private final List<String> items;
    private final int[] clickUser;
    private final int[] clickItem;
    private final long[] clickTime;
    private final Map<String, String> itemCategories;
    private final Map<String, Map<String, String>> userContext;

    private ClickLog(Builder b) {
        this.users = Collections.unmodifiableList(b.users.names);
        this.items = Collections.unmodifiableList(b.items.names);
        this.clickUser = Arrays.copyOf(b.clickUser, b.size);
        this.clickItem = Arrays.copyOf(b.clickItem, b.size);
        this.clickTime = Arrays.copyOf(b.clickTime, b.size);
        this.itemCategories = Collections.unmodifiableMap(b.itemCategories);
        Map<String, Map<String, String>> ctx = new HashMap<>();
        for (Map.Entry<String, Map<String, String>> e : b.userContext.entrySet()) {
            ctx.put(e.getKey(), Collections.unmodifiableMap(e.getValue()));
        }
        this.userContext = Collections.unmodifiableMap(ctx);
    }

    private ClickLog(ClickLog dictionaries) {
        this.users = dictionaries.users;
        this.items = dictionaries.items;
        this.clickUser = new int[0];
        this.clickItem = new int[0];
        this.clickTime = new long[0];
        this.itemCategories = dictionaries.itemCategories;
        this.userContext = dictionaries.userContext;
    }

    /**
     * The dictionaries, categories and user context of this log without its clicks, for holders that need the
     * names only (the click columns cost 16 bytes a click).
     * @return a log of no clicks sharing this log's dictionaries
     */
    public ClickLog withoutClicks() {
        return new ClickLog(this);
    }

    /**
     * Builds a log from click objects (handy for small logs and tests).
     * @param clicks the clicks in file order
     * @param itemCategories category of each item that has metadata
     * @param userContext per user, context field name → value
     * @return the log
     */
    public static ClickLog of(List<ClickEvent> clicks, Map<String, String> itemCategories,
                              Map<String, Map<String, String>> userContext) {
        Builder b = new Builder();
        for (ClickEvent c : clicks) {
            b.addClick(c.user(), c.item(), c.timestamp());
        }
        itemCategories.forEach(b::setCategory);
        userContext.forEach((u, m) -> m.forEach((f, v) -> b.setUserContext(u, f, v)));
        return b.build();
    }

    /** @return number of clicks */
    public int size() { return clickUser.length; }

    /** @return number of distinct users */
    public int numUsers() { return users.size(); }

    /** @return number of distinct items (clicked ones only) */
    public int numItems() { return items.size(); }

    /**
     * @param i click index (file order)
     * @return the user code of click {@code i}
     */
    public int userCode(int i) { return clickUser[i]; }

    /**
     * @param i click index (file order)
     * @return the item code of click {@code i}
     */
    public int itemCode(int i) { return clickItem[i]; }

    /**
     * @param i click index (file order)
     * @return the timestamp of click {@code i}
     */
    public long timestamp(int i) { return clickTime[i]; }

    /**
     * @param code a user code
     * @return the user id
     */
    public String user(int code) { return users.get(code); }

    /**
     * @param code an item code
     * @return the item id
     */
    public String item(int code) { return items.get(code); }

    /**
     * @param i click index
     * @return click {@code i} as an object
     */
    public ClickEvent click(int i) {
        return new ClickEvent(users.get(clickUser[i]), items.get(clickItem[i]), clickTime[i]);
    }

    /** @return the item→category table (read-only) */
    public Map<String, String> itemCategories() { return itemCategories; }

    /** @return per user, context field → value (read-only) */
    public Map<String, Map<String, String>> userContext() { return userContext; }

    /**
     * Collects clicks, categories and user context; strings are interned into dictionaries.
     */
    public static final class Builder {
        private final Dictionary users = new Dictionary();
        private final Dictionary items = new Dictionary();
        private int[] clickUser = new int[1024];
        private int[] clickItem = new int[1024];
        private long[] clickTime = new long[1024];
        private int size;
        private final Map<String, String> itemCategories = new HashMap<>();
        private final Map<String, Map<String, String>> userContext = new HashMap<>();

        /** Creates an empty builder. */
        public Builder() {}

        /**
         * Appends a click.
         * @param user user id
         * @param item item id
         * @param timestamp time of the click
         * @return this builder
         */
        public Builder addClick(String user, String item, long timestamp) {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(item, "item");
            if (size == clickUser.length) {
                if (size == Integer.MAX_VALUE - 8) {
                    throw new IllegalStateException("A click log holds at most " + size + " clicks");
                }
                int cap = (int) Math.min(Integer.MAX_VALUE - 8L, size + (size >> 1) + 16L);
                clickUser = Arrays.copyOf(clickUser, cap);
                clickItem = Arrays.copyOf(clickItem, cap);
                clickTime = Arrays.copyOf(clickTime, cap);
            }
            clickUser[size] = users.code(user);
            clickItem[size] = items.code(item);
            clickTime[size] = timestamp;
            size++;
            return this;
        }

        /**
         * Sets an item's category (the last call wins).
         * @param item item id
         * @param category its category
         * @return this builder
         */
        public Builder setCategory(String item, String category) {
            itemCategories.put(items.canonical(item), category);
            return this;
        }

        /**
         * Sets a context field of a user.
         * @param user user id
         * @param field context field name (no '@')
         * @param value its value
         * @return this builder
         */
        public Builder setUserContext(String user, String field, String value) {
            userContext.computeIfAbsent(users.canonical(user), k -> new TreeMap<>()).put(field, value);
            return this;
        }

        /** @return number of clicks so far */
        public int size() { return size; }

        /** @return the log */
        public ClickLog build() {
            return new ClickLog(this);
        }
    }

    /** String ↔ code dictionary that also canonicalises strings (one String object per id). */
    private static final class Dictionary {
        private final HashMap<String, Integer> codes = new HashMap<>();
        private final ArrayList<String> names = new ArrayList<>();

        int code(String name) {
            Integer c = codes.get(name);
            if (c == null) {
                c = names.size();
                codes.put(name, c);
                names.add(name);
            }
            return c;
        }

        String canonical(String name) {
            Integer c = codes.get(name);
            return c == null ? name : names.get(c);
        }
    }
}
