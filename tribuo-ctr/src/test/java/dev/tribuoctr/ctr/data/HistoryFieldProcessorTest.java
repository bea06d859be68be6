package dev.tribuoctr.ctr.data;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import dev.tribuoctr.ctr.model.CtrModel;
import dev.tribuoctr.ctr.train.MetaWrapperTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.data.columnar.ColumnarFeature;
import org.tribuo.data.columnar.FieldProcessor;
import org.tribuo.data.columnar.RowProcessor;
import org.tribuo.data.columnar.processors.field.IdentityProcessor;
import org.tribuo.data.columnar.processors.response.FieldResponseProcessor;
import org.tribuo.data.csv.CSVDataSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link HistoryFieldProcessor}: the values it emits, and the delimited-file route end to end (Tribuo's
 * {@code CSVDataSource} + {@code RowProcessor} into {@link MetaWrapperTrainer}).
 */
class HistoryFieldProcessorTest {

    private static Map<String, Double> features(List<ColumnarFeature> fs) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (ColumnarFeature f : fs) {
            m.put(f.getName(), f.getValue());
        }
        return m;
    }

    @Test
    void oldestFirstColumnGivesRankOneToTheLastToken() {
        HistoryFieldProcessor p = new HistoryFieldProcessor("history");
        assertEquals(Map.of("hist_item@78", 1.0, "hist_item@45", 2.0, "hist_item@12", 3.0), features(p.process("12|45|78")));
        assertEquals(List.of("hist_item@78", "hist_item@45", "hist_item@12"),
                p.process("12|45|78").stream().map(Feature::getName).collect(Collectors.toList()));
        assertEquals("history", p.getFieldName());
        assertEquals(FieldProcessor.GeneratedFeatureType.INTEGER, p.getFeatureType());
        assertEquals("hist_item", p.process("7").get(0).getFieldName());
    }

    @Test
    void mostRecentFirstColumnGivesRankOneToTheFirstToken() {
        HistoryFieldProcessor p = new HistoryFieldProcessor("h", "hist_item", "|", 0, true);
        assertEquals(Map.of("hist_item@12", 1.0, "hist_item@45", 2.0, "hist_item@78", 3.0), features(p.process("12|45|78")));
    }

    @Test
    void aRepeatedItemKeepsOnlyItsMostRecentRank() {
        HistoryFieldProcessor oldestFirst = new HistoryFieldProcessor("h");
        // clicks 12, 45, 12, 78: most recent first 78, 12, 45
        assertEquals(Map.of("hist_item@78", 1.0, "hist_item@12", 2.0, "hist_item@45", 3.0),
                features(oldestFirst.process("12|45|12|78")));
        HistoryFieldProcessor recentFirst = new HistoryFieldProcessor("h", "hist_item", "|", 0, true);
        assertEquals(Map.of("hist_item@12", 1.0, "hist_item@45", 2.0, "hist_item@78", 3.0),
                features(recentFirst.process("12|45|12|78")));
        assertEquals(Map.of("hist_item@5", 1.0), features(oldestFirst.process("5|5|5")));
    }

    @Test
    void maxHistoryKeepsTheMostRecentDistinctItems() {
        HistoryFieldProcessor p = new HistoryFieldProcessor("h", "hist_item", "|", 2, false);
        assertEquals(Map.of("hist_item@4", 1.0, "hist_item@3", 2.0), features(p.process("1|2|3|3|4")));
        assertEquals(Map.of("hist_item@4", 1.0), features(p.process("4")));
    }

    @Test
    void separatorFeatureFieldAndWhitespace() {
        HistoryFieldProcessor p = new HistoryFieldProcessor("h", "clicked", ";", 0, false);
        assertEquals(Map.of("clicked@b", 1.0, "clicked@a.b|c", 2.0), features(p.process(" a.b|c ; b ")));
        HistoryFieldProcessor copy = p.copy("other");
        assertEquals("other", copy.getFieldName());
        assertEquals(features(p.process("x;y")), features(copy.process("x;y")));
    }

    @Test
    void emptyColumnGivesNoFeaturesAndEmptyTokensAreErrors() {
        HistoryFieldProcessor p = new HistoryFieldProcessor("history");
        assertTrue(p.process("").isEmpty());
        assertTrue(p.process("   ").isEmpty());
        for (String bad : List.of("12||45", "12|", "|12", "12| |45")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.process(bad));
            assertTrue(e.getMessage().contains("'history'") && e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new HistoryFieldProcessor("h", "hist_item", "|", -1, false));
        assertThrows(IllegalArgumentException.class, () -> new HistoryFieldProcessor("h", "hist_item", "", 0, false));
        assertThrows(IllegalArgumentException.class, () -> new HistoryFieldProcessor("h", "a@b", "|", 0, false));
        assertThrows(IllegalArgumentException.class, () -> new HistoryFieldProcessor("", "hist_item", "|", 0, false));
    }

    @Test
    void configurableThroughOlcutWithProvenance(@TempDir Path tmp) throws IOException {
        Path xml = tmp.resolve("p.xml");
        Files.writeString(xml, "<config><component name=\"p\" type=\"dev.tribuoctr.ctr.data.HistoryFieldProcessor\">"
                + "<property name=\"fieldName\" value=\"clicks\"/><property name=\"separator\" value=\",\"/>"
                + "<property name=\"maxHistory\" value=\"2\"/><property name=\"mostRecentFirst\" value=\"true\"/>"
                + "</component></config>");
        try (ConfigurationManager cm = new ConfigurationManager(xml.toString())) {
            HistoryFieldProcessor p = (HistoryFieldProcessor) cm.lookup("p");
            assertEquals("clicks", p.getFieldName());
            assertEquals(Map.of("hist_item@1", 1.0, "hist_item@2", 2.0), features(p.process("1,2,3")));
            String prov = p.getProvenance().toString();
            assertTrue(prov.contains("maxHistory") && prov.contains("mostRecentFirst"), prov);
        }
    }

    /** label,item,cate,user,history rows: users like items of their own parity; history lists past positives. */
    private static Path writeCsv(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder("label,item,cate,user,history\n");
        Random rng = new Random(7);
        for (int u = 0; u < 8; u++) {
            StringBuilder history = new StringBuilder();
            for (int k = 0; k < 6; k++) {
                int item = rng.nextInt(30);
                boolean click = (item % 2) == (u % 2);
                sb.append(click ? "1" : "0").append(',').append(item).append(',').append(item % 2 == 0 ? "even" : "odd")
                        .append(',').append(u).append(',').append(history).append('\n');
                if (click) {
                    history.append(history.length() == 0 ? "" : "|").append(item);
                }
            }
        }
        Path csv = dir.resolve("clicks.csv");
        Files.writeString(csv, sb.toString(), StandardCharsets.UTF_8);
        return csv;
    }

    @Test
    void csvRouteProducesExamplesTheTrainerTrainsOn(@TempDir Path tmp) throws IOException {
        Path csv = writeCsv(tmp);
        Map<String, FieldProcessor> fields = new HashMap<>();
        for (String f : List.of("item", "cate", "user")) {
            fields.put(f, new IdentityProcessor(f));
        }
        fields.put("history", new HistoryFieldProcessor("history"));
        RowProcessor<Label> rows = new RowProcessor<>(new FieldResponseProcessor<>("label", "0", new LabelFactory()), fields);
        CSVDataSource<Label> source = new CSVDataSource<>(csv, rows, true);
        MutableDataset<Label> data = new MutableDataset<>(source);
        assertEquals(48, data.size());

        // The row "label,item,cate,user,history" of user 0 after two clicks has hist_item@<second>=1, @<first>=2.
        boolean sawTwoRanks = false;
        for (Example<Label> e : data) {
            Map<String, Double> hist = new HashMap<>();
            int items = 0;
            int users = 0;
            for (Feature f : e) {
                if (f.getName().startsWith("hist_item@")) {
                    hist.put(f.getName(), f.getValue());
                }
                items += f.getName().startsWith("item@") ? 1 : 0;
                users += f.getName().startsWith("user@") ? 1 : 0;
            }
            assertEquals(1, items);
            assertEquals(1, users);
            List<Double> ranks = hist.values().stream().sorted().collect(Collectors.toList());
            for (int r = 0; r < ranks.size(); r++) {
                assertEquals(r + 1.0, ranks.get(r));
            }
            sawTwoRanks |= ranks.size() >= 2;
        }
        assertTrue(sawTwoRanks);

        MetaWrapperTrainer trainer = MetaWrapperTrainer.builder().embeddingSizes(2, 2, 2).selectorHiddenSizes(3)
                .predictorHiddenSizes(3).epochs(1).batchSize(4).seed(1).build();
        CtrModel model = trainer.train(data);
        List<Prediction<Label>> predictions = model.predict(data);
        assertEquals(data.size(), predictions.size());
        for (Prediction<Label> p : predictions) {
            double p1 = p.getOutputScores().get("1").getScore();
            assertTrue(p1 > 0 && p1 < 1, p.toString());
        }
        assertInstanceOf(String.class, model.getProvenance().toString());
        assertTrue(model.getProvenance().toString().contains("HistoryFieldProcessor"),
                "the data provenance should name the history processor");
    }
}
