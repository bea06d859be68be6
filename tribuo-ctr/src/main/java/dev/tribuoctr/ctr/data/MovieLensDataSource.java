package dev.tribuoctr.ctr.data;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.tribuoctr.ctr.data.LeaveLastOutProtocol.Split;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * MovieLens ratings as clicks (every rating is a click, as DIN and the Meta-Wrapper paper do), through the
 * {@link LeaveLastOutProtocol}. Reads either layout found in {@code directory}:
 * <ul>
 *     <li>1M: {@code ratings.dat} ({@code user::item::rating::time}), {@code movies.dat}
 *     ({@code item::title::Genre1|Genre2}), optional {@code users.dat} ({@code user::gender::age::occupation::zip});
 *     </li>
 *     <li>100K: {@code u.data} (tab-separated {@code user item rating time}), {@code u.item} and the optional
 *     {@code u.genre} as {@link MovieLens100kItems} reads them (genre names from {@code u.genre}, else the flag
 *     index), optional
 *     {@code u.user} ({@code user|age|gender|occupation|zip}).</li>
 * </ul>
 * The category ({@code cate@}) is the movie's first genre. Context: {@code user@<id>} and, when the users file is
 * present and {@code userFeatures} is true, {@code gender@}, {@code age@} and {@code occupation@}. Files are read
 * as ISO-8859-1 (the MovieLens encoding); each file may be gzip-compressed ({@code .gz} added to its name).
 * <p>
 * Ratings whose movie the movies file ({@code movies.dat}, {@code u.item}) does not declare, or whose user the read
 * users file does not declare, are counted and logged; above {@code maxUnmatchedFraction} of the ratings (1% by
 * default) the files are refused as not belonging together, naming the first unmatched id and its line.
 */
public final class MovieLensDataSource extends ClickLogDataSource {

    @Config(mandatory = true, description = "Folder holding ratings.dat + movies.dat (1M) or u.data + u.item (100K).")
    private Path directory;

    @Config(description = "Add gender@, age@ and occupation@ context features when the users file is present.")
    private boolean userFeatures = true;

    @Config(description = "Largest fraction of ratings whose movie (or user) the movies (users) file does not declare;"
            + " above it the files are refused as not belonging together (below it the count is logged).")
    private double maxUnmatchedFraction = UnmatchedIds.DEFAULT_MAX_FRACTION;

    /** For OLCUT. */
    private MovieLensDataSource() {}

    /**
     * Creates a source that accepts up to 1% of ratings whose movie or user is not declared.
     * @param directory folder of a MovieLens 1M or 100K data set
     * @param userFeatures add the users-file context features when present
     * @param maxHistory maximum history length
     * @param seed negative-sampling seed
     * @param split the part to yield
     * @throws IllegalArgumentException if a setting or a file is invalid
     */
    public MovieLensDataSource(Path directory, boolean userFeatures, int maxHistory, long seed, Split split) {
        this(directory, userFeatures, UnmatchedIds.DEFAULT_MAX_FRACTION, maxHistory, seed, split);
    }

    /**
     * Creates a source.
     * @param directory folder of a MovieLens 1M or 100K data set
     * @param userFeatures add the users-file context features when present
     * @param maxUnmatchedFraction largest accepted fraction of ratings whose movie or user is not declared
     * @param maxHistory maximum history length
     * @param seed negative-sampling seed
     * @param split the part to yield
     * @throws IllegalArgumentException if a setting or a file is invalid
     */
    public MovieLensDataSource(Path directory, boolean userFeatures, double maxUnmatchedFraction, int maxHistory,
                               long seed, Split split) {
        this.directory = directory;
        this.userFeatures = userFeatures;
        this.maxUnmatchedFraction = maxUnmatchedFraction;
        configure(maxHistory, seed, split);
    }

    @Override
    protected void validateFiles() {
        UnmatchedIds.checkLimit("maxUnmatchedFraction", maxUnmatchedFraction);
        if (directory == null || !Files.isDirectory(directory)) {
            String problem = directory != null && Files.exists(directory) ? "is a file, not a folder"
                    : "is missing";
            throw new PropertyException(new java.nio.file.NoSuchFileException(String.valueOf(directory), null,
                    "the MovieLens directory " + problem + "; " + LAYOUTS), "", "directory", "directory "
                    + problem + ": " + directory + "; " + LAYOUTS);
        }
        if (Files.isRegularFile(file("ratings.dat"))) {
            requireFile("directory", file("movies.dat"), "the folder holds ratings.dat (MovieLens 1M), which needs"
                    + " movies.dat beside it; " + LAYOUTS);
        } else if (Files.isRegularFile(file("u.data"))) {
            requireFile("directory", file("u.item"), "the folder holds u.data (MovieLens 100K), which needs u.item"
                    + " beside it; " + LAYOUTS);
        } else {
            String problem = (isEmpty(directory) ? "is empty" : "holds neither ratings.dat (MovieLens 1M) nor u.data"
                    + " (MovieLens 100K)") + hint(directory) + "; " + LAYOUTS;
            Path absolute = directory.toAbsolutePath();
            throw new PropertyException(new java.nio.file.NoSuchFileException(absolute.toString(), null,
                    "the MovieLens directory " + problem), "", "directory", "directory " + absolute + " " + problem);
        }
    }

    /** What a MovieLens folder holds, for messages. */
    private static final String LAYOUTS = "a MovieLens folder holds ratings.dat and movies.dat, users.dat optional"
            + " (1M), or u.data and u.item, u.user and u.genre optional (100K), each as published or gzip-compressed"
            + " (.gz added); unzip the downloaded archive and give its ml-1m or ml-100k folder";

    /** A data file of the folder, as published or gzip-compressed. */
    private Path file(String name) {
        return DataStreams.inFolder(directory, name);
    }

    private static boolean isEmpty(Path folder) {
        try (java.util.stream.Stream<Path> files = Files.list(folder)) {
            return files.findAny().isEmpty();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Points at a MovieLens folder one level down (the user gave the folder the archive was unzipped into). */
    private static String hint(Path folder) {
        try (java.util.stream.Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> Files.isRegularFile(DataStreams.inFolder(f, "ratings.dat"))
                            || Files.isRegularFile(DataStreams.inFolder(f, "u.data")))
                    .map(f -> " (but " + f.getFileName() + " inside it does: give that folder)")
                    .findFirst().orElse("");
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Override
    protected ClickLog readLog() {
        ClickLog.Builder builder = new ClickLog.Builder();
        if (Files.isRegularFile(file("ratings.dat"))) {
            recordLayout("movielens-1m");
            read1M(builder);
        } else {
            recordLayout("movielens-100k");
            read100K(builder);
        }
        return builder.build();
    }

    private void read1M(ClickLog.Builder builder) {
        Path ratings = file("ratings.dat");
        recordFile(ratings);
        Path movies = file("movies.dat");
        recordFile(movies);
        UnmatchedIds unknownMovies = new UnmatchedIds(movies, "movie");
        forEachLine(movies, StandardCharsets.ISO_8859_1, (line, n) -> {
            ItemCategory movie = MovieLensLines.movieRecord1M(movies, n, line);
            if (movie != null) {
                unknownMovies.declare(movie.item());
                if (movie.category() != null) {
                    builder.setCategory(movie.item(), movie.category());
                }
            }
        });
        UnmatchedIds unknownUsers = readUsers(builder, file("users.dat"), MovieLensLines::user1M);
        forEachLine(ratings, StandardCharsets.ISO_8859_1, (line, n) -> {
            ClickEvent click = MovieLensLines.rating1M(ratings, n, line);
            if (click != null) {
                addClick(builder, click, ratings, n, unknownMovies, unknownUsers);
            }
        });
        report(unknownMovies, unknownUsers);
    }

    /** Reads one line of a users file (1M or 100K layout) into a user and its context fields, or null for none. */
    private interface UserLine {
        MovieLensLines.UserFields read(Path file, long line, String text);
    }

    /**
     * Reads the users file into the users' context when user features are asked for and the file is there.
     * @return the users it declares (to check ratings against), or null when it was not read
     */
    private UnmatchedIds readUsers(ClickLog.Builder builder, Path users, UserLine lines) {
        if (!userFeatures || !Files.isRegularFile(users)) {
            return null;
        }
        UnmatchedIds declared = new UnmatchedIds(users, "user");
        recordFile(users);
        forEachLine(users, StandardCharsets.ISO_8859_1, (line, n) -> {
            MovieLensLines.UserFields user = lines.read(users, n, line);
            if (user != null) {
                declared.declare(user.user());
                user.fields().forEach((field, value) -> builder.setUserContext(user.user(), field, value));
            }
        });
        return declared;
    }

    /** Adds a rating as a click, checking its movie and user against the declaring files. */
    private static void addClick(ClickLog.Builder builder, ClickEvent click, Path file, long n,
                                 UnmatchedIds unknownMovies, UnmatchedIds unknownUsers) {
        unknownMovies.check(click.item(), file, n);
        if (unknownUsers != null) {
            unknownUsers.check(click.user(), file, n);
        }
        builder.addClick(click.user(), click.item(), click.timestamp());
    }

    private void report(UnmatchedIds unknownMovies, UnmatchedIds unknownUsers) {
        unknownMovies.report(maxUnmatchedFraction, "maxUnmatchedFraction");
        if (unknownUsers != null) {
            unknownUsers.report(maxUnmatchedFraction, "maxUnmatchedFraction");
        }
    }

    private void read100K(ClickLog.Builder builder) {
        Path data = file("u.data");
        recordFile(data);
        Path genre = file("u.genre");
        List<String> genreNames = MovieLens100kItems.indexNames();
        if (Files.isRegularFile(genre)) {
            recordFile(genre);
            genreNames = MovieLens100kItems.readGenres(genre);
        }
        List<String> names = genreNames;
        Path items = file("u.item");
        recordFile(items);
        UnmatchedIds unknownMovies = new UnmatchedIds(items, "movie");
        MovieLens100kItems.forEachItem(items, names, movie -> {
            unknownMovies.declare(movie.item());
            int first = movie.firstGenre();
            if (first >= 0) {
                builder.setCategory(movie.item(), names.get(first));
            }
        });
        UnmatchedIds unknownUsers = readUsers(builder, file("u.user"), MovieLensLines::user100K);
        forEachLine(data, StandardCharsets.ISO_8859_1, (line, n) -> {
            ClickEvent click = MovieLensLines.rating100K(data, n, line);
            if (click != null) {
                addClick(builder, click, data, n, unknownMovies, unknownUsers);
            }
        });
        report(unknownMovies, unknownUsers);
    }

    @Override
    public String toString() {
        return "MovieLensDataSource(directory=" + directory + ",userFeatures=" + userFeatures
                + ",maxUnmatchedFraction=" + maxUnmatchedFraction + ",maxHistory="
                + maxHistory + ",seed=" + seed + ",split=" + split + ")";
    }
}
