package dev.tribuoctr.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates small click files with the cases the protocol must get right: lines out of time order, ties in time,
 * repeated clicks, users with too few distinct clicks, rows that are not clicks, blank lines, non-numeric ids.
 */
final class ClickFiles {
    private ClickFiles() { }

    /**
     * Writes a Taobao {@code UserBehavior.csv} of about {@code rows} lines.
     * @param file the file
     * @param rows the number of click lines
     * @param seed the generator's seed
     * @throws IOException if it cannot be written
     */
    static void taobao(Path file, int rows, long seed) throws IOException {
        Random rng = new Random(seed);
        List<String> lines = new ArrayList<>();
        String[] behaviours = {"pv", "pv", "pv", "pv", "buy", "cart", "fav"};
        for (int i = 0; i < rows; i++) {
            int user = rng.nextInt(120);
            int item = rng.nextInt(250);
            String userId = user % 17 == 0 ? "u" + user : Integer.toString(1000 + user);
            // Times in a narrow range: many ties within a user.
            long time = 1_511_000_000L + rng.nextInt(400);
            lines.add(userId + "," + (5000 + item) + "," + (item % 23) + "," + behaviours[rng.nextInt(7)] + ","
                    + time);
            if (i % 500 == 0) {
                lines.add("");
            }
        }
        // Users with one or two distinct clicks only (skipped), one of them repeating a click.
        lines.add("9001,5001,1,pv,1511000001");
        lines.add("9002,5002,2,pv,1511000001");
        lines.add("9002,5003,3,pv,1511000002");
        lines.add("9002,5002,2,pv,1511000003");
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /**
     * Writes a MovieLens 100K folder: {@code u.data}, {@code u.item} (some items without genre, some never rated),
     * {@code u.genre} and {@code u.user} (some users missing, one occupation holding a tab and a backslash).
     * @param dir the folder
     * @param rows the number of ratings
     * @param seed the generator's seed
     * @throws IOException if it cannot be written
     */
    static void movieLens(Path dir, int rows, long seed) throws IOException {
        Random rng = new Random(seed);
        List<String> data = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            data.add((1 + rng.nextInt(90)) + "\t" + (1 + rng.nextInt(140)) + "\t" + (1 + rng.nextInt(5)) + "\t"
                    + (880_000_000L + rng.nextInt(2000)));
        }
        Files.write(dir.resolve("u.data"), data, StandardCharsets.ISO_8859_1);
        List<String> genres = new ArrayList<>();
        for (int g = 0; g < 19; g++) {
            genres.add("genre" + g + "|" + g);
        }
        Files.write(dir.resolve("u.genre"), genres, StandardCharsets.ISO_8859_1);
        List<String> items = new ArrayList<>();
        for (int item = 1; item <= 150; item++) {
            StringBuilder line = new StringBuilder(item + "|Movie " + item + " (1995)|01-Jan-1995||http://x");
            for (int g = 0; g < 19; g++) {
                line.append('|').append(item % 7 != 0 && g >= item % 19 && rng.nextBoolean() ? '1' : '0');
            }
            items.add(line.toString());
        }
        Files.write(dir.resolve("u.item"), items, StandardCharsets.ISO_8859_1);
        List<String> users = new ArrayList<>();
        for (int user = 1; user <= 90; user++) {
            if (user % 9 != 0) {
                String occupation = user == 4 ? "tech\tnician\\x" : "job" + rng.nextInt(5);
                users.add(user + "|" + (18 + rng.nextInt(40)) + "|" + (rng.nextBoolean() ? "F" : "M") + "|"
                        + occupation + "|0" + (1000 + user));
            }
        }
        Files.write(dir.resolve("u.user"), users, StandardCharsets.ISO_8859_1);
    }

    /**
     * Writes a MovieLens 1M folder: {@code ratings.dat} (with blank lines), {@code movies.dat} (some movies without
     * genre, some never rated, one listed twice with other genres) and {@code users.dat}.
     * @param dir the folder
     * @param rows the number of ratings
     * @param seed the generator's seed
     * @throws IOException if it cannot be written
     */
    static void movieLens1m(Path dir, int rows, long seed) throws IOException {
        Random rng = new Random(seed);
        List<String> ratings = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            ratings.add((1 + rng.nextInt(60)) + "::" + (1 + rng.nextInt(120)) + "::" + (1 + rng.nextInt(5)) + "::"
                    + (970_000_000L + rng.nextInt(1500)));
            if (i % 400 == 0) {
                ratings.add("");
            }
        }
        Files.write(dir.resolve("ratings.dat"), ratings, StandardCharsets.ISO_8859_1);
        String[] genres = {"Action", "Comedy", "Drama", "Horror", "Children's", "Sci-Fi"};
        List<String> movies = new ArrayList<>();
        for (int item = 1; item <= 130; item++) {
            String g = item % 9 == 0 ? "" : genres[item % 6] + (item % 2 == 0 ? "|" + genres[(item + 1) % 6] : "");
            movies.add(item + "::Movie " + item + " (1999)::" + g);
        }
        movies.add("5::Movie 5 again (2000)::" + genres[3] + "|" + genres[0]);
        Files.write(dir.resolve("movies.dat"), movies, StandardCharsets.ISO_8859_1);
        List<String> users = new ArrayList<>();
        for (int user = 1; user <= 60; user++) {
            users.add(user + "::" + (user % 2 == 0 ? "F" : "M") + "::" + (user % 7) * 10 + "::" + user % 21 + "::"
                    + (10000 + user));
        }
        Files.write(dir.resolve("users.dat"), users, StandardCharsets.ISO_8859_1);
    }

    /**
     * Writes Amazon reviews (JSON lines, with blank lines) and metadata (Python literals: some records without
     * categories or with an empty first path, items never reviewed, one item listed twice).
     * @param reviews the reviews file
     * @param metadata the metadata file
     * @param rows the number of reviews
     * @param seed the generator's seed
     * @throws IOException if it cannot be written
     */
    static void amazon(Path reviews, Path metadata, int rows, long seed) throws IOException {
        Random rng = new Random(seed);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            lines.add("{\"reviewerID\": \"A" + rng.nextInt(70) + "\", \"asin\": \"B" + rng.nextInt(110)
                    + "\", \"overall\": 4.0, \"reviewText\": \"fine, \\\"really\\\"\", \"unixReviewTime\": "
                    + (1_300_000_000L + rng.nextInt(900)) + "}");
            if (i % 300 == 0) {
                lines.add("");
            }
        }
        Files.write(reviews, lines, StandardCharsets.UTF_8);
        List<String> meta = new ArrayList<>();
        for (int item = 0; item < 130; item++) {
            String categories = switch (item % 10) {
                case 0 -> "";
                case 1 -> ", 'categories': []";
                case 2 -> ", 'categories': [[]]";
                default -> ", 'categories': [['Toys', 'Kind " + item % 7 + "'], ['Other']]";
            };
            meta.add("{'asin': 'B" + item + "', 'title': 'It\\'s item " + item + "'" + categories + "}");
        }
        meta.add("{'asin': 'B13', 'categories': [['Toys', 'Relisted']]}");
        meta.add("{'asin': 'B23', 'categories': []}");
        Files.write(metadata, meta, StandardCharsets.UTF_8);
    }

    /**
     * Writes a delimited click table with the header {@code note,ts,cat,iid,uid}: a quoted note holding the
     * separator, blank categories, ties in time, blank lines.
     * @param file the file
     * @param rows the number of click rows
     * @param seed the generator's seed
     * @return the rows in file order: user, item, time (a Long), category (null when blank)
     * @throws IOException if it cannot be written
     */
    static List<Object[]> clickTable(Path file, int rows, long seed) throws IOException {
        Random rng = new Random(seed);
        List<String> lines = new ArrayList<>(List.of("note,ts,cat,iid,uid"));
        List<Object[]> values = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            String user = "u" + rng.nextInt(80);
            String item = Integer.toString(100 + rng.nextInt(150));
            long time = 1_600_000_000L + rng.nextInt(500);
            String category = rng.nextInt(4) == 0 ? null : "c" + rng.nextInt(9);
            lines.add("\"note " + i + ", \"\"quoted\"\"\"," + time + "," + (category == null ? "" : category) + ","
                    + item + "," + user);
            values.add(new Object[] {user, item, time, category});
            if (i % 250 == 0) {
                lines.add("");
            }
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
        return values;
    }
}
