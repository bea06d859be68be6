package dev.tribuoctr.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tribuoctr.ctr.model.ClickModel;
import dev.tribuoctr.ctr.model.CtrModel;
import dev.tribuoctr.featuresel.GatedFieldModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Models saved by an earlier version ({@link SavedModelFixtures}, under {@code src/test/resources/saved-models/})
 * still load, through Tribuo's {@code Model.deserializeFromFile} and through Java serialization, and give the click
 * probabilities recorded when they were saved (within 1e-6: another machine's BLAS may round differently).
 */
class SavedModelCompatibilityTest {
    private static final double TOLERANCE = 1e-6;
    /** Where the files were regenerated in this run (then read from there), or null to read the test resources. */
    private static Path regenerated;

    @BeforeAll
    static void regenerateWhenAsked() throws IOException {
        String dir = System.getProperty(SavedModelFixtures.REGENERATE_PROPERTY);
        if (dir != null && !dir.isBlank()) {
            regenerated = Path.of(dir);
            SavedModelFixtures.write(regenerated);
        }
    }

    private static Path resource(String name) throws URISyntaxException {
        if (regenerated != null) {
            return regenerated.resolve(name);
        }
        URL url = SavedModelCompatibilityTest.class.getResource("/saved-models/" + name);
        assertNotNull(url, "missing test resource saved-models/" + name);
        return Path.of(url.toURI());
    }

    private static JsonNode recorded(String base) throws IOException, URISyntaxException {
        return new ObjectMapper().readTree(resource(base + ".json").toFile());
    }

    private static void assertReproduces(JsonNode recorded, ClickModel model) {
        assertEquals(recorded.get("model").asText(), model.getName());
        assertEquals(recorded.get("modelClass").asText(), model.getClass().getName());
        double[] want = SavedModelFixtures.probabilities(recorded);
        assertTrue(want.length > 0, "no recorded probabilities");
        assertArrayEquals(want, model.clickProbabilities(SavedModelFixtures.examples(recorded)), TOLERANCE);
    }

    @Test
    void dinModelSavedAsProtobufReproducesItsProbabilities() throws Exception {
        Model<?> model = Model.deserializeFromFile(resource(SavedModelFixtures.DIN + ".tribuo"));
        CtrModel din = assertInstanceOf(CtrModel.class, model);
        assertTrue(din.validate(Label.class));
        assertReproduces(recorded(SavedModelFixtures.DIN), din);
    }

    @Test
    void dinModelSavedWithJavaSerializationStillLoads() throws Exception {
        Object read;
        try (InputStream in = Files.newInputStream(resource(SavedModelFixtures.DIN + ".ser"));
             ObjectInputStream objects = new ObjectInputStream(in)) {
            read = objects.readObject();
        }
        CtrModel din = assertInstanceOf(CtrModel.class, read);
        assertReproduces(recorded(SavedModelFixtures.DIN), din);
        CtrModel fromProto = (CtrModel) Model.deserializeFromFile(resource(SavedModelFixtures.DIN + ".tribuo"));
        assertEquals(din.getProvenance(), fromProto.getProvenance(), "both files hold the same model");
    }

    @Test
    void prunedFieldModelSavedAsProtobufReproducesItsProbabilities() throws Exception {
        Model<?> model = Model.deserializeFromFile(resource(SavedModelFixtures.PRUNED + ".tribuo"));
        GatedFieldModel pruned = assertInstanceOf(GatedFieldModel.class, model);
        for (double factor : pruned.gateFactors()) {
            assertEquals(1.0, factor, 0.0, "a pruned model's gates are folded in");
        }
        assertReproduces(recorded(SavedModelFixtures.PRUNED), pruned);
    }
}
