package dev.tribuoctr.ctr.config;

import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.SerializedObject;
import com.oracle.labs.mlrg.olcut.config.io.ConfigLoader;
import com.oracle.labs.mlrg.olcut.config.io.ConfigWriter;
import com.oracle.labs.mlrg.olcut.config.io.ConfigWriterException;
import com.oracle.labs.mlrg.olcut.config.io.FileFormatFactory;
import com.oracle.labs.mlrg.olcut.config.io.URLLoader;
import com.oracle.labs.mlrg.olcut.config.property.GlobalProperties;
import com.oracle.labs.mlrg.olcut.config.xml.XMLConfigFactory;

import java.io.OutputStream;
import java.util.Map;

/**
 * OLCUT's file format for {@code .xml} configurations with the screened loader ({@link CheckedXmlLoader}); writing
 * is OLCUT's own. Registered for every {@code ConfigurationManager} of the JVM by {@link SafeConfigurations#install()}.
 */
public final class CheckedXmlConfigFactory implements FileFormatFactory {
    private final XMLConfigFactory writer = new XMLConfigFactory();

    /** Creates the factory. */
    public CheckedXmlConfigFactory() { }

    @Override
    public String getExtension() {
        return "xml";
    }

    @Override
    public ConfigLoader getLoader(URLLoader parent, Map<String, ConfigurationData> rpdMap,
                                  Map<String, ConfigurationData> existingRPD,
                                  Map<String, SerializedObject> serializedObjects, GlobalProperties globalProperties) {
        return CheckedXmlLoader.create(parent, rpdMap, existingRPD, serializedObjects, globalProperties);
    }

    @Override
    public ConfigWriter getWriter(OutputStream os) throws ConfigWriterException {
        return writer.getWriter(os);
    }
}
