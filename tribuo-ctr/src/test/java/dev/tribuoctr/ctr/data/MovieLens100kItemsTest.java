package dev.tribuoctr.ctr.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared rules of MovieLens 100K's {@code u.item} and {@code u.genre}, as every reader applies them. */
class MovieLens100kItemsTest {
    private static final Path ITEM = Path.of("ml", "u.item");
    private static final Path GENRE = Path.of("ml", "u.genre");
    private static final List<String> LABELS = MovieLens100kItems.STANDARD_GENRES;

    @TempDir
    Path dir;

    /** A u.item line with the given flags set. */
    private static String item(String id, String date, int... genres) {
        StringBuilder sb = new StringBuilder(id + "|Movie " + id + " (1995)|" + date + "||http://x");
        for (int g = 0; g < MovieLens100kItems.GENRE_FLAGS; g++) {
            boolean on = false;
            for (int x : genres) {
                on |= x == g;
            }
            sb.append(on ? "|1" : "|0");
        }
        return sb.toString();
    }

    private static ClickLogFormatException refusedItem(String line, String expected) {
        ClickLogFormatException e = assertThrows(ClickLogFormatException.class,
                () -> MovieLens100kItems.item(ITEM, 7, line, LABELS), line);
        assertTrue(e.getMessage().startsWith(ITEM + ":7: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(7, e.line());
        return e;
    }

    @Test
    void aGoodItemLineGivesIdYearAndFlags() {
        MovieLens100kItems.Movie m = MovieLens100kItems.item(ITEM, 1, item(" 42 ", "01-Jan-1995", 3, 8), LABELS);
        assertEquals("42", m.item());
        assertEquals("1995", m.year());
        assertEquals(3, m.firstGenre());
        assertTrue(m.hasGenre(8) && !m.hasGenre(0));
        MovieLens100kItems.Movie noGenre = MovieLens100kItems.item(ITEM, 2, item("5", "", new int[0]), LABELS);
        assertEquals(-1, noGenre.firstGenre());
        assertNull(noGenre.year());
        assertNull(MovieLens100kItems.item(ITEM, 3, "  ", LABELS));
    }

    @Test
    void itemLinesBreakingARuleNameFileLineAndColumn() {
        refusedItem("11|Heat|0|1", "expected 24 columns");
        refusedItem(item("1", "01-Jan-1995", 1) + "|0", "columns (id|title|release date|video release date|IMDb URL|19 genre flags), found 25");
        refusedItem(item("1", "01-Jan-1995", 1).replaceFirst("\\(1995\\)", "| (1995)"), "found 25");
        refusedItem(item("x1", "01-Jan-1995", 1), "item id: not an integer: 'x1'");
        refusedItem(item("", "01-Jan-1995", 1), "item id: is empty");
        refusedItem(item("1", "1995", 1), "release date must look like 01-Jan-1995, found '1995'");
        refusedItem(item("1", "Jan-01-1995", 1), "release date");
        String badFlag = item("1", "01-Jan-1995").replaceAll("\\|0$", "|yes");
        refusedItem(badFlag, "genre flag 18 (Western) must be 0 or 1, found 'yes'");
        refusedItem(item("1", "01-Jan-1995").replaceFirst("\\|0\\|", "|2|"), "genre flag 0 (unknown)");
        ClickLogFormatException e = assertThrows(ClickLogFormatException.class, () -> MovieLens100kItems.item(ITEM, 4,
                item("1", "01-Jan-1995").replaceFirst("\\|0\\|", "|-1|"), MovieLens100kItems.indexNames()));
        assertTrue(e.getMessage().contains("genre flag 0 must be 0 or 1, found '-1'"), e.getMessage());
    }

    @Test
    void aMovieListedTwiceIsRefusedEvenWrittenDifferently() throws IOException {
        Path file = dir.resolve("u.item");
        for (String second : List.of("7", "007")) {
            Files.write(file, List.of(item("7", "01-Jan-1995", 2), "", item("8", "", 1), item(second, "", 4)),
                    StandardCharsets.ISO_8859_1);
            ClickLogFormatException e = assertThrows(ClickLogFormatException.class,
                    () -> MovieLens100kItems.forEachItem(file, LABELS, m -> { }));
            assertEquals(4, e.line());
            assertTrue(e.getMessage().contains("item " + second + " appears twice"), e.getMessage());
        }
        Files.write(file, List.of(item("7", "01-Jan-1995", 2), "", item("8", "", 1)), StandardCharsets.ISO_8859_1);
        List<String> read = new ArrayList<>();
        MovieLens100kItems.forEachItem(file, LABELS, m -> read.add(m.item() + ":" + m.firstGenre()));
        assertEquals(List.of("7:2", "8:1"), read);
    }

    @Test
    void genreLinesBreakingARuleAreRefused() {
        assertEquals(new MovieLens100kItems.Genre(4, "Children's"),
                MovieLens100kItems.genre(GENRE, 5, " Children's |4"));
        assertNull(MovieLens100kItems.genre(GENRE, 5, ""));
        for (String[] bad : new String[][] {{"Action|x", "genre index: not an integer"},
                {"Action|19", "genre index must be in 0..18, found 19"}, {"Action|-1", "found -1"},
                {"Action|4294967297", "found 4294967297"}, {"Action", "expected 2 columns (name|index)"},
                {"|3", "genre name: is empty"}}) {
            ClickLogFormatException e = assertThrows(ClickLogFormatException.class,
                    () -> MovieLens100kItems.genre(GENRE, 9, bad[0]), bad[0]);
            assertTrue(e.getMessage().startsWith(GENRE + ":9: ") && e.getMessage().contains(bad[1]), e.getMessage());
        }
    }

    @Test
    void aGenreFileNeedsEachIndexOnce() throws IOException {
        Path file = dir.resolve("u.genre");
        List<String> lines = new ArrayList<>();
        for (int g = 0; g < MovieLens100kItems.GENRE_FLAGS; g++) {
            lines.add(MovieLens100kItems.STANDARD_GENRES.get(g) + "|" + g);
        }
        List<String> shuffled = new ArrayList<>(lines.subList(10, 19));
        shuffled.addAll(lines.subList(0, 10));
        shuffled.add("");
        Files.write(file, shuffled, StandardCharsets.ISO_8859_1);
        assertEquals(MovieLens100kItems.STANDARD_GENRES, MovieLens100kItems.readGenres(file));

        List<String> twice = new ArrayList<>(lines);
        twice.add(2, "Again|5"); // line 3 declares 5, the published line (now 7) repeats it
        Files.write(file, twice, StandardCharsets.ISO_8859_1);
        ClickLogFormatException e = assertThrows(ClickLogFormatException.class,
                () -> MovieLens100kItems.readGenres(file));
        assertTrue(e.getMessage().contains(":7: genre index 5 appears twice"), e.getMessage());

        List<String> missing = new ArrayList<>(lines);
        missing.remove(12);
        Files.write(file, missing, StandardCharsets.ISO_8859_1);
        e = assertThrows(ClickLogFormatException.class, () -> MovieLens100kItems.readGenres(file));
        assertTrue(e.getMessage().contains("no genre with index 12"), e.getMessage());
        assertFalse(e.getMessage().contains("index 13"), e.getMessage());
    }

    @Test
    void theSourcesApplyTheSharedRules() throws IOException {
        Files.write(dir.resolve("u.data"), List.of("1\t7\t5\t880000000"), StandardCharsets.ISO_8859_1);
        Files.write(dir.resolve("u.item"), List.of(item("7", "01-Jan-1995", 2), item("7", "", 1)),
                StandardCharsets.ISO_8859_1);
        ClickLogFormatException e = assertThrows(ClickLogFormatException.class, () -> new MovieLensDataSource(dir,
                true, 50, 1L, LeaveLastOutProtocol.Split.TRAIN));
        assertTrue(e.getMessage().contains("u.item:2: item 7 appears twice"), e.getMessage());
        Files.write(dir.resolve("u.item"), List.of(item("7", "1/1/1995", 2)), StandardCharsets.ISO_8859_1);
        e = assertThrows(ClickLogFormatException.class, () -> new MovieLensDataSource(dir, true, 50, 1L,
                LeaveLastOutProtocol.Split.TRAIN));
        assertTrue(e.getMessage().contains("u.item:1: release date"), e.getMessage());
    }
}
