package dev.tribuoctr.spark;

import dev.tribuoctr.ctr.data.ClickLogFormatException;
import dev.tribuoctr.ctr.data.DataFiles;

import java.nio.file.Path;
import java.util.List;

/**
 * Taobao {@code UserBehavior.csv} ({@code user,item,category,behaviour,timestamp}, no header), read as
 * {@code TaobaoUserBehaviorDataSource} reads it: only {@code pv} rows are clicks, empty lines are skipped, ids are
 * taken verbatim, the item's category is the one of its last click row.
 */
public final class TaobaoFormat implements ClickFormat {
    private static final long serialVersionUID = 1L;
    private static final int COLUMNS = 5;

    private final String file;

    /**
     * @param file the UserBehavior.csv file
     */
    public TaobaoFormat(String file) {
        this.file = file;
    }

    @Override
    public String clickFile() { return file; }

    @Override
    public List<String> filesRead() { return List.of(file); }

    @Override
    public String layout() { return "taobao-user-behavior"; }

    @Override
    public Click parse(String line, long number) {
        if (line.isEmpty()) {
            return null;
        }
        String[] cols = line.split(",", -1);
        if (cols.length != COLUMNS) {
            throw new ClickLogFormatException(Path.of(file), number, "expected 5 comma-separated columns "
                    + "(user,item,category,behaviour,timestamp), found " + (cols.length > COLUMNS ? "more" : cols.length));
        }
        long time = DataFiles.parseLong(Path.of(file), number, "timestamp", cols[4]);
        if (!cols[3].equals("pv")) {
            if (cols[3].isEmpty()) {
                throw new ClickLogFormatException(Path.of(file), number, "empty behaviour column");
            }
            return null;
        }
        return new Click(id(cols[0], number, "user"), id(cols[1], number, "item"), time,
                id(cols[2], number, "category"));
    }

    private String id(String text, long number, String name) {
        if (text.isEmpty()) {
            throw new ClickLogFormatException(Path.of(file), number, "empty " + name + " column");
        }
        return text;
    }
}
