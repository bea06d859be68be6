package dev.tribuoctr.ctr.data;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Opens the data files every file-reading source reads, as published: a gzip file (recognised by its first bytes,
 * whatever its name) is inflated as it is read, a file compressed with another codec is refused at once with its
 * name, and text is decoded strictly (an undecodable byte is an error, never a replacement character). Read errors
 * become messages that name the file and the line ({@link #readError}):
 * <ul>
 *   <li>bytes that are not text in the file's encoding: the line and byte, and the likely cause;</li>
 *   <li>a gzip file cut short or damaged: the last complete line read;</li>
 *   <li>a gzip file that inflates to more than {@value #MAX_GZIP_RATIO} times its compressed size (beyond the first
 *   {@value #GZIP_FREE_BYTES} inflated bytes): a decompression bomb, or at least not data as published (text
 *   compresses about 3 to 10 times); refused with the file and line. A genuine file of that kind can be
 *   decompressed and given as it is (no limit applies to an uncompressed file).</li>
 * </ul>
 * Inflating streams (nothing holds the whole file).
 */
public final class DataStreams {
    /** Largest ratio of inflated to compressed bytes accepted from a gzip file. */
    public static final long MAX_GZIP_RATIO = 200;
    /** Inflated bytes accepted before the ratio is checked (small files of repeated lines compress very well). */
    public static final long GZIP_FREE_BYTES = 64L << 20;

    private static final int BUFFER = 1 << 16;

    private DataStreams() { }

    /**
     * Opens a data file's text: inflated when it is gzip, decoded strictly with {@code charset}.
     * @param file the file
     * @param charset its encoding
     * @return a reader (the caller closes it); its read errors are best turned into messages with {@link #readError}
     * @throws IOException if the file cannot be opened
     * @throws ClickLogFormatException naming the file if it is compressed with a codec other than gzip
     */
    public static BufferedReader open(Path file, Charset charset) throws IOException {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new BufferedReader(new InputStreamReader(openBytes(file), decoder), BUFFER);
    }

    /**
     * Opens a data file's bytes, inflated when it is gzip.
     * @param file the file
     * @return the stream (the caller closes it)
     * @throws IOException if the file cannot be opened
     * @throws ClickLogFormatException naming the file if it is compressed with a codec other than gzip
     */
    public static InputStream openBytes(Path file) throws IOException {
        CountingStream raw = new CountingStream(Files.newInputStream(file));
        BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
        try {
            byte[] head = peek(in, 16);
            if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
                return new BombGuard(new GZIPInputStream(in, BUFFER), raw, file);
            }
            String codec = otherCodec(head);
            if (codec != null) {
                throw new ClickLogFormatException(file, 1, "the file is " + codec + "-compressed; only gzip files"
                        + " are read as they are: decompress it (or recompress it with gzip) and give that file");
            }
            return in;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * A data file in a folder as it is named, or gzip-compressed with {@code .gz} added when only that exists.
     * @param directory the folder
     * @param name the file's name as published, e.g. {@code ratings.dat}
     * @return {@code directory/name}, or {@code directory/name.gz} when that exists and the other does not
     */
    public static Path inFolder(Path directory, String name) {
        return orGzip(directory.resolve(name));
    }

    /**
     * A configured data file, or its gzip-compressed copy ({@code .gz} added) when only that exists: a configuration
     * that names {@code UserBehavior.csv} reads a folder that holds {@code UserBehavior.csv.gz} with no override.
     * @param file the configured file, may be null or empty
     * @return {@code file}, or {@code file.gz} when that exists and {@code file} does not
     */
    public static Path orGzip(Path file) {
        if (file == null || file.toString().isBlank() || Files.exists(file)) {
            return file;
        }
        Path gz = file.resolveSibling(file.getFileName() + ".gz");
        return Files.isRegularFile(gz) ? gz : file;
    }

    /**
     * Turns an error of reading a data file into an error naming the file and line: a {@link ClickLogFormatException}
     * for bytes that are not text, a damaged or cut-short gzip file and a decompression bomb; an
     * {@link UncheckedIOException} naming the file otherwise.
     * @param file the file
     * @param charset its encoding
     * @param linesRead the lines read completely before the error
     * @param e the error
     * @return the exception to throw
     */
    public static RuntimeException readError(Path file, Charset charset, long linesRead, IOException e) {
        if (e instanceof CharacterCodingException) {
            long[] at = locateUndecodable(file, charset);
            long line = at == null ? linesRead + 1 : at[0];
            String where = at == null ? "" : " (byte " + at[1] + " of the line)";
            return new ClickLogFormatException(file, line, "bytes that are not " + charset.name() + " text" + where
                    + ": the file may be compressed with a codec other than gzip, binary, or written in another"
                    + " encoding; give the file as " + charset.name() + " text (gzip-compressed or not)", e);
        }
        if (e instanceof GzipLimitException) {
            return new ClickLogFormatException(file, linesRead + 1, e.getMessage(), e);
        }
        if (e instanceof EOFException || e instanceof ZipException) {
            return new ClickLogFormatException(file, linesRead + 1, "the gzip file is "
                    + (e instanceof EOFException ? "cut short" : "damaged (" + e.getMessage() + ")") + " after line "
                    + linesRead + " (the last complete line read): download or copy it again (gzip -t FILE tests"
                    + " a gzip file)", e);
        }
        return new UncheckedIOException("Failed to read " + file + " after line " + linesRead, e);
    }

    /** The first bytes of a stream, which is reset to its start. */
    private static byte[] peek(BufferedInputStream in, int n) throws IOException {
        in.mark(n);
        byte[] head = in.readNBytes(n);
        in.reset();
        return head;
    }

    /** The name of a compression codec other than gzip whose signature starts {@code head}, or null. */
    static String otherCodec(byte[] head) {
        if (startsWith(head, 'B', 'Z', 'h') && head.length > 3 && head[3] >= '1' && head[3] <= '9'
                && startsWith(Arrays.copyOfRange(head, 4, head.length), 0x31, 0x41, 0x59, 0x26, 0x53, 0x59)) {
            return "bzip2";
        } else if (startsWith(head, 0xfd, '7', 'z', 'X', 'Z', 0)) {
            return "xz";
        } else if (startsWith(head, 0x28, 0xb5, 0x2f, 0xfd)) {
            return "zstd";
        } else if (startsWith(head, 'P', 'K', 3, 4)) {
            return "zip";
        } else if (startsWith(head, '7', 'z', 0xbc, 0xaf, 0x27, 0x1c)) {
            return "7z";
        } else if (startsWith(head, 0x04, 0x22, 0x4d, 0x18)) {
            return "lz4";
        } else if (startsWith(head, 0x89, 'L', 'Z', 'O')) {
            return "lzo";
        }
        return null;
    }

    private static boolean startsWith(byte[] head, int... signature) {
        if (head.length < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((head[i] & 0xff) != signature[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Finds the first line that does not decode (a second, streaming pass on the error path only: the reader
     * decodes ahead of the line it returns, so its position is not the line's).
     * @return {line, 1-based byte in the line}, or null if none is found
     */
    private static long[] locateUndecodable(Path file, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (InputStream in = openBytes(file)) {
            byte[] buffer = new byte[BUFFER];
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
            long number = 1;
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        long[] bad = check(decoder, line, number);
                        if (bad != null) {
                            return bad;
                        }
                        line.reset();
                        number++;
                    } else if (line.size() < BUFFER) { // a bad byte is found in a line's first 64 KiB
                        line.write(buffer[i]);
                    }
                }
            }
            return check(decoder, line, number);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long[] check(CharsetDecoder decoder, java.io.ByteArrayOutputStream line, long number) {
        ByteBuffer bytes = ByteBuffer.wrap(line.toByteArray());
        CharBuffer chars = CharBuffer.allocate(bytes.remaining() + 1);
        decoder.reset();
        var result = decoder.decode(bytes, chars, true);
        return result.isError() ? new long[]{number, bytes.position() + 1} : null;
    }

    /** A compressed file inflated beyond the accepted ratio. */
    private static final class GzipLimitException extends IOException {
        private static final long serialVersionUID = 1L;

        GzipLimitException(String message) {
            super(message);
        }
    }

    /** Counts the bytes read through it (the compressed bytes of a gzip file). */
    private static final class CountingStream extends FilterInputStream {
        private long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count += Math.max(n, 0);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }

    /** Refuses inflated bytes beyond {@link #MAX_GZIP_RATIO} times the compressed bytes read. */
    private static final class BombGuard extends FilterInputStream {
        private final CountingStream compressed;
        private final Path file;
        private long inflated;

        BombGuard(InputStream inflating, CountingStream compressed, Path file) {
            super(inflating);
            this.compressed = compressed;
            this.file = file;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                check(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                check(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            check(skipped);
            return skipped;
        }

        private void check(long n) throws GzipLimitException {
            inflated += n;
            if (inflated > GZIP_FREE_BYTES && inflated > MAX_GZIP_RATIO * compressed.count) {
                throw new GzipLimitException(String.format(Locale.ROOT, "the gzip file inflates to more than %d"
                        + " times its size (%,d bytes from %,d compressed bytes so far), which data as published"
                        + " does not (a decompression bomb?); if the file is genuine, decompress it and give the"
                        + " decompressed file", MAX_GZIP_RATIO, inflated, compressed.count));
            }
        }
    }
}
