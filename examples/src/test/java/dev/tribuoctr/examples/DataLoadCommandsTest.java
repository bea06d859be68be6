package dev.tribuoctr.examples;

import dev.tribuoctr.examples.benchmarks.TaobaoGenCommand;

import dev.tribuoctr.ctr.data.LeaveLastOutProtocol.Split;
import dev.tribuoctr.ctr.data.MovieLensDataSource;
import dev.tribuoctr.ctr.data.TaobaoUserBehaviorDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.MutableDataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code load-bench} and {@code taobao-gen} commands. */
class DataLoadCommandsTest {
    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /** @return the cells of the table row that starts with {@code | name |} */
    private static String[] row(String markdown, String name) {
        for (String line : markdown.split("\n")) {
            if (line.startsWith("| " + name + " |")) {
                String[] cells = line.substring(1, line.length() - 1).split("\\|");
                for (int i = 0; i < cells.length; i++) {
                    cells[i] = cells[i].trim();
                }
                return cells;
            }
        }
        throw new AssertionError("no row " + name + " in\n" + markdown);
    }

    private static long number(String cell) {
        return Long.parseLong(cell.replace(",", ""));
    }

    @Test
    void taobaoGenWritesTheFormatDeterministically(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("a/UserBehavior.csv");
        CliRun r = run("taobao-gen", "--rows", "3000", "--out", file.toString(), "--users", "50", "--items", "400",
                "--categories", "7", "--pv-fraction", "0.6", "--seed", "3");
        assertEquals(0, r.status(), r.err());
        List<String> lines = Files.readAllLines(file);
        assertEquals(3000, lines.size());
        long pv = 0;
        java.util.Map<String, String> category = new java.util.HashMap<>();
        for (String line : lines) {
            String[] c = line.split(",", -1);
            assertEquals(5, c.length, line);
            int user = Integer.parseInt(c[0]);
            assertTrue(user >= 1 && user <= 50, line);
            assertTrue(Integer.parseInt(c[1]) >= 1 && Integer.parseInt(c[1]) <= 400, line);
            assertTrue(Integer.parseInt(c[2]) >= 1 && Integer.parseInt(c[2]) <= 7, line);
            String previous = category.put(c[1], c[2]);
            assertTrue(previous == null || previous.equals(c[2]), "one category per item: " + line);
            assertTrue(List.of("pv", "buy", "cart", "fav").contains(c[3]), line);
            long t = Long.parseLong(c[4]);
            assertTrue(t >= TaobaoGenCommand.FIRST_SECOND && t < TaobaoGenCommand.FIRST_SECOND
                    + TaobaoGenCommand.WINDOW_SECONDS, line);
            pv += c[3].equals("pv") ? 1 : 0;
        }
        assertTrue(r.out().contains(String.format(Locale.ROOT, "(%,d pv)", pv)), r.out());
        assertTrue(pv > 0.5 * 3000 && pv < 0.7 * 3000, "pv fraction about 0.6: " + pv);
        // the source reads it: one click per pv row
        TaobaoUserBehaviorDataSource source = new TaobaoUserBehaviorDataSource(file, 0, 50, 1L, Split.TRAIN);
        assertEquals(pv, source.protocol().numClicksRead());

        Path again = tmp.resolve("b/UserBehavior.csv");
        assertEquals(0, run("taobao-gen", "--rows", "3000", "--out", again.toString(), "--users", "50", "--items",
                "400", "--categories", "7", "--pv-fraction", "0.6", "--seed", "3").status());
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(again), "same options, same file");
        Path other = tmp.resolve("c/UserBehavior.csv");
        assertEquals(0, run("taobao-gen", "--rows", "3000", "--out", other.toString(), "--seed", "4").status());
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(file), Files.readAllBytes(other)));

        assertEquals(CtrCli.USAGE_ERROR, run("taobao-gen", "--rows", "10").status(), "no --out");
        assertEquals(CtrCli.USAGE_ERROR, run("taobao-gen", "--out", other.toString()).status(), "no --rows");
        assertEquals(CtrCli.USAGE_ERROR, run("taobao-gen", "--rows", "10", "--out", other.toString(),
                "--pv-fraction", "1.5").status());
    }

    @Test
    void loadBenchReportsEachSplitOfTheMovieLensConfiguration(@TempDir Path tmp) throws IOException {
        Path data = tmp.resolve("ml-100k");
        RealFormatConfigsTest.writeMl100k(data);
        CliRun r = run("load-bench", "--config", "configs/movielens-base.xml", "--data-dir", data.toString());
        assertEquals(0, r.status(), r.err());
        for (Split split : Split.values()) {
            String name = split == Split.TRAIN ? "train-data" : split == Split.VALIDATION ? "validation-data" : "test-data";
            MutableDataset<org.tribuo.classification.Label> expected = new MutableDataset<>(
                    new MovieLensDataSource(data, true, 50, 1L, split));
            String[] cells = row(r.out(), name);
            assertEquals("MovieLensDataSource", cells[1]);
            assertEquals(expected.size(), number(cells[4]), name);
            assertEquals(expected.getFeatureMap().size(), number(cells[6]), name);
        }
        Matcher memory = Pattern.compile("\\n\\| ([0-9.]+) \\| (\\d+) \\| (\\d+) \\| (\\d+) \\| (\\d+) \\|").matcher(r.out());
        assertTrue(memory.find(), "memory row in\n" + r.out());
        // A cached read of the files (PreparedLogs) can take under a millisecond: only its form is checked.
        assertTrue(Double.parseDouble(memory.group(1)) >= 0, "wall seconds");
        assertTrue(Long.parseLong(memory.group(4)) >= Long.parseLong(memory.group(5)),
                "heap pool peaks >= retained heap: " + memory.group());
        assertTrue(r.out().contains("- Mode: DATASET"), r.out());
    }

    @Test
    void loadBenchModesOnATaobaoFile(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("taobao");
        assertEquals(0, run("taobao-gen", "--rows", "2000", "--out", dir.resolve("UserBehavior.csv").toString(),
                "--users", "40", "--items", "300").status());
        TaobaoUserBehaviorDataSource direct = new TaobaoUserBehaviorDataSource(dir.resolve("UserBehavior.csv"), 0, 50,
                1L, Split.TRAIN);
        long examples = 0;
        long values = 0;
        for (var e : direct) {
            examples++;
            values += e.size();
        }

        CliRun iterate = run("load-bench", "--config", "configs/taobao-data.xml", "--set", "data.dir=" + dir,
                "--components", "train-data", "--mode", "ITERATE");
        assertEquals(0, iterate.status(), iterate.err());
        String[] cells = row(iterate.out(), "train-data");
        assertEquals("TaobaoUserBehaviorDataSource", cells[1]);
        assertEquals(examples, number(cells[4]));
        assertEquals(values, number(cells[5]));
        assertEquals("–", cells[6], "no dataset, no feature map");
        assertFalse(iterate.out().contains("| validation-data |"), "only the named component");

        CliRun source = run("load-bench", "--config", "configs/taobao-data.xml", "--data-dir", dir.toString(),
                "--mode", "SOURCE");
        assertEquals(0, source.status(), source.err());
        for (String name : List.of("train-data", "validation-data", "test-data")) {
            assertEquals("–", row(source.out(), name)[4], name + ": SOURCE mode counts nothing");
        }

        CliRun none = run("load-bench", "--config", "configs/taobao-data.xml", "--data-dir", dir.toString(),
                "--components", "no-such-component");
        assertEquals(CtrCli.USAGE_ERROR, none.status());
        assertTrue(none.err().contains("none of the components [no-such-component]"), none.err());
        CliRun noConfig = run("load-bench", "--data-dir", dir.toString());
        assertEquals(CtrCli.USAGE_ERROR, noConfig.status());
        assertTrue(noConfig.err().contains("load-bench needs --config FILE"), noConfig.err());
    }
}
