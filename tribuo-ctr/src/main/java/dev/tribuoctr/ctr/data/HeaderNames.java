package dev.tribuoctr.ctr.data;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rule every header of a delimited data file follows (the delimited click table, Tribuo's CSV route, the input
 * of {@code predict}): its column names are distinct, so a cell is never read by one of two columns of the same name
 * without a word.
 */
public final class HeaderNames {
    private HeaderNames() { }

    /**
     * Checks that a header names each column once.
     * @param file the file, for the message
     * @param names the header's names, in column order, as the reader compares them
     * @return the names
     * @throws ClickLogFormatException (line 1) naming the first repeated name and both of its 1-based columns
     */
    public static List<String> requireDistinct(String file, List<String> names) {
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            Integer earlier = first.putIfAbsent(names.get(i), i);
            if (earlier != null) {
                throw new ClickLogFormatException(file, 1, DecimalText.quote(names.get(i)), "the header names this"
                        + " column twice, as columns " + (earlier + 1) + " and " + (i + 1) + " of " + names.size()
                        + "; rename one (a column is read from one cell only)", null);
            }
        }
        return names;
    }
}
