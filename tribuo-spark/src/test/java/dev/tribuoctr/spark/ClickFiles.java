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
}
