package dev.tribuoctr.ctr.data;

import java.util.List;

/**
 * The per-column rules of Taobao's {@code UserBehavior.csv} ({@code user,item,category,behaviour,timestamp}), shared
 * by {@link TaobaoUserBehaviorDataSource} and the Spark job of {@code tribuo-spark}, so both read a row alike:
 * <ul>
 *     <li>the behaviour is one of {@link #BEHAVIOURS}, matched exactly (lower case, as the published file writes
 *     them): {@code pv} rows are clicks, {@code buy}, {@code cart} and {@code fav} rows are skipped; any other value,
 *     another letter case included ({@code PV}, {@code Buy}), is an error naming the line and the value, never a row
 *     dropped without a word;</li>
 *     <li>ids (user, item, category) are taken verbatim, must not be empty nor longer than
 *     {@link DataLimits#maxIdChars()}.</li>
 * </ul>
 */
public final class TaobaoLines {
    /** The behaviour types of the published file, in its spelling. */
    public static final List<String> BEHAVIOURS = List.of("pv", "buy", "cart", "fav");
    /** The behaviour of a click. */
    private static final String CLICK = "pv";

    private TaobaoLines() { }

    /**
     * Whether a row's behaviour, {@code line[from, to)}, is a click.
     * @param file the file, for errors
     * @param n the 1-based line, for errors
     * @param line the line
     * @param from the behaviour's first character
     * @param to one past its last
     * @return true for {@code pv}, false for the other documented types
     * @throws ClickLogFormatException if it is empty or not one of {@link #BEHAVIOURS}
     */
    public static boolean isClick(String file, long n, String line, int from, int to) {
        for (String type : BEHAVIOURS) {
            if (to - from == type.length() && line.startsWith(type, from)) {
                return type.equals(CLICK);
            }
        }
        String value = line.substring(from, to);
        throw new ClickLogFormatException(file, n, "behaviour", value.isEmpty() ? "is empty"
                : DecimalText.quote(value) + " is not one of " + String.join(", ", BEHAVIOURS) + " (matched exactly, in"
                + " lower case as the published file writes them); fix or remove the row", null);
    }

    /**
     * Checks an id column.
     * @param file the file, for errors
     * @param n the 1-based line, for errors
     * @param column the column's name
     * @param id the id, verbatim
     * @return the id
     * @throws ClickLogFormatException if it is empty or too long
     */
    public static String id(String file, long n, String column, String id) {
        if (id.isEmpty()) {
            throw new ClickLogFormatException(file, n, column, "is empty", null);
        }
        return DataLimits.checkId(file, n, column, id);
    }
}
