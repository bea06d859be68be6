package dev.tribuoctr.ctr.config;

import com.oracle.labs.mlrg.olcut.config.io.ConfigLoader;
import com.oracle.labs.mlrg.olcut.config.io.ConfigLoaderException;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads an OLCUT XML configuration once, with a parser that resolves nothing outside the file, and refuses what a
 * shared configuration file must not be able to do before OLCUT's own parser sees it:
 * <ul>
 *   <li>a DOCTYPE (a DTD can declare external entities that read local files into the configuration's values, and
 *   internal ones that expand without bound);</li>
 *   <li>Java deserialization ({@code serialized="FILE"} on a component, a {@code <serialized>} element): reading an
 *   arbitrary object stream can run code;</li>
 *   <li>OLCUT's remote components ({@code import="true"}, {@code export="true"}, {@code entries}), which look
 *   components up on the network.</li>
 * </ul>
 * It also lists the files the configuration includes ({@code <file name=".." value=".."/>}) with their lines, so that
 * the loader can detect include cycles before following them.
 */
final class ConfigurationScreen {
    /** Component attributes that reach outside the file: deserialization and OLCUT's network registry. */
    private static final Set<String> REFUSED_COMPONENT_ATTRIBUTES = Set.of(ConfigLoader.SERIALIZED,
            ConfigLoader.IMPORT, ConfigLoader.EXPORT, ConfigLoader.ENTRIES);

    /**
     * A file a configuration includes.
     * @param value the {@code value} attribute as written
     * @param line the line of the {@code <file>} element
     */
    record Include(String value, int line) { }

    private ConfigurationScreen() { }

    /**
     * Screens one configuration file.
     * @param content its bytes
     * @param source its name, for messages
     * @return the files it includes, in order
     * @throws ConfigLoaderException naming the file, the line and the refused construct
     */
    static List<Include> screen(byte[] content, String source) {
        Handler handler = new Handler(source);
        try {
            SAXParser parser = hardenedFactory().newSAXParser();
            parser.getXMLReader().setContentHandler(handler);
            parser.getXMLReader().setErrorHandler(handler);
            parser.getXMLReader().setEntityResolver((publicId, systemId) -> {
                throw new SAXException("an external entity (" + systemId + ") is not allowed");
            });
            InputSource input = new InputSource(new ByteArrayInputStream(content));
            input.setSystemId(source);
            parser.getXMLReader().parse(input);
        } catch (SAXParseException e) {
            throw new ConfigLoaderException(source + ":" + e.getLineNumber() + ": " + explain(e.getMessage()));
        } catch (SAXException e) {
            throw new ConfigLoaderException(source + ": " + explain(e.getMessage()));
        } catch (IOException | ParserConfigurationException e) {
            throw new ConfigLoaderException(e, source + ": cannot be read as XML: " + e.getMessage());
        }
        return handler.includes;
    }

    /** A parser that refuses DOCTYPEs and never loads anything outside the document it is given. */
    private static SAXParserFactory hardenedFactory() throws ParserConfigurationException, SAXException {
        SAXParserFactory factory = SAXParserFactory.newInstance();
        factory.setNamespaceAware(false);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory;
    }

    /** The JDK parser's DOCTYPE refusal names a parser feature; the user needs to know why and what to do. */
    private static String explain(String parserMessage) {
        if (parserMessage != null && parserMessage.contains("DOCTYPE")) {
            return "a DOCTYPE declaration is not allowed in a configuration file (a DTD can make the reader fetch"
                    + " other files or expand entities without bound); remove the <!DOCTYPE ...> and any &entity;"
                    + " references";
        }
        return parserMessage;
    }

    /** Collects includes and refuses deserialization and remote components, with the line of each. */
    private static final class Handler extends DefaultHandler {
        private final String source;
        private final List<Include> includes = new ArrayList<>();
        private Locator locator;

        Handler(String source) {
            this.source = source;
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes)
                throws SAXException {
            switch (qName) {
                case ConfigLoader.COMPONENT -> {
                    for (String refused : REFUSED_COMPONENT_ATTRIBUTES) {
                        if (refuses(refused, attributes.getValue(refused))) {
                            throw refusal("component '" + attributes.getValue(ConfigLoader.NAME) + "' has "
                                    + refused + "=\"" + attributes.getValue(refused) + "\": " + reason(refused));
                        }
                    }
                }
                case ConfigLoader.SERIALIZED -> throw refusal("a <serialized> element ('"
                        + attributes.getValue(ConfigLoader.NAME) + "' from " + attributes.getValue(ConfigLoader.LOCATION)
                        + "): " + reason(ConfigLoader.SERIALIZED));
                case ConfigLoader.FILE -> {
                    String value = attributes.getValue(ConfigLoader.VALUE);
                    if (value != null) {
                        includes.add(new Include(value, locator.getLineNumber()));
                    }
                }
                default -> { }
            }
        }

        /**
         * OLCUT's own writer puts {@code export="false" import="false"} on every component (so {@code best.xml} and
         * any saved configuration have them); only a value that turns the feature on is refused.
         */
        private static boolean refuses(String attribute, String value) {
            if (value == null) {
                return false;
            }
            return switch (attribute) {
                case ConfigLoader.IMPORT, ConfigLoader.EXPORT -> Boolean.parseBoolean(value.trim());
                case ConfigLoader.ENTRIES -> !value.isBlank();
                default -> true;
            };
        }

        private static String reason(String attribute) {
            return attribute.equals(ConfigLoader.SERIALIZED)
                    ? "configurations may not load Java-serialized objects (reading one can run arbitrary code);"
                    + " set the component's properties in the file instead"
                    : "remote components (OLCUT's network registry) are not supported; define the component in the"
                    + " file";
        }

        private SAXParseException refusal(String message) {
            return new SAXParseException(message, locator);
        }

        @Override
        public void warning(SAXParseException e) { }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public String toString() {
            return "ConfigurationScreen(" + source + ")";
        }
    }
}
