package dev.tribuoctr.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import dev.tribuoctr.examples.cli.RunFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.DataSource;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The learnable-world configurations: three disjoint parts of one world, and a run that learns something. */
class WorldConfigsTest {
    @SuppressWarnings("unchecked")
    private static List<String> rows(ConfigurationManager cm, String name) {
        List<String> rows = new ArrayList<>();
        for (Example<Label> e : (DataSource<Label>) cm.lookup(name)) {
            StringBuilder sb = new StringBuilder(e.getOutput().getLabel());
            e.forEach(f -> sb.append(' ').append(f.getName()).append('=').append(f.getValue()));
            rows.add(sb.toString());
        }
        return rows;
    }

    @Test
    void trainValidationAndTestAreConsecutivePartsOfEachTimeline() {
        try (ConfigurationManager cm = new ConfigurationManager("configs/world-common.xml")) {
            cm.setGlobalProperty("world.users", "30");
            List<String> train = rows(cm, "train-data");
            List<String> validation = rows(cm, "validation-data");
            List<String> test = rows(cm, "test-data");
            assertEquals(30 * 35, train.size());
            assertEquals(30 * 5, validation.size());
            assertEquals(30 * 10, test.size());
            for (int u = 0; u < 30; u++) {
                String user = "user@" + u + "=1.0";
                assertTrue(train.get(u * 35).contains(user) && validation.get(u * 5).contains(user)
                        && test.get(u * 10).contains(user));
                // the first validation row's history holds the training clicks before it: it is their continuation
                assertTrue(validation.get(u * 5).split(" ").length >= train.get(u * 35 + 34).split(" ").length - 1);
            }
        }
    }

    @Test
    void tuneSetsGlobalPropertiesForEveryRunAndTheBestConfiguration(@TempDir Path tmp) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path dir = tmp.resolve("tune");
        int status = CtrCli.run(new String[]{"tune", "--config", "configs/world-din.xml", "--set", "world.users=60",
            "--out", dir.toString(), "--grid", "trainer.epochs=1"}, new PrintStream(out, true),
                new PrintStream(out, true));
        assertEquals(0, status, out.toString());
        String best = java.nio.file.Files.readString(dir.resolve("best.xml"));
        assertTrue(best.contains("world.users") && best.contains("\"60\""), best);
        String provenance = java.nio.file.Files.readString(dir.resolve("runs").resolve("c000-seed1")
                .resolve("provenance.json"));
        assertTrue(provenance.contains("\"numUsers\"") && provenance.contains("\"60\""), "the runs used 60 users");
    }

    @Test
    void dinOnASmallWorldLearnsSomething(@TempDir Path tmp) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = CtrCli.run(new String[]{"train", "--config", "configs/world-din.xml", "--set", "world.users=300",
            "--out", tmp.resolve("run").toString()}, new PrintStream(out, true), new PrintStream(out, true));
        assertEquals(0, status, out.toString());
        JsonNode m = RunFiles.MAPPER.readTree(tmp.resolve("run").resolve("metrics.json").toFile());
        assertTrue(m.get("validation_auc").asDouble() > 0.55, m.toString());
        assertTrue(m.get("test_auc").asDouble() > 0.55, m.toString());
    }
}
