package dev.tribuoctr.featuresel.data;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import dev.tribuoctr.ctr.data.ClickLogFormatException;
import dev.tribuoctr.ctr.data.ConfiguredSourceProvenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.provenance.DataSourceProvenance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CriteoDataSourceTest {
    @TempDir
    Path dir;

    private static String line(String label, String[] ints, String[] cats) {
        StringBuilder b = new StringBuilder(label);
        for (String i : ints) { b.append('\t').append(i); }
        for (String c : cats) { b.append('\t').append(c); }
        return b.toString();
    }

    private static String[] ints(String first) {
        String[] v = new String[13];
        java.util.Arrays.fill(v, "");
        v[0] = first;
        v[1] = "-2";
        v[12] = "7";
        return v;
    }

    private static String[] cats(String first) {
        String[] v = new String[26];
        for (int k = 0; k < 26; k++) { v[k] = String.format("%08x", 0x68fd1e64L + k); }
        v[0] = first;
        v[25] = "";
        return v;
    }

    private Path write(String... lines) throws IOException {
        Path file = dir.resolve("train.txt");
        Files.write(file, List.of(lines));
        return file;
    }

    private static Map<String, Double> features(Example<Label> e) {
        Map<String, Double> m = new HashMap<>();
        for (Feature f : e) { m.put(f.getName(), f.getValue()); }
        return m;
    }

    @Test
    void parsesLabelsIntegersAndCategoricals() throws IOException {
        Path file = write(line("1", ints("3"), cats("05db9164")), line("0", ints(""), cats("")),
                line("0", ints("0"), cats("ffffffff")));
        CriteoDataSource source = new CriteoDataSource(file, 0, 0);
        List<Example<Label>> all = new ArrayList<>();
        source.forEach(all::add);
        assertEquals(3, all.size());
        assertEquals("1", all.get(0).getOutput().getLabel());
        Map<String, Double> f = features(all.get(0));
        assertEquals(Math.log(4), f.get("I1"), 1e-12);
        assertEquals(0.0, f.get("I2"), 0.0, "negative counts clamp to 0 before log(1+x)");
        assertEquals(Math.log(8), f.get("I13"), 1e-12);
        assertEquals(1.0, f.get("C1@05db9164"));
        assertEquals(3 + 25, f.size(), "empty columns are missing: I3..I12 and C26");
        Map<String, Double> g = features(all.get(1));
        assertTrue(!g.containsKey("I1") && !g.keySet().stream().anyMatch(n -> n.startsWith("C1@")));
        // The second pass streams the file again.
        assertEquals(3, new MutableDataset<>(source).size());
        assertEquals(2, new MutableDataset<>(new CriteoDataSource(file, 2, 0)).size(), "maxRows");

        CriteoDataSource hashed = new CriteoDataSource(file, 0, 10);
        Map<String, Double> h = features(hashed.iterator().next());
        assertTrue(h.containsKey("C1@" + Long.remainderUnsigned(0x05db9164L, 10)), h.toString());
        assertEquals(1, features(new CriteoDataSource(file, 0, 1).iterator().next()).keySet().stream()
                .filter(n -> n.startsWith("C2@")).filter(n -> n.equals("C2@0")).count());
    }

    @Test
    void malformedLinesNameFileAndLine() throws IOException {
        String good = line("1", ints("3"), cats("05db9164"));
        Path file = write(good, good.substring(0, good.lastIndexOf('\t')));
        ClickLogFormatException e = assertThrows(ClickLogFormatException.class,
                () -> new MutableDataset<>(new CriteoDataSource(file, 0, 0)));
        assertTrue(e.getMessage().startsWith(file + ":2: expected 40"), e.getMessage());

        write(good, good, line("2", ints("1"), cats("a")));
        e = assertThrows(ClickLogFormatException.class, () -> new MutableDataset<>(new CriteoDataSource(file, 0, 0)));
        assertTrue(e.getMessage().startsWith(file + ":3: label must be 0 or 1"), e.getMessage());

        write(line("0", ints("1.5"), cats("a")));
        e = assertThrows(ClickLogFormatException.class, () -> new MutableDataset<>(new CriteoDataSource(file, 0, 0)));
        assertTrue(e.getMessage().startsWith(file + ":1: I1: not an integer: '1.5'"), e.getMessage());

        for (String bad : List.of("7d", "0x1p3", "0x10", "1e3", "7L", " 7", "\u0667", "99999999999999999999")) {
            write(good, line("0", ints(bad), cats("a")));
            e = assertThrows(ClickLogFormatException.class, () -> new MutableDataset<>(new CriteoDataSource(file, 0, 0)),
                    bad);
            assertTrue(e.getMessage().startsWith(file + ":2: I1: ") && e.getMessage().contains("'" + bad + "'"),
                    e.getMessage());
            e = assertThrows(ClickLogFormatException.class, () -> new CriteoDataSource(file, 0, 0).readColumns(), bad);
            assertTrue(e.getMessage().startsWith(file + ":2: I1: "), e.getMessage());
        }

        assertThrows(IllegalArgumentException.class, () -> new CriteoDataSource(dir.resolve("absent.txt"), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new CriteoDataSource(file, -1, 0));
    }

    private static String value(ConfiguredSourceProvenance p, String key) {
        return ((com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance<?>) p.getConfiguredParameters().get(key))
                .getValue().toString();
    }

    @Test
    void provenanceHasSettingsAndFileHashAndRoundTrips() throws IOException {
        Path file = write(line("1", ints("3"), cats("05db9164")));
        CriteoDataSource source = new CriteoDataSource(file, 5, 100);
        ConfiguredSourceProvenance p = (ConfiguredSourceProvenance) source.getProvenance();
        assertEquals(ProvenanceUtil.hashResource(DataSourceProvenance.DEFAULT_HASH_TYPE, file), p.fileHash("train.txt"));
        assertEquals("100", value(p, "hashBuckets"));
        assertEquals("5", value(p, "maxRows"));
        assertTrue(value(p, "path").contains("train.txt"));
        assertEquals(p, ProvenanceUtil.unmarshalProvenance(ProvenanceUtil.marshalProvenance(p)));
        MutableDataset<Label> ds = new MutableDataset<>(source);
        assertEquals(p, ((org.tribuo.provenance.DatasetProvenance) ProvenanceUtil.unmarshalProvenance(
                ProvenanceUtil.marshalProvenance(ds.getProvenance()))).getSourceProvenance());

        Files.writeString(file, line("0", ints("3"), cats("05db9164")) + "\n");
        assertNotEquals(p.fileHash("train.txt"), ((ConfiguredSourceProvenance)
                new CriteoDataSource(file, 5, 100).getProvenance()).fileHash("train.txt"));
    }

    @Test
    void configurableWithOlcut() throws IOException {
        Path file = write(line("1", ints("3"), cats("05db9164")), line("0", ints("1"), cats("a")));
        Path config = dir.resolve("c.xml");
        Files.writeString(config, "<config><component name=\"d\" type=\"" + CriteoDataSource.class.getName() + "\">"
                + "<property name=\"path\" value=\"" + file + "\"/><property name=\"hashBuckets\" value=\"0\"/>"
                + "</component></config>");
        try (ConfigurationManager cm = new ConfigurationManager(config.toString())) {
            CriteoDataSource s = (CriteoDataSource) cm.lookup("d");
            assertEquals(2, new MutableDataset<>(s).size());
        }
    }

    @Test
    void aGzipFileReadsAsTheFileItCompresses() throws IOException {
        Path plain = write(line("1", ints("3"), cats("05db9164")), line("0", ints(""), cats("")),
                line("0", ints("12"), cats("ffffffff")));
        // the published day files are named day_0.gz; a renamed copy is recognised by its content
        for (String name : List.of("day_0.gz", "train-sample.txt")) {
            Path gz = dir.resolve(name);
            try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
                Files.copy(plain, out);
            }
            List<String> expected = new ArrayList<>();
            new CriteoDataSource(plain, 0, 0).forEach(e -> expected.add(features(e) + e.getOutput().getLabel()));
            List<String> actual = new ArrayList<>();
            new CriteoDataSource(gz, 0, 0).forEach(e -> actual.add(features(e) + e.getOutput().getLabel()));
            assertEquals(expected, actual, name);
            assertEquals(3, new CriteoDataSource(gz, 0, 7).readColumns().size());
        }
    }

    @Test
    void aFileWithoutRowsIsNamed() throws IOException {
        for (String content : List.of("", "\n\n\n")) {
            Path file = Files.writeString(dir.resolve("empty.txt"), content);
            CriteoDataSource source = new CriteoDataSource(file, 0, 0);
            for (org.junit.jupiter.api.function.Executable read : List.<org.junit.jupiter.api.function.Executable>of(
                    source::readColumns, () -> source.iterator().hasNext())) {
                ClickLogFormatException e = assertThrows(ClickLogFormatException.class, read);
                assertTrue(e.getMessage().startsWith(file + ":"), e.getMessage());
                assertTrue(e.getMessage().contains("has no rows"), e.getMessage());
            }
        }
        // a file that is not text (compressed with another codec) names the codec, not "Input length = 1"
        Path bz2 = Files.write(dir.resolve("train.txt.bz2"), new byte[]{'B', 'Z', 'h', '9', 0x31, 0x41, 0x59, 0x26,
                0x53, 0x59, 1, 2, 3});
        ClickLogFormatException e = assertThrows(ClickLogFormatException.class,
                () -> new CriteoDataSource(bz2, 0, 0).readColumns());
        assertTrue(e.getMessage().startsWith(bz2 + ":1:") && e.getMessage().contains("bzip2"), e.getMessage());
    }
}
