package dev.tribuoctr.featuresel.data;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.tribuoctr.ctr.data.BoundedLineReader;
import dev.tribuoctr.ctr.data.ClickLogFormatException;
import dev.tribuoctr.ctr.data.ConfiguredSourceProvenance;
import dev.tribuoctr.ctr.data.DataFiles;
import dev.tribuoctr.ctr.data.DeclaredTransforms;
import dev.tribuoctr.ctr.encoding.NumericTransform;
import dev.tribuoctr.ctr.data.DataLimits;
import dev.tribuoctr.ctr.data.DecimalText;
import dev.tribuoctr.ctr.data.DataStreams;
import org.tribuo.Example;
import org.tribuo.OutputFactory;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.ConfiguredDataSourceProvenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * The Criteo display-advertising format (Kaggle {@code train.txt}, Criteo 1TB day files): one tab-separated line per
 * impression with the label (0/1), 13 integer features I1..I13 and 26 hashed categorical features C1..C26; an empty
 * column is missing and its feature is omitted.
 * <ul>
 *   <li>Integers become numeric features {@code I<k>} with value {@code log(1 + max(x, 0))}: the transform of DLRM's
 *   preprocessing, which first sets negative counts (a few I2 values are -1, -2, -3) to 0. The source declares this
 *   {@link #INTEGER_TRANSFORM} in its provenance ({@link DeclaredTransforms}), so a model trained on it records the
 *   transform and its ONNX export applies it to raw values.</li>
 *   <li>Categoricals become {@code C<k>@<hash>} with value 1.0. With {@code hashBuckets > 0} the value is replaced by
 *   its bucket: the hexadecimal hash read as an unsigned number modulo {@code hashBuckets} (a value that is not hex
 *   uses {@code String.hashCode}). Frequency thresholds are the field selector's job ({@code minCount}), not this
 *   source's.</li>
 * </ul>
 * Lines are read lazily on each iteration (nothing is held in memory); {@code maxRows > 0} stops after that many
 * lines. A gzip-compressed file (such as the published {@code day_0.gz}) is inflated as it is read; a file without a
 * row is an error. {@link #readColumns()} reads them once into compact {@link FieldColumns} instead, making no example (see
 * {@link FieldColumnsDataset}). A malformed line (not 40 columns, label not 0/1, an I value that is not an integer) throws a
 * {@link ClickLogFormatException} whose message starts with {@code file:line:}. The provenance holds the configured
 * fields and the file's SHA-256 hash as {@code hash:<file name>} (computed once in {@code postConfig}, a full read of
 * the file).
 */
public final class CriteoDataSource implements FieldColumnsSource {
    private static final Logger logger = Logger.getLogger(CriteoDataSource.class.getName());
    /** Integer columns. */
    public static final int INTEGER_COLUMNS = 13;
    /** Categorical columns. */
    public static final int CATEGORICAL_COLUMNS = 26;
    /** Columns per line: the label, then the integer and categorical columns. */
    public static final int COLUMNS = 1 + INTEGER_COLUMNS + CATEGORICAL_COLUMNS;
    /** What each integer column's value goes through before it becomes the numeric feature {@code I<k>}. */
    public static final NumericTransform INTEGER_TRANSFORM = NumericTransform.LOG1P_POSITIVE;

    @Config(mandatory = true, description = "The Criteo-format file (tab-separated: label, I1..I13, C1..C26);"
            + " gzip is read inflated, and a missing file is looked for with .gz added.")
    private Path path;
    @Config(description = "Read at most this many lines; 0 reads the whole file.")
    private long maxRows = 0;
    @Config(description = "Hash categorical values into this many buckets per field; 0 keeps the raw hashes.")
    private int hashBuckets = 0;

    private String fileHash;

    /** For OLCUT. */
    private CriteoDataSource() { }

    /**
     * @param path the file
     * @param maxRows lines to read at most (0 = all)
     * @param hashBuckets buckets per categorical field (0 = raw hashes)
     */
    public CriteoDataSource(Path path, long maxRows, int hashBuckets) {
        this.path = path;
        this.maxRows = maxRows;
        this.hashBuckets = hashBuckets;
        try {
            postConfig();
        } catch (PropertyException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public void postConfig() {
        path = DataStreams.orGzip(path);
        DataFiles.requireFile("path", path);
        if (maxRows < 0) {
            throw new PropertyException("", "maxRows", "maxRows must be >= 0, found " + maxRows);
        }
        if (hashBuckets < 0) {
            throw new PropertyException("", "hashBuckets", "hashBuckets must be >= 0, found " + hashBuckets);
        }
        fileHash = DataFiles.sha256(path);
    }

    @Override
    public OutputFactory<Label> getOutputFactory() { return new LabelFactory(); }

    @Override
    public Iterator<Example<Label>> iterator() { return new LineIterator<>(this::parse); }

    /**
     * Reads the file once into columns: I1..I13 numeric, C1..C26 categorical (bucketed with {@code hashBuckets}),
     * without making an example; the columns' rows equal this source's examples.
     * @return the columns
     * @throws ClickLogFormatException naming file and line if a line is malformed
     */
    @Override
    public FieldColumns readColumns() {
        List<String> names = new ArrayList<>();
        boolean[] numeric = new boolean[COLUMNS - 1];
        for (int k = 1; k <= INTEGER_COLUMNS; k++) {
            names.add("I" + k);
            numeric[k - 1] = true;
        }
        for (int k = 1; k <= CATEGORICAL_COLUMNS; k++) {
            names.add("C" + k);
        }
        FieldColumns.Builder builder = new FieldColumns.Builder(names, numeric);
        long start = System.nanoTime();
        LineIterator<Boolean> lines = new LineIterator<>((cols, n) -> {
            forEachValue(cols, n, (k, v) -> builder.numeric(k - 1, v),
                    (k, v) -> builder.categorical(INTEGER_COLUMNS + k - 1, v));
            builder.endRow(cols[0].equals("1"));
            return Boolean.TRUE;
        });
        while (lines.hasNext()) {
            lines.next();
        }
        FieldColumns columns = builder.build();
        logger.info(() -> String.format(Locale.ROOT, "%s: %,d rows read into columns (%,d bytes of codes) in %.1f s",
                path, columns.size(), columns.columnBytes(), (System.nanoTime() - start) / 1e9));
        return columns;
    }

    /**
     * Parses one line.
     * @param line the line
     * @param lineNumber its 1-based number, for messages
     * @return the example
     * @throws ClickLogFormatException if the line is malformed
     */
    Example<Label> parse(String line, long lineNumber) {
        return parse(columns(line, lineNumber), lineNumber);
    }

    private Example<Label> parse(String[] cols, long lineNumber) {
        ArrayExample<Label> e = new ArrayExample<>(new Label(cols[0]));
        forEachValue(cols, lineNumber, (k, v) -> e.add("I" + k, v), (k, v) -> e.add("C" + k + "@" + v, 1.0));
        return e;
    }

    /** Splits a line and checks its column count and label. */
    private String[] columns(String line, long lineNumber) {
        String[] cols = line.split("\t", -1);
        if (cols.length != COLUMNS) {
            throw new ClickLogFormatException(path, lineNumber, "expected " + COLUMNS + " tab-separated columns, found "
                    + cols.length);
        }
        if (!cols[0].equals("0") && !cols[0].equals("1")) {
            throw new ClickLogFormatException(path, lineNumber, "label must be 0 or 1, found '" + cols[0] + "'");
        }
        return cols;
    }

    /**
     * Calls {@code ints} with each present integer column's transformed value and {@code cats} with each present
     * categorical column's value (its bucket with {@code hashBuckets}), in column order.
     */
    private void forEachValue(String[] cols, long lineNumber, IntegerValue ints, CategoricalValue cats) {
        for (int k = 1; k <= INTEGER_COLUMNS; k++) {
            String v = cols[k];
            if (v.isEmpty()) {
                continue;
            }
            long x;
            try {
                x = DecimalText.parseLong(v);
            } catch (NumberFormatException ex) {
                throw new ClickLogFormatException(path.toString(), lineNumber, "I" + k, ex.getMessage(), ex);
            }
            ints.accept(k, INTEGER_TRANSFORM.apply(x));
        }
        for (int k = 1; k <= CATEGORICAL_COLUMNS; k++) {
            String v = cols[INTEGER_COLUMNS + k];
            if (v.isEmpty()) {
                continue;
            }
            DataLimits.checkId(path.toString(), lineNumber, "C" + k, v);
            cats.accept(k, hashBuckets > 0 ? Long.toString(bucket(v)) : v);
        }
    }

    /** An integer column's value: I{@code k} (1-based) = {@code value}. */
    @FunctionalInterface
    private interface IntegerValue {
        void accept(int k, double value);
    }

    /** A categorical column's value: C{@code k} (1-based) = {@code value}. */
    @FunctionalInterface
    private interface CategoricalValue {
        void accept(int k, String value);
    }

    /** Turns a line's checked columns and its number into a result. */
    @FunctionalInterface
    private interface LineParser<T> {
        T parse(String[] cols, long lineNumber);
    }

    private long bucket(String v) {
        if (v.length() <= 16) {
            try {
                return Long.remainderUnsigned(Long.parseUnsignedLong(v, 16), hashBuckets);
            } catch (NumberFormatException ignored) {
                // not hex: fall through
            }
        }
        return Math.floorMod(v.hashCode(), hashBuckets);
    }

    /** The file's non-empty lines, at most {@code maxRows}, each parsed; the reader closes at the end or on an error. */
    private final class LineIterator<T> implements Iterator<T> {
        private final BoundedLineReader reader;
        private final LineParser<T> parser;
        private long lineNumber;
        private long rows;
        private T next;
        private boolean done;

        LineIterator(LineParser<T> parser) {
            this.parser = parser;
            try {
                reader = new BoundedLineReader(DataStreams.open(path, StandardCharsets.UTF_8), path.toString(),
                        DataLimits.maxLineChars());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot open " + path, e);
            }
        }

        @Override
        public boolean hasNext() {
            if (next != null) {
                return true;
            }
            if (done) {
                return false;
            }
            try {
                String line;
                while (true) {
                    if (maxRows > 0 && lineNumber >= maxRows) {
                        line = null;
                        break;
                    }
                    line = reader.readLine();
                    if (line == null) {
                        break;
                    }
                    lineNumber++;
                    if (!line.isEmpty()) {
                        break;
                    }
                }
                if (line == null) {
                    done = true;
                    reader.close();
                    if (rows == 0) {
                        throw new ClickLogFormatException(path, Math.max(lineNumber, 1), "the file has no rows ("
                                + (lineNumber == 0 ? "it is empty" : "its " + lineNumber + " lines are blank")
                                + "): a Criteo-format file has one tab-separated line per impression (label, I1..I13,"
                                + " C1..C26)");
                    }
                    return false;
                }
                rows++;
                next = parser.parse(columns(line, lineNumber), lineNumber);
                return true;
            } catch (IOException e) {
                done = true;
                RuntimeException error = DataStreams.readError(path, StandardCharsets.UTF_8, lineNumber, e);
                try {
                    reader.close();
                } catch (IOException suppressed) {
                    error.addSuppressed(suppressed);
                }
                throw error;
            } catch (RuntimeException e) {
                done = true;
                try {
                    reader.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            T e = next;
            next = null;
            return e;
        }
    }

    @Override
    public ConfiguredDataSourceProvenance getProvenance() {
        return new ConfiguredSourceProvenance(this, Map.of(path.getFileName().toString(), fileHash),
                DeclaredTransforms.provenanceValues(numericTransforms(), hashBuckets == 0 ? null
                        : "C1..C" + CATEGORICAL_COLUMNS + " are hexadecimal hashes read as numbers modulo hashBuckets "
                        + hashBuckets + " (ONNX has no operator that reads hexadecimal text)"));
    }

    /** @return the transform of each numeric feature, {@code I1..I13}: {@link #INTEGER_TRANSFORM} */
    public static Map<String, NumericTransform> numericTransforms() {
        Map<String, NumericTransform> transforms = new TreeMap<>();
        for (int k = 1; k <= INTEGER_COLUMNS; k++) {
            transforms.put("I" + k, INTEGER_TRANSFORM);
        }
        return transforms;
    }

    @Override
    public String toString() {
        return "CriteoDataSource(path=" + path + ",maxRows=" + maxRows + ",hashBuckets=" + hashBuckets + ")";
    }
}
