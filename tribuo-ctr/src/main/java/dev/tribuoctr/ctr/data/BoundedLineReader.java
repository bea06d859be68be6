package dev.tribuoctr.ctr.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines as {@link java.io.BufferedReader#readLine()} does (ended by {@code \n}, {@code \r} or {@code \r\n}),
 * counting them, and refuses a line longer than a limit while reading it: the characters past the limit are never
 * held, so a file of one huge line fails with its file and line instead of exhausting memory. Not thread safe.
 */
public final class BoundedLineReader implements Closeable {
    private final Reader in;
    private final String file;
    private final int maxChars;
    private final char[] buffer = new char[1 << 16];
    private int pos;
    private int end;
    private int mark = -1;
    private boolean skipLineFeed;
    private long lineNumber;

    /**
     * @param in the text
     * @param file its name, for messages
     * @param maxChars the most characters a line may hold
     */
    public BoundedLineReader(Reader in, String file, int maxChars) {
        this.in = in;
        this.file = file;
        this.maxChars = maxChars;
    }

    /** @return the number of lines read so far (the 1-based number of the last line returned) */
    public long lineNumber() {
        return lineNumber;
    }

    /**
     * @return the next line without its terminator, or null at the end
     * @throws IOException if the text cannot be read
     * @throws ClickLogFormatException naming the file and line if the line is longer than the limit
     */
    public String readLine() throws IOException {
        StringBuilder partial = null;
        while (true) {
            if (pos >= end && !fill()) {
                if (partial == null) {
                    return null;
                }
                lineNumber++;
                return partial.toString();
            }
            if (skipLineFeed) {
                skipLineFeed = false;
                if (buffer[pos] == '\n') {
                    pos++;
                    continue;
                }
            }
            int i = pos;
            while (i < end && buffer[i] != '\n' && buffer[i] != '\r') {
                i++;
            }
            int length = (partial == null ? 0 : partial.length()) + i - pos;
            if (length > maxChars) {
                throw new ClickLogFormatException(file, lineNumber + 1, null, DataLimits.lineTooLong(maxChars), null);
            }
            if (i < end) {
                String line = partial == null ? new String(buffer, pos, i - pos)
                        : partial.append(buffer, pos, i - pos).toString();
                skipLineFeed = buffer[i] == '\r';
                pos = i + 1;
                lineNumber++;
                return line;
            }
            partial = partial == null ? new StringBuilder() : partial;
            partial.append(buffer, pos, i - pos);
            pos = i;
        }
    }

    /**
     * Reads one character, for a caller that peeks between {@link #mark} and {@link #reset}.
     * @return the character, or -1 at the end
     * @throws IOException if the text cannot be read
     */
    public int read() throws IOException {
        return pos < end || fill() ? buffer[pos++] : -1;
    }

    /**
     * Marks the position, keeping at least {@code readAheadLimit} characters readable for {@link #reset()}.
     * @param readAheadLimit characters to keep, at most 65536
     * @throws IOException if more is asked than the buffer holds
     */
    public void mark(int readAheadLimit) throws IOException {
        if (readAheadLimit > buffer.length) {
            throw new IOException("read-ahead limit " + readAheadLimit + " is above " + buffer.length);
        }
        if (buffer.length - pos < readAheadLimit) {
            compact(pos);
        }
        mark = pos;
    }

    /**
     * Goes back to the mark.
     * @throws IOException if there is none
     */
    public void reset() throws IOException {
        if (mark < 0) {
            throw new IOException("no mark");
        }
        pos = mark;
    }

    /** Reads more text after what is buffered; false at the end. */
    private boolean fill() throws IOException {
        compact(mark >= 0 ? mark : pos);
        if (end == buffer.length) {
            mark = -1; // the read-ahead limit is passed: the mark is dropped, as BufferedReader drops it
            compact(pos);
        }
        int n;
        do {
            n = in.read(buffer, end, buffer.length - end);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        end += n;
        return true;
    }

    /** Moves the characters from {@code from} to the start of the buffer. */
    private void compact(int from) {
        if (from > 0) {
            System.arraycopy(buffer, from, buffer, 0, end - from);
            end -= from;
            pos -= from;
            mark = mark >= from ? mark - from : -1;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
