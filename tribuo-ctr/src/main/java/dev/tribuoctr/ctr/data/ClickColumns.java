package dev.tribuoctr.ctr.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The named columns of a click table (a delimited file with a header, or a Parquet table) and the rule that turns a
 * row's cells into a click, shared by {@link DelimitedClickLogDataSource} and the Spark job of {@code tribuo-spark}:
 * <ul>
 *     <li>user and item: the trimmed cell, which must not be empty nor longer than {@link DataLimits#maxIdChars()};
 *     </li>
 *     <li>time: the trimmed cell as a long integer (any monotone unit, e.g. Unix seconds), read strictly by
 *     {@link DecimalText#parseLong};</li>
 *     <li>category (when a category column is named): the trimmed cell, an empty cell meaning none on this row; an
 *     item's category is the one of its last row that has one.</li>
 * </ul>
 * Ids are compared as text. Errors are {@link ClickLogFormatException}s naming the file, line (row) and column.
 * @param user the user column
 * @param item the item column
 * @param time the time column
 * @param category the category column, or null for none
 */
public record ClickColumns(String user, String item, String time, String category) implements Serializable {
    /**
     * Checks the names.
     * @throws IllegalArgumentException if the user, item or time column is unnamed, or two names are equal
     */
    public ClickColumns {
        if (category != null && category.isBlank()) {
            category = null;
        }
        for (String name : new String[] {user, item, time}) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("The user, item and time columns must be named, found " + user
                        + ", " + item + ", " + time);
            }
        }
        List<String> names = new ArrayList<>(List.of(user, item, time));
        if (category != null) {
            names.add(category);
        }
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("The user, item, time and category columns must differ, found "
                    + names);
        }
    }

    /** @return the configured columns: user, item, time and, if named, category */
    public List<String> names() {
        return category == null ? List.of(user, item, time) : List.of(user, item, time, category);
    }

    /**
     * The click of one row.
     * @param file the file, for errors
     * @param line the row's 1-based line (or row) number, for errors
     * @param userCell the user cell (null = missing)
     * @param itemCell the item cell (null = missing)
     * @param timeCell the time cell (null = missing)
     * @param categoryCell the category cell (null = missing or no category column)
     * @return the click
     * @throws ClickLogFormatException if an id is empty or too long, or the time is not a long integer
     */
    public Click click(String file, long line, String userCell, String itemCell, String timeCell,
                       String categoryCell) {
        long timestamp;
        try {
            timestamp = DecimalText.parseLong(require(file, line, time, timeCell));
        } catch (NumberFormatException e) {
            throw new ClickLogFormatException(file, line, time, e.getMessage(), null);
        }
        String cat = categoryCell == null || categoryCell.isBlank() ? null
                : DataLimits.checkId(file, line, category, categoryCell.trim());
        return new Click(id(file, line, user, userCell), id(file, line, item, itemCell), timestamp, cat);
    }

    private static String id(String file, long line, String column, String cell) {
        return DataLimits.checkId(file, line, column, require(file, line, column, cell));
    }

    private static String require(String file, long line, String column, String cell) {
        if (cell == null || cell.isBlank()) {
            throw new ClickLogFormatException(file, line, column, "is empty", null);
        }
        return cell.trim();
    }

    /**
     * One row as a click.
     * @param user the user id
     * @param item the item id
     * @param time the timestamp
     * @param category the item's category on this row, or null
     */
    public record Click(String user, String item, long time, String category) implements Serializable { }
}
