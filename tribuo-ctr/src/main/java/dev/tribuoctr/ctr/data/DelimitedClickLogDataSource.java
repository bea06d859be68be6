package dev.tribuoctr.ctr.data;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.tribuoctr.ctr.data.LeaveLastOutProtocol.Split;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A click log as a delimited file with a header line naming its columns (UTF-8), e.g.
 * {@code user,item,time,category}, through the {@link LeaveLastOutProtocol}: every non-blank line after the header
 * is a click, its user, item, time and optional category read from the configured columns by the rules of
 * {@link ClickColumns} (the time a long integer; an item's category the one of its last row that has one), its
 * cells split by {@link DelimitedClickRows}. Other columns are ignored. Ties in time keep file order.
 * Context: {@code user@<id>}.
 */
public final class DelimitedClickLogDataSource extends ClickLogDataSource {
    @Config(mandatory = true, description = "The delimited file, its first line a header naming the columns (gzip is"
            + " read inflated, and a missing file is looked for with .gz added).")
    private Path dataFile;

    @Config(description = "The cell separator.")
    private char separator = ',';

    @Config(description = "The column of the user ids.")
    private String userColumn = "user";

    @Config(description = "The column of the item ids.")
    private String itemColumn = "item";

    @Config(description = "The column of the click times (long integers, e.g. Unix seconds).")
    private String timeColumn = "time";

    @Config(description = "The column of the item categories; empty for none.")
    private String categoryColumn = "";

    /** For OLCUT. */
    private DelimitedClickLogDataSource() {}

    /**
     * Creates a source.
     * @param dataFile the delimited file
     * @param separator the cell separator
     * @param columns the columns to read
     * @param maxHistory maximum history length
     * @param seed negative-sampling seed
     * @param split the part to yield
     * @throws IllegalArgumentException if a setting or a file is invalid
     */
    public DelimitedClickLogDataSource(Path dataFile, char separator, ClickColumns columns, int maxHistory,
                                       long seed, Split split) {
        this.dataFile = dataFile;
        this.separator = separator;
        this.userColumn = columns.user();
        this.itemColumn = columns.item();
        this.timeColumn = columns.time();
        this.categoryColumn = columns.category() == null ? "" : columns.category();
        configure(maxHistory, seed, split);
    }

    @Override
    protected void validateFiles() {
        dataFile = DataStreams.orGzip(dataFile);
        requireFile("dataFile", dataFile);
        try {
            columns();
        } catch (IllegalArgumentException e) {
            throw new PropertyException("", "userColumn", e.getMessage());
        }
    }

    private ClickColumns columns() {
        return new ClickColumns(userColumn, itemColumn, timeColumn, categoryColumn);
    }

    @Override
    protected ClickLog readLog() {
        recordLayout("delimited-click-log");
        recordFile(dataFile);
        ClickLog.Builder builder = new ClickLog.Builder();
        DelimitedClickRows[] rows = new DelimitedClickRows[1];
        forEachLine(dataFile, StandardCharsets.UTF_8, (line, n) -> {
            if (n == 1) {
                rows[0] = new DelimitedClickRows(dataFile.toString(), line, separator, columns());
                return;
            }
            ClickColumns.Click click = rows[0].parse(n, line);
            if (click != null) {
                builder.addClick(click.user(), click.item(), click.time());
                if (click.category() != null) {
                    builder.setCategory(click.item(), click.category());
                }
            }
        });
        if (rows[0] == null) {
            throw new ClickLogFormatException(dataFile, 1, "the file is empty (it needs a header line naming the"
                    + " columns, then one line per click)");
        }
        return builder.build();
    }

    @Override
    public String toString() {
        return "DelimitedClickLogDataSource(dataFile=" + dataFile + ",separator=" + separator + ",userColumn="
                + userColumn + ",itemColumn=" + itemColumn + ",timeColumn=" + timeColumn + ",categoryColumn="
                + categoryColumn + ",maxHistory=" + maxHistory + ",seed=" + seed + ",split=" + split + ")";
    }
}
