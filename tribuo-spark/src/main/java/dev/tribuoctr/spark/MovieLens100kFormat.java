package dev.tribuoctr.spark;

import dev.tribuoctr.ctr.data.ClickLogFormatException;
import dev.tribuoctr.ctr.data.DataFiles;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * MovieLens 100K, read as {@code MovieLensDataSource} reads it: every rating of {@code u.data} (tab-separated
 * {@code user item rating time}) is a click, blank lines are skipped, and an item's category is its first genre
 * in {@code u.item} (named by the optional {@code u.genre}, else the flag index). The optional {@code u.user}
 * ({@code user|age|gender|occupation|zip}) gives each user the context fields {@code age}, {@code gender} and
 * {@code occupation}, as {@code MovieLensDataSource} with {@code userFeatures} does. The item and user files are small
 * and read once on the driver; the user context goes to the job's code files, not to the Parquet instances.
 */
public final class MovieLens100kFormat implements ClickFormat {
    private static final long serialVersionUID = 1L;
    private static final Pattern TAB = Pattern.compile("\t");
    private static final Pattern PIPE = Pattern.compile("\\|");
    private static final int GENRE_FLAGS = 19;

    private final String data;
    private final List<String> files = new ArrayList<>();
    private final HashMap<String, String> categories = new HashMap<>();
    private final HashMap<String, Map<String, String>> userContext = new HashMap<>();

    /**
     * Reads the item genres and the user context of a MovieLens 100K folder.
     * @param directory the folder holding {@code u.data}, {@code u.item} and optionally {@code u.genre} and
     *                  {@code u.user}
     */
    public MovieLens100kFormat(Path directory) {
        Path dataFile = directory.resolve("u.data");
        DataFiles.requireFile("directory", dataFile);
        DataFiles.requireFile("directory", directory.resolve("u.item"));
        this.data = dataFile.toString();
        files.add(data);
        Map<Integer, String> genreNames = readGenreNames(directory.resolve("u.genre"));
        Path items = directory.resolve("u.item");
        files.add(items.toString());
        DataFiles.forEachLine(items, StandardCharsets.ISO_8859_1, (line, n) -> {
            if (!line.isBlank()) {
                readItem(items, line, n, genreNames);
            }
        });
        readUsers(directory.resolve("u.user"));
    }

    private void readUsers(Path users) {
        if (!Files.isRegularFile(users)) {
            return;
        }
        files.add(users.toString());
        DataFiles.forEachLine(users, StandardCharsets.ISO_8859_1, (line, n) -> {
            if (!line.isBlank()) {
                // Keyed and valued as MovieLensDataSource sets them: the columns as they are.
                String[] cols = split(PIPE, line, 5, users, n);
                Map<String, String> fields = userContext.computeIfAbsent(cols[0], k -> new TreeMap<>());
                fields.put("age", cols[1]);
                fields.put("gender", cols[2]);
                fields.put("occupation", cols[3]);
            }
        });
    }

    private Map<Integer, String> readGenreNames(Path genre) {
        Map<Integer, String> names = new HashMap<>();
        if (Files.isRegularFile(genre)) {
            files.add(genre.toString());
            DataFiles.forEachLine(genre, StandardCharsets.ISO_8859_1, (line, n) -> {
                if (!line.isBlank()) {
                    String[] cols = split(PIPE, line, 2, genre, n);
                    names.put((int) DataFiles.parseLong(genre, n, "genre index", cols[1]), cols[0]);
                }
            });
        }
        return names;
    }

    private void readItem(Path items, String line, long n, Map<Integer, String> genreNames) {
        String[] cols = PIPE.split(line, -1);
        if (cols.length < GENRE_FLAGS + 2) {
            throw new ClickLogFormatException(items, n, "expected at least " + (GENRE_FLAGS + 2)
                    + " '|'-separated columns (id, title, ..., 19 genre flags), found " + cols.length);
        }
        int base = cols.length - GENRE_FLAGS;
        int first = -1;
        for (int g = 0; g < GENRE_FLAGS; g++) {
            String flag = cols[base + g].trim();
            if (!flag.equals("0") && !flag.equals("1")) {
                throw new ClickLogFormatException(items, n, "genre flag " + g + " is not 0 or 1: '" + flag + "'");
            }
            if (first < 0 && flag.equals("1")) {
                first = g;
            }
        }
        if (first >= 0) {
            // A later line for the same item wins, as the single-machine builder's setCategory does.
            categories.put(cols[0].trim(), genreNames.getOrDefault(first, Integer.toString(first)));
        }
    }

    @Override
    public String clickFile() { return data; }

    @Override
    public List<String> filesRead() { return List.copyOf(files); }

    @Override
    public String layout() { return "movielens-100k"; }

    @Override
    public Map<String, Map<String, String>> userContext() { return Collections.unmodifiableMap(userContext); }

    @Override
    public Click parse(String line, long number) {
        if (line.isBlank()) {
            return null;
        }
        Path file = Path.of(data);
        String[] cols = split(TAB, line, 4, file, number);
        String user = DataFiles.requireId(file, number, "user id", cols[0]);
        String item = DataFiles.requireId(file, number, "item id", cols[1]);
        DataFiles.parseFinite(file, number, "rating", cols[2]); // every rating is a click, but it must be a rating
        return new Click(user, item, DataFiles.parseLong(file, number, "timestamp", cols[3]), categories.get(item));
    }

    private static String[] split(Pattern separator, String line, int expected, Path file, long n) {
        String[] cols = separator.split(line, -1);
        if (cols.length != expected) {
            throw new ClickLogFormatException(file, n, "expected " + expected + " columns, found " + cols.length);
        }
        return cols;
    }
}
