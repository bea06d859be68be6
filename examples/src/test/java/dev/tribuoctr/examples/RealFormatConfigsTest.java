package dev.tribuoctr.examples;

import dev.tribuoctr.ctr.data.ProtocolFolderDataSource;
import dev.tribuoctr.ctr.data.TabSeparatedText;
import dev.tribuoctr.examples.cli.RunFiles;
import dev.tribuoctr.examples.commands.TrainCommand;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every shipped MovieLens and Amazon configuration loads through {@code train --config ... --data-dir DIR} and
 * trains one epoch on a tiny data set in the real file format (MovieLens 100K layout; Amazon reviews JSON lines and
 * a Python-literal metadata file), written here to a temporary folder; and every delimited-file configuration
 * (Tribuo's CSVDataSource with the history column read by HistoryFieldProcessor) trains on tiny CSV files; and the
 * Spark protocol configuration trains on a tiny folder in the layout of the Spark job's output.
 */
class RealFormatConfigsTest {
    private static final List<String> METHODS = List.of("base", "din", "m2", "m3", "meta-wrapper");
    private static final List<String> GENRES = List.of("unknown", "Action", "Adventure", "Animation", "Children's",
            "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery",
            "Romance", "Sci-Fi", "Thriller", "War", "Western");
    private static final int USERS = 12;
    private static final int ITEMS = 40;
    private static final int CLICKS_PER_USER = 8;

    /** MovieLens 100K layout: u.data (tab-separated), u.item (19 genre flags), u.genre, u.user. */
    static void writeMl100k(Path dir) throws IOException {
        Files.createDirectories(dir);
        Random rng = new Random(3);
        StringBuilder data = new StringBuilder();
        for (int u = 1; u <= USERS; u++) {
            long time = 874_000_000L + 1000L * u;
            List<Integer> seen = new ArrayList<>();
            while (seen.size() < CLICKS_PER_USER) {
                int item = 1 + rng.nextInt(ITEMS);
                if (!seen.contains(item)) {
                    seen.add(item);
                    data.append(u).append('\t').append(item).append('\t').append(1 + rng.nextInt(5)).append('\t')
                            .append(time += 1 + rng.nextInt(5000)).append('\n');
                }
            }
        }
        Files.writeString(dir.resolve("u.data"), data.toString(), StandardCharsets.ISO_8859_1);
        StringBuilder items = new StringBuilder();
        for (int i = 1; i <= ITEMS; i++) {
            items.append(i).append("|Movie ").append(i).append(" (1995)|01-Jan-1995||http://us.imdb.com/M/title-exact?").append(i);
            for (int g = 0; g < GENRES.size(); g++) {
                items.append('|').append(g == 1 + i % 5 || g == 8 ? '1' : '0');
            }
            items.append('\n');
        }
        Files.writeString(dir.resolve("u.item"), items.toString(), StandardCharsets.ISO_8859_1);
        StringBuilder genre = new StringBuilder();
        for (int g = 0; g < GENRES.size(); g++) {
            genre.append(GENRES.get(g)).append('|').append(g).append('\n');
        }
        Files.writeString(dir.resolve("u.genre"), genre.append('\n').toString(), StandardCharsets.ISO_8859_1);
        StringBuilder users = new StringBuilder();
        for (int u = 1; u <= USERS; u++) {
            users.append(u).append('|').append(18 + u).append('|').append(u % 2 == 0 ? 'M' : 'F').append('|')
                    .append(u % 3 == 0 ? "technician" : "student").append('|').append(85700 + u).append('\n');
        }
        Files.writeString(dir.resolve("u.user"), users.toString(), StandardCharsets.ISO_8859_1);
    }

    /** Amazon DIN format: reviews_Electronics_5.json (JSON lines) and meta_Electronics.json (Python literals). */
    static void writeAmazon(Path dir) throws IOException {
        writeAmazon(dir, "Electronics");
    }

    /** Amazon DIN format for the subset {@code name}: reviews_NAME_5.json and meta_NAME.json. */
    static void writeAmazon(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Random rng = new Random(5);
        StringBuilder reviews = new StringBuilder();
        for (int u = 1; u <= USERS; u++) {
            long time = 1_300_000_000L + 86_400L * u;
            List<Integer> seen = new ArrayList<>();
            while (seen.size() < CLICKS_PER_USER) {
                int item = rng.nextInt(ITEMS);
                if (!seen.contains(item)) {
                    seen.add(item);
                    reviews.append(String.format("{\"reviewerID\": \"A%03dXYZ\", \"asin\": \"B%05d\", \"reviewerName\": "
                                    + "\"R %d\", \"helpful\": [0, 0], \"reviewText\": \"Works \\\"fine\\\".\", \"overall\": 5.0, "
                                    + "\"summary\": \"ok\", \"unixReviewTime\": %d, \"reviewTime\": \"03 1, 2011\"}%n",
                            u, item, u, time += 86_400L * (1 + rng.nextInt(30))));
                }
            }
        }
        Files.writeString(dir.resolve("reviews_" + name + "_5.json"), reviews.toString(), StandardCharsets.UTF_8);
        StringBuilder meta = new StringBuilder();
        String[] leaves = {"Headphones", "Cameras", "Cables", "Chargers"};
        for (int i = 0; i < ITEMS + 5; i++) {
            meta.append(String.format("{'asin': 'B%05d', 'title': \"Tom's gadget %d\", 'price': 9.99, "
                    + "'imUrl': 'http://ecx.images-amazon.com/images/I/%d.jpg', 'related': {'also_bought': ['B%05d']}, "
                    + "'categories': [['Electronics', 'Accessories', '%s'], ['Electronics']]}%n",
                    i, i, i, (i + 1) % ITEMS, leaves[i % leaves.length]));
        }
        Files.writeString(dir.resolve("meta_" + name + ".json"), meta.toString(), StandardCharsets.UTF_8);
    }

    /** The delimited route: train.csv, validation.csv, test.csv with label,item,cate,user,history (oldest first). */
    static void writeDelimited(Path dir) throws IOException {
        Files.createDirectories(dir);
        Random rng = new Random(11);
        StringBuilder[] parts = {new StringBuilder(), new StringBuilder(), new StringBuilder()};
        for (StringBuilder sb : parts) {
            sb.append("label,item,cate,user,history\n");
        }
        for (int u = 0; u < USERS; u++) {
            List<Integer> history = new ArrayList<>();
            for (int k = 0; k < CLICKS_PER_USER; k++) {
                int item = rng.nextInt(ITEMS);
                // train rows: clicked when the item's class matches the user's; validation and test rows: half of
                // the users clicked, so both classes occur in every file
                int label = k < CLICKS_PER_USER - 2 ? (item % 3 == u % 3 ? 1 : 0) : u % 2;
                StringBuilder h = new StringBuilder();
                for (int x : history) {
                    h.append(h.length() == 0 ? "" : "|").append(x);
                }
                StringBuilder target = parts[k < CLICKS_PER_USER - 2 ? 0 : k == CLICKS_PER_USER - 2 ? 1 : 2];
                target.append(label).append(',').append(item).append(",c").append(item % 3).append(",u").append(u)
                        .append(',').append(h).append('\n');
                if (label == 1) {
                    history.add(item);
                }
            }
        }
        List<String> names = List.of("train.csv", "validation.csv", "test.csv");
        for (int i = 0; i < 3; i++) {
            Files.writeString(dir.resolve(names.get(i)), parts[i].toString(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The text part of a Spark protocol job's output folder (timelines/, codes/users/, codes/items/, several parts,
     * codes not in order of first appearance), as {@code ProtocolFolderDataSource} reads it, and its provenance.json.
     */
    static void writeProtocolFolder(Path dir) throws IOException {
        Random rng = new Random(7);
        List<String> timelines = new ArrayList<>();
        List<String> users = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            List<Integer> seen = new ArrayList<>();
            while (seen.size() < CLICKS_PER_USER) {
                int item = rng.nextInt(ITEMS);
                if (!seen.contains(item)) {
                    seen.add(item);
                }
            }
            timelines.add(u + "\t" + String.join(" ", seen.stream().map(String::valueOf).toList()));
            users.add(TabSeparatedText.line(Integer.toString(u), "user " + u, "gender", u % 2 == 0 ? "F" : "M"));
        }
        List<String> items = new ArrayList<>();
        for (int i = ITEMS - 1; i >= 0; i--) {
            items.add(TabSeparatedText.line(Integer.toString(i), "B" + (1000 + i), i % 9 == 0 ? null : "c" + i % 4));
        }
        writeParts(dir.resolve(ProtocolFolderDataSource.TIMELINES), timelines);
        writeParts(dir.resolve(ProtocolFolderDataSource.USER_CODES), users);
        writeParts(dir.resolve(ProtocolFolderDataSource.ITEM_CODES), items);
        Files.writeString(dir.resolve(ProtocolFolderDataSource.PROVENANCE), "{\"layout\": \"taobao-user-behavior\", "
                + "\"settings\": {\"maxHistory\": 50, \"seed\": 1}}", StandardCharsets.UTF_8);
    }

    private static void writeParts(Path folder, List<String> lines) throws IOException {
        Files.createDirectories(folder);
        int half = lines.size() / 2;
        Files.write(folder.resolve("part-00000-x-c000.txt"), lines.subList(0, half), StandardCharsets.UTF_8);
        Files.write(folder.resolve("part-00001-x-c000.txt"), lines.subList(half, lines.size()), StandardCharsets.UTF_8);
    }

    private static JsonNode train(String config, Path dataDir, Path out) throws IOException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = {"train", "--config", "configs/" + config + ".xml", "--data-dir", dataDir.toString(),
                "--out", out.toString(), "--@trainer.epochs", "1", "--@trainer.batchSize", "32",
                "--@trainer.itemEmbeddingSize", "4", "--@trainer.attributeEmbeddingSize", "4",
                "--@trainer.contextEmbeddingSize", "4"};
        int status = CtrCli.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));
        assertEquals(0, status, () -> config + ": " + err.toString(StandardCharsets.UTF_8));
        return RunFiles.MAPPER.readTree(out.resolve(RunFiles.METRICS).toFile());
    }

    private static void check(String config, String dataset, String method, JsonNode m, Path out, String... inProvenance)
            throws IOException {
        assertEquals(dataset, m.get("dataset").asText(), config);
        assertEquals(method, m.get("method").asText(), config);
        assertEquals(1, m.get("epochs_trained").asInt(), config + ": " + m);
        for (String key : List.of("test_auc", "validation_auc", "test_logloss", "train_logloss")) {
            double v = m.get(key).asDouble();
            assertTrue(v > 0 && Double.isFinite(v), config + ": " + key + " = " + v);
        }
        String prov = Files.readString(out.resolve(TrainCommand.PROVENANCE));
        for (String s : inProvenance) {
            assertTrue(prov.contains(s), config + ": provenance lacks " + s);
        }
    }

    private static String methodName(String key) {
        switch (key) {
            case "base": return "Base";
            case "din": return "DIN";
            case "m2": return "M2";
            case "m3": return "M3";
            default: return "Meta-Wrapper";
        }
    }

    @Test
    void everyMovieLensConfigurationTrainsOnTheMl100kLayout(@TempDir Path tmp) throws IOException {
        Path data = tmp.resolve("ml-100k");
        writeMl100k(data);
        for (String method : METHODS) {
            String config = "movielens-" + method;
            Path out = tmp.resolve(config);
            JsonNode m = train(config, data, out);
            check(config, "movielens", methodName(method), m, out, "MovieLensDataSource", "movielens-100k",
                    "u.data", data.toAbsolutePath().toString());
        }
    }

    @Test
    void theTaobaoConfigurationTrainsOnAGeneratedLogWithinItsStepBudget(@TempDir Path tmp) throws IOException {
        Path data = tmp.resolve("taobao");
        Path file = data.resolve("UserBehavior.csv");
        int status = CtrCli.run(new String[]{"taobao-gen", "--rows", "20000", "--users", "300", "--items", "2000",
                "--categories", "40", "--out", file.toString()}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, status);
        Path out = tmp.resolve("taobao-din");
        JsonNode m = train("taobao-din", data, out);
        check("taobao-din", "taobao", "DIN", m, out, "TaobaoUserBehaviorDataSource", "UserBehavior.csv");
    }

    @Test
    void theSparkProtocolConfigurationTrainsOnAJobsOutputFolder(@TempDir Path tmp) throws IOException {
        Path data = tmp.resolve("spark-out");
        writeProtocolFolder(data);
        Path out = tmp.resolve("spark-protocol-din");
        JsonNode m = train("spark-protocol-din", data, out);
        check("spark-protocol-din", "spark-protocol", "DIN", m, out, "ProtocolFolderDataSource",
                "spark-protocol:taobao-user-behavior", "timelines/part-00001-x-c000.txt");
    }

    @Test
    void everyAmazonConfigurationTrainsOnTheDinFormat(@TempDir Path tmp) throws IOException {
        Path data = tmp.resolve("amazon");
        writeAmazon(data);
        for (String method : METHODS) {
            String config = "amazon-" + method;
            Path out = tmp.resolve(config);
            JsonNode m = train(config, data, out);
            check(config, "amazon", methodName(method), m, out, "AmazonReviewsDataSource",
                    "reviews_Electronics_5.json", "meta_Electronics.json");
        }
    }

    @Test
    void everyDelimitedConfigurationTrainsOnCsvFilesWithAHistoryColumn(@TempDir Path tmp) throws IOException {
        Path data = tmp.resolve("csv");
        writeDelimited(data);
        for (String method : METHODS) {
            String config = "delimited-" + method;
            Path out = tmp.resolve(config);
            JsonNode m = train(config, data, out);
            check(config, "delimited", methodName(method), m, out, "CSVDataSource", "HistoryFieldProcessor",
                    "train.csv");
        }
    }
}
