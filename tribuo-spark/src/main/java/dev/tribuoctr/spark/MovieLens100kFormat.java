package dev.tribuoctr.spark;

import dev.tribuoctr.ctr.data.ClickEvent;
import dev.tribuoctr.ctr.data.DataFiles;
import dev.tribuoctr.ctr.data.MovieLens100kItems;
import dev.tribuoctr.ctr.data.MovieLensLines;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * MovieLens 100K, read as {@code MovieLensDataSource} reads it: every rating of {@code u.data} (tab-separated
 * {@code user item rating time}) is a click, blank lines are skipped, and an item's category is its first genre
 * in {@code u.item} (named by the optional {@code u.genre}, else the flag index), both files read by the shared
 * {@link MovieLens100kItems} rules. The optional {@code u.user}
 * ({@code user|age|gender|occupation|zip}) gives each user the context fields {@code age}, {@code gender} and
 * {@code occupation}, as {@code MovieLensDataSource} with {@code userFeatures} does. The item and user files are small
 * and read once on the driver; the user context goes to the job's code files, not to the Parquet instances.
 */
public final class MovieLens100kFormat implements ClickFormat {
    private static final long serialVersionUID = 1L;

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
        List<String> genreNames = readGenreNames(directory.resolve("u.genre"));
        Path items = directory.resolve("u.item");
        files.add(items.toString());
        MovieLens100kItems.forEachItem(items, genreNames, movie -> {
            int first = movie.firstGenre();
            if (first >= 0) {
                categories.put(movie.item(), genreNames.get(first));
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
            // Keyed and valued as MovieLensDataSource sets them: the columns as they are.
            MovieLensLines.UserFields user = MovieLensLines.user100K(users, n, line);
            if (user != null) {
                userContext.computeIfAbsent(user.user(), k -> new TreeMap<>()).putAll(user.fields());
            }
        });
    }

    private List<String> readGenreNames(Path genre) {
        if (!Files.isRegularFile(genre)) {
            return MovieLens100kItems.indexNames();
        }
        files.add(genre.toString());
        return MovieLens100kItems.readGenres(genre);
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
        ClickEvent click = MovieLensLines.rating100K(Path.of(data), number, line);
        return click == null ? null
                : new Click(click.user(), click.item(), click.timestamp(), categories.get(click.item()));
    }
}
