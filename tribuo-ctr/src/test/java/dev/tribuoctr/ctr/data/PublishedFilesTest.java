package dev.tribuoctr.ctr.data;

import dev.tribuoctr.ctr.data.LeaveLastOutProtocol.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The click-log sources on files as MovieLens and Amazon publish them: gzip-compressed files, an optional metadata
 * file left out, files whose ids do not match (counted, refused above {@code maxUnmatchedFraction}), and the
 * messages of a missing file, an empty or nested folder and a log whose users are all too short.
 */
class PublishedFilesTest {
    @TempDir
    Path dir;

    /** A MovieLens 1M folder: {@code users} users with {@code perUser} ratings each over {@code movies} movies. */
    private static Path ml1m(Path folder, int users, int perUser, int movies) throws IOException {
        Files.createDirectories(folder);
        List<String> ratings = new ArrayList<>();
        for (int u = 1; u <= users; u++) {
            for (int k = 0; k < perUser; k++) {
                ratings.add(u + "::" + (1 + (u * 7 + k * 3) % movies) + "::" + (1 + k % 5) + "::" + (978_300_000L
                        + 60L * (u * perUser + k)));
            }
        }
        List<String> movieLines = new ArrayList<>();
        String[] genres = {"Drama", "Comedy|Romance", "Action|Thriller", "Children's|Animation", ""};
        for (int m = 1; m <= movies; m++) {
            movieLines.add(m + "::Movie " + m + " (1995)::" + genres[m % genres.length]);
        }
        List<String> userLines = new ArrayList<>();
        for (int u = 1; u <= users; u++) {
            userLines.add(u + "::" + (u % 2 == 0 ? "F" : "M") + "::" + (u % 5 * 10 + 1) + "::" + u % 20 + "::1234" + u);
        }
        Files.write(folder.resolve("ratings.dat"), ratings, StandardCharsets.ISO_8859_1);
        Files.write(folder.resolve("movies.dat"), movieLines, StandardCharsets.ISO_8859_1);
        Files.write(folder.resolve("users.dat"), userLines, StandardCharsets.ISO_8859_1);
        return folder;
    }

    private static String item100k(int id) {
        StringBuilder sb = new StringBuilder(id + "|Movie " + id + " (1995)|01-Jan-1995||http://x");
        for (int g = 0; g < 19; g++) {
            sb.append(g == id % 19 ? "|1" : "|0");
        }
        return sb.toString();
    }

    /** A MovieLens 100K folder (no u.genre). */
    private static Path ml100k(Path folder, int users, int perUser, int movies) throws IOException {
        Files.createDirectories(folder);
        List<String> data = new ArrayList<>();
        for (int u = 1; u <= users; u++) {
            for (int k = 0; k < perUser; k++) {
                data.add(u + "\t" + (1 + (u * 5 + k * 7) % movies) + "\t" + (1 + k % 5) + "\t" + (874_000_000L + 10L
                        * (u * perUser + k)));
            }
        }
        List<String> items = new ArrayList<>();
        for (int m = 1; m <= movies; m++) {
            items.add(item100k(m));
        }
        List<String> userLines = new ArrayList<>();
        for (int u = 1; u <= users; u++) {
            userLines.add(u + "|" + (20 + u) + "|" + (u % 2 == 0 ? "F" : "M") + "|student|0213" + u);
        }
        Files.write(folder.resolve("u.data"), data, StandardCharsets.ISO_8859_1);
        Files.write(folder.resolve("u.item"), items, StandardCharsets.ISO_8859_1);
        Files.write(folder.resolve("u.user"), userLines, StandardCharsets.ISO_8859_1);
        return folder;
    }

    /** Replaces a file by its gzip-compressed copy, named with {@code .gz} added. */
    private static void gzip(Path file) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file.resolveSibling(file.getFileName()
                + ".gz")))) {
            Files.copy(file, out);
        }
        Files.delete(file);
    }

    /** Drops the lines of a file that {@code keep} rejects. */
    private static void filter(Path file, java.util.function.Predicate<String> keep) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        lines.removeIf(keep.negate());
        Files.write(file, lines, StandardCharsets.ISO_8859_1);
    }

    private static String all(ClickLogDataSource source) {
        return ClickExampleView.all(source).toString();
    }

    private static IllegalArgumentException fails(Supplier<?> build, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::get);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' lacks '" + part + "'");
        }
        return e;
    }

    @Test
    void gzipCompressedMovieLensFoldersReadAsPublished() throws IOException {
        for (boolean oneM : new boolean[]{true, false}) {
            Path plain = oneM ? ml1m(dir.resolve("plain1m"), 20, 9, 40) : ml100k(dir.resolve("plain100k"), 15, 8, 30);
            Path packed = oneM ? ml1m(dir.resolve("gz1m"), 20, 9, 40) : ml100k(dir.resolve("gz100k"), 15, 8, 30);
            try (var files = Files.list(packed)) {
                for (Path f : files.toList()) {
                    gzip(f);
                }
            }
            for (Split split : Split.values()) {
                String expected = all(new MovieLensDataSource(plain, true, 50, 1L, split));
                assertEquals(expected, all(new MovieLensDataSource(packed, true, 50, 1L, split)), split.toString());
            }
        }
    }

    @Test
    void amazonFilesMayBeGzipAndTheMetadataLeftOut() throws IOException {
        List<String> reviews = new ArrayList<>();
        List<String> meta = new ArrayList<>();
        for (int u = 0; u < 10; u++) {
            for (int k = 0; k < 5; k++) {
                reviews.add("{\"reviewerID\": \"R" + u + "\", \"asin\": \"B" + (u + k * 3) % 17 + "\", "
                        + "\"unixReviewTime\": " + (1_300_000_000L + 86_400L * (u * 5 + k)) + "}");
            }
        }
        for (int i = 0; i < 17; i++) {
            meta.add("{'asin': 'B" + i + "', 'categories': [['Toys', 'Kind " + i % 4 + "']]}");
        }
        Path r = Files.write(dir.resolve("reviews_Toys_5.json"), reviews, StandardCharsets.UTF_8);
        Path m = Files.write(dir.resolve("meta_Toys.json"), meta, StandardCharsets.UTF_8);
        String withMeta = all(new AmazonReviewsDataSource(r, m, 50, 1L, Split.TRAIN));
        String without = all(new AmazonReviewsDataSource(r, null, 50, 1L, Split.TRAIN));
        assertTrue(withMeta.contains("Kind") && !without.contains("Kind"));
        // an empty path, what an empty --@ override or global property gives, means "no metadata"
        assertEquals(without, all(new AmazonReviewsDataSource(r, Path.of(""), 50, 1L, Split.TRAIN)));
        gzip(r);
        gzip(m);
        Path rz = dir.resolve("reviews_Toys_5.json.gz");
        Path mz = dir.resolve("meta_Toys.json.gz");
        assertEquals(withMeta, all(new AmazonReviewsDataSource(rz, mz, 50, 1L, Split.TRAIN)));
        // a metadata file that is set but absent is still an error, naming how to leave it out
        fails(() -> new AmazonReviewsDataSource(rz, dir.resolve("meta_Books.json"), 50, 1L, Split.TRAIN),
                "meta_Books.json", "is missing", "leave metadataFile empty");
    }

    @Test
    void ratingsOfUndeclaredMoviesAreCountedAndRefusedAboveTheLimit() throws IOException {
        // 1M: one movie of 40 undeclared (its ratings are a few % of all): refused at the 1% default
        Path ml = ml1m(dir.resolve("ml-1m"), 30, 10, 40);
        filter(ml.resolve("movies.dat"), l -> !l.startsWith("17::"));
        List<String> ratings = Files.readAllLines(ml.resolve("ratings.dat"));
        int first = 1 + indexOf(ratings, l -> l.split("::")[1].equals("17"));
        long count = ratings.stream().filter(l -> l.split("::")[1].equals("17")).count();
        fails(() -> new MovieLensDataSource(ml, true, 50, 1L, Split.TRAIN), ml.resolve("ratings.dat") + ":" + first
                + ":", "movie id", count + " of " + ratings.size() + " clicks", "'17'", "movies.dat",
                "maxUnmatchedFraction");
        // accepted with a higher limit: the ratings are kept (without a category)
        MovieLensDataSource lenient = new MovieLensDataSource(ml, true, 0.5, 50, 1L, Split.TRAIN);
        assertEquals(30, lenient.protocol().numUsers());
        // users.dat of another release: its users do not match
        Path other = ml1m(dir.resolve("other"), 30, 10, 40);
        filter(other.resolve("users.dat"), l -> Integer.parseInt(l.split("::")[0]) > 20);
        fails(() -> new MovieLensDataSource(other, true, 50, 1L, Split.TEST), "user id", "users.dat", "'1'",
                other.resolve("ratings.dat") + ":1:");
        // without user features the users file is not read, so not checked
        assertEquals(30, new MovieLensDataSource(other, false, 50, 1L, Split.TEST).protocol().numUsers());
        // 100K: u.data against u.item
        Path k100 = ml100k(dir.resolve("ml-100k"), 20, 8, 30);
        filter(k100.resolve("u.item"), l -> Integer.parseInt(l.substring(0, l.indexOf('|'))) % 3 != 0);
        fails(() -> new MovieLensDataSource(k100, true, 50, 1L, Split.VALIDATION), k100.resolve("u.data") + ":",
                "movie id", "u.item");
        fails(() -> new MovieLensDataSource(k100, true, 1.5, 50, 1L, Split.VALIDATION), "maxUnmatchedFraction",
                "[0, 1]");
    }

    @Test
    void reviewsOfItemsWithoutMetadataAreCountedAndRefusedAboveTheLimit() throws IOException {
        List<String> reviews = new ArrayList<>();
        for (int u = 0; u < 20; u++) {
            for (int k = 0; k < 4; k++) {
                reviews.add("{\"reviewerID\": \"R" + u + "\", \"asin\": \"" + (k == 3 && u % 4 == 0 ? "X" : "B") + (u
                        + k) % 9 + "\", \"unixReviewTime\": " + (1_300_000_000L + u * 10 + k) + "}");
            }
        }
        List<String> meta = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            meta.add("{'asin': 'B" + i + "', 'categories': [['Kind " + i % 2 + "']]}");
        }
        meta.add("{'asin': 'B99', 'title': 'no categories'}");
        Path r = Files.write(dir.resolve("reviews.json"), reviews, StandardCharsets.UTF_8);
        Path m = Files.write(dir.resolve("meta.json"), meta, StandardCharsets.UTF_8);
        fails(() -> new AmazonReviewsDataSource(r, m, 50, 1L, Split.TRAIN), r + ":4:", "item id", "5 of 80 clicks",
                "'X3'", "meta.json");
        assertEquals(20, new AmazonReviewsDataSource(r, m, 0.1, 50, 1L, Split.TRAIN).protocol().numUsers());
    }

    @Test
    void aMissingFileOrAnEmptyOrNestedFolderIsNamedWithTheLayoutExpected() throws IOException {
        Path ml = ml1m(dir.resolve("ml-1m"), 5, 4, 10);
        Files.delete(ml.resolve("movies.dat"));
        IllegalArgumentException e = fails(() -> new MovieLensDataSource(ml, true, 50, 1L, Split.TRAIN),
                ml.resolve("movies.dat").toAbsolutePath().toString(), "is missing", "ratings.dat", "users.dat optional");
        assertTrue(e.getCause().getCause() instanceof java.nio.file.NoSuchFileException, String.valueOf(e.getCause()));
        Path k100 = ml100k(dir.resolve("ml-100k"), 5, 4, 10);
        Files.delete(k100.resolve("u.item"));
        fails(() -> new MovieLensDataSource(k100, true, 50, 1L, Split.TRAIN), "u.item", "is missing", "u.data");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        fails(() -> new MovieLensDataSource(empty, true, 50, 1L, Split.TRAIN), empty.toAbsolutePath().toString(),
                "is empty", "ratings.dat and movies.dat");
        // the folder the archive was unzipped into, not the data set's folder
        Path parent = dir.resolve("downloads");
        ml1m(parent.resolve("ml-1m"), 5, 4, 10);
        fails(() -> new MovieLensDataSource(parent, true, 50, 1L, Split.TRAIN), "ml-1m inside it", "give that folder");
        fails(() -> new MovieLensDataSource(ml.resolve("ratings.dat"), true, 50, 1L, Split.TRAIN), "not a folder");
    }

    @Test
    void aLogWhoseUsersAreAllTooShortNamesTheRule() throws IOException {
        // every user has two ratings: the leave-last-out protocol needs three
        Path ml = ml1m(dir.resolve("short"), 25, 2, 30);
        fails(() -> new MovieLensDataSource(ml, true, 50, 1L, Split.TRAIN), ml.resolve("ratings.dat") + ":1:",
                "none of the 25 users", "3 clicks on distinct items", "leave-last-out", "50 clicks were read");
        // repeated clicks on one item count once
        Path repeats = Files.writeString(dir.resolve("clicks.csv"), "user,item,time\nu1,a,1\nu1,a,2\nu1,b,3\n"
                + "u2,c,1\nu2,c,5\nu2,c,9\n");
        fails(() -> new DelimitedClickLogDataSource(repeats, ',', new ClickColumns("user", "item", "time", null), 50,
                1L, Split.TRAIN), "clicks.csv:1:", "none of the 2 users", "6 clicks");
        // no click at all: a header only, and a gzip file of nothing
        Path header = Files.writeString(dir.resolve("header.csv"), "user,item,time\n");
        fails(() -> new DelimitedClickLogDataSource(header, ',', new ClickColumns("user", "item", "time", null), 50,
                1L, Split.TRAIN), "header.csv:1:", "no click was read");
        Path emptyGz = dir.resolve("empty.csv.gz");
        new GZIPOutputStream(Files.newOutputStream(emptyGz)).close();
        fails(() -> new DelimitedClickLogDataSource(emptyGz, ',', new ClickColumns("user", "item", "time", null), 50,
                1L, Split.TRAIN), "empty.csv.gz:1:", "the file is empty");
    }

    @Test
    void aConfiguredFileIsFoundGzipCompressedWhenOnlyThatExists() throws IOException {
        List<String> rows = new ArrayList<>();
        for (int u = 0; u < 12; u++) {
            for (int k = 0; k < 5; k++) {
                rows.add((100 + u) + "," + (500 + (u * 3 + k) % 20) + "," + k % 4 + "," + (k == 2 ? "buy" : "pv")
                        + "," + (1_511_000_000L + u * 100 + k));
            }
        }
        Path csv = Files.write(dir.resolve("UserBehavior.csv"), rows, StandardCharsets.UTF_8);
        String expected = all(new TaobaoUserBehaviorDataSource(csv, 0, 50, 1L, Split.TEST));
        gzip(csv);
        TaobaoUserBehaviorDataSource fromGz = new TaobaoUserBehaviorDataSource(csv, 0, 50, 1L, Split.TEST);
        assertEquals(expected, all(fromGz));
        assertTrue(fromGz.getProvenance().toString().contains("UserBehavior.csv.gz"), "provenance names the file read");
        Files.delete(dir.resolve("UserBehavior.csv.gz"));
        fails(() -> new TaobaoUserBehaviorDataSource(csv, 0, 50, 1L, Split.TEST), csv.toAbsolutePath().toString(),
                "is missing");
    }

    private static int indexOf(List<String> lines, java.util.function.Predicate<String> test) {
        for (int i = 0; i < lines.size(); i++) {
            if (test.test(lines.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
