package dev.tribuoctr.examples;

import dev.tribuoctr.examples.cli.RunFiles;
import dev.tribuoctr.examples.commands.SelectCommand;

import com.fasterxml.jackson.databind.JsonNode;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import dev.tribuoctr.featuresel.LpfsFeatureSelector;
import dev.tribuoctr.featuresel.LpfsResult;
import dev.tribuoctr.featuresel.data.CriteoDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.MutableDataset;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code select} on a {@code criteo-gen} file goes through the columns and keeps the gates the example route
 * (a {@code MutableDataset} of the same configured source and selector) gives, bit for bit.
 */
class CriteoSelectCommandTest {
    private static final String[] OVERRIDES = {"--@train-data.maxRows", "3000", "--@selector.epochs", "2",
        "--@selector.embeddingSize", "4", "--@selector.batchSize", "128", "--@selector.maxSteps", "30",
        "--@selector.minCount", "3"};

    private static void run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CtrCli.run(args, new PrintStream(new ByteArrayOutputStream(), true), new PrintStream(err, true));
        assertEquals(0, status, "exit status; stderr: " + err);
    }

    @Test
    void selectOnCriteoColumnsGivesTheGatesOfTheExampleRoute(@TempDir Path tmp) throws Exception {
        run("criteo-gen", "--rows", "4000", "--out", tmp.resolve("train.txt").toString(), "--cardinality", "300",
                "--seed", "3");
        Path out = tmp.resolve("select");
        String[] select = {"select", "--config", "configs/lpfs-criteo.xml", "--data-dir", tmp.toString(),
            "--out", out.toString()};
        String[] args = new String[select.length + OVERRIDES.length];
        System.arraycopy(select, 0, args, 0, select.length);
        System.arraycopy(OVERRIDES, 0, args, select.length, OVERRIDES.length);
        run(args);
        JsonNode selected = RunFiles.MAPPER.readTree(out.resolve(SelectCommand.SELECTED).toFile());
        assertEquals(3000, selected.get("train_examples").asInt());

        String[] cmArgs = new String[2 + OVERRIDES.length];
        cmArgs[0] = "-c";
        cmArgs[1] = "configs/lpfs-criteo.xml";
        System.arraycopy(OVERRIDES, 0, cmArgs, 2, OVERRIDES.length);
        try (ConfigurationManager cm = new ConfigurationManager(cmArgs)) {
            cm.setGlobalProperty("data.dir", tmp.toString());
            LpfsFeatureSelector selector = (LpfsFeatureSelector) cm.lookup("selector");
            LpfsResult expected = selector.fit(new MutableDataset<>((CriteoDataSource) cm.lookup("train-data")));
            Map<String, Double> gates = new HashMap<>();
            selected.get("kept_fields").forEach(n -> gates.put(n.get("field").asText(), n.get("gate_parameter").asDouble()));
            List<String> fields = expected.fields();
            assertEquals(39, fields.size());
            for (int f = 0; f < fields.size(); f++) {
                if (expected.gateParameters()[f] != 0.0) {
                    assertEquals(expected.gateParameters()[f], gates.get(fields.get(f)), fields.get(f));
                }
            }
            assertEquals(expected.keptFields().size(), gates.size());
            assertEquals(expected.selectedFeatures().featureNames().size(), selected.get("selected_features").size());
            assertEquals(30, expected.trajectory().get(expected.trajectory().size() - 1).step(), "maxSteps");
        }
    }
}
