package dev.tribuoctr.ctr.data;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.tribuoctr.ctr.data.LeaveLastOutProtocol.Split;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Taobao {@code UserBehavior.csv} ({@code user,item,category,behaviour,timestamp}, no header) as clicks: rows with
 * behaviour {@code pv} are clicks, the others ({@code buy}, {@code cart}, {@code fav}) are ignored. Read as a
 * stream; the kept clicks are stored int-coded in a {@link ClickLog} (about 16 bytes a click plus the id
 * dictionaries), never as lines or objects. The item's category is the one of its last row.
 * Context: {@code user@<id>}.
 */
public final class TaobaoUserBehaviorDataSource extends ClickLogDataSource {
    @Config(mandatory = true, description = "The UserBehavior.csv file.")
    private Path dataFile;

    @Config(description = "Read at most this many rows (0 = all), e.g. for a quick look at the 100M-row file.")
    private long maxRows = 0;

    /** For OLCUT. */
    private TaobaoUserBehaviorDataSource() {}

    /**
     * Creates a source.
     * @param dataFile the UserBehavior.csv file
     * @param maxRows rows to read at most, 0 = all
     * @param maxHistory maximum history length
     * @param seed negative-sampling seed
     * @param split the part to yield
     * @throws IllegalArgumentException if a setting or a file is invalid
     */
    public TaobaoUserBehaviorDataSource(Path dataFile, long maxRows, int maxHistory, long seed, Split split) {
        this.dataFile = dataFile;
        this.maxRows = maxRows;
        this.maxHistory = maxHistory;
        this.seed = seed;
        this.split = split;
        try {
            postConfig();
        } catch (PropertyException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    protected void validateFiles() {
        requireFile("dataFile", dataFile);
        if (maxRows < 0) {
            throw new PropertyException("", "maxRows", "maxRows must be >= 0, found " + maxRows);
        }
    }

    @Override
    protected ClickLog readLog() {
        recordLayout("taobao-user-behavior");
        recordFile(dataFile);
        ClickLog.Builder builder = new ClickLog.Builder();
        String[] cols = new String[5];
        forEachLine(dataFile, StandardCharsets.UTF_8, (line, n) -> {
            if ((maxRows > 0 && n > maxRows) || line.isEmpty()) {
                return;
            }
            int count = 0;
            int start = 0;
            for (int i = 0; i <= line.length(); i++) {
                if (i == line.length() || line.charAt(i) == ',') {
                    if (count == 5) {
                        count++;
                        break;
                    }
                    cols[count++] = line.substring(start, i);
                    start = i + 1;
                }
            }
            if (count != 5) {
                throw new ClickLogFormatException(dataFile, n, "expected 5 comma-separated columns "
                        + "(user,item,category,behaviour,timestamp), found " + (count > 5 ? "more" : count));
            }
            long time = parseLong(dataFile, n, "timestamp", cols[4]);
            if (cols[3].equals("pv")) {
                builder.addClick(cols[0], cols[1], time);
                builder.setCategory(cols[1], cols[2]);
            }
        });
        return builder.build();
    }

    @Override
    public String toString() {
        return "TaobaoUserBehaviorDataSource(dataFile=" + dataFile + ",maxRows=" + maxRows + ",maxHistory="
                + maxHistory + ",seed=" + seed + ",split=" + split + ")";
    }
}
