package dev.tribuoctr.featuresel.data;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import dev.tribuoctr.ctr.data.ClickLogFormatException;
import dev.tribuoctr.ctr.data.ConfiguredSourceProvenance;
import dev.tribuoctr.ctr.data.DataFiles;
import dev.tribuoctr.ctr.data.DataStreams;
import dev.tribuoctr.ctr.data.LeaveLastOutProtocol.Split;
import dev.tribuoctr.ctr.data.MovieLens100kItems;
import dev.tribuoctr.ctr.encoding.ClickFeatureNames;
import org.tribuo.Example;
import org.tribuo.OutputFactory;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.ConfiguredDataSourceProvenance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * MovieLens 100K as a field-selection task for LPFS: one example per rating, label {@code 1} when the rating is at
 * least {@code positiveRating} (4 by default) and {@code 0} otherwise, and 26 categorical fields, each feature
 * {@code field@value} with value 1:
 * <ul>
 *   <li>from {@code u.user} ({@code user|age|gender|occupation|zip}): {@code user@<id>}; {@code age@<bucket>} with
 *   the MovieLens-1M age codes (1 = under 18, 18 = 18-24, 25 = 25-34, 35 = 35-44, 45 = 45-49, 50 = 50-55,
 *   56 = 56+); {@code gender@M|F}; {@code occupation@<name>}; {@code zip@<prefix>}, the first
 *   {@code zipPrefixLength} characters of the zip code, upper-cased (1 by default: the US ZIP region digit; the few
 *   Canadian postal codes give a letter);</li>
 *   <li>from {@code u.item} ({@code |}-separated: id, title, release date {@code dd-MMM-yyyy}, video release date,
 *   IMDb URL, 19 genre flags; ISO-8859-1): {@code item@<id>}; {@code year@<yyyy>} of the release date
 *   ({@code year@unknown} when it is empty); and one field per genre flag, {@code genre_<name>@1} or
 *   {@code genre_<name>@0}, so that each genre is a binary field LPFS can keep or drop on its own. The genre names
 *   come from {@code u.genre} when present (else the standard 19), lower-cased, apostrophes removed and other
 *   non-alphanumeric runs turned into {@code _}: {@code genre_unknown}, {@code genre_action}, ...,
 *   {@code genre_childrens}, {@code genre_film_noir}, {@code genre_sci_fi}, ...;</li>
 *   <li>{@code u.data} (tab-separated {@code user item rating unix_time}) gives the examples.</li>
 * </ul>
 * <b>Split</b> (time-ordered, deterministic): the ratings are sorted by timestamp (ties by line number in
 * {@code u.data}); the oldest {@code 1 - validationFraction - testFraction} are {@code TRAIN}, the next
 * {@code validationFraction} {@code VALIDATION} and the newest {@code testFraction} {@code TEST} (each part's size is
 * rounded down, the remainder goes to training). Later ratings therefore come from users who may have no training
 * rating (their {@code user@} value is out of vocabulary), which is the situation a deployed CTR model faces.
 * The {@code split} field chooses the part; sources that differ only in {@code split} yield disjoint parts of the
 * same data. Examples are yielded in time order.
 * {@code u.item} and {@code u.genre} are read by the shared {@link MovieLens100kItems} rules, as the click-log sources
 * read them.
 * <p>
 * The files are read once, in {@code postConfig}. A malformed row (wrong column count, a non-integer id, age,
 * rating or timestamp, a rating outside 1-5, a gender other than M/F, a genre flag other than 0/1, a malformed
 * release date, a duplicate id, a rating of an unknown user or item) throws a {@link ClickLogFormatException} whose
 * message starts with {@code file:line:}. Provenance: the configured fields plus the SHA-256 hash of each file read
 * ({@code hash:u.data}, {@code hash:u.item}, {@code hash:u.user} and {@code hash:u.genre} when present). Each file
 * may be gzip-compressed ({@code .gz} added to its name, e.g. {@code u.data.gz}).
 */
public final class MovieLensFieldDataSource implements FieldColumnsSource {
    private static final Logger logger = Logger.getLogger(MovieLensFieldDataSource.class.getName());
    private static final LabelFactory LABEL_FACTORY = new LabelFactory();
    private static final Pattern TAB = Pattern.compile("\t");
    private static final Pattern PIPE = Pattern.compile("\\|");

    /** Genre flags at the end of each {@code u.item} line ({@link MovieLens100kItems#GENRE_FLAGS}). */
    public static final int GENRE_FLAGS = MovieLens100kItems.GENRE_FLAGS;
    /** Columns of a {@code u.item} line ({@link MovieLens100kItems#ITEM_COLUMNS}). */
    public static final int ITEM_COLUMNS = MovieLens100kItems.ITEM_COLUMNS;
    /** The genre names of MovieLens 100K, in flag order (used when {@code u.genre} is absent). */
    public static final List<String> STANDARD_GENRES = MovieLens100kItems.STANDARD_GENRES;
    /** Lower bounds of the MovieLens-1M age buckets; a bucket is named by its lower bound (1 = under 18). */
    private static final int[] AGE_BUCKETS = {1, 18, 25, 35, 45, 50, 56};

    @Config(mandatory = true, description = "Folder holding u.data, u.item and u.user (MovieLens 100K), optionally u.genre.")
    private Path directory;
    @Config(description = "Which part this source yields: TRAIN (oldest ratings), VALIDATION or TEST (newest).")
    private Split split = Split.TRAIN;
    @Config(description = "Fraction of the ratings, the newest after the test part, that form the validation part.")
    private double validationFraction = 0.1;
    @Config(description = "Fraction of the ratings, the newest, that form the test part.")
    private double testFraction = 0.1;
    @Config(description = "A rating at least this high is a positive (label 1); lower ratings are label 0.")
    private int positiveRating = 4;
    @Config(description = "Characters of the zip code kept in the zip@ field (1 = US ZIP region digit).")
    private int zipPrefixLength = 1;

    private final Map<String, String> fileHashes = new LinkedHashMap<>();
    /** Per user index: its five feature names. */
    private String[][] userFeatures;
    /** Per item index: its item, year and genre feature names. */
    private String[][] itemFeatures;
    /** The chosen part, in time order: user index, item index, label (1/0). */
    private int[] partUsers;
    private int[] partItems;
    private boolean[] partPositive;
    private int totalRatings;

    /** What the folder holds, for messages. */
    private static final String LAYOUT = "the folder must hold the MovieLens 100K files u.data, u.item and u.user"
            + " (u.genre optional), each as published or gzip-compressed (.gz added): give the ml-100k folder of the"
            + " unzipped archive";

    /** For OLCUT. */
    private MovieLensFieldDataSource() { }

    /** A data file of the folder, as published or gzip-compressed. */
    private Path file(String name) {
        return DataStreams.inFolder(directory, name);
    }

    /**
     * Creates a source.
     * @param directory folder with {@code u.data}, {@code u.item}, {@code u.user} (and optionally {@code u.genre})
     * @param split the part to yield
     * @param validationFraction fraction of the ratings in the validation part
     * @param testFraction fraction of the ratings (the newest) in the test part
     * @param positiveRating smallest rating that is a positive
     * @param zipPrefixLength characters of the zip code kept
     * @throws IllegalArgumentException if a setting is invalid
     * @throws ClickLogFormatException if a file is malformed
     */
    public MovieLensFieldDataSource(Path directory, Split split, double validationFraction, double testFraction,
                                    int positiveRating, int zipPrefixLength) {
        this.directory = directory;
        this.split = split;
        this.validationFraction = validationFraction;
        this.testFraction = testFraction;
        this.positiveRating = positiveRating;
        this.zipPrefixLength = zipPrefixLength;
        try {
            postConfig();
        } catch (PropertyException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public void postConfig() {
        if (directory == null || !Files.isDirectory(directory)) {
            throw new PropertyException(new java.nio.file.NoSuchFileException(String.valueOf(directory), null,
                    "the MovieLens directory is not a folder; " + LAYOUT), "", "directory", "directory is not a"
                    + " folder: " + directory + "; " + LAYOUT);
        }
        for (String f : List.of("u.data", "u.item", "u.user")) {
            DataFiles.requireFile("directory", file(f), LAYOUT);
        }
        if (split == null) {
            throw new PropertyException("", "split", "split must be TRAIN, VALIDATION or TEST");
        }
        if (!(validationFraction >= 0 && testFraction >= 0 && validationFraction + testFraction < 1)) {
            throw new PropertyException("", "validationFraction", "validationFraction and testFraction must be >= 0"
                    + " with a sum below 1, found " + validationFraction + " and " + testFraction);
        }
        if (positiveRating < 1 || positiveRating > 5) {
            throw new PropertyException("", "positiveRating", "positiveRating must be in 1..5, found " + positiveRating);
        }
        if (zipPrefixLength < 1) {
            throw new PropertyException("", "zipPrefixLength", "zipPrefixLength must be >= 1, found " + zipPrefixLength);
        }
        long start = System.nanoTime();
        fileHashes.clear();
        Map<String, Integer> users = readUsers();
        Map<String, Integer> items = readItems(readGenreFields());
        readRatings(users, items);
        logger.info(() -> String.format(Locale.ROOT, "%s: %d of %d ratings in %s (%d users, %d items), read in %.1f s",
                getClass().getSimpleName(), partUsers.length, totalRatings, split, users.size(), items.size(),
                (System.nanoTime() - start) / 1e9));
    }

    private Map<String, Integer> readUsers() {
        Path file = file("u.user");
        fileHashes.put("u.user", DataFiles.sha256(file));
        Map<String, Integer> index = new HashMap<>();
        List<String[]> features = new ArrayList<>();
        DataFiles.forEachLine(file, StandardCharsets.ISO_8859_1, (line, n) -> {
            if (line.isBlank()) {
                return;
            }
            String[] cols = columns(PIPE, line, 5, file, n, "user|age|gender|occupation|zip");
            String id = Long.toString(DataFiles.parseLong(file, n, "user id", cols[0]));
            int age = DataFiles.parseInt(file, n, "age", cols[1]);
            if (age < 0) {
                throw new ClickLogFormatException(file, n, "age is negative: " + age);
            }
            String gender = cols[2].trim();
            if (!gender.equals("M") && !gender.equals("F")) {
                throw new ClickLogFormatException(file, n, "gender must be M or F, found '" + cols[2] + "'");
            }
            String occupation = cols[3].trim();
            String zip = cols[4].trim().toUpperCase(Locale.ROOT);
            if (occupation.isEmpty() || zip.isEmpty()) {
                throw new ClickLogFormatException(file, n, (occupation.isEmpty() ? "occupation" : "zip") + " is empty");
            }
            if (index.putIfAbsent(id, features.size()) != null) {
                throw new ClickLogFormatException(file, n, "user " + id + " appears twice");
            }
            features.add(new String[]{ClickFeatureNames.feature(ClickFeatureNames.USER, id), "age@" + ageBucket(age), "gender@" + gender,
                    "occupation@" + occupation, "zip@" + zip.substring(0, Math.min(zipPrefixLength, zip.length()))});
        });
        userFeatures = features.toArray(new String[0][]);
        return index;
    }

    /**
     * @param age an age in years
     * @return its MovieLens-1M bucket code: 1, 18, 25, 35, 45, 50 or 56
     */
    static int ageBucket(int age) {
        int bucket = AGE_BUCKETS[0];
        for (int b : AGE_BUCKETS) {
            if (age >= b) {
                bucket = b;
            }
        }
        return bucket;
    }

    /** @return the 19 genre field names, from u.genre when present */
    private String[] readGenreFields() {
        List<String> names = STANDARD_GENRES;
        Path file = file("u.genre");
        if (Files.isRegularFile(file)) {
            fileHashes.put("u.genre", DataFiles.sha256(file));
            names = MovieLens100kItems.readGenres(file);
        }
        String[] fields = new String[GENRE_FLAGS];
        Set<String> seen = new HashSet<>();
        for (int g = 0; g < GENRE_FLAGS; g++) {
            fields[g] = genreField(names.get(g));
            if (!seen.add(fields[g])) {
                throw new PropertyException("", "directory", "two genres give the field name " + fields[g]);
            }
        }
        return fields;
    }

    /**
     * @param genre a genre name such as {@code Children's} or {@code Film-Noir}
     * @return its field name, such as {@code genre_childrens} or {@code genre_film_noir}
     */
    static String genreField(String genre) {
        String s = genre.toLowerCase(Locale.ROOT).replace("'", "").replaceAll("[^a-z0-9]+", "_")
                .replaceAll("^_+|_+$", "");
        return "genre_" + (s.isEmpty() ? "blank" : s);
    }

    private Map<String, Integer> readItems(String[] genreFields) {
        Path file = file("u.item");
        fileHashes.put("u.item", DataFiles.sha256(file));
        Map<String, Integer> index = new HashMap<>();
        List<String[]> features = new ArrayList<>();
        MovieLens100kItems.forEachItem(file, Arrays.asList(genreFields), movie -> {
            String id = Long.toString(Long.parseLong(movie.item()));
            String[] f = new String[2 + GENRE_FLAGS];
            f[0] = ClickFeatureNames.feature(ClickFeatureNames.ITEM, id);
            f[1] = "year@" + (movie.year() == null ? "unknown" : movie.year());
            for (int g = 0; g < GENRE_FLAGS; g++) {
                f[2 + g] = genreFields[g] + (movie.hasGenre(g) ? "@1" : "@0");
            }
            index.put(id, features.size());
            features.add(f);
        });
        itemFeatures = features.toArray(new String[0][]);
        return index;
    }

    private void readRatings(Map<String, Integer> users, Map<String, Integer> items) {
        Path file = file("u.data");
        fileHashes.put("u.data", DataFiles.sha256(file));
        int[][] cols3 = {new int[1024], new int[1024], new int[1024]};
        long[][] times = {new long[1024]};
        int[] count = {0};
        DataFiles.forEachLine(file, StandardCharsets.ISO_8859_1, (line, n) -> {
            if (line.isBlank()) {
                return;
            }
            String[] cols = columns(TAB, line, 4, file, n, "user item rating time (tab-separated)");
            String user = Long.toString(DataFiles.parseLong(file, n, "user id", cols[0]));
            String item = Long.toString(DataFiles.parseLong(file, n, "item id", cols[1]));
            long rating = DataFiles.parseLong(file, n, "rating", cols[2]);
            long time = DataFiles.parseLong(file, n, "timestamp", cols[3]);
            if (rating < 1 || rating > 5) {
                throw new ClickLogFormatException(file, n, "rating must be in 1..5, found " + rating);
            }
            Integer u = users.get(user);
            if (u == null) {
                throw new ClickLogFormatException(file, n, "user " + user + " is not in u.user");
            }
            Integer i = items.get(item);
            if (i == null) {
                throw new ClickLogFormatException(file, n, "item " + item + " is not in u.item");
            }
            int k = count[0]++;
            if (k == cols3[0].length) {
                for (int c = 0; c < 3; c++) {
                    cols3[c] = Arrays.copyOf(cols3[c], 2 * k);
                }
                times[0] = Arrays.copyOf(times[0], 2 * k);
            }
            cols3[0][k] = u;
            cols3[1][k] = i;
            cols3[2][k] = (int) rating;
            times[0][k] = time;
        });
        int total = count[0];
        if (total == 0) {
            throw new ClickLogFormatException(file, 1, "the file has no ratings (each line is user, item, rating and"
                    + " time, tab-separated)");
        }
        long[] time = times[0];
        // time order, ties by line order (a stable sort of the row indices)
        Integer[] order = new Integer[total];
        for (int k = 0; k < total; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> Long.compare(time[a], time[b]));
        int testSize = (int) Math.floor(total * testFraction);
        int validationSize = (int) Math.floor(total * validationFraction);
        int trainSize = total - testSize - validationSize;
        int from;
        int to;
        switch (split) {
            case TRAIN: from = 0; to = trainSize; break;
            case VALIDATION: from = trainSize; to = trainSize + validationSize; break;
            default: from = trainSize + validationSize; to = total; break;
        }
        partUsers = new int[to - from];
        partItems = new int[to - from];
        partPositive = new boolean[to - from];
        for (int k = from; k < to; k++) {
            int row = order[k];
            partUsers[k - from] = cols3[0][row];
            partItems[k - from] = cols3[1][row];
            partPositive[k - from] = cols3[2][row] >= positiveRating;
        }
        totalRatings = total;
    }

    private static String[] columns(Pattern separator, String line, int expected, Path file, long n, String layout) {
        String[] cols = separator.split(line, -1);
        if (cols.length != expected) {
            throw new ClickLogFormatException(file, n, "expected " + expected + " columns (" + layout + "), found "
                    + cols.length);
        }
        return cols;
    }

    /** @return the number of examples this source yields */
    public int size() {
        return partUsers.length;
    }

    /** @return the number of ratings in {@code u.data} (all parts) */
    public int totalRatings() {
        return totalRatings;
    }

    @Override
    public OutputFactory<Label> getOutputFactory() {
        return LABEL_FACTORY;
    }

    @Override
    public Iterator<Example<Label>> iterator() {
        return new Iterator<>() {
            private int next = 0;

            @Override
            public boolean hasNext() {
                return next < partUsers.length;
            }

            @Override
            public Example<Label> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int k = next++;
                String[] u = userFeatures[partUsers[k]];
                String[] i = itemFeatures[partItems[k]];
                String[] names = new String[u.length + i.length];
                System.arraycopy(u, 0, names, 0, u.length);
                System.arraycopy(i, 0, names, u.length, i.length);
                double[] values = new double[names.length];
                Arrays.fill(values, 1.0);
                return new ArrayExample<>(new Label(partPositive[k] ? "1" : "0"), names, values);
            }
        };
    }

    /**
     * The part as columns, without making an example: the 26 fields in example order, one value per row each.
     * @return the columns
     */
    @Override
    public FieldColumns readColumns() {
        String[] userFields = userFeatures.length == 0 ? new String[0] : userFeatures[0];
        String[] itemFields = itemFeatures.length == 0 ? new String[0] : itemFeatures[0];
        List<String> names = new ArrayList<>();
        for (String[] features : List.of(userFields, itemFields)) {
            for (String f : features) {
                names.add(f.substring(0, f.indexOf('@')));
            }
        }
        FieldColumns.Builder builder = new FieldColumns.Builder(names, new boolean[names.size()]);
        for (int k = 0; k < partUsers.length; k++) {
            int c = 0;
            for (String[] features : List.of(userFeatures[partUsers[k]], itemFeatures[partItems[k]])) {
                for (String f : features) {
                    builder.categorical(c++, f.substring(f.indexOf('@') + 1));
                }
            }
            builder.endRow(partPositive[k]);
        }
        return builder.build();
    }

    @Override
    public ConfiguredDataSourceProvenance getProvenance() {
        return new ConfiguredSourceProvenance(this, fileHashes, Map.of());
    }

    @Override
    public String toString() {
        return "MovieLensFieldDataSource(directory=" + directory + ",split=" + split + ",validationFraction="
                + validationFraction + ",testFraction=" + testFraction + ",positiveRating=" + positiveRating
                + ",zipPrefixLength=" + zipPrefixLength + ")";
    }
}
