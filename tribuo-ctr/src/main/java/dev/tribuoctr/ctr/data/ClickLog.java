package dev.tribuoctr.ctr.data;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a click-log reader yields, stored compactly: users, items and categories are int-coded through
 * {@link IdDictionary}s (decimal ids cost no {@code String} at all) and the clicks are three parallel primitive
 * columns (user code, item code, timestamp) in file order, so a log of {@code n} clicks costs about {@code 16 n}
 * bytes plus the dictionaries. Also holds each item's category (from item metadata or the click rows) and per-user
 * context fields (e.g. gender, age, occupation), ready for the {@link LeaveLastOutProtocol}.
 * <p>
 * Built with a {@link Builder}; immutable once built.
 */
public final class ClickLog {
    private final IdDictionary users;
    private final IdDictionary items;
    private final IdDictionary categories;
    private final int[] clickUser;
    private final int[] clickItem;
    private final long[] clickTime;
    /** Category code of each item code, -1 for none. */
    private final int[] itemCategory;
    private final boolean hasCategories;
    private final Map<String, Map<String, String>> userContext;

    private ClickLog(Builder b) {
        b.resolvePendingCategories();
        b.users.freeze();
        b.items.freeze();
        b.categories.freeze();
        this.users = b.users;
        this.items = b.items;
        this.categories = b.categories;
        this.clickUser = Arrays.copyOf(b.clickUser, b.size);
        this.clickItem = Arrays.copyOf(b.clickItem, b.size);
        this.clickTime = Arrays.copyOf(b.clickTime, b.size);
        this.itemCategory = Arrays.copyOf(b.itemCategory, items.size());
        boolean any = false;
        for (int c : itemCategory) {
            any |= c >= 0;
        }
        this.hasCategories = any;
        Map<String, Map<String, String>> ctx = new HashMap<>();
        for (Map.Entry<String, Map<String, String>> e : b.userContext.entrySet()) {
            ctx.put(e.getKey(), Collections.unmodifiableMap(e.getValue()));
        }
        this.userContext = Collections.unmodifiableMap(ctx);
    }

    private ClickLog(ClickLog dictionaries) {
        this.users = dictionaries.users;
        this.items = dictionaries.items;
        this.categories = dictionaries.categories;
        this.clickUser = new int[0];
        this.clickItem = new int[0];
        this.clickTime = new long[0];
        this.itemCategory = dictionaries.itemCategory;
        this.hasCategories = dictionaries.hasCategories;
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

    /** @return number of distinct items (clicked or declared ones only) */
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
    public String user(int code) { return users.name(code); }

    /**
     * @param code an item code
     * @return the item id
     */
    public String item(int code) { return items.name(code); }

    /**
     * @param itemCode an item code
     * @return the item's category, or null when it has none
     */
    public String category(int itemCode) {
        int c = itemCategory[itemCode];
        return c < 0 ? null : categories.name(c);
    }

    /** @return true when some item has a category */
    public boolean hasCategories() { return hasCategories; }

    /**
     * @param i click index
     * @return click {@code i} as an object
     */
    public ClickEvent click(int i) {
        return new ClickEvent(user(clickUser[i]), item(clickItem[i]), clickTime[i]);
    }

    /** @return per user, context field → value (read-only) */
    public Map<String, Map<String, String>> userContext() { return userContext; }

    /**
     * Collects clicks, categories and user context; ids are coded by dictionaries.
     */
    public static final class Builder {
        private final IdDictionary users = new IdDictionary();
        private final IdDictionary items = new IdDictionary();
        private final IdDictionary categories = new IdDictionary();
        private int[] clickUser = new int[1024];
        private int[] clickItem = new int[1024];
        private long[] clickTime = new long[1024];
        private int[] itemCategory = new int[1024];
        private int size;
        /** Categories of items not clicked (yet): kept in case a later click brings the item. */
        private final Map<String, String> pendingCategories = new HashMap<>();
        private final Map<String, Map<String, String>> userContext = new HashMap<>();

        /** Creates an empty builder. */
        public Builder() {
            Arrays.fill(itemCategory, -1);
        }

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
            return append(users.code(user), items.code(item), timestamp);
        }

        /**
         * Appends a click whose ids are canonical decimal numbers (no sign, no leading zero, at most 18 digits, as
         * {@link Long#toString(long)} writes them): the same as {@link #addClick(String, String, long)} with those
         * texts, without making them.
         * @param user user id
         * @param item item id
         * @param timestamp time of the click
         * @return this builder
         */
        public Builder addClick(long user, long item, long timestamp) {
            return append(users.code(user), items.code(item), timestamp);
        }

        /**
         * Declares a user without a click, giving it the next code: a reader of a log whose codes were assigned
         * elsewhere (e.g. by the Spark protocol job) declares the ids in code order, so that the codes, on which the
         * negative sampling depends, stay the same.
         * @param user user id
         * @return its code: the next one for a new id, the existing one for a known id
         */
        public int declareUser(String user) {
            return users.code(Objects.requireNonNull(user, "user"));
        }

        /**
         * Declares an item without a click, giving it the next code (see {@link #declareUser(String)}).
         * @param item item id
         * @return its code: the next one for a new id, the existing one for a known id
         */
        public int declareItem(String item) {
            int code = items.code(Objects.requireNonNull(item, "item"));
            growItemCategories(code);
            return code;
        }

        /**
         * Appends a click of a declared user on a declared item by their codes (no id lookup).
         * @param userCode a code returned by {@link #declareUser(String)}
         * @param itemCode a code returned by {@link #declareItem(String)}
         * @param timestamp time of the click
         * @return this builder
         * @throws IllegalArgumentException if a code was not assigned
         */
        public Builder addCodedClick(int userCode, int itemCode, long timestamp) {
            if (userCode < 0 || userCode >= users.size() || itemCode < 0 || itemCode >= items.size()) {
                throw new IllegalArgumentException("No user " + userCode + " (of " + users.size() + ") or item "
                        + itemCode + " (of " + items.size() + ")");
            }
            return append(userCode, itemCode, timestamp);
        }

        private void growItemCategories(int item) {
            if (item >= itemCategory.length) {
                int old = itemCategory.length;
                itemCategory = Arrays.copyOf(itemCategory, Math.max(item + 1, old * 2));
                Arrays.fill(itemCategory, old, itemCategory.length, -1);
            }
        }

        private Builder append(int user, int item, long timestamp) {
            if (size == clickUser.length) {
                if (size == Integer.MAX_VALUE - 8) {
                    throw new IllegalStateException("A click log holds at most " + size + " clicks");
                }
                int cap = (int) Math.min(Integer.MAX_VALUE - 8L, size + (size >> 1) + 16L);
                clickUser = Arrays.copyOf(clickUser, cap);
                clickItem = Arrays.copyOf(clickItem, cap);
                clickTime = Arrays.copyOf(clickTime, cap);
            }
            growItemCategories(item);
            clickUser[size] = user;
            clickItem[size] = item;
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
            Objects.requireNonNull(category, "category");
            int code = items.find(item);
            if (code < 0) {
                pendingCategories.put(item, category);
            } else {
                pendingCategories.remove(item);
                itemCategory[code] = categories.code(category);
            }
            return this;
        }

        /**
         * Sets the category of the item of the last click appended (the last call for an item wins), for logs whose
         * rows carry the category: no lookup of the item.
         * @param category the category, a canonical decimal number (see {@link #addClick(long, long, long)})
         * @return this builder
         * @throws IllegalStateException if no click was appended
         */
        public Builder setLastClickCategory(long category) {
            if (size == 0) {
                throw new IllegalStateException("No click to set the category of");
            }
            itemCategory[clickItem[size - 1]] = categories.code(category);
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
            userContext.computeIfAbsent(user, k -> new TreeMap<>()).put(field, value);
            return this;
        }

        /** @return number of clicks so far */
        public int size() { return size; }

        private void resolvePendingCategories() {
            for (Map.Entry<String, String> e : pendingCategories.entrySet()) {
                int code = items.find(e.getKey());
                if (code >= 0) {
                    itemCategory[code] = categories.code(e.getValue());
                }
            }
            pendingCategories.clear();
        }

        /** @return the log; the builder must not be used afterwards */
        public ClickLog build() {
            return new ClickLog(this);
        }
    }
}
