package dev.tribuoctr.spark;

import dev.tribuoctr.ctr.data.ClickEvent;
import dev.tribuoctr.ctr.data.DataFiles;
import dev.tribuoctr.ctr.data.ItemCategory;
import dev.tribuoctr.ctr.data.MovieLensLines;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * MovieLens 1M, read as {@code MovieLensDataSource} reads it, through the same line rules ({@link MovieLensLines}):
 * every rating of {@code ratings.dat} ({@code user::item::rating::time}) is a click, blank lines are skipped, an
 * item's category is its first genre in {@code movies.dat} (the last line of an item wins), and the optional
 * {@code users.dat} gives each user's {@code gender}, {@code age} and {@code occupation} ({@link #userContext()}).
 * The movies and users files are small and read once on the driver; files are ISO-8859-1.
 */
public final class MovieLens1mFormat implements ClickFormat {
    private static final long serialVersionUID = 1L;

    private final String ratings;
    private final List<String> files = new ArrayList<>();
    private final HashMap<String, String> categories = new HashMap<>();
    private final HashMap<String, Map<String, String>> users = new HashMap<>();

    /**
     * Reads the genres and users of a MovieLens 1M folder.
     * @param directory the folder holding {@code ratings.dat}, {@code movies.dat} and optionally {@code users.dat}
     * @throws com.oracle.labs.mlrg.olcut.config.PropertyException if a mandatory file is missing
     * @throws dev.tribuoctr.ctr.data.ClickLogFormatException if a movies or users line is malformed
     */
    public MovieLens1mFormat(Path directory) {
        Path ratingsFile = directory.resolve("ratings.dat");
        Path movies = directory.resolve("movies.dat");
        DataFiles.requireFile("directory", ratingsFile);
        DataFiles.requireFile("directory", movies);
        this.ratings = ratingsFile.toString();
        files.add(ratings);
        files.add(movies.toString());
        DataFiles.forEachLine(movies, StandardCharsets.ISO_8859_1, (line, n) -> {
            ItemCategory category = MovieLensLines.movie1M(movies, n, line);
            if (category != null) {
                categories.put(category.item(), category.category());
            }
        });
        Path usersFile = directory.resolve("users.dat");
        if (Files.isRegularFile(usersFile)) {
            files.add(usersFile.toString());
            DataFiles.forEachLine(usersFile, StandardCharsets.ISO_8859_1, (line, n) -> {
                MovieLensLines.UserFields user = MovieLensLines.user1M(usersFile, n, line);
                if (user != null) {
                    // A later line of the same user adds to and overrides its fields, as the single-machine builder.
                    users.computeIfAbsent(user.user(), u -> new HashMap<>()).putAll(user.fields());
                }
            });
        }
    }

    @Override
    public String clickFile() { return ratings; }

    @Override
    public List<String> filesRead() { return List.copyOf(files); }

    @Override
    public String layout() { return "movielens-1m"; }

    @Override
    public Map<String, Map<String, String>> userContext() {
        Map<String, Map<String, String>> copy = new HashMap<>();
        users.forEach((user, fields) -> copy.put(user, Map.copyOf(fields)));
        return Map.copyOf(copy);
    }

    @Override
    public Click parse(String line, long number) {
        // The line text is Spark's UTF-8 decoding: ids, ratings and times are ASCII, so it reads them as the
        // single-machine ISO-8859-1 reader does.
        ClickEvent click = MovieLensLines.rating1M(Path.of(ratings), number, line);
        return click == null ? null
                : new Click(click.user(), click.item(), click.timestamp(), categories.get(click.item()));
    }
}
