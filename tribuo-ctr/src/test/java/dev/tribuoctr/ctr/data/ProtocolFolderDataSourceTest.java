package dev.tribuoctr.ctr.data;

import dev.tribuoctr.ctr.data.LeaveLastOutProtocol.Split;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ProtocolFolderDataSource} on hand-written folders in the Spark job's layout: the codes are the folder's,
 * not those of first appearance; the timelines keep their order; malformed lines are named by file and line; a
 * folder without its parts is refused; other settings than the job's are warned about. (That the folder of a real
 * job run yields the single-machine examples is checked in {@code tribuo-spark}.)
 */
class ProtocolFolderDataSourceTest {
    @TempDir
    Path dir;

    private Path write(String file, String... lines) throws IOException {
        Path path = dir.resolve(file);
        Files.createDirectories(path.getParent());
        Files.write(path, List.of(lines), StandardCharsets.UTF_8);
        return path;
    }

    /** Users 0 (context), 1 and 2 (skipped: two clicks); items listed against their order of first appearance. */
    @BeforeEach
    void writeFolder() throws IOException {
        write("codes/users/part-00000-a.txt", "1\tu\\tone", "0\tu0\tage\t20\tgender\tF");
        write("codes/users/part-00001-a.txt", "2\tu2");
        write("codes/items/part-00000-b.txt", "0\ti0\tc0", "1\ti1\t\\N", "2\ti2\t\\\\N", "3\ti3\t");
        write("timelines/part-00000-c.txt", "1\t3 2 0");
        write("timelines/part-00001-c.txt", "0\t0 1 2", "2\t1 2");
        write(".hidden-part.crc", "not read");
    }

    private ProtocolFolderDataSource source(Split split) {
        return new ProtocolFolderDataSource(dir, 2, 1L, split);
    }

    private static List<String> targets(ProtocolFolderDataSource source) {
        List<String> targets = new ArrayList<>();
        for (Example<Label> e : source) {
            StringBuilder sb = new StringBuilder(e.getOutput().getLabel());
            for (Feature f : e) {
                sb.append(' ').append(f.getName()).append('=').append((int) f.getValue());
            }
            targets.add(sb.toString());
        }
        return targets;
    }

    @Test
    void keepsTheFoldersCodesAndTimelines() {
        ProtocolFolderDataSource test = source(Split.TEST);
        ClickLog log = test.protocol().log();
        assertEquals(List.of("u0", "u\tone", "u2"), List.of(log.user(0), log.user(1), log.user(2)));
        assertEquals(List.of("i0", "i1", "i2", "i3"), List.of(log.item(0), log.item(1), log.item(2), log.item(3)));
        assertEquals("c0", log.category(0));
        assertNull(log.category(1));
        assertEquals("\\N", log.category(2));
        assertEquals("", log.category(3));
        assertEquals("20", log.userContext().get("u0").get("age"));
        assertEquals(2, test.protocol().numUsers());
        assertEquals(1, test.protocol().numSkippedUsers());
        // Last clicks: u0's is i2, u\tone's is i0; users come in code order, each positive before its negative.
        List<String> examples = targets(test);
        assertEquals(4, examples.size());
        // Features come sorted by name; a history item's value is its rank (1 = most recent).
        assertEquals("1 age@20=1 cate@\\N=1 gender@F=1 hist_item@i0=2 hist_item@i1=1 item@i2=1 user@u0=1",
                examples.get(0));
        assertEquals("1 cate@c0=1 hist_item@i2=1 hist_item@i3=2 item@i0=1 user@u\tone=1", examples.get(2));
        assertEquals(4, targets(source(Split.TRAIN)).size(), "one training positive and negative per kept user");
    }

    @Test
    void malformedLinesNameTheirFileAndLine() throws IOException {
        assertFails("timelines/part-00001-c.txt:2: item code 2: 9 is not in codes/items",
                "timelines/part-00001-c.txt", "0\t0 1 2", "2\t1 9");
        assertFails("timelines/part-00001-c.txt:1: user code: not an integer", "timelines/part-00001-c.txt",
                "x\t0 1 2", "2\t1 2");
        assertFails("timelines/part-00001-c.txt:2: user code: 1 has a second timeline", "timelines/part-00001-c.txt",
                "0\t0 1 2", "1\t1 2");
        assertFails("timelines/part-00001-c.txt:1: item code 3: 1 is repeated", "timelines/part-00001-c.txt",
                "0\t0 1 1", "2\t1 2");
        assertFails("timelines/part-00001-c.txt:2: item code 1: is empty", "timelines/part-00001-c.txt",
                "0\t0 1 2", "2\t");
        assertFails("timelines/part-00001-c.txt:1: expected 2 tab-separated fields", "timelines/part-00001-c.txt",
                "0 0 1 2", "2\t1 2");
        assertFails("codes/items/part-00000-b.txt:2: category: unknown escape", "codes/items/part-00000-b.txt",
                "0\ti0\tc0", "1\ti1\t\\x", "2\ti2\tc", "3\ti3\tc");
        assertFails("codes/items/part-00000-b.txt:1: expected 3 tab-separated fields", "codes/items/part-00000-b.txt",
                "0\ti0", "1\ti1\tc", "2\ti2\tc", "3\ti3\tc");
        assertFails("codes/items/part-00000-b.txt:2: item id: is missing", "codes/items/part-00000-b.txt",
                "0\ti0\tc0", "1\t\\N\tc", "2\ti2\tc", "3\ti3\tc");
        assertFails("codes/items/part-00000-b.txt:4: item code: 2 is given twice", "codes/items/part-00000-b.txt",
                "0\ti0\tc0", "1\ti1\tc", "2\ti2\tc", "2\ti3\tc");
        assertFails("codes/items/part-00000-b.txt:4: item code: 7 is beyond the 4 codes",
                "codes/items/part-00000-b.txt", "0\ti0\tc0", "1\ti1\tc", "2\ti2\tc", "7\ti3\tc");
        assertFails("codes/users/part-00001-a.txt:1: expected tab-separated code, user id and context field/value",
                "codes/users/part-00001-a.txt", "2\tu2\tage");
        assertFails("item id 'i1' has two codes, 1 and 2", "codes/items/part-00000-b.txt",
                "0\ti0\tc0", "1\ti1\tc", "2\ti1\tc", "3\ti3\tc");
    }

    /** Replaces one file, checks that reading fails with {@code message}, and restores the file. */
    private void assertFails(String message, String file, String... lines) throws IOException {
        Path path = dir.resolve(file);
        List<String> original = Files.readAllLines(path, StandardCharsets.UTF_8);
        write(file, lines);
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> source(Split.TRAIN));
            assertTrue(e.getMessage().contains(message), "message '" + e.getMessage() + "' lacks " + message);
        } finally {
            Files.write(path, original, StandardCharsets.UTF_8);
        }
    }

    @Test
    void foldersWithoutTheirPartsAreRefused() throws IOException {
        Files.delete(dir.resolve("timelines/part-00000-c.txt"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> source(Split.TRAIN));
        assertTrue(e.getMessage().contains("user code 1 has no timeline"), e.getMessage());
        Files.delete(dir.resolve("timelines/part-00001-c.txt"));
        e = assertThrows(IllegalArgumentException.class, () -> source(Split.TRAIN));
        assertTrue(e.getMessage().contains("no timelines/part-* files"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ProtocolFolderDataSource(dir.resolve("absent"), 2, 1L, Split.TRAIN));
        assertTrue(e.getMessage().contains("folder"), e.getMessage());
        write("timelines/part-00000-c.txt.bz2", "0\t0 1 2");
        e = assertThrows(IllegalArgumentException.class, () -> source(Split.TRAIN));
        assertTrue(e.getMessage().contains("compressed") && e.getMessage().contains("gzip"), e.getMessage());
    }

    @Test
    void gzipPartsAreReadLikeTextParts() throws IOException {
        List<String> plain = targets(source(Split.TEST));
        for (String part : List.of("timelines/part-00001-c.txt", "codes/users/part-00000-a.txt")) {
            Path text = dir.resolve(part);
            try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(dir.resolve(part + ".gz")))) {
                Files.copy(text, gz);
            }
            Files.delete(text);
        }
        assertEquals(plain, targets(source(Split.TEST)));
    }

    @Test
    void otherSettingsThanTheJobsAreWarnedAbout() throws IOException {
        write("provenance.json", "{\"layout\": \"movielens-100k\", \"settings\": {\"maxHistory\": 2, \"seed\": 5}}");
        List<String> warnings = new ArrayList<>();
        Logger logger = Logger.getLogger(ProtocolFolderDataSource.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record.getMessage());
                }
            }

            @Override
            public void flush() { }

            @Override
            public void close() { }
        };
        logger.addHandler(handler);
        try {
            ProtocolFolderDataSource source = source(Split.TRAIN);
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("seed 5"), warnings.get(0));
            String provenance = source.getProvenance().toString();
            assertTrue(provenance.contains("spark-protocol:movielens-100k"), provenance);
            assertTrue(provenance.contains("hash:provenance.json"), provenance);
            assertTrue(provenance.contains("hash:codes/items/part-00000-b.txt"), provenance);
        } finally {
            logger.removeHandler(handler);
        }
    }
}
