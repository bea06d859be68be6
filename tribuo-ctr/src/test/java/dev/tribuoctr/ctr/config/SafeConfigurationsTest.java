package dev.tribuoctr.ctr.config;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.io.ConfigLoaderException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.classification.LabelFactory;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Configuration files as an adversary would write them: each must be refused with its file and line, before
 * anything is read, deserialized or looped over; ordinary configurations (includes, global properties) still load.
 */
class SafeConfigurationsTest {
    private static final String LABEL_FACTORY = "<component name=\"labels\" type=\"org.tribuo.classification.LabelFactory\"/>";

    /** Set when a deserialized {@link Marker} runs its {@code readObject}: proof that code ran. */
    static volatile boolean deserialized;

    /** An object whose deserialization has a visible effect. */
    static final class Marker implements Serializable {
        private static final long serialVersionUID = 1L;

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            deserialized = true;
        }
    }

    @BeforeAll
    static void install() {
        SafeConfigurations.install();
    }

    private static Path write(Path dir, String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body, StandardCharsets.UTF_8);
        return file;
    }

    private static String refusal(Path file) {
        ConfigLoaderException e = assertThrows(ConfigLoaderException.class, () -> {
            try (ConfigurationManager cm = SafeConfigurations.load(file)) {
                cm.lookup("labels");
            }
        });
        return e.getMessage();
    }

    @Test
    void anOrdinaryConfigurationWithIncludesAndPropertiesLoads(@TempDir Path dir) throws IOException {
        write(dir, "common.xml", "<config>\n  <property name=\"dataset\" value=\"d\"/>\n  " + LABEL_FACTORY + "\n</config>\n");
        Path main = write(dir, "main.xml", "<config>\n  <file name=\"common\" value=\"common.xml\"/>\n"
                + "  <property name=\"method\" value=\"m-${dataset}\"/>\n</config>\n");
        try (ConfigurationManager cm = SafeConfigurations.load(main)) {
            assertInstanceOf(LabelFactory.class, cm.lookup("labels"));
            assertEquals("m-d", cm.getGlobalProperty("method"));
        }
    }

    @Test
    void externalEntitiesAreNotResolvedAndTheFileIsNotRead(@TempDir Path dir) throws IOException {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-CONTENT");
        for (String doctype : new String[]{
                "<!DOCTYPE config [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>",
                "<!DOCTYPE config SYSTEM \"" + secret.toUri() + "\">",
                "<!DOCTYPE config [<!ENTITY % p SYSTEM \"" + secret.toUri() + "\"> %p;]>"}) {
            Path file = write(dir, "xxe.xml", doctype + "\n<config>\n  <property name=\"dataset\" value=\"&x;\"/>\n"
                    + "  " + LABEL_FACTORY + "\n</config>\n");
            String message = refusal(file);
            assertTrue(message.startsWith(file + ":2:"), message);
            assertTrue(message.contains("DOCTYPE"), message);
            assertFalse(message.contains("TOP-SECRET"), message);
        }
    }

    @Test
    void entityExpansionIsRefusedAsADoctype(@TempDir Path dir) throws IOException {
        StringBuilder laughs = new StringBuilder("<!DOCTYPE config [<!ENTITY l0 \"ha\">");
        for (int i = 1; i < 10; i++) {
            laughs.append("<!ENTITY l").append(i).append(" \"").append(("&l" + (i - 1) + ";").repeat(10)).append("\">");
        }
        Path file = write(dir, "laughs.xml", laughs + "]>\n<config><property name=\"a\" value=\"&l9;\"/></config>\n");
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertTrue(refusal(file).contains("DOCTYPE")));
    }

    @Test
    void serializedComponentsAreRefusedAndNothingIsDeserialized(@TempDir Path dir) throws IOException {
        Path ser = dir.resolve("payload.ser");
        try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(ser))) {
            out.writeObject(new Marker());
        }
        deserialized = false;
        Path attribute = write(dir, "ser.xml", "<config>\n  <component name=\"labels\" type=\""
                + Marker.class.getName() + "\" serialized=\"" + ser + "\"/>\n</config>\n");
        String message = refusal(attribute);
        assertTrue(message.startsWith(attribute + ":3:"), message);
        assertTrue(message.contains("serialized") && message.contains("'labels'"), message);
        Path element = write(dir, "ser2.xml", "<config>\n\n  <serialized name=\"labels\" type=\""
                + Marker.class.getName() + "\" location=\"" + ser + "\"/>\n</config>\n");
        message = refusal(element);
        assertTrue(message.startsWith(element + ":4:"), message);
        assertFalse(deserialized, "no object was deserialized");
    }

    @Test
    void remoteComponentsAreRefused(@TempDir Path dir) throws IOException {
        Path file = write(dir, "remote.xml", "<config>\n  <component name=\"labels\" type=\""
                + LabelFactory.class.getName() + "\" import=\"true\"/>\n</config>\n");
        String message = refusal(file);
        assertTrue(message.contains("import") && message.contains(":3:"), message);
    }

    @Test
    void includeCyclesAreNamedInsteadOfLoopingForever(@TempDir Path dir) throws IOException {
        Path a = write(dir, "a.xml", "<config>\n  <file name=\"b\" value=\"b.xml\"/>\n</config>\n");
        write(dir, "b.xml", "<config>\n  <file name=\"c\" value=\"sub/../c.xml\"/>\n</config>\n");
        Files.createDirectories(dir.resolve("sub"));
        write(dir, "c.xml", "<config>\n\n  <file name=\"a\" value=\"" + a + "\"/>\n</config>\n");
        String message = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> refusal(a));
        assertTrue(message.contains("include each other"), message);
        assertTrue(message.contains("c.xml:4"), message);
        assertTrue(message.contains("a.xml includes") && message.contains("b.xml includes"), message);

        Path self = write(dir, "self.xml", "<config>\n  <file name=\"me\" value=\"self.xml\"/>\n</config>\n");
        assertTrue(assertTimeoutPreemptively(Duration.ofSeconds(20), () -> refusal(self)).contains("include each other"));
    }

    @Test
    void aCycleThroughASymbolicLinkIsFound(@TempDir Path dir) throws IOException {
        Path real = Files.createDirectories(dir.resolve("real"));
        Files.createSymbolicLink(dir.resolve("link"), real);
        Path x = write(real, "x.xml", "<config>\n  <file name=\"y\" value=\"../link/y.xml\"/>\n</config>\n");
        write(real, "y.xml", "<config>\n  <file name=\"x\" value=\"x.xml\"/>\n</config>\n");
        String message = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> refusal(x));
        assertTrue(message.contains("include each other"), message);
    }

    @Test
    void aFileIncludedTwiceOrMissingIsNamed(@TempDir Path dir) throws IOException {
        write(dir, "shared.xml", "<config>" + LABEL_FACTORY + "</config>\n");
        write(dir, "left.xml", "<config><file name=\"s\" value=\"shared.xml\"/></config>\n");
        Path top = write(dir, "top.xml", "<config>\n  <file name=\"l\" value=\"left.xml\"/>\n"
                + "  <file name=\"s\" value=\"shared.xml\"/>\n</config>\n");
        String message = refusal(top);
        assertTrue(message.contains("shared.xml") && message.contains("include each file once"), message);

        Path missing = write(dir, "missing.xml", "<config>\n  <file name=\"m\" value=\"nowhere.xml\"/>\n</config>\n");
        message = refusal(missing);
        assertTrue(message.startsWith(missing + ":3:") && message.contains(dir.resolve("nowhere.xml").toString()),
                message);
    }

    @Test
    void aHugeFileIsRefusedBeforeParsing(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("huge.xml");
        Files.writeString(file, "<config>" + "<!-- padding -->".repeat(CheckedXmlLoader.MAX_BYTES / 16 + 1) + "</config>");
        assertTrue(refusal(file).contains("larger than"));
    }

    @Test
    void everyConfigurationManagerOfTheJvmIsScreenedOnceInstalled(@TempDir Path dir) throws IOException {
        assertTrue(SafeConfigurations.installed());
        Path file = write(dir, "plain.xml", "<!DOCTYPE config [<!ENTITY x \"y\">]>\n<config/>\n");
        assertThrows(ConfigLoaderException.class, () -> new ConfigurationManager(file.toString()).close());
        assertThrows(IllegalArgumentException.class, () -> SafeConfigurations.load(dir.resolve("c.json")));
    }

    @Test
    void aNumericFieldTakesOnlyAPlainDecimal(@TempDir Path dir) throws IOException {
        String trainer = "<component name=\"trainer\" type=\"dev.tribuoctr.ctr.train.MetaWrapperTrainer\">";
        for (String[] bad : new String[][]{{"learningRate", "0.01d"}, {"learningRate", "0x1p-7"}, {"mu", "NaN"},
                {"epochs", "7L"}, {"epochs", "${n}"}}) {
            Path file = write(dir, "numbers.xml", "<config>\n  <property name=\"n\" value=\"3f\"/>\n  " + trainer
                    + "\n    <property name=\"" + bad[0] + "\" value=\"" + bad[1] + "\"/>\n  </component>\n</config>\n");
            com.oracle.labs.mlrg.olcut.config.PropertyException e = assertThrows(
                    com.oracle.labs.mlrg.olcut.config.PropertyException.class, () -> SafeConfigurations.load(file).close());
            assertTrue(e.getMessage().contains("'trainer'") && e.getMessage().contains("'" + bad[0] + "'"),
                    e.getMessage());
        }
        Path good = write(dir, "good.xml", "<config>\n  <property name=\"n\" value=\"3\"/>\n  " + trainer
                + "\n    <property name=\"learningRate\" value=\"-1.5e-2\"/>\n    <property name=\"epochs\""
                + " value=\"${n}\"/>\n  </component>\n</config>\n");
        SafeConfigurations.load(good).close();
    }
}
