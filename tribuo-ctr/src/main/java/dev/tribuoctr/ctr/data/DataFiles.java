package dev.tribuoctr.ctr.data;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.provenance.primitives.HashProvenance;
import org.tribuo.provenance.DataSourceProvenance;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Helpers shared by the file-based data sources: line reading with 1-based line numbers, integer parsing that names
 * the file and line, checks of configured files, and the SHA-256 file hashes recorded in provenance as instance
 * values {@code hash:<file name>}.
 */
public final class DataFiles {
    /** Prefix of the file-hash instance values in a data source's provenance. */
    public static final String HASH_PREFIX = "hash:";

    private DataFiles() { }

    /**
     * @param file a file
     * @return its hash of Tribuo's default data-source type (SHA-256), as hex
     */
    public static String sha256(Path file) {
        return ProvenanceUtil.hashResource(DataSourceProvenance.DEFAULT_HASH_TYPE, file);
    }

    /**
     * Whether an optional file setting names a file: an unset (null) or empty value means "no file", so that a
     * configuration's optional file can be left out with {@code --@component.field ""} or an empty global property.
     * @param file the configured path, may be null
     * @return false for null or an empty path
     */
    public static boolean isSet(Path file) {
        return file != null && !file.toString().isBlank();
    }

    /**
     * Checks that a configured path is a readable regular file.
     * @param field the configuration field, for the message
     * @param file the path
     * @throws PropertyException naming the field if it is not
     */
    public static void requireFile(String field, Path file) {
        requireFile(field, file, null);
    }

    /**
     * Checks that a configured path is a readable regular file; the message says whether it is missing, a folder or
     * unreadable, with its full path and what is expected there.
     * @param field the configuration field, for the message
     * @param file the path
     * @param expected what the user should provide (e.g. the folder layout of a data set), or null
     * @throws PropertyException naming the field if it is not; its cause, a {@link java.nio.file.NoSuchFileException}
     *     (missing) or {@link java.nio.file.FileSystemException} (a folder, unreadable), tells callers (the command
     *     line) that this is a file problem, not a bad setting
     */
    public static void requireFile(String field, Path file, String expected) {
        if (file == null) {
            throw new PropertyException("", field, field + " must be set");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            boolean missing = !Files.exists(file);
            String problem = missing ? "is missing" : Files.isDirectory(file) ? "is a folder, not a file"
                    : "cannot be read (check its permissions)";
            String from = "read for the setting " + field + (expected == null ? "" : "; " + expected);
            String path = file.toAbsolutePath().toString();
            java.nio.file.FileSystemException cause = missing
                    ? new java.nio.file.NoSuchFileException(path, null, from)
                    : new java.nio.file.FileSystemException(path, null, problem + ": " + from);
            throw new PropertyException(cause, "", field, field + ": " + path + " " + problem
                    + (expected == null ? "" : "; " + expected));
        }
    }

    /**
     * Calls {@code consumer} with each line and its 1-based number. The file is opened by {@link DataStreams#open}:
     * a gzip file is inflated as it is read, text is decoded strictly, and a read error (bytes that are not text, a
     * damaged, cut-short or bomb gzip file) names the file and line. A line longer than
     * {@link DataLimits#maxLineChars()} fails with its file and line as it is read ({@link BoundedLineReader}).
     * @param file the file
     * @param charset its encoding
     * @param consumer the line consumer
     */
    public static void forEachLine(Path file, Charset charset, LineConsumer consumer) {
        long number = 0;
        try (BoundedLineReader reader = new BoundedLineReader(DataStreams.open(file, charset), file.toString(),
                DataLimits.maxLineChars())) {
            String line;
            while ((line = reader.readLine()) != null) {
                number++;
                consumer.accept(line, number);
            }
        } catch (IOException e) {
            throw DataStreams.readError(file, charset, number, e);
        }
    }

    /**
     * Parses an integer column strictly ({@link DecimalText#parseLong}), failing with the file and line.
     * @param file the file
     * @param line the 1-based line number
     * @param what the column's name
     * @param text the text
     * @return the number
     * @throws ClickLogFormatException if the text is not an integer
     */
    public static long parseLong(Path file, long line, String what, String text) {
        try {
            return DecimalText.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ClickLogFormatException(file, line, what, e.getMessage());
        }
    }

    /**
     * Parses an int column strictly: {@link #parseLong}, and within the range of an int (a larger value is not
     * wrapped into another one).
     * @param file the file
     * @param line the 1-based line number
     * @param what the column's name
     * @param text the cell
     * @return the value
     * @throws ClickLogFormatException naming the file, line and column if it is not an integer or out of range
     */
    public static int parseInt(Path file, long line, String what, String text) {
        long value = parseLong(file, line, what, text);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new ClickLogFormatException(file, line, what, "'" + text + "' is out of range (at most "
                    + Integer.MAX_VALUE + ")");
        }
        return (int) value;
    }

    /**
     * Parses a numeric column strictly ({@link DecimalText#parseFinite}), failing with the file, line and column when
     * it is not a decimal number or not finite (NaN, infinities, and values beyond the float range that the models
     * compute in, such as 1e308).
     * @param file the file
     * @param line the 1-based line number
     * @param what the column's name
     * @param text the text
     * @return the number
     * @throws ClickLogFormatException if the text is not a finite number
     */
    public static double parseFinite(Path file, long line, String what, String text) {
        try {
            return DecimalText.parseFinite(text);
        } catch (NumberFormatException e) {
            throw new ClickLogFormatException(file, line, what, e.getMessage());
        }
    }

    /**
     * Checks an id column, failing with the file, line and column when it is empty or too long.
     * @param file the file
     * @param line the 1-based line number
     * @param what the column's name
     * @param text the text
     * @return the id, trimmed
     * @throws ClickLogFormatException if it is empty or longer than {@link DataLimits#maxIdChars()}
     */
    public static String requireId(Path file, long line, String what, String text) {
        String id = text.trim();
        if (id.isEmpty()) {
            throw new ClickLogFormatException(file, line, what, "is empty");
        }
        return DataLimits.checkId(file.toString(), line, what, id);
    }

    /**
     * The provenance instance values of some file hashes.
     * @param hashes file name to hash, in the order to record
     * @return {@code hash:<file name>} to a {@link HashProvenance}
     */
    public static Map<String, PrimitiveProvenance<?>> hashProvenances(Map<String, String> hashes) {
        Map<String, PrimitiveProvenance<?>> map = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : hashes.entrySet()) {
            map.put(HASH_PREFIX + e.getKey(), new HashProvenance(DataSourceProvenance.DEFAULT_HASH_TYPE,
                    HASH_PREFIX + e.getKey(), e.getValue()));
        }
        return map;
    }

    /**
     * Takes the file-hash instance values out of a marshalled provenance (when OLCUT rebuilds one).
     * @param map all the provenance's fields
     * @param parameters the fields not yet consumed; the hashes are removed from it
     * @param provenanceName the provenance class's name, for messages
     * @return {@code hash:<file name>} to its {@link HashProvenance}, by file name
     */
    public static Map<String, PrimitiveProvenance<?>> extractHashProvenances(Map<String, Provenance> map,
            Map<String, Provenance> parameters, String provenanceName) {
        Map<String, PrimitiveProvenance<?>> hashes = new LinkedHashMap<>();
        for (String key : new TreeSet<>(map.keySet())) {
            if (key.startsWith(HASH_PREFIX)) {
                hashes.put(key, ObjectProvenance.checkAndExtractProvenance(parameters, key, HashProvenance.class,
                        provenanceName));
            }
        }
        return hashes;
    }

    /**
     * A line callback.
     */
    @FunctionalInterface
    public interface LineConsumer {
        /**
         * @param line the line, without terminator
         * @param number its 1-based number
         */
        void accept(String line, long number);
    }
}
