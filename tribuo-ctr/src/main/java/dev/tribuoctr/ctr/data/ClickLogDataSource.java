package dev.tribuoctr.ctr.data;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import dev.tribuoctr.ctr.data.LeaveLastOutProtocol.Split;
import org.tribuo.ConfigurableDataSource;
import org.tribuo.Example;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.ConfiguredDataSourceProvenance;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Base of the click-log data sources: reads a {@link ClickLog} once (in {@link #postConfig()}), applies the
 * {@link LeaveLastOutProtocol} and yields the examples of the configured {@link Split}. Sources built from one
 * configuration that differ only in {@code split} yield the train, validation and test parts of the same data.
 * <p>
 * Provenance: the configured fields (files, {@code maxHistory}, {@code seed}, {@code split}) plus, as instance
 * values, the SHA-256 hash of every file read ({@code hash:<file name>}) and the detected layout.
 */
public abstract class ClickLogDataSource implements ConfigurableDataSource<Label>, CompactDataSource {
    private static final Logger logger = Logger.getLogger(ClickLogDataSource.class.getName());
    private static final LabelFactory LABEL_FACTORY = new LabelFactory();

    /** Default maximum history length. */
    public static final int DEFAULT_MAX_HISTORY = 50;

    @Config(description = "Maximum history length T (most recent T clicks kept).")
    protected int maxHistory = DEFAULT_MAX_HISTORY;

    @Config(description = "Seed of the negative sampling.")
    protected long seed = 1L;

    @Config(description = "Which positives (and their negatives) this source yields: TRAIN, VALIDATION or TEST.")
    protected Split split = Split.TRAIN;

    private LeaveLastOutProtocol protocol;
    /** Held so that the sources of the other splits can share the read while this source lives. */
    private PreparedLogs.Prepared prepared;
    private final Map<Path, List<Long>> filesRead = new LinkedHashMap<>();
    private final Map<String, String> fileHashes = new LinkedHashMap<>();
    private String layout = "";

    /** For subclasses. */
    protected ClickLogDataSource() {}

    /**
     * Sets the common settings and configures the source, as the constructors of subclasses do after setting their
     * own fields.
     * @param maxHistory maximum history length
     * @param seed negative-sampling seed
     * @param split the part to yield
     * @throws IllegalArgumentException if a setting or a file is invalid
     */
    protected final void configure(int maxHistory, long seed, Split split) {
        this.maxHistory = maxHistory;
        this.seed = seed;
        this.split = split;
        try {
            postConfig();
        } catch (PropertyException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Validates the common settings, reads the log and prepares the protocol. Subclasses validate their own fields
     * in {@link #validateFiles()}.
     */
    @Override
    public void postConfig() {
        if (maxHistory < 0) {
            throw new PropertyException("", "maxHistory", "maxHistory must be >= 0, found " + maxHistory);
        }
        if (split == null) {
            throw new PropertyException("", "split", "split must be TRAIN, VALIDATION or TEST");
        }
        validateFiles();
        String key = getClass().getName() + sharedSettings();
        PreparedLogs.Prepared shared = PreparedLogs.get(key);
        if (shared != null) {
            int clicks = shared.protocol().numClicksRead();
            logger.info(() -> getClass().getSimpleName() + " shares the log read for another split (" + clicks
                    + " clicks)");
        } else {
            long startNanos = System.nanoTime();
            fileHashes.clear();
            filesRead.clear();
            ClickLog log = readLog();
            LeaveLastOutProtocol read = new LeaveLastOutProtocol(log, maxHistory, seed);
            if (read.numUsers() == 0) {
                throw noUsableUser(log);
            }
            logger.info(() -> String.format("%s read %d clicks in %.1f s", getClass().getSimpleName(), log.size(),
                    (System.nanoTime() - startNanos) / 1e9));
            shared = new PreparedLogs.Prepared(read, Collections.unmodifiableMap(new LinkedHashMap<>(fileHashes)),
                    layout, Map.copyOf(filesRead));
            PreparedLogs.put(key, shared);
        }
        this.prepared = shared;
        this.protocol = shared.protocol();
        fileHashes.clear();
        fileHashes.putAll(shared.fileHashes());
        layout = shared.layout();
    }

    /**
     * The error of a log that yields no example: no click at all, or no user with the
     * {@link LeaveLastOutProtocol#MIN_CLICKS} distinct clicks the protocol needs. It names the click file (the first
     * file recorded) and the rule.
     */
    private RuntimeException noUsableUser(ClickLog log) {
        String problem = log.size() == 0 ? "no click was read from it (it has no data rows, or none that is a click)"
                : String.format(java.util.Locale.ROOT, "none of the %,d users has the %d clicks on distinct items that"
                + " the leave-last-out protocol needs (per user, the last click is the test positive, the second last"
                + " the validation positive, the rest training positives); %,d clicks were read", log.numUsers(),
                LeaveLastOutProtocol.MIN_CLICKS, log.size());
        String remedy = ": give a log with at least " + LeaveLastOutProtocol.MIN_CLICKS + " clicks on distinct items"
                + " for some users";
        if (filesRead.isEmpty()) {
            return new IllegalArgumentException(getClass().getSimpleName() + ": " + problem + remedy);
        }
        return new ClickLogFormatException(filesRead.keySet().iterator().next(), 1, problem + remedy);
    }

    /** The configured settings other than the split, which the sources of one log's splits share. */
    private String sharedSettings() {
        Map<String, Provenance> settings = new TreeMap<>(
                new ConfiguredObjectProvenanceImpl(this, "DataSource").getConfiguredParameters());
        settings.remove("split");
        return settings.toString();
    }

    /**
     * Checks the file settings, throwing a {@link PropertyException} naming the field.
     */
    protected abstract void validateFiles();

    /**
     * Reads the click log; calls {@link #recordFile(Path)} for each file read.
     * @return the log
     */
    protected abstract ClickLog readLog();

    /**
     * Records a file's SHA-256 hash in the provenance. A source records its click file first: errors about the clicks
     * as a whole name it.
     * @param file the file
     */
    protected final void recordFile(Path file) {
        recordFile(file, file.getFileName().toString());
    }

    /**
     * Records a file's SHA-256 hash in the provenance under a given name, for files whose names alone may repeat
     * (e.g. the {@code part-*} files of several folders).
     * @param file the file
     * @param name its name in the provenance ({@code hash:<name>})
     */
    protected final void recordFile(Path file, String name) {
        filesRead.put(file, PreparedLogs.stamp(file));
        fileHashes.put(name, DataFiles.sha256(file));
    }

    /**
     * Records the detected file layout in the provenance.
     * @param layout a short name
     */
    protected final void recordLayout(String layout) {
        this.layout = layout;
    }

    /**
     * Checks that a configured path is a readable regular file.
     * @param field the field name
     * @param file the path
     */
    protected static void requireFile(String field, Path file) {
        DataFiles.requireFile(field, file);
    }

    /**
     * Checks that a configured path is a readable regular file, saying what is expected there.
     * @param field the field name
     * @param file the path
     * @param expected what the user should provide, for the message
     */
    protected static void requireFile(String field, Path file, String expected) {
        DataFiles.requireFile(field, file, expected);
    }

    /**
     * Calls {@code consumer} with each line and its 1-based number; IO errors become unchecked.
     * @param file the file
     * @param charset its encoding
     * @param consumer the line consumer
     */
    protected static void forEachLine(Path file, Charset charset, LineConsumer consumer) {
        DataFiles.forEachLine(file, charset, consumer::accept);
    }

    /**
     * Parses a number field, failing with the file and line.
     * @param file the file
     * @param line the line number
     * @param what the column name
     * @param text the text
     * @return the number
     */
    protected static long parseLong(Path file, long line, String what, String text) {
        return DataFiles.parseLong(file, line, what, text);
    }

    /**
     * A line callback.
     */
    @FunctionalInterface
    protected interface LineConsumer {
        /**
         * @param line the line, without terminator
         * @param number its 1-based number
         */
        void accept(String line, long number);
    }

    /** @return the prepared protocol (counts of users, positives) */
    public LeaveLastOutProtocol protocol() {
        return protocol;
    }

    /** @return the split this source yields */
    public Split split() {
        return split;
    }

    /**
     * The configured split as a compact dataset of int columns over the shared protocol: what the training path reads
     * (see {@link ClickLogDataset}); iterating it yields this source's examples.
     * @return the dataset
     */
    @Override
    public ClickLogDataset dataset() {
        return new ClickLogDataset(getProvenance(), protocol, split);
    }

    @Override
    public Iterator<Example<Label>> iterator() {
        return protocol.iterator(split);
    }

    @Override
    public LabelFactory getOutputFactory() {
        return LABEL_FACTORY;
    }

    /** Key of the detected layout in the provenance's instance values. */
    public static final String LAYOUT = "layout";

    /**
     * @return a {@link ConfiguredSourceProvenance}: the configured fields, the hash of each file read
     *         ({@code hash:<file name>}) and the detected layout ({@link #LAYOUT})
     */
    @Override
    public ConfiguredDataSourceProvenance getProvenance() {
        return new ConfiguredSourceProvenance(this, fileHashes, Map.of(LAYOUT, layout));
    }
}
