package dev.tribuoctr.examples;

import dev.tribuoctr.examples.benchmarks.CriteoGenCommand;

import dev.tribuoctr.featuresel.data.CriteoDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.classification.Label;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code criteo-gen} command: format, determinism, no silent overwrite, and the planted structure. */
class CriteoGenCommandTest {
    private static int run(String... args) {
        return CtrCli.run(args, new PrintStream(new ByteArrayOutputStream(), true),
                new PrintStream(new ByteArrayOutputStream(), true));
    }

    private static String[] args(Path file, String seed, String... extra) {
        List<String> a = new java.util.ArrayList<>(List.of("criteo-gen", "--rows", "6000", "--out", file.toString(),
                "--cardinality", "40", "--informative-categorical", "2", "--informative-integer", "1", "--seed", seed));
        a.addAll(List.of(extra));
        return a.toArray(new String[0]);
    }

    @Test
    void writesTheCriteoFormatDeterministicallyAndNeverOverwritesSilently(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("a/criteo.txt");
        assertEquals(0, run(args(file, "5")));
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(6000, lines.size());
        for (String line : lines) {
            assertEquals(CriteoDataSource.COLUMNS, line.split("\t", -1).length, line);
        }
        long read = 0;
        for (Example<Label> e : new CriteoDataSource(file, 0, 0)) {
            read++;
        }
        assertEquals(6000, read, "the Criteo source reads every generated row");
        byte[] first = Files.readAllBytes(file);
        assertEquals(CtrCli.USAGE_ERROR, run(args(file, "6")), "an existing file is not replaced without --overwrite");
        assertArrayEquals(first, Files.readAllBytes(file));
        assertEquals(0, run(args(file, "5", "--overwrite")));
        assertArrayEquals(first, Files.readAllBytes(file), "the same options give the same file");
        try (var listing = Files.list(file.getParent())) {
            assertEquals(1, listing.count(), "no temporary file is left behind");
        }
    }

    /** Labels follow the planted weights of an informative field and not those of a noise field. */
    @Test
    void theInformativeFieldsCarryTheSignal(@TempDir Path tmp) {
        Path file = tmp.resolve("criteo.txt");
        assertEquals(0, run(args(file, "7")));
        double informative = clickRateGap(file, 0);
        double noise = clickRateGap(file, 20);
        assertTrue(informative > 0.10, "C1's planted weights should separate click rates, gap " + informative);
        assertTrue(Math.abs(noise) < 0.05, "C21 is noise, gap " + noise);
    }

    /** @return click rate among rows whose field value has a positive planted weight minus among the others */
    private static double clickRateGap(Path file, int field) {
        Map<String, Double> weightOfHash = new HashMap<>();
        for (long v = 1; v < 40; v++) {
            weightOfHash.put(CriteoGenCommand.hashOf(7, field, v), CriteoGenCommand.plantedWeight(7, field, v));
        }
        double[] clicks = new double[2];
        double[] rows = new double[2];
        String name = "C" + (field + 1) + "@";
        for (Example<Label> e : new CriteoDataSource(file, 0, 0)) {
            for (Feature f : e) {
                if (f.getName().startsWith(name)) {
                    int side = weightOfHash.get(f.getName().substring(name.length())) > 0 ? 1 : 0;
                    rows[side]++;
                    clicks[side] += e.getOutput().getLabel().equals("1") ? 1 : 0;
                }
            }
        }
        return clicks[1] / rows[1] - clicks[0] / rows[0];
    }
}
