package dev.tribuoctr.ctr.data;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import dev.tribuoctr.ctr.data.LeaveLastOutProtocol.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DelimitedClickLogDataSourceTest {
    private static final ClickColumns COLUMNS = new ClickColumns("uid", "iid", "ts", "cat");

    @TempDir
    Path dir;

    private Path write(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
        return file;
    }

    private DelimitedClickLogDataSource source(Path file, Split split) {
        return new DelimitedClickLogDataSource(file, ',', COLUMNS, 50, 3L, split);
    }

    @Test
    void readsTheSameClicksAsTheTaobaoFileOfTheSameRows() throws IOException {
        // The same clicks in both layouts; the table has its columns in another order, an extra quoted column
        // holding the separator, and blank lines.
        Random rng = new Random(4);
        List<String> taobao = new ArrayList<>();
        List<String> table = new ArrayList<>(List.of("note,ts,cat,iid,uid"));
        for (int i = 0; i < 400; i++) {
            String user = "u" + rng.nextInt(30);
            String item = Integer.toString(rng.nextInt(60));
            String category = "c" + rng.nextInt(5);
            long time = 1000 + rng.nextInt(50);
            taobao.add(user + "," + item + "," + category + ",pv," + time);
            table.add("\"say \"\"hi\"\", ok\"," + time + "," + category + "," + item + "," + user);
            if (i % 100 == 7) {
                table.add("");
            }
        }
        Path csv = write("clicks.csv", table.toArray(new String[0]));
        Path behaviour = write("UserBehavior.csv", taobao.toArray(new String[0]));
        for (Split split : Split.values()) {
            List<ClickExampleView> expected = ClickExampleView.all(
                    new TaobaoUserBehaviorDataSource(behaviour, 0, 50, 3L, split));
            assertTrue(expected.size() > 20);
            assertEquals(expected, ClickExampleView.all(source(csv, split)), split.toString());
        }
        // The same table gzip-compressed (clicks.csv.gz) is read as it is.
        Path gz = dir.resolve("clicks.csv.gz");
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(csv, out);
        }
        assertEquals(ClickExampleView.all(source(csv, Split.TRAIN)), ClickExampleView.all(source(gz, Split.TRAIN)));
    }

    @Test
    void anItemsCategoryIsTheOneOfItsLastRowThatHasOne() throws IOException {
        Path csv = write("c.csv", "uid,iid,ts,cat", "a,1,10,x", "a,2,11,", "a,3,12,z", "b,1,13,y", "b,1,14,",
                "b,2,15, ", "b,3,16,z");
        ClickLog log = source(csv, Split.TRAIN).protocol().log();
        assertEquals("y", log.category(0));
        assertNull(log.category(1));
        assertEquals("z", log.category(2));
    }

    @Test
    void withoutACategoryColumnItemsHaveNone() throws IOException {
        Path csv = write("c.csv", "user;item;time", "a;1;10", "a;2;11", "a;3;12");
        DelimitedClickLogDataSource source = new DelimitedClickLogDataSource(csv, ';',
                new ClickColumns("user", "item", "time", null), 50, 1L, Split.TEST);
        assertTrue(!source.protocol().log().hasCategories());
        assertEquals(1, ClickExampleView.all(source).stream().filter(e -> e.label().equals("1")).count());
    }

    @Test
    void malformedFilesNameTheFileLineAndColumn() throws IOException {
        assertFails("c.csv:1: ts: not in the header [uid, iid, time, cat]",
                write("c.csv", "uid,iid,time,cat", "a,1,10,x"));
        assertFails("c.csv:3: ts: not an integer: '1.5'", write("c.csv", "uid,iid,ts,cat", "a,1,10,x", "a,2,1.5,x"));
        assertFails("c.csv:2: uid: is empty", write("c.csv", "uid,iid,ts,cat", " ,1,10,x"));
        assertFails("c.csv:2: expected 4 cells (as the header), found 3", write("c.csv", "uid,iid,ts,cat", "a,1,10"));
        assertFails("c.csv:2: cell 4: unterminated quote", write("c.csv", "uid,iid,ts,cat", "a,1,10,\"x"));
        assertFails("c.csv:1: the file is empty", write("c.csv"));
        assertThrows(IllegalArgumentException.class, () -> new DelimitedClickLogDataSource(write("d.csv", "a,b"),
                ',', new ClickColumns("a", "a", "b", null), 50, 1L, Split.TRAIN));
    }

    @Test
    void timesAreStrictIntegers() throws IOException {
        for (String bad : List.of("10d", "0x1p3", "0x10", "1e3", "10L", "\u0661\u0660", "+-1", "1 0")) {
            assertFails("c.csv:3: ts: not an integer: '" + bad + "'",
                    write("c.csv", "uid,iid,ts,cat", "a,1,10,x", "a,2," + bad + ",x"));
        }
        assertFails("c.csv:2: ts: an integer beyond the range of a long",
                write("c.csv", "uid,iid,ts,cat", "a,1,99999999999999999999,x"));
    }

    @Test
    void aHeaderNamingAnyColumnTwiceIsRefused() throws IOException {
        assertFails("c.csv:1: 'uid': the header names this column twice, as columns 1 and 3 of 5",
                write("c.csv", "uid,iid,uid,ts,cat", "a,1,b,10,x"));
        assertFails("c.csv:1: 'note': the header names this column twice, as columns 2 and 6 of 6",
                write("c.csv", "uid,note,iid,ts,cat,note", "a,n,1,10,x,m"));
        assertFails("c.csv:1: 'ts': the header names this column twice, as columns 3 and 4 of 5",
                write("c.csv", "uid,iid,ts, ts ,cat", "a,1,10,11,x"));
    }

    @Test
    void idsAndLinesHaveLimits() throws IOException {
        String longId = "u".repeat(DataLimits.maxIdChars() + 1);
        assertFails("c.csv:3: uid: an id of " + longId.length() + " characters",
                write("c.csv", "uid,iid,ts,cat", "a,1,10,x", longId + ",2,11,x"));
        assertFails("c.csv:2: cat: an id of " + longId.length() + " characters",
                write("c.csv", "uid,iid,ts,cat", "a,1,10," + longId));
        String hugeLine = "a,1,10," + "x".repeat(DataLimits.maxLineChars());
        assertFails("c.csv:3: the line is longer than " + DataLimits.maxLineChars() + " characters",
                write("c.csv", "uid,iid,ts,cat", "a,1,10,x", hugeLine, "a,2,11,x"));
    }

    private void assertFails(String message, Path file) {
        ClickLogFormatException e = assertThrows(ClickLogFormatException.class, () -> source(file, Split.TRAIN));
        assertTrue(e.getMessage().startsWith(file + message.substring(message.indexOf(':'))), e.getMessage());
    }

    @Test
    void configuredByOlcut() throws IOException {
        Path csv = write("c.csv", "uid|iid|ts|cat", "a|1|10|x", "a|2|11|y", "a|3|12|z", "b|1|13|x", "b|3|14|z",
                "b|2|15|y");
        Path config = dir.resolve("source.xml");
        Files.writeString(config, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<config>\n<component name=\"s\" type=\""
                + DelimitedClickLogDataSource.class.getName() + "\">\n"
                + "<property name=\"dataFile\" value=\"" + csv + "\"/>\n"
                + "<property name=\"separator\" value=\"|\"/>\n"
                + "<property name=\"userColumn\" value=\"uid\"/>\n<property name=\"itemColumn\" value=\"iid\"/>\n"
                + "<property name=\"timeColumn\" value=\"ts\"/>\n<property name=\"categoryColumn\" value=\"cat\"/>\n"
                + "<property name=\"seed\" value=\"3\"/>\n<property name=\"split\" value=\"TEST\"/>\n"
                + "</component>\n</config>\n");
        DelimitedClickLogDataSource configured = (DelimitedClickLogDataSource) new ConfigurationManager(
                config.toString()).lookup("s");
        List<ClickExampleView> expected = ClickExampleView.all(new DelimitedClickLogDataSource(csv, '|', COLUMNS, 50,
                3L, Split.TEST));
        assertEquals(2, expected.stream().filter(e -> e.label().equals("1")).count());
        assertEquals(expected, ClickExampleView.all(configured));
        assertTrue(configured.getProvenance().toString().contains("delimited-click-log"));
    }
}
