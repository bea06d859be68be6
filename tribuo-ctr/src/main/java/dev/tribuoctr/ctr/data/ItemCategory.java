package dev.tribuoctr.ctr.data;

/**
 * An item's category as an item metadata line gives it (MovieLens {@code movies.dat}, Amazon metadata).
 * @param item the item id
 * @param category its category (null, where a reader says so, for a declared item without one)
 */
public record ItemCategory(String item, String category) { }
