package dev.tribuoctr.ctr.data;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.tribuoctr.ctr.data.LeaveLastOutProtocol.Split;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Taobao {@code UserBehavior.csv} ({@code user,item,category,behaviour,timestamp}, no header) as clicks: rows with
 * behaviour {@code pv} are clicks, the others ({@code buy}, {@code cart}, {@code fav}) are ignored, any other value is
 * an error ({@link TaobaoLines}). Read as a stream; the kept clicks are stored int-coded in a {@link ClickLog} (about
 * 16 bytes a click plus the id dictionaries), never as lines or objects. The item's category is the one of its last
 * row. The file may be gzip-compressed; a configured file that is missing is looked for with {@code .gz} added.
 * Context: {@code user@<id>}.
 */
public final class TaobaoUserBehaviorDataSource extends ClickLogDataSource {
    @Config(mandatory = true, description = "The UserBehavior.csv file (or UserBehavior.csv.gz: gzip is read"
            + " inflated, and a missing file is looked for with .gz added).")
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
        configure(maxHistory, seed, split);
    }

    @Override
    protected void validateFiles() {
        dataFile = DataStreams.orGzip(dataFile);
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
        int[] comma = new int[4];
        forEachLine(dataFile, StandardCharsets.UTF_8, (line, n) -> {
            if ((maxRows > 0 && n > maxRows) || line.isEmpty()) {
                return;
            }
            int count = 0;
            for (int i = 0; i < line.length(); i++) {
                if (line.charAt(i) == ',') {
                    if (count == 4) {
                        count++;
                        break;
                    }
                    comma[count++] = i;
                }
            }
            if (count != 4) {
                throw new ClickLogFormatException(dataFile, n, "expected 5 comma-separated columns "
                        + "(user,item,category,behaviour,timestamp), found " + (count > 4 ? "more" : count + 1));
            }
            long time = IdDictionary.canonicalNumber(line, comma[3] + 1, line.length());
            if (time < 0) {
                time = parseLong(dataFile, n, "timestamp", line.substring(comma[3] + 1));
            }
            if (!TaobaoLines.isClick(dataFile.toString(), n, line, comma[2] + 1, comma[3])) {
                return;
            }
            // Decimal ids (the real file's) are coded without making strings; any other text works too.
            long user = IdDictionary.canonicalNumber(line, 0, comma[0]);
            long item = IdDictionary.canonicalNumber(line, comma[0] + 1, comma[1]);
            long category = IdDictionary.canonicalNumber(line, comma[1] + 1, comma[2]);
            if (user >= 0 && item >= 0 && category >= 0) {
                builder.addClick(user, item, time).setLastClickCategory(category);
            } else {
                String itemId = column(line, n, "item", comma[0] + 1, comma[1]);
                builder.addClick(column(line, n, "user", 0, comma[0]), itemId, time);
                builder.setCategory(itemId, column(line, n, "category", comma[1] + 1, comma[2]));
            }
        });
        return builder.build();
    }

    private String column(String line, long n, String name, int from, int to) {
        return TaobaoLines.id(dataFile.toString(), n, name, line.substring(from, to));
    }

    @Override
    public String toString() {
        return "TaobaoUserBehaviorDataSource(dataFile=" + dataFile + ",maxRows=" + maxRows + ",maxHistory="
                + maxHistory + ",seed=" + seed + ",split=" + split + ")";
    }
}
