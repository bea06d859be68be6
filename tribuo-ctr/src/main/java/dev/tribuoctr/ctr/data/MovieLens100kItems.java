package dev.tribuoctr.ctr.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of MovieLens 100K's movie files, {@code u.item} and {@code u.genre}, shared by {@link MovieLensDataSource},
 * the Spark job of {@code tribuo-spark} and the field-selection source of {@code tribuo-featuresel}, so all three
 * accept and refuse the same lines. Both files are ISO-8859-1, blank lines are skipped, and every error is a
 * {@link ClickLogFormatException} naming the file and line (and the column at fault).
 * <ul>
 *   <li>{@code u.item}: exactly {@value #ITEM_COLUMNS} {@code |}-separated columns: id (a whole number), title,
 *   release date ({@code dd-MMM-yyyy} or empty), video release date, IMDb URL and {@value #GENRE_FLAGS} genre flags,
 *   each {@code 0} or {@code 1}; an id may appear only once.</li>
 *   <li>{@code u.genre}: {@code name|index} lines, the name not empty, the index in {@code 0..18}, each index once and
 *   all {@value #GENRE_FLAGS} present.</li>
 * </ul>
 */
public final class MovieLens100kItems {
    /** Genre flags at the end of each {@code u.item} line. */
    public static final int GENRE_FLAGS = 19;
    /** Columns of a {@code u.item} line: id, title, release date, video release date, IMDb URL, the genre flags. */
    public static final int ITEM_COLUMNS = 5 + GENRE_FLAGS;
    /** The genre names of MovieLens 100K in flag order, as its {@code u.genre} gives them. */
    public static final List<String> STANDARD_GENRES = List.of("unknown", "Action", "Adventure", "Animation",
            "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical",
            "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western");

    private static final Pattern PIPE = Pattern.compile("\\|");
    private static final Pattern RELEASE_DATE = Pattern.compile("\\d{1,2}-[A-Za-z]{3}-(\\d{4})");
    private static final String ITEM_LAYOUT = "id|title|release date|video release date|IMDb URL|" + GENRE_FLAGS
            + " genre flags";

    private MovieLens100kItems() { }

    /**
     * One {@code u.item} line.
     * @param file the file, for messages
     * @param n the 1-based line number
     * @param line the line
     * @param genreLabels the {@value #GENRE_FLAGS} genre names to name a bad flag by in messages
     * @return the movie, or null for a blank line
     * @throws ClickLogFormatException if the line breaks a rule
     */
    public static Movie item(Path file, long n, String line, List<String> genreLabels) {
        if (line.isBlank()) {
            return null;
        }
        String[] cols = PIPE.split(line, -1);
        if (cols.length != ITEM_COLUMNS) {
            throw new ClickLogFormatException(file, n, "expected " + ITEM_COLUMNS + " columns (" + ITEM_LAYOUT
                    + "), found " + cols.length);
        }
        String id = DataFiles.requireId(file, n, "item id", cols[0]);
        DataFiles.parseLong(file, n, "item id", id);
        String date = cols[2].trim();
        String year = null;
        if (!date.isEmpty()) {
            Matcher m = RELEASE_DATE.matcher(date);
            if (!m.matches()) {
                throw new ClickLogFormatException(file, n, "release date must look like 01-Jan-1995, found '"
                        + cols[2] + "'");
            }
            year = m.group(1);
        }
        boolean[] genres = new boolean[GENRE_FLAGS];
        for (int g = 0; g < GENRE_FLAGS; g++) {
            String flag = cols[5 + g].trim();
            if (!flag.equals("0") && !flag.equals("1")) {
                String label = genreLabels.get(g);
                throw new ClickLogFormatException(file, n, "genre flag " + g
                        + (label.equals(Integer.toString(g)) ? "" : " (" + label + ")") + " must be 0 or 1, found '"
                        + cols[5 + g] + "'");
            }
            genres[g] = flag.equals("1");
        }
        return new Movie(id, cols[1], year, genres);
    }

    /**
     * Reads a whole {@code u.item} file by {@link #item}, refusing a movie id that appears twice (compared as
     * numbers, so {@code 7} and {@code 07} are the same movie).
     * @param file the file
     * @param genreLabels the genre names to name a bad flag by in messages
     * @param each receives each movie in file order
     * @throws ClickLogFormatException if a line breaks a rule
     */
    public static void forEachItem(Path file, List<String> genreLabels, Consumer<Movie> each) {
        Set<Long> seen = new HashSet<>();
        DataFiles.forEachLine(file, StandardCharsets.ISO_8859_1, (line, n) -> {
            Movie movie = item(file, n, line, genreLabels);
            if (movie != null) {
                if (!seen.add(Long.parseLong(movie.item()))) {
                    throw new ClickLogFormatException(file, n, "item " + movie.item() + " appears twice");
                }
                each.accept(movie);
            }
        });
    }

    /**
     * One {@code u.genre} line ({@code name|index}).
     * @param file the file, for messages
     * @param n the 1-based line number
     * @param line the line
     * @return the genre, or null for a blank line
     * @throws ClickLogFormatException if the line breaks a rule
     */
    public static Genre genre(Path file, long n, String line) {
        if (line.isBlank()) {
            return null;
        }
        String[] cols = MovieLensLines.split(PIPE, line, 2, file, n, "name|index");
        long g = DataFiles.parseLong(file, n, "genre index", cols[1]);
        if (g < 0 || g >= GENRE_FLAGS) {
            throw new ClickLogFormatException(file, n, "genre index must be in 0.." + (GENRE_FLAGS - 1) + ", found "
                    + g);
        }
        String name = cols[0].trim();
        if (name.isEmpty()) {
            throw new ClickLogFormatException(file, n, "genre name", "is empty");
        }
        return new Genre((int) g, name);
    }

    /**
     * Reads a whole {@code u.genre} file by {@link #genre}: each index once, all {@value #GENRE_FLAGS} present.
     * @param file the file
     * @return the {@value #GENRE_FLAGS} genre names in flag order
     * @throws ClickLogFormatException if a line breaks a rule or an index is missing
     */
    public static List<String> readGenres(Path file) {
        String[] names = new String[GENRE_FLAGS];
        long[] lines = {0};
        DataFiles.forEachLine(file, StandardCharsets.ISO_8859_1, (line, n) -> {
            lines[0] = n;
            Genre genre = genre(file, n, line);
            if (genre != null) {
                if (names[genre.index()] != null) {
                    throw new ClickLogFormatException(file, n, "genre index " + genre.index() + " appears twice");
                }
                names[genre.index()] = genre.name();
            }
        });
        for (int g = 0; g < GENRE_FLAGS; g++) {
            if (names[g] == null) {
                throw new ClickLogFormatException(file, lines[0], "no genre with index " + g + " (u.item has "
                        + GENRE_FLAGS + " genre flags, indices 0.." + (GENRE_FLAGS - 1) + "; the published file"
                        + " names " + STANDARD_GENRES.get(g) + " " + g + ")");
            }
        }
        return List.of(names);
    }

    /**
     * The flag indices as genre names ({@code "0"} to {@code "18"}), for a folder without {@code u.genre}.
     * @return the names
     */
    public static List<String> indexNames() {
        List<String> names = new ArrayList<>(GENRE_FLAGS);
        for (int g = 0; g < GENRE_FLAGS; g++) {
            names.add(Integer.toString(g));
        }
        return names;
    }

    /**
     * A movie of {@code u.item}.
     * @param item the id as written (trimmed), a whole number
     * @param title the title
     * @param year the release year ({@code yyyy}), or null when the release date is empty
     * @param genres the {@value #GENRE_FLAGS} genre flags
     */
    public record Movie(String item, String title, String year, boolean[] genres) {
        /** @param genres copied */
        public Movie {
            genres = genres.clone();
        }

        /** @return a copy of the genre flags */
        @Override
        public boolean[] genres() {
            return genres.clone();
        }

        /**
         * @param g a flag index
         * @return whether the movie has genre {@code g}
         */
        public boolean hasGenre(int g) {
            return genres[g];
        }

        /** @return the index of the movie's first genre, or -1 when no flag is set */
        public int firstGenre() {
            for (int g = 0; g < genres.length; g++) {
                if (genres[g]) {
                    return g;
                }
            }
            return -1;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Movie m && item.equals(m.item) && title.equals(m.title)
                    && java.util.Objects.equals(year, m.year) && Arrays.equals(genres, m.genres);
        }

        @Override
        public int hashCode() {
            return item.hashCode() * 31 + Arrays.hashCode(genres);
        }

        @Override
        public String toString() {
            return "Movie(" + item + "," + title + "," + year + "," + Arrays.toString(genres) + ")";
        }
    }

    /**
     * A genre of {@code u.genre}.
     * @param index its flag index
     * @param name its name (trimmed)
     */
    public record Genre(int index, String name) { }
}
