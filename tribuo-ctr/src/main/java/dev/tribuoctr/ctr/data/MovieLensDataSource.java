package dev.tribuoctr.ctr.data;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.tribuoctr.ctr.data.LeaveLastOutProtocol.Split;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * MovieLens ratings as clicks (every rating is a click, as DIN and the Meta-Wrapper paper do), through the
 * {@link LeaveLastOutProtocol}. Reads either layout found in {@code directory}:
 * <ul>
 *     <li>1M: {@code ratings.dat} ({@code user::item::rating::time}), {@code movies.dat}
 *     ({@code item::title::Genre1|Genre2}), optional {@code users.dat} ({@code user::gender::age::occupation::zip});
 *     </li>
 *     <li>100K: {@code u.data} (tab-separated {@code user item rating time}), {@code u.item} ({@code |}-separated,
 *     19 genre flags at the end, names from the optional {@code u.genre}, else the flag index), optional
 *     {@code u.user} ({@code user|age|gender|occupation|zip}).</li>
 * </ul>
 * The category ({@code cate@}) is the movie's first genre. Context: {@code user@<id>} and, when the users file is
 * present and {@code userFeatures} is true, {@code gender@}, {@code age@} and {@code occupation@}. Files are read
 * as ISO-8859-1 (the MovieLens encoding).
 */
public final class MovieLensDataSource extends ClickLogDataSource {
    private static final Pattern PIPE = Pattern.compile("\\|");
    private static final Pattern TAB = Pattern.compile("\t");
    private static final int GENRE_FLAGS = 19;

    @Config(mandatory = true, description = "Folder holding ratings.dat + movies.dat (1M) or u.data + u.item (100K).")
    private Path directory;

    @Config(description = "Add gender@, age@ and occupation@ context features when the users file is present.")
    private boolean userFeatures = true;

    /** For OLCUT. */
    private MovieLensDataSource() {}

    /**
     * Creates a source.
     * @param directory folder of a MovieLens 1M or 100K data set
     * @param userFeatures add the users-file context features when present
     * @param maxHistory maximum history length
     * @param seed negative-sampling seed
     * @param split the part to yield
     * @throws IllegalArgumentException if a setting or a file is invalid
     */
    public MovieLensDataSource(Path directory, boolean userFeatures, int maxHistory, long seed, Split split) {
        this.directory = directory;
        this.userFeatures = userFeatures;
        configure(maxHistory, seed, split);
    }

    @Override
    protected void validateFiles() {
        if (directory == null || !Files.isDirectory(directory)) {
            throw new PropertyException(new java.nio.file.NoSuchFileException(String.valueOf(directory), null,
                    "the MovieLens directory is not a folder"), "", "directory", "directory is not a folder: " + directory);
        }
        boolean m1 = Files.isRegularFile(directory.resolve("ratings.dat"));
        boolean k100 = Files.isRegularFile(directory.resolve("u.data"));
        if (m1) {
            requireFile("directory", directory.resolve("movies.dat"));
        } else if (k100) {
            requireFile("directory", directory.resolve("u.item"));
        } else {
            String problem = "holds neither ratings.dat (MovieLens 1M) nor u.data (MovieLens 100K)";
            throw new PropertyException(new java.nio.file.NoSuchFileException(directory.toString(), null, problem),
                    "", "directory", "directory " + problem + ": " + directory);
        }
    }

    @Override
    protected ClickLog readLog() {
        ClickLog.Builder builder = new ClickLog.Builder();
        if (Files.isRegularFile(directory.resolve("ratings.dat"))) {
            recordLayout("movielens-1m");
            read1M(builder);
        } else {
            recordLayout("movielens-100k");
            read100K(builder);
        }
        return builder.build();
    }

    private void read1M(ClickLog.Builder builder) {
        Path ratings = directory.resolve("ratings.dat");
        recordFile(ratings);
        forEachLine(ratings, StandardCharsets.ISO_8859_1, (line, n) -> {
            ClickEvent click = MovieLensLines.rating1M(ratings, n, line);
            if (click != null) {
                builder.addClick(click.user(), click.item(), click.timestamp());
            }
        });
        Path movies = directory.resolve("movies.dat");
        recordFile(movies);
        forEachLine(movies, StandardCharsets.ISO_8859_1, (line, n) -> {
            ItemCategory category = MovieLensLines.movie1M(movies, n, line);
            if (category != null) {
                builder.setCategory(category.item(), category.category());
            }
        });
        Path users = directory.resolve("users.dat");
        if (userFeatures && Files.isRegularFile(users)) {
            recordFile(users);
            forEachLine(users, StandardCharsets.ISO_8859_1, (line, n) -> {
                MovieLensLines.UserFields user = MovieLensLines.user1M(users, n, line);
                if (user != null) {
                    user.fields().forEach((field, value) -> builder.setUserContext(user.user(), field, value));
                }
            });
        }
    }

    private void read100K(ClickLog.Builder builder) {
        Path data = directory.resolve("u.data");
        recordFile(data);
        forEachLine(data, StandardCharsets.ISO_8859_1, (line, n) -> {
            if (line.isBlank()) {
                return;
            }
            ClickEvent click = MovieLensLines.rating(data, n, MovieLensLines.split(TAB, line, 4, data, n));
            builder.addClick(click.user(), click.item(), click.timestamp());
        });
        Map<Integer, String> genreNames = new HashMap<>();
        Path genre = directory.resolve("u.genre");
        if (Files.isRegularFile(genre)) {
            recordFile(genre);
            forEachLine(genre, StandardCharsets.ISO_8859_1, (line, n) -> {
                if (line.isBlank()) {
                    return;
                }
                String[] cols = MovieLensLines.split(PIPE, line, 2, genre, n);
                genreNames.put((int) parseLong(genre, n, "genre index", cols[1]), cols[0]);
            });
        }
        Path items = directory.resolve("u.item");
        recordFile(items);
        forEachLine(items, StandardCharsets.ISO_8859_1, (line, n) -> {
            if (line.isBlank()) {
                return;
            }
            String[] cols = PIPE.split(line, -1);
            if (cols.length < GENRE_FLAGS + 2) {
                throw new ClickLogFormatException(items, n, "expected at least " + (GENRE_FLAGS + 2)
                        + " '|'-separated columns (id, title, ..., 19 genre flags), found " + cols.length);
            }
            int base = cols.length - GENRE_FLAGS;
            for (int g = 0; g < GENRE_FLAGS; g++) {
                String flag = cols[base + g].trim();
                if (!flag.equals("0") && !flag.equals("1")) {
                    throw new ClickLogFormatException(items, n, "genre flag " + g + " is not 0 or 1: '" + flag + "'");
                }
            }
            for (int g = 0; g < GENRE_FLAGS; g++) {
                if (cols[base + g].trim().equals("1")) {
                    builder.setCategory(cols[0].trim(), genreNames.getOrDefault(g, Integer.toString(g)));
                    break;
                }
            }
        });
        Path users = directory.resolve("u.user");
        if (userFeatures && Files.isRegularFile(users)) {
            recordFile(users);
            forEachLine(users, StandardCharsets.ISO_8859_1, (line, n) -> {
                if (line.isBlank()) {
                    return;
                }
                String[] cols = MovieLensLines.split(PIPE, line, 5, users, n);
                builder.setUserContext(cols[0], "age", cols[1]);
                builder.setUserContext(cols[0], "gender", cols[2]);
                builder.setUserContext(cols[0], "occupation", cols[3]);
            });
        }
    }

    @Override
    public String toString() {
        return "MovieLensDataSource(directory=" + directory + ",userFeatures=" + userFeatures + ",maxHistory="
                + maxHistory + ",seed=" + seed + ",split=" + split + ")";
    }
}
