package dev.tribuoctr.ctr.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Data files as other projects publish them, through {@link DataFiles#forEachLine} (every click-log source's reader):
 * gzip files whatever their name, files of other codecs, bytes that are not text, gzip files cut short, damaged or
 * inflating far beyond their size. Every error names the file and a line.
 */
class DataStreamsTest {
    @TempDir
    Path dir;

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }

    private static String text(int lines) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= lines; i++) {
            sb.append("user").append(i % 13).append(",item").append(i * 7 % 101).append(',').append(1000 + i)
                    .append('\n');
        }
        return sb.toString();
    }

    private static List<String> lines(Path file, Charset charset) {
        List<String> lines = new ArrayList<>();
        DataFiles.forEachLine(file, charset, (line, n) -> {
            assertEquals(lines.size() + 1, n);
            lines.add(line);
        });
        return lines;
    }

    private static ClickLogFormatException fails(Path file, Charset charset) {
        return assertThrows(ClickLogFormatException.class, () -> lines(file, charset));
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' lacks '" + part + "'");
        }
    }

    @Test
    void gzipIsReadWhateverTheFileIsNamed() throws IOException {
        String content = text(5000) + "last line without terminator";
        Path plain = Files.writeString(dir.resolve("clicks.csv"), content);
        Path gz = Files.write(dir.resolve("clicks.csv.gz"), gzip(content.getBytes(StandardCharsets.UTF_8)));
        Path renamed = Files.write(dir.resolve("clicks.txt"), gzip(content.getBytes(StandardCharsets.UTF_8)));
        List<String> expected = lines(plain, StandardCharsets.UTF_8);
        assertEquals(5001, expected.size());
        assertEquals(expected, lines(gz, StandardCharsets.UTF_8));
        assertEquals(expected, lines(renamed, StandardCharsets.UTF_8));
        // concatenated gzip members (what `cat a.gz b.gz` gives) read as one file
        byte[] twice = new byte[0];
        for (String part : List.of(text(10), text(20))) {
            byte[] member = gzip(part.getBytes(StandardCharsets.UTF_8));
            int at = twice.length;
            twice = Arrays.copyOf(twice, at + member.length);
            System.arraycopy(member, 0, twice, at, member.length);
        }
        assertEquals(30, lines(Files.write(dir.resolve("two.gz"), twice), StandardCharsets.UTF_8).size());
        // a file named .gz that is plain text is read as text
        assertEquals(expected, lines(Files.writeString(dir.resolve("plain.gz"), content), StandardCharsets.UTF_8));
    }

    @Test
    void otherCodecsAreRefusedByName() throws IOException {
        byte[][] heads = {
            {'B', 'Z', 'h', '9', 0x31, 0x41, 0x59, 0x26, 0x53, 0x59, 0, 1, 2},
            {(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 0, 4, (byte) 0xe6},
            {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0x24, 0x10},
            {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0},
        };
        String[] codecs = {"bzip2", "xz", "zstd", "zip"};
        for (int i = 0; i < heads.length; i++) {
            Path file = Files.write(dir.resolve("ratings" + i + ".dat"), heads[i]);
            for (Charset charset : List.of(StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1)) {
                ClickLogFormatException e = fails(file, charset);
                assertMentions(e, file + ":1:", codecs[i] + "-compressed", "gzip");
            }
        }
        // text that merely starts like a signature is text
        assertEquals(List.of("BZh9 is a fine user id", "PK"), lines(Files.writeString(dir.resolve("t.csv"),
                "BZh9 is a fine user id\nPK\n"), StandardCharsets.UTF_8));
    }

    @Test
    void bytesThatAreNotTextNameTheirLine() throws IOException {
        // a Latin-1 byte on line 2000 of a UTF-8 file: the reader decodes ahead, the message still names line 2000
        String before = text(1999);
        byte[] head = before.getBytes(StandardCharsets.UTF_8);
        byte[] bad = "caf\u00e9,item,1\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] tail = text(3000).getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bad, 0, all, head.length, bad.length);
        System.arraycopy(tail, 0, all, head.length + bad.length, tail.length);
        Path latin = Files.write(dir.resolve("reviews.json"), all);
        assertMentions(fails(latin, StandardCharsets.UTF_8), latin + ":2000:", "byte 4 of the line", "UTF-8");
        // the same inside a gzip file
        Path gz = Files.write(dir.resolve("reviews.json.gz"), gzip(all));
        assertMentions(fails(gz, StandardCharsets.UTF_8), gz + ":2000:", "UTF-8");
        // a binary file (random bytes) on line 1
        byte[] random = new byte[5000];
        new java.util.Random(3).nextBytes(random);
        random[0] = (byte) 0xc3;
        random[1] = (byte) 0x28;
        Path binary = Files.write(dir.resolve("day_0"), random);
        assertMentions(fails(binary, StandardCharsets.UTF_8), binary + ":1:", "compressed with a codec other than gzip");
    }

    @Test
    void aGzipFileCutShortOrDamagedNamesTheLastLineRead() throws IOException {
        byte[] whole = gzip(text(40_000).getBytes(StandardCharsets.UTF_8));
        Path cut = Files.write(dir.resolve("UserBehavior.csv.gz"), Arrays.copyOf(whole, whole.length / 2));
        List<Long> seen = new ArrayList<>();
        ClickLogFormatException e = assertThrows(ClickLogFormatException.class,
                () -> DataFiles.forEachLine(cut, StandardCharsets.UTF_8, (line, n) -> seen.add(n)));
        long last = seen.get(seen.size() - 1);
        assertTrue(last > 1000 && last < 40_000, "lines read before the cut: " + last);
        assertMentions(e, cut + ":" + (last + 1) + ":", "cut short after line " + last);
        // a damaged member (bytes of the deflate stream overwritten)
        byte[] damaged = whole.clone();
        for (int i = 40; i < 400; i++) {
            damaged[i] = (byte) 0xff;
        }
        Path bad = Files.write(dir.resolve("damaged.csv.gz"), damaged);
        assertMentions(fails(bad, StandardCharsets.UTF_8), bad.toString(), "damaged", "gzip -t");
    }

    @Test
    void aGzipFileThatInflatesFarBeyondItsSizeIsRefused() throws IOException {
        // ~100 MB of identical lines in ~100 KB: a ratio of about 1000
        Path bomb = dir.resolve("criteo.gz");
        byte[] line = ("0" + "\t".repeat(39) + "\n").getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(bomb), 1 << 16)) {
            byte[] block = new byte[line.length * 25_000];
            for (int i = 0; i < 25_000; i++) {
                System.arraycopy(line, 0, block, i * line.length, line.length);
            }
            for (int k = 0; k < 100; k++) {
                out.write(block);
            }
        }
        long[] lines = {0};
        ClickLogFormatException e = assertThrows(ClickLogFormatException.class,
                () -> DataFiles.forEachLine(bomb, StandardCharsets.UTF_8, (l, n) -> lines[0] = n));
        assertTrue(lines[0] < 2_500_000, "stopped early: " + lines[0]);
        assertMentions(e, bomb + ":", "inflates to more than " + DataStreams.MAX_GZIP_RATIO, "decompress it");
        // a genuine compressed text file of the same size reads
        assertEquals(40_000, lines(Files.write(dir.resolve("ok.gz"), gzip(text(40_000)
                .getBytes(StandardCharsets.UTF_8))), StandardCharsets.UTF_8).size());
    }

    @Test
    void inFolderTakesTheGzipFileWhenOnlyItExists() throws IOException {
        assertEquals(dir.resolve("u.data"), DataStreams.inFolder(dir, "u.data"));
        Files.writeString(dir.resolve("u.data.gz"), "x");
        assertEquals(dir.resolve("u.data.gz"), DataStreams.inFolder(dir, "u.data"));
        Files.writeString(dir.resolve("u.data"), "x");
        assertEquals(dir.resolve("u.data"), DataStreams.inFolder(dir, "u.data"));
    }
}
