package dev.tribuoctr.ctr.data;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import dev.tribuoctr.ctr.data.LeaveLastOutProtocol.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.provenance.DataSourceProvenance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClickLogSourcesTest {
    @TempDir
    Path dir;

    private Path write(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, List.of(lines), StandardCharsets.ISO_8859_1);
        return file;
    }

    private static void assertFails(String fileAndLine, Supplier<?> action) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::get);
        assertTrue(e.getMessage().contains(fileAndLine), "message '" + e.getMessage() + "' lacks " + fileAndLine);
    }

    // --- MovieLens 1M ---

    private void writeMl1m() throws IOException {
        write("ratings.dat", "1::10::5::100", "1::11::3::200", "1::12::4::300", "1::13::4::400",
                "2::10::5::50", "2::13::1::60", "2::14::2::70",
                "3::10::5::10", "3::11::5::20");
        write("movies.dat", "10::Toy Story (1995)::Animation|Children's|Comedy", "11::Heat (1995)::Action|Crime",
                "12::Sabrina (1995)::Comedy|Romance", "13::Casino (1995)::Drama", "14::Nixon (1995)::Drama",
                "15::Unseen (1995)::Horror");
        write("users.dat", "1::F::1::10::48067", "2::M::56::16::70072", "3::M::25::15::55117");
    }

    @Test
    void movieLens1m() throws IOException {
        writeMl1m();
        MovieLensDataSource train = new MovieLensDataSource(dir, true, 50, 1L, Split.TRAIN);
        assertEquals(2, train.protocol().numUsers());
        assertEquals(1, train.protocol().numSkippedUsers());
        List<ClickExampleView> ex = ClickExampleView.all(train);
        assertEquals(6, ex.size()); // user 1: 10, 11; user 2: 10; each with a negative
        ClickExampleView first = ex.get(0);
        assertEquals("10", first.item());
        assertEquals("Animation", first.category());
        assertEquals("1", first.user());
        assertEquals(Map.of("gender", "F", "age", "1", "occupation", "10"), first.context());
        assertEquals(Map.of(1, "10"), ex.get(2).history());
        ClickExampleView test = ClickExampleView.all(new MovieLensDataSource(dir, true, 50, 1L, Split.TEST)).get(0);
        assertEquals("13", test.item());
        assertEquals("Drama", test.category());
        assertEquals(Map.of(1, "12", 2, "11", 3, "10"), test.history());
        // Without user features only user@ remains.
        assertEquals(Map.of(), ClickExampleView.all(new MovieLensDataSource(dir, false, 50, 1L, Split.TRAIN)).get(0).context());
    }

    @Test
    void movieLens1mMalformed() throws IOException {
        writeMl1m();
        write("ratings.dat", "1::10::5::100", "1::11::3", "1::12::4::300");
        assertFails("ratings.dat:2", () -> new MovieLensDataSource(dir, true, 50, 1L, Split.TRAIN));
        write("ratings.dat", "1::10::5::100", "1::11::3::200", "1::12::4::3oo");
        assertFails("ratings.dat:3", () -> new MovieLensDataSource(dir, true, 50, 1L, Split.TRAIN));
        write("ratings.dat", "1::10::5::100");
        write("movies.dat", "10::Toy Story (1995)::Animation", "11::Heat");
        assertFails("movies.dat:2", () -> new MovieLensDataSource(dir, true, 50, 1L, Split.TRAIN));
    }

    // --- MovieLens 100K ---

    private static String item100k(int id, int... genres) {
        StringBuilder sb = new StringBuilder(id + "|Movie " + id + " (1995)|01-Jan-1995||http://x");
        for (int g = 0; g < 19; g++) {
            boolean on = false;
            for (int x : genres) {
                on |= x == g;
            }
            sb.append(on ? "|1" : "|0");
        }
        return sb.toString();
    }

    private void writeMl100k() throws IOException {
        write("u.data", "1\t10\t5\t100", "1\t11\t3\t200", "1\t12\t4\t300", "2\t10\t4\t10", "2\t11\t4\t20",
                "2\t12\t4\t30", "2\t13\t4\t40", "3\t13\t1\t5", "3\t14\t1\t6");
        write("u.item", item100k(10, 3, 4), item100k(11, 1), item100k(12, 8), item100k(13), item100k(14, 1));
        write("u.genre", "unknown|0", "Action|1", "Adventure|2", "Animation|3", "Children's|4", "Comedy|5",
                "Crime|6", "Documentary|7", "Drama|8", "Fantasy|9", "Film-Noir|10", "Horror|11", "Musical|12",
                "Mystery|13", "Romance|14", "Sci-Fi|15", "Thriller|16", "War|17", "Western|18", "");
        write("u.user", "1|24|M|technician|85711", "2|53|F|other|94043", "3|23|M|writer|32067");
    }

    @Test
    void movieLens100k() throws IOException {
        writeMl100k();
        List<ClickExampleView> train = ClickExampleView.all(new MovieLensDataSource(dir, true, 2, 1L, Split.TRAIN));
        assertEquals(6, train.size());
        assertEquals("Animation", train.get(0).category());
        assertEquals(Map.of("age", "24", "gender", "M", "occupation", "technician"), train.get(0).context());
        List<ClickExampleView> valid = ClickExampleView.all(new MovieLensDataSource(dir, true, 2, 1L, Split.VALIDATION));
        assertEquals(4, valid.size());
        assertEquals("11", valid.get(0).item());
        assertEquals("Action", valid.get(0).category());
        List<ClickExampleView> test = ClickExampleView.all(new MovieLensDataSource(dir, true, 2, 1L, Split.TEST));
        assertEquals("12", test.get(0).item());
        assertEquals("Drama", test.get(0).category());
        assertEquals("13", test.get(2).item());
        assertNull(test.get(2).category()); // no genre flag set
        assertEquals(Map.of(1, "12", 2, "11"), test.get(2).history()); // T = 2 keeps the two most recent
        for (ClickExampleView v : test) {
            if (!v.positive()) {
                assertTrue(v.user().equals("1") ? Set.of("13", "14").contains(v.item()) : v.item().equals("14"));
            }
        }
    }

    @Test
    void movieLens100kMalformed() throws IOException {
        writeMl100k();
        write("u.data", "1\t10\t5\t100", "1\t11\t3\tlater");
        assertFails("u.data:2", () -> new MovieLensDataSource(dir, true, 50, 1L, Split.TRAIN));
        write("u.data", "1\t10\t5\t100", "1\t11\t3\t200\t9");
        assertFails("u.data:2", () -> new MovieLensDataSource(dir, true, 50, 1L, Split.TRAIN));
        writeMl100k();
        write("u.item", item100k(10, 3), "11|Heat|0|1");
        assertFails("u.item:2", () -> new MovieLensDataSource(dir, true, 50, 1L, Split.TRAIN));
        writeMl100k();
        write("u.user", "1|24|M|technician|85711", "2|53|F");
        assertFails("u.user:2", () -> new MovieLensDataSource(dir, true, 50, 1L, Split.TRAIN));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MovieLensDataSource(dir.resolve("missing"), true, 50, 1L, Split.TRAIN));
        assertTrue(e.getMessage().contains("directory"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MovieLensDataSource(dir, true, -1, 1L, Split.TRAIN));
        assertTrue(e.getMessage().contains("maxHistory"), e.getMessage());
    }

    @Test
    void provenanceRecordsHashesAndSettingsAndRoundTrips() throws IOException {
        writeMl100k();
        MovieLensDataSource source = new MovieLensDataSource(dir, true, 7, 42L, Split.VALIDATION);
        ConfiguredSourceProvenance prov = (ConfiguredSourceProvenance) source.getProvenance();
        assertEquals(ProvenanceUtil.hashResource(DataSourceProvenance.DEFAULT_HASH_TYPE, dir.resolve("u.data")),
                prov.fileHash("u.data"));
        assertNotNull(prov.fileHash("u.item"));
        assertNotNull(prov.fileHash("u.user"));
        assertTrue(prov.getConfiguredParameters().get("split").toString().contains("VALIDATION"));
        assertTrue(prov.getConfiguredParameters().get("seed").toString().contains("42"));
        assertTrue(prov.getConfiguredParameters().get("maxHistory").toString().contains("7"));
        assertTrue(prov.getConfiguredParameters().get("directory").toString().contains(dir.toString()));
        String text = prov.toString();
        assertTrue(text.contains("VALIDATION") && text.contains("42") && text.contains("7"), text);
        assertTrue(text.contains("movielens-100k"), text);
        ObjectProvenance back = ProvenanceUtil.unmarshalProvenance(ProvenanceUtil.marshalProvenance(prov));
        assertEquals(prov, back);
        assertEquals(prov.fileHash("u.data"), ((ConfiguredSourceProvenance) back).fileHash("u.data"));
        // Through a dataset too.
        MutableDataset<Label> ds = new MutableDataset<>(source);
        assertEquals(prov, ds.getProvenance().getSourceProvenance());
    }

    @Test
    void oneConfigurationGivesTheThreeSplits() throws IOException {
        writeMl100k();
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<config>\n");
        for (Split split : Split.values()) {
            xml.append("<component name=\"").append(split).append("\" type=\"")
                    .append(MovieLensDataSource.class.getName()).append("\">\n")
                    .append("<property name=\"directory\" value=\"").append(dir).append("\"/>\n")
                    .append("<property name=\"seed\" value=\"9\"/>\n")
                    .append("<property name=\"split\" value=\"").append(split).append("\"/>\n")
                    .append("</component>\n");
        }
        xml.append("</config>\n");
        Path config = dir.resolve("sources.xml");
        Files.writeString(config, xml);
        ConfigurationManager cm = new ConfigurationManager(config.toString());
        for (Split split : Split.values()) {
            MovieLensDataSource s = (MovieLensDataSource) cm.lookup(split.toString());
            assertEquals(split, s.split());
            assertEquals(ClickExampleView.all(new MovieLensDataSource(dir, true, 50, 9L, split)).toString(),
                    ClickExampleView.all(s).toString());
        }
    }

    // --- Amazon ---

    @Test
    void amazonReviews() throws IOException {
        Path reviews = write("reviews_Toys_5.json",
                "{\"reviewerID\": \"R1\", \"asin\": \"A1\", \"overall\": 5.0, \"unixReviewTime\": 1300}",
                "{\"reviewerID\": \"R1\", \"asin\": \"A2\", \"reviewText\": \"fine, \\\"ok\\\"\", \"unixReviewTime\": 1100}",
                "{\"reviewerID\": \"R1\", \"asin\": \"A3\", \"unixReviewTime\": 1200}",
                "{\"reviewerID\": \"R2\", \"asin\": \"A1\", \"unixReviewTime\": 1000}",
                "{\"reviewerID\": \"R2\", \"asin\": \"A4\", \"unixReviewTime\": 1001}");
        Path meta = write("meta_Toys.json",
                "{'asin': 'A1', 'title': \"Kid's Ball\", 'price': 3.5, 'categories': [['Toys & Games', 'Balls'], ['Sports']]}",
                "{'asin': 'A2', 'related': {'also_bought': ['A1']}, 'categories': [['Toys & Games']]}",
                "{'asin': 'A3', 'title': 'It\\'s fun', 'categories': []}",
                "{'asin': 'ZZ', 'categories': [['Other', 'Thing']]}");
        // A4 has no metadata record: one review in five, accepted here (the default limit is 1%)
        AmazonReviewsDataSource test = new AmazonReviewsDataSource(reviews, meta, 0.2, 50, 1L, Split.TEST);
        assertEquals(1, test.protocol().numSkippedUsers());
        List<ClickExampleView> ex = ClickExampleView.all(test);
        assertEquals(2, ex.size());
        assertEquals("A1", ex.get(0).item());
        assertEquals("Balls", ex.get(0).category());
        assertEquals("R1", ex.get(0).user());
        assertEquals(Map.of(1, "A3", 2, "A2"), ex.get(0).history());
        List<ClickExampleView> train = ClickExampleView.all(new AmazonReviewsDataSource(reviews, meta, 0.2, 50, 1L, Split.TRAIN));
        assertEquals("A2", train.get(0).item());
        assertEquals("Toys & Games", train.get(0).category());
        List<ClickExampleView> valid = ClickExampleView.all(new AmazonReviewsDataSource(reviews, null, 50, 1L, Split.VALIDATION));
        assertEquals("A3", valid.get(0).item());
        assertNull(valid.get(0).category());
        ConfiguredSourceProvenance prov = (ConfiguredSourceProvenance) test.getProvenance();
        assertEquals(ProvenanceUtil.hashResource(DataSourceProvenance.DEFAULT_HASH_TYPE, meta), prov.fileHash("meta_Toys.json"));
        assertEquals(prov, ProvenanceUtil.unmarshalProvenance(ProvenanceUtil.marshalProvenance(prov)));
    }

    @Test
    void amazonMalformed() throws IOException {
        Path reviews = write("reviews_Toys_5.json",
                "{\"reviewerID\": \"R1\", \"asin\": \"A1\", \"unixReviewTime\": 1300}",
                "{\"reviewerID\": \"R1\", \"asin\": \"A2\", \"unixReviewTime\": 11");
        assertFails("reviews_Toys_5.json:2", () -> new AmazonReviewsDataSource(reviews, null, 50, 1L, Split.TRAIN));
        write("reviews_Toys_5.json", "{\"reviewerID\": \"R1\", \"asin\": \"A1\", \"unixReviewTime\": \"soon\"}");
        assertFails("reviews_Toys_5.json:1", () -> new AmazonReviewsDataSource(reviews, null, 50, 1L, Split.TRAIN));
        write("reviews_Toys_5.json", "{\"reviewerID\": \"R1\", \"asin\": \"A1\", \"unixReviewTime\": 5}",
                "", "{\"asin\": \"A1\", \"unixReviewTime\": 5}");
        assertFails("reviews_Toys_5.json:3", () -> new AmazonReviewsDataSource(reviews, null, 50, 1L, Split.TRAIN));
        write("reviews_Toys_5.json", "{\"reviewerID\": \"R1\", \"asin\": \"A1\", \"unixReviewTime\": 5}");
        Path meta = write("meta_Toys.json", "{'asin': 'A1', 'categories': [['X']]}", "{'asin': 'A2', 'categories': [[");
        assertFails("meta_Toys.json:2", () -> new AmazonReviewsDataSource(reviews, meta, 0.2, 50, 1L, Split.TRAIN));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AmazonReviewsDataSource(dir.resolve("nope.json"), null, 50, 1L, Split.TRAIN));
        assertTrue(e.getMessage().contains("reviewsFile"), e.getMessage());
    }

    @Test
    void amazonTimesAreJsonIntegersAndKeysAreGivenOnce() throws IOException {
        String good = "{\"reviewerID\": \"R1\", \"asin\": \"A1\", \"unixReviewTime\": 1300}";
        Path reviews = write("reviews_Toys_5.json", good);
        for (String time : List.of("1.5", "1300.0", "1e9", "NaN", "\"1300\"", "99999999999999999999")) {
            write("reviews_Toys_5.json", good, "{\"reviewerID\": \"R1\", \"asin\": \"A2\", \"unixReviewTime\": "
                    + time + "}");
            assertFails("reviews_Toys_5.json:2: unixReviewTime is missing or not an integer",
                    () -> new AmazonReviewsDataSource(reviews, null, 50, 1L, Split.TRAIN));
        }
        for (String twice : List.of("{\"reviewerID\": \"R1\", \"asin\": \"A2\", \"asin\": \"A3\", \"unixReviewTime\": 5}",
                "{'reviewerID': 'R1', 'asin': 'A2', 'unixReviewTime': 5, 'unixReviewTime': 6}")) {
            write("reviews_Toys_5.json", good, twice);
            assertFails("reviews_Toys_5.json:2: unparseable record: Duplicate field",
                    () -> new AmazonReviewsDataSource(reviews, null, 50, 1L, Split.TRAIN));
        }
    }

    // --- Taobao ---

    @Test
    void taobaoUserBehavior() throws IOException {
        Path data = write("UserBehavior.csv",
                "1,100,7,pv,1511544070", "1,101,8,buy,1511544071", "1,102,8,pv,1511544072",
                "1,103,9,pv,1511544073", "1,100,7,pv,1511544074", "1,104,9,pv,1511544075",
                "2,100,7,pv,1511544000", "2,101,8,cart,1511544001");
        TaobaoUserBehaviorDataSource train = new TaobaoUserBehaviorDataSource(data, 0, 50, 1L, Split.TRAIN);
        assertEquals(1, train.protocol().numUsers());
        assertEquals(1, train.protocol().numSkippedUsers());
        List<ClickExampleView> ex = ClickExampleView.all(train);
        // user 1 pv: 100, 102, 103, 100(again), 104 -> collapsed 102, 103, 100, 104: train 102, 103.
        assertEquals(List.of("102", "103"), ex.stream().filter(ClickExampleView::positive).map(ClickExampleView::item).toList());
        assertEquals("8", ex.get(0).category());
        for (ClickExampleView v : ex) {
            if (!v.positive()) {
                assertEquals("101", v.item()); // the only item of the log user 1 never clicked (buy is not a click)
            }
        }
        List<ClickExampleView> test = ClickExampleView.all(new TaobaoUserBehaviorDataSource(data, 0, 50, 1L, Split.TEST));
        assertEquals("104", test.get(0).item());
        assertEquals(Map.of(1, "100", 2, "103", 3, "102"), test.get(0).history());
        // The first 4 rows: user 1 clicked every item of that log, so its test positive has no negative.
        List<ClickExampleView> head = ClickExampleView.all(new TaobaoUserBehaviorDataSource(data, 4, 50, 1L, Split.TEST));
        assertEquals(1, head.size());
        assertEquals("103", head.get(0).item());
        // The same file gzip-compressed reads the same (maxRows counts its decompressed lines).
        Path gz = data.resolveSibling("UserBehavior.csv.gz");
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(data, out);
        }
        assertEquals(test, ClickExampleView.all(new TaobaoUserBehaviorDataSource(gz, 0, 50, 1L, Split.TEST)));
        assertEquals(head, ClickExampleView.all(new TaobaoUserBehaviorDataSource(gz, 4, 50, 1L, Split.TEST)));
    }

    @Test
    void taobaoIdsNeedNotBeNumbers() throws IOException {
        Path data = write("UserBehavior.csv", "u1,007,c7,pv,1", "u1,7,8,pv,2", "u1,i9,c7,buy,3", "u1,i9,c7,pv,4",
                "u1,10,8,pv,5");
        List<ClickExampleView> test = ClickExampleView.all(new TaobaoUserBehaviorDataSource(data, 0, 50, 1L, Split.TEST));
        assertEquals("10", test.get(0).item());
        assertEquals("8", test.get(0).category());
        assertEquals("u1", test.get(0).user());
        assertEquals(Map.of(1, "i9", 2, "7", 3, "007"), test.get(0).history(), "007 and 7 are two items");
        write("UserBehavior.csv", "1,100,7,pv,1", "1,,7,pv,2");
        assertFails("UserBehavior.csv:2", () -> new TaobaoUserBehaviorDataSource(data, 0, 50, 1L, Split.TRAIN));
    }

    @Test
    void taobaoMalformed() throws IOException {
        Path data = write("UserBehavior.csv", "1,100,7,pv,1511544070", "1,101,8,pv");
        assertFails("UserBehavior.csv:2", () -> new TaobaoUserBehaviorDataSource(data, 0, 50, 1L, Split.TRAIN));
        write("UserBehavior.csv", "1,100,7,pv,1511544070", "1,100,7,pv,1511544070,5");
        assertFails("UserBehavior.csv:2", () -> new TaobaoUserBehaviorDataSource(data, 0, 50, 1L, Split.TRAIN));
        write("UserBehavior.csv", "1,100,7,pv,1511544070", "1,100,7,fav,x", "1,100,7,pv,1");
        assertFails("UserBehavior.csv:2", () -> new TaobaoUserBehaviorDataSource(data, 0, 50, 1L, Split.TRAIN));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TaobaoUserBehaviorDataSource(data, -1, 50, 1L, Split.TRAIN));
        assertTrue(e.getMessage().contains("maxRows"), e.getMessage());
    }

    @Test
    void taobaoBehavioursAreTheFourDocumentedOnesExactly() throws IOException {
        // buy, cart and fav rows are skipped: the same clicks as without them
        Path data = write("UserBehavior.csv", "1,100,7,pv,1", "1,101,7,buy,2", "1,102,8,pv,3", "1,103,8,cart,4",
                "1,104,8,fav,5", "1,105,9,pv,6", "1,106,9,pv,7");
        List<ClickExampleView> all = ClickExampleView.all(new TaobaoUserBehaviorDataSource(data, 0, 50, 1L,
                Split.TEST));
        Path clicksOnly = write("clicks.csv", "1,100,7,pv,1", "1,102,8,pv,3", "1,105,9,pv,6", "1,106,9,pv,7");
        assertEquals(ClickExampleView.all(new TaobaoUserBehaviorDataSource(clicksOnly, 0, 50, 1L, Split.TEST)), all);
        for (String bad : List.of("PV", "Pv", "BUY", "click", "pv ", " pv", "favorite", "p")) {
            write("UserBehavior.csv", "1,100,7,pv,1", "1,101,7," + bad + ",2", "1,102,8,pv,3");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new TaobaoUserBehaviorDataSource(data, 0, 50, 1L, Split.TRAIN));
            assertTrue(e.getMessage().startsWith(data + ":2: behaviour: '" + bad + "' is not one of pv, buy, cart, fav"),
                    e.getMessage());
        }
        write("UserBehavior.csv", "1,100,7,pv,1", "1,101,7,,2");
        assertFails(data + ":2: behaviour: is empty", () -> new TaobaoUserBehaviorDataSource(data, 0, 50, 1L,
                Split.TRAIN));
    }

    @Test
    void taobaoIdsAndTimesAreChecked() throws IOException {
        Path data = write("UserBehavior.csv", "u1,100,7,pv,1", "u1," + "i".repeat(DataLimits.maxIdChars() + 1)
                + ",7,pv,2");
        assertFails(data + ":2: item: an id of " + (DataLimits.maxIdChars() + 1) + " characters",
                () -> new TaobaoUserBehaviorDataSource(data, 0, 50, 1L, Split.TRAIN));
        for (String bad : List.of("1d", "0x1", "1e9", "1.0", " 1")) {
            write("UserBehavior.csv", "u1,100,7,pv,1", "u1,101,7,pv," + bad);
            assertFails(data + ":2: timestamp: not an integer: '" + bad + "'",
                    () -> new TaobaoUserBehaviorDataSource(data, 0, 50, 1L, Split.TRAIN));
        }
    }

    @Test
    void movieLensNumbersAreStrict() throws IOException {
        Path dir = Files.createDirectories(this.dir.resolve("ml"));
        Path movies = dir.resolve("movies.dat");
        Files.write(movies, List.of("1::A::Drama", "2::B::Comedy"), StandardCharsets.ISO_8859_1);
        Files.write(dir.resolve("users.dat"), List.of("1::F::1::10::48067"), StandardCharsets.ISO_8859_1);
        for (String[] bad : new String[][]{{"5d", "rating: not a number: '5d'"}, {"0x5", "rating: not a number"},
                {"Infinity", "rating: not a finite number"}}) {
            Files.write(dir.resolve("ratings.dat"), List.of("1::1::5::978300760", "1::2::" + bad[0] + "::978300761"),
                    StandardCharsets.ISO_8859_1);
            assertFails(dir.resolve("ratings.dat") + ":2: " + bad[1],
                    () -> new MovieLensDataSource(dir, true, 50, 1L, Split.TRAIN));
        }
        Files.write(dir.resolve("ratings.dat"), List.of("1::1::5::978300760", "1::2::4::978300761L"),
                StandardCharsets.ISO_8859_1);
        assertFails(dir.resolve("ratings.dat") + ":2: timestamp: not an integer: '978300761L'",
                () -> new MovieLensDataSource(dir, true, 50, 1L, Split.TRAIN));
    }
}
