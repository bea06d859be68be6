package dev.tribuoctr.spark;

import dev.tribuoctr.ctr.data.ClickLogFormatException;
import dev.tribuoctr.ctr.data.DataFiles;
import dev.tribuoctr.ctr.data.TaobaoLines;

import java.nio.file.Path;
import java.util.List;

/**
 * Taobao {@code UserBehavior.csv} ({@code user,item,category,behaviour,timestamp}, no header), read as
 * {@code TaobaoUserBehaviorDataSource} reads it, by the rules of {@link TaobaoLines}: only {@code pv} rows are clicks,
 * {@code buy}, {@code cart} and {@code fav} rows are skipped, any other behaviour is an error, empty lines are skipped,
 * ids are taken verbatim, the item's category is the one of its last click row.
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
        if (!TaobaoLines.isClick(file, number, cols[3], 0, cols[3].length())) {
            return null;
        }
        return new Click(TaobaoLines.id(file, number, "user", cols[0]), TaobaoLines.id(file, number, "item", cols[1]),
                time, TaobaoLines.id(file, number, "category", cols[2]));
    }
}
