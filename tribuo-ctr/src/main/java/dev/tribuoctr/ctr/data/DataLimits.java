package dev.tribuoctr.ctr.data;

/**
 * The size limits of what a data file may hold, checked while reading so that a huge line or id is refused with its
 * file and line instead of being taken in (or held whole in memory first):
 * <ul>
 *     <li>a line (a delimited record, including the lines of a quoted cell that spans lines) holds at most
 *     {@link #maxLineChars()} characters, 8,388,608 (8 Mi) by default;</li>
 *     <li>an id (user, item, category, a history token, a categorical value) holds at most {@link #maxIdChars()}
 *     characters, 4,096 by default.</li>
 * </ul>
 * A user whose data needs more sets the JVM system property {@value #LINE_PROPERTY} or {@value #ID_PROPERTY} (a
 * positive integer, read when this class is first used), e.g. {@code java -Dtribuoctr.maxLineChars=67108864 -jar ...};
 * the same property applies to every source, {@code predict} and the Spark job's executors when set there.
 */
public final class DataLimits {
    /** The system property that raises or lowers the line limit. */
    public static final String LINE_PROPERTY = "tribuoctr.maxLineChars";
    /** The system property that raises or lowers the id limit. */
    public static final String ID_PROPERTY = "tribuoctr.maxIdChars";
    /** The default line limit, in characters. */
    public static final int DEFAULT_MAX_LINE_CHARS = 8 << 20;
    /** The default id limit, in characters. */
    public static final int DEFAULT_MAX_ID_CHARS = 4096;

    /** Read once: the limits are checked for every line and id. */
    private static final int MAX_LINE_CHARS;
    private static final int MAX_ID_CHARS;
    /** Why a property's value is invalid (reported by every use, not as a class-initialisation error), or null. */
    private static final String PROBLEM;

    static {
        int line = DEFAULT_MAX_LINE_CHARS;
        int id = DEFAULT_MAX_ID_CHARS;
        String problem = null;
        try {
            line = limit(LINE_PROPERTY, DEFAULT_MAX_LINE_CHARS);
            id = limit(ID_PROPERTY, DEFAULT_MAX_ID_CHARS);
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        }
        MAX_LINE_CHARS = line;
        MAX_ID_CHARS = id;
        PROBLEM = problem;
    }

    private DataLimits() { }

    /**
     * @return the most characters a line may hold
     * @throws IllegalArgumentException if a limit's system property is not a positive integer
     */
    public static int maxLineChars() {
        requireValid();
        return MAX_LINE_CHARS;
    }

    /**
     * @return the most characters an id may hold
     * @throws IllegalArgumentException if a limit's system property is not a positive integer
     */
    public static int maxIdChars() {
        requireValid();
        return MAX_ID_CHARS;
    }

    private static void requireValid() {
        if (PROBLEM != null) {
            throw new IllegalArgumentException(PROBLEM);
        }
    }

    /**
     * Checks an id's length.
     * @param file the file, for the message
     * @param line the 1-based line, for the message
     * @param column the column or field, for the message
     * @param id the id
     * @return the id
     * @throws ClickLogFormatException if it is longer than {@link #maxIdChars()}
     */
    public static String checkId(String file, long line, String column, String id) {
        int max = maxIdChars();
        if (id.length() > max) {
            throw new ClickLogFormatException(file, line, column, "an id of " + id.length() + " characters ("
                    + DecimalText.quote(id) + "); ids hold at most " + max + " (raise it with -D" + ID_PROPERTY
                    + "=N if your ids are really this long)", null);
        }
        return id;
    }

    /**
     * The message of a line over the limit.
     * @param max the limit
     * @return what is wrong and what to do
     */
    public static String lineTooLong(int max) {
        return "the line is longer than " + max + " characters (a missing line break or closing quote?); lines hold"
                + " at most " + max + " (raise it with -D" + LINE_PROPERTY + "=N if your lines are really this long)";
    }

    private static int limit(String property, int fallback) {
        String text = System.getProperty(property);
        if (text == null) {
            return fallback;
        }
        try {
            long value = DecimalText.parseLong(text);
            if (value < 1 || value > Integer.MAX_VALUE - 16) {
                throw new NumberFormatException("out of range 1.." + (Integer.MAX_VALUE - 16) + ": " + text);
            }
            return (int) value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + property + " must be a positive integer of characters: "
                    + e.getMessage(), e);
        }
    }
}
