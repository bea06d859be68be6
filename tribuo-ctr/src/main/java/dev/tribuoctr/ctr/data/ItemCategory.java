package dev.tribuoctr.ctr.data;

/**
 * An item's category as an item metadata line gives it (MovieLens {@code movies.dat}, Amazon metadata).
 * @param item the item id
 * @param category its category
 */
public record ItemCategory(String item, String category) { }
