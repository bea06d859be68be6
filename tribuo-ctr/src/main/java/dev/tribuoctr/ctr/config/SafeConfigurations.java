package dev.tribuoctr.ctr.config;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.io.FileFormatFactory;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * OLCUT configurations read as untrusted files. An OLCUT configuration is a file people share, and OLCUT's own reader
 * would deserialize Java objects it names ({@code serialized="FILE"}), resolve XML external entities (reading local
 * files into the run's values, log and provenance) and loop forever on files that include each other. After
 * {@link #install()}, every {@code ConfigurationManager} of the JVM reads {@code .xml} files through
 * {@link CheckedXmlConfigFactory}, which refuses each of these with the file and line, and caps a file's size and the
 * number of files. The command line installs it before any command runs; a Java user calls {@link #load(Path...)}
 * (or {@link #install()} once, then uses OLCUT as usual):
 * <pre>{@code
 * try (ConfigurationManager cm = SafeConfigurations.load(Path.of("experiment.xml"))) {
 *     Trainer<Label> trainer = (Trainer<Label>) cm.lookup("trainer");
 * }
 * }</pre>
 * {@link #load} also reads every numeric field's value as a plain decimal ({@link ConfiguredNumbers}: no {@code 0.01d},
 * hex or NaN); after setting global properties yourself, call {@link ConfiguredNumbers#check} again.
 * Only {@code .xml} configurations are read this way; a file of another format (OLCUT's JSON, EDN or protobuf
 * readers, when their modules are on the class path) is refused by {@link #requireXml(Path)}.
 */
public final class SafeConfigurations {
    private static final CheckedXmlConfigFactory FACTORY = new CheckedXmlConfigFactory();

    private SafeConfigurations() { }

    /**
     * Makes the screened reader OLCUT's reader of {@code .xml} files for the whole JVM. Idempotent.
     */
    public static synchronized void install() {
        FileFormatFactory current = ConfigurationManager.getFileFormatFactory("xml");
        if (current != FACTORY) {
            ConfigurationManager.addFileFormatFactory(FACTORY);
        }
    }

    /**
     * @return whether {@link #install()} is in effect (nothing has replaced the reader since)
     */
    public static boolean installed() {
        return ConfigurationManager.getFileFormatFactory("xml") == FACTORY;
    }

    /**
     * Loads configuration files through the screened reader.
     * @param files the files, in order (a later file's components and properties override an earlier one's)
     * @return the configuration manager
     * @throws IllegalArgumentException if a file is not an {@code .xml} file
     * @throws com.oracle.labs.mlrg.olcut.config.io.ConfigLoaderException naming the file and line of a refused construct
     * @throws com.oracle.labs.mlrg.olcut.config.PropertyException naming a numeric field whose value is not a plain
     *     decimal number
     */
    public static ConfigurationManager load(Path... files) {
        install();
        List<String> paths = Arrays.stream(files).map(f -> requireXml(f).toString()).toList();
        ConfigurationManager cm = new ConfigurationManager(paths);
        try {
            ConfiguredNumbers.check(cm);
            return cm;
        } catch (RuntimeException e) {
            cm.close();
            throw e;
        }
    }

    /**
     * @param file a configuration file
     * @return the file
     * @throws IllegalArgumentException if its name does not end in {@code .xml}: only XML configurations are read
     *     through the screened reader
     */
    public static Path requireXml(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".xml")) {
            throw new IllegalArgumentException("configuration " + file + ": only OLCUT XML configurations (.xml) are"
                    + " read");
        }
        return file;
    }
}
