package dev.tribuoctr.ctr.data;

import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.RFC4180ParserBuilder;
import com.opencsv.exceptions.CsvException;
import org.tribuo.data.columnar.ColumnarIterator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The rows of a delimited file with a header, parsed as Tribuo's {@code CSVIterator} parses them (OpenCSV's RFC 4180
 * parser, a quoted cell may span lines, a leading byte order mark dropped, blank lines skipped, UTF-8) with the checks
 * every delimited input of this project gets, so that training ({@link CheckedCSVDataSource}) and {@code predict}
 * read a file alike:
 * <ul>
 *     <li>the header's names are distinct ({@link HeaderNames});</li>
 *     <li>each row has as many cells as the header;</li>
 *     <li>each row is known by its physical line: the line where it starts, which differs from its row number after
 *     a quoted cell that spans lines; errors name that line;</li>
 *     <li>a line, and a row spanning lines, holds at most {@link DataLimits#maxLineChars()} characters, refused while
 *     it is read.</li>
 * </ul>
 * Errors are {@link ClickLogFormatException}s. Not thread safe.
 */
public final class CsvRows implements Iterator<ColumnarIterator.Row>, AutoCloseable {
    private final String file;
    /** The file, when these rows opened it (to locate a read error in its bytes); null for a text given. */
    private Path path;
    private final Lines lines;
    private final CSVReader reader;
    private final List<String> header;
    private long rowIndex;
    private ColumnarIterator.Row next;
    private boolean done;
    private long nextLine;
    private long line;

    /**
     * Opens a file ({@link DataStreams#open}: gzip inflated, text decoded strictly) and reads its header.
     * @param file the file
     * @param separator the cell separator
     * @param quote the quote character
     * @throws IOException if it cannot be opened
     * @throws ClickLogFormatException if it is empty, its header names a column twice, or its first line is too long
     */
    public CsvRows(Path file, char separator, char quote) throws IOException {
        this(file.toString(), DataStreams.open(file, StandardCharsets.UTF_8), separator, quote);
        this.path = file;
    }

    /**
     * Reads the header of a text already opened (decompressed, decoded).
     * @param file the file's name, for messages
     * @param text its text, closed with these rows
     * @param separator the cell separator
     * @param quote the quote character
     * @throws ClickLogFormatException if it is empty, its header names a column twice, or its first line is too long
     */
    public CsvRows(String file, Reader text, char separator, char quote) {
        this.file = file;
        this.lines = new Lines(text, file, DataLimits.maxLineChars());
        this.reader = new CSVReaderBuilder(lines).withCSVParser(new RFC4180ParserBuilder().withSeparator(separator)
                .withQuoteChar(quote).build()).build();
        try {
            String[] names = readRecord();
            if (names == null) {
                throw new ClickLogFormatException(this.file, 1, null, "the file is empty (it needs a header row naming"
                        + " the columns)", null);
            }
            this.header = HeaderNames.requireDistinct(this.file, List.of(names));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** @return the header's names, in column order */
    public List<String> header() {
        return header;
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (done) {
            return false;
        }
        String[] cells;
        long start;
        do {
            start = reader.getLinesRead() + 1;
            cells = readRecord();
            if (cells == null) {
                done = true;
                return false;
            }
        } while (cells.length == 1 && cells[0].isEmpty()); // a blank line
        if (cells.length != header.size()) {
            throw new ClickLogFormatException(file, start, null, "expected " + header.size() + " cells (as the"
                    + " header), found " + cells.length, null);
        }
        Map<String, String> data = new HashMap<>();
        for (int i = 0; i < cells.length; i++) {
            data.put(header.get(i), cells[i]);
        }
        next = new ColumnarIterator.Row(rowIndex++, header, data);
        nextLine = start;
        return true;
    }

    /**
     * @return the next row; its index counts data rows from 0, {@link #line()} gives its physical line
     */
    @Override
    public ColumnarIterator.Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ColumnarIterator.Row row = next;
        next = null;
        line = nextLine;
        return row;
    }

    /** @return the 1-based physical line where the row last returned by {@link #next()} starts */
    public long line() {
        return line;
    }

    /** One record's cells, or null at the end; parse errors name the physical line where they were found. */
    private String[] readRecord() {
        long start = reader.getLinesRead() + 1;
        lines.startRecord(start);
        try {
            return reader.readNext();
        } catch (CsvException e) {
            throw error(start, e.getMessage(), e);
        } catch (IOException e) {
            // OpenCSV reports an unterminated quote at the end of the file as an IOException
            if (e.getClass() == IOException.class || e.getClass().getName().startsWith("com.opencsv")) {
                throw error(start, e.getMessage(), e);
            }
            if (path != null) { // undecodable bytes, a damaged gzip file: named with the line reached
                throw DataStreams.readError(path, StandardCharsets.UTF_8, start - 1, e);
            }
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private ClickLogFormatException error(long start, String message, Exception cause) {
        long at = Math.max(start, reader.getLinesRead());
        return new ClickLogFormatException(file, at, null, (message == null ? cause.getClass().getSimpleName()
                : message.replace('\n', ' ')) + (at == start ? "" : " (in the row that starts at line " + start + ")"),
                cause);
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close " + file, e);
        }
    }

    @Override
    public String toString() {
        return "CsvRows(" + file + ", header " + Arrays.toString(header.toArray()) + ")";
    }

    /**
     * OpenCSV's view of the text: lines from a {@link BoundedLineReader} (a line and a record over the limit fail as
     * they are read), the byte order mark dropped. OpenCSV calls only {@code readLine}, {@code mark}, {@code read},
     * {@code reset} and {@code close}.
     */
    private static final class Lines extends BufferedReader {
        private final BoundedLineReader in;
        private final String file;
        private final int maxChars;
        private long recordStart;
        private long recordChars;
        private boolean first = true;

        Lines(Reader reader, String file, int maxChars) {
            super(Reader.nullReader(), 1);
            this.in = new BoundedLineReader(reader, file, maxChars);
            this.file = file;
            this.maxChars = maxChars;
        }

        void startRecord(long line) {
            recordStart = line;
            recordChars = 0;
        }

        @Override
        public String readLine() throws IOException {
            String line = in.readLine();
            if (line == null) {
                return null;
            }
            if (first) {
                first = false;
                line = line.startsWith("\uFEFF") ? line.substring(1) : line;
            }
            recordChars += line.length();
            if (recordChars > maxChars) {
                throw new ClickLogFormatException(file, in.lineNumber(), null, "the row that starts at line "
                        + recordStart + " spans lines past this one (a quoted cell not closed?): "
                        + DataLimits.lineTooLong(maxChars), null);
            }
            return line;
        }

        @Override
        public int read() throws IOException {
            return in.read();
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            throw new UnsupportedOperationException("read by lines only");
        }

        @Override
        public boolean markSupported() {
            return true;
        }

        @Override
        public void mark(int readAheadLimit) throws IOException {
            in.mark(readAheadLimit);
        }

        @Override
        public void reset() throws IOException {
            in.reset();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
