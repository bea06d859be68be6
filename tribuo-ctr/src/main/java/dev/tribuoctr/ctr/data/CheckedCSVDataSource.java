package dev.tribuoctr.ctr.data;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.tribuo.ConfigurableDataSource;
import org.tribuo.Example;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.data.columnar.ColumnarIterator;
import org.tribuo.data.columnar.FieldProcessor;
import org.tribuo.data.columnar.RowProcessor;
import org.tribuo.data.csv.CSVIterator;
import org.tribuo.provenance.ConfiguredDataSourceProvenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * Tribuo's delimited-file route ({@link RowProcessor} over a CSV file, as Tribuo's {@code CSVDataSource} reads it)
 * with the checks a click log needs, so that data that does not match its configuration is an error, never a worse
 * model:
 * <ul>
 *   <li>when configured, every column the row processor reads (its field processors' and its response's) must be in
 *   the file's header; a missing column names the file, the column and the header;</li>
 *   <li>each row must have a non-empty response (label) cell, one of {@code labels} (0 and 1 by default): Tribuo's
 *   processors would otherwise fill in a default or drop the row;</li>
 *   <li>the header names each column once, and a row the CSV reader cannot read (an unterminated quote, more
 *   cells than the header, a line over {@link DataLimits#maxLineChars()}) fails with its line ({@link CsvRows});</li>
 *   <li>a cell a field processor refuses (such as an empty token of a {@link HistoryFieldProcessor} column) fails
 *   with its line;</li>
 *   <li>each cell a real-valued field processor reads (such as {@code DoubleFieldProcessor}) must be empty or a plain
 *   decimal number ({@link DecimalText}: no {@code 7d}, hex or spaces) within the float range the models compute in
 *   (no NaN, infinities or 1e308).</li>
 * </ul>
 * The file may be gzip-compressed ({@link DataStreams}). Errors are {@link ClickLogFormatException}s reading
 * {@code file:line: column: what is wrong}. The header is line 1; a data row's line is the physical line where it
 * starts (after a quoted cell that spans lines it is not the row number plus one).
 * @param <T> the output type
 */
public final class CheckedCSVDataSource<T extends Output<T>> implements ConfigurableDataSource<T> {
    @Config(mandatory = true, description = "Path to the delimited file (with a header row); gzip is read inflated,"
            + " and a missing file is looked for with .gz added.")
    private Path dataPath;
    @Config(mandatory = true, description = "The row processor that turns a row into an example.")
    private RowProcessor<T> rowProcessor;
    @Config(mandatory = true, description = "The output factory.")
    private OutputFactory<T> outputFactory;
    @Config(description = "Whether each row must have an output (label); true for training and evaluation data.")
    private boolean outputRequired = true;
    @Config(description = "The column separator.")
    private char separator = CSVIterator.SEPARATOR;
    @Config(description = "The quote character.")
    private char quote = CSVIterator.QUOTE;
    @Config(description = "The values a response (label) cell may hold; empty allows any. CTR labels are 1 (click)"
            + " and 0 (no click).")
    private List<String> labels = new ArrayList<>(List.of("0", "1"));

    private List<String> header;
    private Set<String> realColumns;
    private String hash;

    /** For OLCUT. */
    private CheckedCSVDataSource() { }

    /**
     * @param dataPath the file, with a header row
     * @param rowProcessor turns rows into examples
     * @param outputFactory the output factory
     * @param outputRequired whether each row must have an output
     * @param separator the column separator
     */
    public CheckedCSVDataSource(Path dataPath, RowProcessor<T> rowProcessor, OutputFactory<T> outputFactory,
                                boolean outputRequired, char separator) {
        this.dataPath = dataPath;
        this.rowProcessor = rowProcessor;
        this.outputFactory = outputFactory;
        this.outputRequired = outputRequired;
        this.separator = separator;
        postConfig();
    }

    /**
     * Reads the header and checks it against the configured columns.
     * @throws PropertyException if the file cannot be read
     * @throws ClickLogFormatException if a configured column is not in the header, or the header names one twice
     */
    @Override
    public void postConfig() {
        dataPath = DataStreams.orGzip(dataPath);
        DataFiles.requireFile("dataPath", dataPath);
        try {
            if (java.nio.file.Files.size(dataPath) == 0) {
                throw new ClickLogFormatException(dataPath.toString(), 1, null, "the file is empty (it needs a header"
                        + " row naming the columns)", null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + dataPath, e);
        }
        try (CsvRows rows = rows()) {
            header = rows.header();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + dataPath, e);
        }
        List<String> missing = new ArrayList<>();
        for (String column : configuredColumns()) {
            if (!header.contains(column)) {
                missing.add(column);
            }
        }
        if (!missing.isEmpty()) {
            throw new ClickLogFormatException(dataPath.toString(), 1, missing.size() == 1 ? missing.get(0)
                    : String.join(", ", missing), "the configuration reads " + (missing.size() == 1 ? "this column" :
                    "these columns") + " but the header has only " + header, null);
        }
        realColumns = new LinkedHashSet<>();
        for (FieldProcessor p : rowProcessor.getFieldProcessors().values()) {
            if (p.getFeatureType() == FieldProcessor.GeneratedFeatureType.REAL) {
                realColumns.add(p.getFieldName());
            }
        }
        hash = DataFiles.sha256(dataPath);
    }

    /** The columns the row processor reads: its response's and its field processors'. */
    private Set<String> configuredColumns() {
        Set<String> columns = new LinkedHashSet<>();
        if (outputRequired) {
            columns.addAll(rowProcessor.getResponseProcessor().getFieldNames());
        }
        for (FieldProcessor p : rowProcessor.getFieldProcessors().values()) {
            columns.add(p.getFieldName());
        }
        return columns;
    }

    private CsvRows rows() throws IOException {
        return new CsvRows(dataPath, separator, quote);
    }

    /** @return the file's header, in column order */
    public List<String> header() { return header; }

    @Override
    public OutputFactory<T> getOutputFactory() { return outputFactory; }

    @Override
    public ConfiguredDataSourceProvenance getProvenance() {
        Map<String, String> hashes = new LinkedHashMap<>();
        hashes.put(dataPath.getFileName().toString(), hash);
        return new ConfiguredSourceProvenance(this, hashes, Map.of());
    }

    /**
     * @return the rows as examples, each row checked first
     * @throws ClickLogFormatException (on {@code next()}) for an empty label or a non-finite number
     */
    @Override
    public Iterator<Example<T>> iterator() {
        CsvRows rows;
        try {
            rows = rows();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + dataPath, e);
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                boolean more = rows.hasNext();
                if (!more) {
                    rows.close(); // the file is not held open until the iterator is collected
                }
                return more;
            }

            @Override
            public Example<T> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ColumnarIterator.Row row = rows.next();
                long line = rows.line();
                check(row.getRowData(), line);
                Optional<Example<T>> example;
                try {
                    example = rowProcessor.generateExample(row, outputRequired);
                } catch (ClickLogFormatException e) {
                    throw e;
                } catch (IllegalArgumentException e) { // a field processor's refusal, e.g. an empty history token
                    throw new ClickLogFormatException(dataPath.toString(), line, null, e.getMessage(), e);
                }
                return example.orElseThrow(() -> new ClickLogFormatException(dataPath.toString(), line,
                        String.join(",", rowProcessor.getResponseProcessor().getFieldNames()),
                        "the response processor made no output of this row", null));
            }
        };
    }

    private void check(Map<String, String> cells, long line) {
        if (outputRequired) {
            for (String column : rowProcessor.getResponseProcessor().getFieldNames()) {
                String cell = cells.get(column);
                if (cell == null || cell.isBlank()) {
                    throw new ClickLogFormatException(dataPath, line, column, "the label is empty");
                }
                if (!labels.isEmpty() && !labels.contains(cell.trim())) {
                    throw new ClickLogFormatException(dataPath, line, column, "the label is '" + cell + "'; it must be"
                            + " one of " + labels);
                }
            }
        }
        for (String column : realColumns) {
            String cell = cells.get(column);
            if (cell != null && !cell.isBlank()) {
                DataFiles.parseFinite(dataPath, line, column, cell);
            }
        }
    }

    @Override
    public String toString() {
        return "CheckedCSVDataSource(dataPath=" + dataPath + ",outputRequired=" + outputRequired + ")";
    }
}
