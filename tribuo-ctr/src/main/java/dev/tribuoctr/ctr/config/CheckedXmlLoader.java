package dev.tribuoctr.ctr.config;

import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.SerializedObject;
import com.oracle.labs.mlrg.olcut.config.io.ConfigLoader;
import com.oracle.labs.mlrg.olcut.config.io.ConfigLoaderException;
import com.oracle.labs.mlrg.olcut.config.io.URLLoader;
import com.oracle.labs.mlrg.olcut.config.property.GlobalProperties;
import com.oracle.labs.mlrg.olcut.config.xml.SAXLoader;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OLCUT's XML loader behind a screen ({@link ConfigurationScreen}): each file is read once, bounded in size, screened,
 * and the same bytes are handed to OLCUT's {@link SAXLoader}, so what is checked is what is loaded. Includes are
 * followed by OLCUT as usual; this loader records who included each file and refuses a file that would be loaded a
 * second time, naming the cycle when files include each other (OLCUT alone would loop forever).
 */
final class CheckedXmlLoader implements ConfigLoader {
    /** Largest configuration file read: real ones are a few KiB. */
    static final int MAX_BYTES = 4 << 20;
    /** Most files one configuration may consist of, includes counted. */
    static final int MAX_FILES = 256;

    private final SAXLoader delegate;
    /** Each file loaded so far, by its real path (or URL outside the file system). */
    private final Set<String> loaded = new HashSet<>();
    /** For each file announced by an include: the including file and line. */
    private final Map<String, Origin> includedBy = new HashMap<>();

    /** Where a file was included: the including file's key and the line of its {@code <file>} element. */
    private record Origin(String parent, int line) { }

    /**
     * @param delegate OLCUT's loader, given the same parent and maps this loader was made for
     */
    CheckedXmlLoader(SAXLoader delegate) {
        this.delegate = delegate;
    }

    /**
     * Makes the loader OLCUT's URL loader asks for.
     * @param parent OLCUT's URL loader (the queue includes are added to)
     * @param rpdMap the component map being filled
     * @param existingRPD components already defined
     * @param serializedObjects serialized objects (always left empty: they are refused)
     * @param globalProperties the global properties being filled
     * @return the loader
     */
    static CheckedXmlLoader create(URLLoader parent, Map<String, ConfigurationData> rpdMap,
                                   Map<String, ConfigurationData> existingRPD,
                                   Map<String, SerializedObject> serializedObjects, GlobalProperties globalProperties) {
        try {
            return new CheckedXmlLoader(new SAXLoader(parent, rpdMap, existingRPD, serializedObjects, globalProperties));
        } catch (Exception e) {
            throw new ConfigLoaderException(e, "cannot create the XML configuration reader: " + e.getMessage());
        }
    }

    @Override
    public void load(URL url) throws ConfigLoaderException {
        if (!url.getProtocol().equals("file") && !url.getProtocol().equals("jar")) {
            throw new ConfigLoaderException("configuration " + url + ": only local files (and resources of this"
                    + " program) are read, not '" + url.getProtocol() + ":' addresses");
        }
        String key = key(url);
        String name = displayName(url);
        if (!loaded.add(key)) {
            throw new ConfigLoaderException("configuration " + name + " is given twice; give each file once");
        }
        if (loaded.size() > MAX_FILES) {
            throw new ConfigLoaderException("configuration " + name + ": more than " + MAX_FILES + " files are"
                    + " included; a configuration this large is refused");
        }
        byte[] content;
        try (InputStream in = url.openStream()) {
            content = readBounded(in, name);
        } catch (IOException e) {
            throw new ConfigLoaderException(e, "configuration " + name + " cannot be read: " + e);
        }
        List<ConfigurationScreen.Include> includes = ConfigurationScreen.screen(content, name);
        File dir = url.getProtocol().equals("file") ? new File(url.getFile()).getParentFile() : null;
        announce(key, name, dir, includes);
        delegate.load(inMemory(url, content));
    }

    @Override
    public void load(InputStream stream) throws ConfigLoaderException {
        byte[] content;
        try {
            content = readBounded(stream, "configuration stream");
        } catch (IOException e) {
            throw new ConfigLoaderException(e, "the configuration stream cannot be read: " + e);
        }
        String key = "stream:" + loaded.size();
        loaded.add(key);
        announce(key, "configuration stream", null, ConfigurationScreen.screen(content, "configuration stream"));
        delegate.load(new ByteArrayInputStream(content));
    }

    /** Records the includes of a file, refusing a missing file, a cycle, or a file included twice. */
    private void announce(String key, String name, File dir, List<ConfigurationScreen.Include> includes) {
        for (ConfigurationScreen.Include include : includes) {
            URL target = resolve(include.value(), dir, name, include.line());
            String child = key(target);
            List<String> chain = chain(key);
            if (chain.contains(child)) {
                List<String> cycle = new ArrayList<>(chain.subList(0, chain.indexOf(child) + 1));
                Collections.reverse(cycle);
                cycle.add(child);
                throw new ConfigLoaderException(name + ":" + include.line() + ": configuration files include each"
                        + " other: " + String.join(" includes ", cycle) + "; remove one of the <file> elements");
            }
            if (loaded.contains(child) || includedBy.containsKey(child)) {
                Origin first = includedBy.get(child);
                throw new ConfigLoaderException(name + ":" + include.line() + ": includes " + child + ", which is"
                        + (first == null ? " already loaded" : " already included by " + first.parent() + ":"
                        + first.line()) + "; include each file once");
            }
            includedBy.put(child, new Origin(key, include.line()));
        }
    }

    /** The file and its includers, innermost first. */
    private List<String> chain(String key) {
        List<String> chain = new ArrayList<>();
        for (String k = key; k != null && !chain.contains(k); k = includedBy.containsKey(k) ? includedBy.get(k).parent() : null) {
            chain.add(k);
        }
        return chain;
    }

    /** Resolves an include as OLCUT does: a resource of OLCUT's class loader first, else a file beside the includer. */
    private static URL resolve(String value, File dir, String includer, int line) {
        URL resource = ConfigurationManager.class.getResource(value);
        if (resource != null) {
            return resource;
        }
        File file = new File(value);
        if (!file.isAbsolute()) {
            file = new File(dir, value);
        }
        if (!file.isFile()) {
            throw new ConfigLoaderException(includer + ":" + line + ": includes '" + value + "', which is not a"
                    + " readable file (looked for " + file.getAbsolutePath() + ")");
        }
        try {
            return file.toURI().toURL();
        } catch (MalformedURLException e) {
            throw new ConfigLoaderException(e, includer + ":" + line + ": cannot include '" + value + "'");
        }
    }

    /** The identity of a configuration file: its real path, so that links and {@code ..} name one file once. */
    private static String key(URL url) {
        if (!url.getProtocol().equals("file")) {
            return url.toString();
        }
        try {
            Path path = Path.of(url.toURI());
            return Files.exists(path) ? path.toRealPath().toString() : path.toAbsolutePath().normalize().toString();
        } catch (URISyntaxException | IOException | IllegalArgumentException e) {
            return url.toString();
        }
    }

    private static String displayName(URL url) {
        return url.getProtocol().equals("file") ? new File(url.getFile()).toPath().normalize().toString() : url.toString();
    }

    private static byte[] readBounded(InputStream in, String name) throws IOException {
        byte[] content = in.readNBytes(MAX_BYTES + 1);
        if (content.length > MAX_BYTES) {
            throw new ConfigLoaderException(name + " is larger than " + (MAX_BYTES >> 20) + " MiB: not a configuration"
                    + " file (configurations are a few KiB)");
        }
        return content;
    }

    /**
     * A URL with the file's own address (OLCUT resolves includes against it) whose content is the bytes already
     * screened, so that a file changed after the screen is not what gets loaded.
     */
    private static URL inMemory(URL url, byte[] content) {
        try {
            return new URL(url.getProtocol(), url.getHost(), url.getPort(), url.getFile(), new URLStreamHandler() {
                @Override
                protected URLConnection openConnection(URL u) {
                    return new URLConnection(u) {
                        @Override
                        public void connect() { }

                        @Override
                        public InputStream getInputStream() {
                            return new ByteArrayInputStream(content);
                        }
                    };
                }
            });
        } catch (MalformedURLException e) {
            throw new ConfigLoaderException(e, "configuration " + url + " cannot be loaded: " + e.getMessage());
        }
    }
}
