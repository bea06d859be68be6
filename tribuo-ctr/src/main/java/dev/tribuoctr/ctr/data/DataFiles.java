package dev.tribuoctr.ctr.data;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.provenance.primitives.HashProvenance;
import org.tribuo.provenance.DataSourceProvenance;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

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
     * Checks that a configured path is a readable regular file.
     * @param field the configuration field, for the message
     * @param file the path
     * @throws PropertyException naming the field if it is not
     */
    public static void requireFile(String field, Path file) {
        if (file == null) {
            throw new PropertyException("", field, field + " must be set");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            // The cause tells callers (the command line) that this is a missing file, not a bad setting.
            throw new PropertyException(new java.nio.file.NoSuchFileException(file.toString(), null,
                    field + " is not a readable file"), "", field, field + " is not a readable file: " + file);
        }
    }

    /**
     * Calls {@code consumer} with each line and its 1-based number; IO errors become unchecked. A file whose name
     * ends with {@code .gz} is decompressed (gzip) as it is read. A line longer than {@link DataLimits#maxLineChars()}
     * fails with its file and line as it is read ({@link BoundedLineReader}).
     * @param file the file
     * @param charset its encoding
     * @param consumer the line consumer
     */
    public static void forEachLine(Path file, Charset charset, LineConsumer consumer) {
        try (BoundedLineReader reader = new BoundedLineReader(isGzip(file)
                ? new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file), 1 << 16),
                        charset))
                : Files.newBufferedReader(file, charset), file.toString(), DataLimits.maxLineChars())) {
            String line;
            long number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                consumer.accept(line, number);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read " + file, e);
        }
    }

    /** Whether a file's name says it is gzip-compressed ({@code .gz}, any case). */
    private static boolean isGzip(Path file) {
        return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz");
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
