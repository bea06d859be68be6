package dev.tribuoctr.featuresel.data;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import dev.tribuoctr.ctr.data.ClickLogFormatException;
import dev.tribuoctr.ctr.data.ConfiguredSourceProvenance;
import dev.tribuoctr.ctr.data.LeaveLastOutProtocol.Split;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.provenance.DataSourceProvenance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link MovieLensFieldDataSource} on small generated files in the MovieLens 100K formats. */
class MovieLensFieldDataSourceTest {
    private static final int[] AGES = {7, 17, 18, 24, 25, 34, 35, 44, 45, 49, 50, 55, 56, 73};
    private static final int[] AGE_CODES = {1, 1, 18, 18, 25, 25, 35, 35, 45, 45, 50, 50, 56, 56};
    private static final String[] ZIPS = {"85711", "t8h1n", "02138", "94043"};
    private static final String[] OCCUPATIONS = {"technician", "other", "writer"};
    private static final int ITEMS = 9;

    @TempDir
    Path dir;

    /** One generated rating, in file order. */
    private record Rating(int user, int item, int rating, long time) { }

    private static String genreFlags(int item) {
        StringBuilder b = new StringBuilder();
        for (int g = 0; g < MovieLensFieldDataSource.GENRE_FLAGS; g++) {
            b.append('|').append(g == item % 7 || g == 8 ? '1' : '0');
        }
        return b.toString();
    }

    private static String releaseDate(int item) {
        return item == ITEMS ? "" : String.format("%02d-Mar-%d", item, 1990 + item);
    }

    /** Writes u.user, u.item, u.genre and u.data; returns the ratings in file order. */
    private List<Rating> writeData(boolean withGenreFile) throws IOException {
        StringBuilder users = new StringBuilder();
        for (int u = 1; u <= AGES.length; u++) {
            users.append(u).append('|').append(AGES[u - 1]).append('|').append(u % 2 == 0 ? 'M' : 'F').append('|')
                    .append(OCCUPATIONS[u % OCCUPATIONS.length]).append('|').append(ZIPS[u % ZIPS.length]).append('\n');
        }
        Files.writeString(dir.resolve("u.user"), users.toString(), StandardCharsets.ISO_8859_1);
        StringBuilder items = new StringBuilder();
        for (int i = 1; i <= ITEMS; i++) {
            // a title with an ISO-8859-1 character, as in the real file
            items.append(i).append("|Caf\u00e9 ").append(i).append(" (1995)|").append(releaseDate(i))
                    .append("||http://us.imdb.com/M/title-exact?").append(i).append(genreFlags(i)).append('\n');
        }
        Files.writeString(dir.resolve("u.item"), items.toString(), StandardCharsets.ISO_8859_1);
        if (withGenreFile) {
            StringBuilder genre = new StringBuilder();
            for (int g = 0; g < MovieLensFieldDataSource.GENRE_FLAGS; g++) {
                genre.append(MovieLensFieldDataSource.STANDARD_GENRES.get(g)).append('|').append(g).append('\n');
            }
            Files.writeString(dir.resolve("u.genre"), genre.append('\n').toString(), StandardCharsets.ISO_8859_1);
        }
        Random rng = new Random(17);
        List<Rating> ratings = new ArrayList<>();
        StringBuilder data = new StringBuilder();
        for (int u = 1; u <= AGES.length; u++) {
            for (int i = 1; i <= ITEMS; i++) {
                if (rng.nextInt(3) == 0) {
                    continue;
                }
                // timestamps in a small range, so that some ratings share one
                Rating r = new Rating(u, i, 1 + rng.nextInt(5), 880_000_000L + rng.nextInt(40));
                ratings.add(r);
                data.append(r.user()).append('\t').append(r.item()).append('\t').append(r.rating()).append('\t')
                        .append(r.time()).append('\n');
            }
        }
        Files.writeString(dir.resolve("u.data"), data.toString(), StandardCharsets.ISO_8859_1);
        return ratings;
    }

    private MovieLensFieldDataSource source(Split split) {
        return new MovieLensFieldDataSource(dir, split, 0.1, 0.2, 4, 1);
    }

    private static Set<String> names(Example<Label> e) {
        Set<String> s = new TreeSet<>();
        for (Feature f : e) {
            s.add(f.getName());
            assertEquals(1.0, f.getValue());
        }
        return s;
    }

    private static Set<String> expectedFeatures(Rating r, int zipPrefix) {
        Set<String> s = new TreeSet<>();
        s.add("user@" + r.user());
        s.add("age@" + AGE_CODES[r.user() - 1]);
        s.add("gender@" + (r.user() % 2 == 0 ? "M" : "F"));
        s.add("occupation@" + OCCUPATIONS[r.user() % OCCUPATIONS.length]);
        String zip = ZIPS[r.user() % ZIPS.length].toUpperCase();
        s.add("zip@" + zip.substring(0, zipPrefix));
        s.add("item@" + r.item());
        String date = releaseDate(r.item());
        s.add("year@" + (date.isEmpty() ? "unknown" : date.substring(date.length() - 4)));
        for (int g = 0; g < MovieLensFieldDataSource.GENRE_FLAGS; g++) {
            String field = MovieLensFieldDataSource.genreField(MovieLensFieldDataSource.STANDARD_GENRES.get(g));
            s.add(field + "@" + (g == r.item() % 7 || g == 8 ? "1" : "0"));
        }
        return s;
    }

    /** The ratings in time order (ties in file order), as the source orders them. */
    private static List<Rating> timeOrder(List<Rating> ratings) {
        List<Rating> sorted = new ArrayList<>(ratings);
        sorted.sort((a, b) -> Long.compare(a.time(), b.time()));
        return sorted;
    }

    @Test
    void columnsHoldTheSameRowsAsTheExamples() throws IOException {
        writeData(true);
        for (Split split : Split.values()) {
            MovieLensFieldDataSource source = source(split);
            FieldColumnsDataset columns = FieldColumnsDataset.read(source);
            assertEquals(source.size(), columns.size());
            assertEquals(26, columns.columns().fieldNames().size());
            int k = 0;
            for (Example<Label> e : source) {
                assertEquals(e.toString(), columns.getExample(k++).toString(), split + " row " + k);
            }
        }
    }

    @Test
    void examplesHaveTheUserAndItemFieldsAndTheRatingLabel() throws IOException {
        List<Rating> ratings = timeOrder(writeData(true));
        List<Example<Label>> all = new ArrayList<>();
        for (Split s : Split.values()) {
            source(s).forEach(all::add);
        }
        assertEquals(ratings.size(), all.size());
        for (int k = 0; k < all.size(); k++) {
            Rating r = ratings.get(k);
            assertEquals(expectedFeatures(r, 1), names(all.get(k)), "rating " + r);
            assertEquals(r.rating() >= 4 ? "1" : "0", all.get(k).getOutput().getLabel(), "rating " + r);
            assertEquals(26, all.get(k).size(), "26 fields, one value each");
        }
        assertTrue(all.stream().anyMatch(e -> names(e).contains("year@unknown")), "the item without a date");
        assertTrue(all.stream().anyMatch(e -> names(e).contains("zip@T")), "a Canadian postal code");

        // a threshold of 3 and a 3-character zip prefix
        MovieLensFieldDataSource three = new MovieLensFieldDataSource(dir, Split.TRAIN, 0, 0, 3, 3);
        List<Example<Label>> train = new ArrayList<>();
        three.forEach(train::add);
        assertEquals(ratings.size(), train.size(), "no validation or test part");
        for (int k = 0; k < train.size(); k++) {
            assertEquals(expectedFeatures(ratings.get(k), 3), names(train.get(k)));
            assertEquals(ratings.get(k).rating() >= 3 ? "1" : "0", train.get(k).getOutput().getLabel());
        }
    }

    @Test
    void genreNamesWithoutUGenreAreTheStandardOnes() throws IOException {
        List<Rating> ratings = timeOrder(writeData(false));
        Example<Label> first = source(Split.TRAIN).iterator().next();
        assertEquals(expectedFeatures(ratings.get(0), 1), names(first));
        assertEquals("genre_childrens", MovieLensFieldDataSource.genreField("Children's"));
        assertEquals("genre_film_noir", MovieLensFieldDataSource.genreField("Film-Noir"));
        assertEquals("genre_sci_fi", MovieLensFieldDataSource.genreField("Sci-Fi"));
    }

    @Test
    void ageBucketsAreTheMovieLens1mCodes() {
        for (int k = 0; k < AGES.length; k++) {
            assertEquals(AGE_CODES[k], MovieLensFieldDataSource.ageBucket(AGES[k]), "age " + AGES[k]);
        }
    }

    @Test
    void splitIsTimeOrderedDisjointAndDeterministic() throws IOException {
        List<Rating> ratings = timeOrder(writeData(true));
        int n = ratings.size();
        int test = (int) Math.floor(n * 0.2);
        int validation = (int) Math.floor(n * 0.1);
        int[] sizes = {n - test - validation, validation, test};
        Split[] parts = Split.values();
        int offset = 0;
        for (int p = 0; p < parts.length; p++) {
            MovieLensFieldDataSource s = source(parts[p]);
            assertEquals(sizes[p], s.size(), parts[p].toString());
            assertEquals(n, s.totalRatings());
            List<Example<Label>> examples = new ArrayList<>();
            s.forEach(examples::add);
            for (int k = 0; k < examples.size(); k++) {
                Rating r = ratings.get(offset + k);
                assertTrue(names(examples.get(k)).containsAll(List.of("user@" + r.user(), "item@" + r.item())),
                        parts[p] + " example " + k);
            }
            offset += sizes[p];
            // a second iteration and a second source give the same examples
            List<Example<Label>> again = new ArrayList<>();
            source(parts[p]).forEach(again::add);
            assertEquals(examples.size(), again.size());
            for (int k = 0; k < examples.size(); k++) {
                assertEquals(names(examples.get(k)), names(again.get(k)));
                assertEquals(examples.get(k).getOutput(), again.get(k).getOutput());
            }
        }
        // every training rating is no newer than every test rating
        long lastTrain = ratings.get(sizes[0] - 1).time();
        long firstTest = ratings.get(sizes[0] + sizes[1]).time();
        assertTrue(lastTrain <= firstTest);
    }

    private void assertMalformed(String file, String content, int line, String message) throws IOException {
        Path path = dir.resolve(file);
        String original = Files.readString(path, StandardCharsets.ISO_8859_1);
        Files.writeString(path, content, StandardCharsets.ISO_8859_1);
        try {
            ClickLogFormatException e = assertThrows(ClickLogFormatException.class, () -> source(Split.TRAIN));
            assertTrue(e.getMessage().startsWith(path + ":" + line + ": "), e.getMessage());
            assertTrue(e.getMessage().contains(message), e.getMessage());
            assertEquals(line, e.line());
        } finally {
            Files.writeString(path, original, StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void malformedRowsNameFileLineAndProblem() throws IOException {
        writeData(true);
        String data = "1\t1\t5\t880000000\n";
        assertMalformed("u.data", data + "1\t2\t5\n", 2, "expected 4 columns");
        assertMalformed("u.data", data + "1\t2\tfive\t880000001\n", 2, "rating: not an integer: 'five'");
        assertMalformed("u.data", data + "\n1\t2\t6\t880000001\n", 3, "rating must be in 1..5, found 6");
        assertMalformed("u.data", data + "99\t2\t3\t880000001\n", 2, "user 99 is not in u.user");
        assertMalformed("u.data", data + "1\t99\t3\t880000001\n", 2, "item 99 is not in u.item");
        assertMalformed("u.data", data + "1\t2\t3\tyesterday\n", 2, "timestamp: not an integer");

        String user = "1|24|M|writer|85711\n";
        assertMalformed("u.user", user + "2|24|X|writer|85711\n", 2, "gender must be M or F, found 'X'");
        assertMalformed("u.user", user + "2|old|M|writer|85711\n", 2, "age: not an integer: 'old'");
        assertMalformed("u.user", user + "2|24|M|writer\n", 2, "expected 5 columns");
        assertMalformed("u.user", user + user, 2, "user 1 appears twice");
        assertMalformed("u.user", user + "2|24|M|writer|\n", 2, "zip is empty");

        String item = "1|A (1995)|01-Jan-1995||url" + genreFlags(1) + "\n";
        assertMalformed("u.item", item + "2|B (1995)|01-Jan-1995||url" + genreFlags(2).replaceFirst("0", "2") + "\n",
                2, "genre flag 0 (genre_unknown) must be 0 or 1, found '2'");
        assertMalformed("u.item", item + "2|B (1995)|1995||url" + genreFlags(2) + "\n", 2,
                "release date must look like 01-Jan-1995, found '1995'");
        assertMalformed("u.item", item + "2|B | C (1995)|01-Jan-1995||url" + genreFlags(2) + "\n", 2,
                "expected 24 columns");
        assertMalformed("u.item", item + item, 2, "item 1 appears twice");

        assertMalformed("u.genre", "unknown|0\nAction|x\n", 2, "genre index: not an integer");
        assertMalformed("u.genre", "unknown|0\nAction|19\n", 2, "genre index must be in 0..18, found 19");
    }

    @Test
    void badSettingsAndMissingFilesAreRejected() throws IOException {
        writeData(true);
        assertThrows(IllegalArgumentException.class, () -> new MovieLensFieldDataSource(dir, Split.TRAIN, 0.5, 0.5, 4, 1));
        assertThrows(IllegalArgumentException.class, () -> new MovieLensFieldDataSource(dir, Split.TRAIN, -0.1, 0.1, 4, 1));
        assertThrows(IllegalArgumentException.class, () -> new MovieLensFieldDataSource(dir, Split.TRAIN, 0.1, 0.1, 6, 1));
        assertThrows(IllegalArgumentException.class, () -> new MovieLensFieldDataSource(dir, Split.TRAIN, 0.1, 0.1, 4, 0));
        Files.delete(dir.resolve("u.user"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> source(Split.TRAIN));
        assertTrue(e.getMessage().contains("u.user"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new MovieLensFieldDataSource(dir.resolve("absent"), Split.TRAIN, 0.1, 0.1, 4, 1));
    }

    private static String configured(ConfiguredSourceProvenance p, String key) {
        return ((PrimitiveProvenance<?>) p.getConfiguredParameters().get(key)).getValue().toString();
    }

    @Test
    void provenanceHasSettingsAndFileHashesAndRoundTrips() throws IOException {
        writeData(true);
        MovieLensFieldDataSource source = source(Split.VALIDATION);
        ConfiguredSourceProvenance p =
                (ConfiguredSourceProvenance) source.getProvenance();
        for (String f : List.of("u.data", "u.item", "u.user", "u.genre")) {
            assertEquals(ProvenanceUtil.hashResource(DataSourceProvenance.DEFAULT_HASH_TYPE, dir.resolve(f)),
                    p.fileHash(f), f);
        }
        assertEquals("VALIDATION", configured(p, "split"));
        assertEquals("0.2", configured(p, "testFraction"));
        assertEquals(dir.toString(), configured(p, "directory"));
        assertEquals(p, ProvenanceUtil.unmarshalProvenance(ProvenanceUtil.marshalProvenance(p)));
        MutableDataset<Label> ds = new MutableDataset<>(source);
        assertEquals(p, ((org.tribuo.provenance.DatasetProvenance) ProvenanceUtil.unmarshalProvenance(
                ProvenanceUtil.marshalProvenance(ds.getProvenance()))).getSourceProvenance());

        Files.writeString(dir.resolve("u.data"), "1\t1\t5\t880000000\n", StandardCharsets.ISO_8859_1);
        assertNotEquals(p.fileHash("u.data"), ((ConfiguredSourceProvenance)
                source(Split.VALIDATION).getProvenance()).fileHash("u.data"));
    }

    @Test
    void configurableWithOlcut() throws IOException {
        List<Rating> ratings = writeData(true);
        Path config = dir.resolve("c.xml");
        Files.writeString(config, "<config><property name=\"data.dir\" value=\"" + dir + "\"/>"
                + "<component name=\"d\" type=\"" + MovieLensFieldDataSource.class.getName() + "\">"
                + "<property name=\"directory\" value=\"${data.dir}\"/><property name=\"split\" value=\"TEST\"/>"
                + "<property name=\"testFraction\" value=\"0.5\"/><property name=\"validationFraction\" value=\"0\"/>"
                + "</component></config>");
        try (ConfigurationManager cm = new ConfigurationManager(config.toString())) {
            MovieLensFieldDataSource s = (MovieLensFieldDataSource) cm.lookup("d");
            assertEquals(ratings.size() / 2, new MutableDataset<>(s).size());
        }
    }

    /** On the real data named by {@code -Dctr.data.dir} (skipped without it): the counts of MovieLens 100K. */
    @Test
    void realMovieLens100kWhenAvailable() {
        String root = System.getProperty("ctr.data.dir");
        Assumptions.assumeTrue(root != null && Files.isRegularFile(Path.of(root, "ml-100k", "u.data")),
                "set -Dctr.data.dir to the folder holding ml-100k/");
        Path ml = Path.of(root, "ml-100k");
        int total = 0;
        Set<String> fields = new HashSet<>();
        for (Split s : Split.values()) {
            MovieLensFieldDataSource source = new MovieLensFieldDataSource(ml, s, 0.1, 0.1, 4, 1);
            total += source.size();
            for (Example<Label> e : source) {
                for (Feature f : e) {
                    fields.add(f.getName().substring(0, f.getName().indexOf('@')));
                }
            }
        }
        assertEquals(100_000, total);
        assertEquals(26, fields.size(), fields.toString());
    }

    @Test
    void gzipCompressedFilesReadAsPublished() throws IOException {
        writeData(true);
        List<String> expected = new ArrayList<>();
        source(Split.TRAIN).forEach(e -> expected.add(e.toString()));
        for (String name : List.of("u.data", "u.item", "u.user", "u.genre")) {
            Path file = dir.resolve(name);
            if (Files.exists(file)) {
                try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(
                        Files.newOutputStream(dir.resolve(name + ".gz")))) {
                    Files.copy(file, out);
                }
                Files.delete(file);
            }
        }
        List<String> actual = new ArrayList<>();
        source(Split.TRAIN).forEach(e -> actual.add(e.toString()));
        assertEquals(expected, actual);
        Files.delete(dir.resolve("u.item.gz"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> source(Split.TRAIN));
        assertTrue(e.getMessage().contains(dir.resolve("u.item").toAbsolutePath() + " is missing")
                && e.getMessage().contains("u.data, u.item and u.user"), e.getMessage());
    }
}
