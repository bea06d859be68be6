package dev.tribuoctr.ctr.data;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The per-line rules of the MovieLens ratings and users files, shared by {@link MovieLensDataSource} and the Spark
 * job of {@code tribuo-spark}, so both read a line alike (the 100K movie files' rules are
 * {@link MovieLens100kItems}). Every method takes the line's file and 1-based number for its
 * errors ({@link ClickLogFormatException}) and returns null for a blank line.
 */
public final class MovieLensLines {
    private static final Pattern DOUBLE_COLON = Pattern.compile("::");
    private static final Pattern PIPE = Pattern.compile("\\|");
    private static final Pattern TAB = Pattern.compile("\t");

    private MovieLensLines() { }

    /**
     * A 1M {@code ratings.dat} line ({@code user::item::rating::time}): every rating is a click.
     * @param file the file
     * @param n the line number
     * @param line the line
     * @return the click, or null for a blank line
     */
    public static ClickEvent rating1M(Path file, long n, String line) {
        return line.isBlank() ? null : rating(file, n, split(DOUBLE_COLON, line, 4, file, n));
    }

    /**
     * A 1M {@code movies.dat} line ({@code item::title::Genre1|Genre2}): the category is the first genre.
     * @param file the file
     * @param n the line number
     * @param line the line
     * @return the item (taken verbatim) and its first genre, or null for a blank line or a movie without genre
     */
    public static ItemCategory movie1M(Path file, long n, String line) {
        ItemCategory movie = movieRecord1M(file, n, line);
        return movie == null || movie.category() == null ? null : movie;
    }

    /**
     * A 1M {@code movies.dat} line as {@link #movie1M} reads it, a movie without genre included.
     * @param file the file
     * @param n the line number
     * @param line the line
     * @return the item (taken verbatim) and its first genre (null for none), or null for a blank line
     */
    public static ItemCategory movieRecord1M(Path file, long n, String line) {
        if (line.isBlank()) {
            return null;
        }
        String[] cols = split(DOUBLE_COLON, line, 3, file, n);
        String genres = cols[2].trim();
        int bar = genres.indexOf('|');
        return new ItemCategory(cols[0], genres.isEmpty() ? null : bar < 0 ? genres : genres.substring(0, bar));
    }

    /**
     * A 1M {@code users.dat} line ({@code user::gender::age::occupation::zip}) as context fields.
     * @param file the file
     * @param n the line number
     * @param line the line
     * @return the user (taken verbatim) and its {@code gender}, {@code age} and {@code occupation}, or null for a
     *         blank line
     */
    public static UserFields user1M(Path file, long n, String line) {
        if (line.isBlank()) {
            return null;
        }
        String[] cols = split(DOUBLE_COLON, line, 5, file, n);
        Map<String, String> fields = new TreeMap<>();
        fields.put("gender", cols[1]);
        fields.put("age", cols[2]);
        fields.put("occupation", cols[3]);
        return new UserFields(cols[0], fields);
    }

    /**
     * A 100K {@code u.data} line (tab-separated {@code user item rating time}): every rating is a click.
     * @param file the file
     * @param n the line number
     * @param line the line
     * @return the click, or null for a blank line
     */
    public static ClickEvent rating100K(Path file, long n, String line) {
        return line.isBlank() ? null : rating(file, n, split(TAB, line, 4, file, n));
    }

    /**
     * A 100K {@code u.user} line ({@code user|age|gender|occupation|zip}) as context fields, the columns as they are.
     * @param file the file
     * @param n the line number
     * @param line the line
     * @return the user (taken verbatim) and its {@code age}, {@code gender} and {@code occupation}, or null for a
     *         blank line
     */
    public static UserFields user100K(Path file, long n, String line) {
        if (line.isBlank()) {
            return null;
        }
        String[] cols = split(PIPE, line, 5, file, n);
        Map<String, String> fields = new TreeMap<>();
        fields.put("age", cols[1]);
        fields.put("gender", cols[2]);
        fields.put("occupation", cols[3]);
        return new UserFields(cols[0], fields);
    }

    /**
     * A rating's columns ({@code user, item, rating, time}) as a click, once each column has been checked (either
     * layout).
     */
    static ClickEvent rating(Path file, long n, String[] cols) {
        String user = DataFiles.requireId(file, n, "user id", cols[0]);
        String item = DataFiles.requireId(file, n, "item id", cols[1]);
        DataFiles.parseFinite(file, n, "rating", cols[2]); // every rating is a click, but a rating must be one
        return new ClickEvent(user, item, DataFiles.parseLong(file, n, "timestamp", cols[3]));
    }

    /** Splits a line into exactly {@code expected} columns (either layout). */
    static String[] split(Pattern separator, String line, int expected, Path file, long n) {
        return split(separator, line, expected, file, n, null);
    }

    /** Splits a line into exactly {@code expected} columns, naming them ({@code layout}, may be null) on error. */
    static String[] split(Pattern separator, String line, int expected, Path file, long n, String layout) {
        String[] cols = separator.split(line, -1);
        if (cols.length != expected) {
            throw new ClickLogFormatException(file, n, "expected " + expected + " columns"
                    + (layout == null ? "" : " (" + layout + ")") + ", found " + cols.length);
        }
        return cols;
    }

    /**
     * A user's context fields from a users file.
     * @param user the user id
     * @param fields field name → value
     */
    public record UserFields(String user, Map<String, String> fields) { }
}
