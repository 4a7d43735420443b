package org.storebox.peripheral.javapos.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;

import jpos.config.JposConfigException;
import jpos.config.JposEntry;
import jpos.config.simple.AbstractRegPopulator;
import jpos.config.simple.SimpleEntry;
import jpos.util.JposEntryUtility;

import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.ext.DefaultHandler2;

/**
 * Reads a jpos.xml into the JCL's own {@link SimpleEntry} objects with the JDK's XML parser, validated
 * against the JCL's {@code jpos/res/jcl.dtd} when the file names it. The JCL 3.0.0 XML populators in
 * javapos 1.14.3 need Apache Xerces 2, which the JDK lacks (javapos issue 6), so they cannot be used.
 */
final class JposXml extends AbstractRegPopulator {
    /** Public id of the JCL DTD, as written in a jpos.xml's DOCTYPE. */
    static final String DTD_PUBLIC_ID = "-//JavaPOS//DTD//EN";
    static final String DTD_RESOURCE = "jpos/res/jcl.dtd";

    private final List<JposEntry> entries = new ArrayList<>();

    private JposXml() {
        super(JposXml.class.getName());
    }

    /**
     * The entries of a jpos.xml in document order.
     *
     * @throws IllegalArgumentException with an English sentence when the file is missing, unreadable,
     *                                  malformed or breaks the JCL DTD
     */
    static List<JposEntry> read(Path file) {
        JposXml xml = new JposXml();
        xml.parse(file);
        return List.copyOf(xml.entries);
    }

    private void parse(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setValidating(true);
            factory.setNamespaceAware(false);
            // Nothing outside the file but the JCL DTD from this bundle is ever read.
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            SAXParser parser = factory.newSAXParser();
            Handler handler = new Handler();
            parser.setProperty("http://xml.org/sax/properties/lexical-handler", handler);
            InputSource source = new InputSource(in);
            source.setSystemId(file.toUri().toString());
            parser.parse(source, handler);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("jpos.xml not found at " + file
                    + ": put the vendor's jpos.xml there, or set jpos_xml of " + JavaposConfig.PID + " to its path");
        } catch (SAXParseException e) {
            throw new IllegalArgumentException("jpos.xml " + file + " is malformed at line " + e.getLineNumber()
                    + ", column " + e.getColumnNumber() + ": " + e.getMessage()
                    + "; fix it (it must follow the JCL's jpos/res/jcl.dtd)", e);
        } catch (SAXException e) {
            throw new IllegalArgumentException("jpos.xml " + file + " is not a valid JCL file: " + e.getMessage()
                    + "; fix it (it must follow the JCL's jpos/res/jcl.dtd)", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("jpos.xml " + file + " cannot be read: " + e, e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be set up: " + e.getMessage(), e);
        }
    }

    /** Builds entries as the JCL's own XML populator does, and refuses anything the DTD forbids. */
    private final class Handler extends DefaultHandler2 {
        private boolean doctype;
        private org.xml.sax.Locator locator;
        private SimpleEntry current;
        private final Set<String> names = new HashSet<>();

        @Override
        public void setDocumentLocator(org.xml.sax.Locator locator) {
            this.locator = locator;
        }

        /** A structural problem, with the line and column where it is. */
        private SAXParseException problem(String message) {
            return new SAXParseException(message, locator);
        }

        @Override
        public void startDTD(String name, String publicId, String systemId) {
            doctype = true;
        }

        @Override
        public InputSource resolveEntity(String name, String publicId, String baseURI, String systemId)
                throws SAXException, IOException {
            if (DTD_PUBLIC_ID.equals(publicId) || (systemId != null && systemId.endsWith("jcl.dtd"))) {
                InputStream dtd = JposEntry.class.getClassLoader().getResourceAsStream(DTD_RESOURCE);
                if (dtd != null) {
                    return new InputSource(dtd);
                }
            }
            // Any other external entity or DTD is read as empty: a jpos.xml never needs the network or other files.
            return new InputSource(new StringReader(""));
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            // A file without DOCTYPE cannot be validated; its structure is still checked below.
            if (doctype) {
                throw e;
            }
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes a) throws SAXException {
            switch (qName) {
                case "JposEntries" -> current = null;
                case "JposEntry" -> {
                    String name = required(a, "logicalName", qName);
                    if (!names.add(name)) {
                        throw problem("two JposEntry elements have the logical name '" + name + "'");
                    }
                    current = new SimpleEntry(name, JposXml.this);
                }
                case "creation" -> {
                    put(JposEntry.SI_FACTORY_CLASS_PROP_NAME, a.getValue("factoryClass"));
                    put(JposEntry.SERVICE_CLASS_PROP_NAME, required(a, "serviceClass", qName));
                }
                case "vendor" -> {
                    put(JposEntry.VENDOR_NAME_PROP_NAME, a.getValue("name"));
                    put(JposEntry.VENDOR_URL_PROP_NAME, a.getValue("url"));
                }
                case "jpos" -> {
                    put(JposEntry.DEVICE_CATEGORY_PROP_NAME, required(a, "category", qName));
                    put(JposEntry.JPOS_VERSION_PROP_NAME, a.getValue("version"));
                }
                case "product" -> {
                    put(JposEntry.PRODUCT_NAME_PROP_NAME, a.getValue("name"));
                    put(JposEntry.PRODUCT_DESCRIPTION_PROP_NAME, a.getValue("description"));
                    put(JposEntry.PRODUCT_URL_PROP_NAME, a.getValue("url"));
                }
                case "prop" -> addProp(a);
                default -> throw problem("unknown element <" + qName + ">");
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            if ("JposEntry".equals(qName)) {
                entries.add(current);
                current = null;
            }
        }

        private void addProp(Attributes a) throws SAXException {
            String name = required(a, "name", "prop");
            String value = required(a, "value", "prop");
            String typeName = a.getValue("type") == null || a.getValue("type").isBlank() ? "String" : a.getValue("type");
            try {
                Class<?> type = JposEntryUtility.propTypeFromString(typeName);
                entry("prop").add(entry("prop").createProp(name, JposEntryUtility.parsePropValue(value, type), type));
            } catch (JposConfigException | RuntimeException e) {
                throw problem("prop '" + name + "' has value '" + value + "' that is not of type "
                        + typeName);
            }
        }

        private void put(String key, String value) throws SAXException {
            // The JCL's entries refuse null values; an absent optional attribute is simply left out.
            if (value != null) {
                entry(key).addProperty(key, value);
            }
        }

        private SimpleEntry entry(String what) throws SAXException {
            if (current == null) {
                throw problem("<" + what + "> outside a JposEntry");
            }
            return current;
        }

        private String required(Attributes a, String attribute, String element) throws SAXException {
            String v = a.getValue(attribute);
            if (v == null || v.isBlank()) {
                throw problem("<" + element + "> has no " + attribute);
            }
            return v.trim();
        }
    }

    @Override
    public void save(Enumeration entries) {
        throw new UnsupportedOperationException("the storebox bridge never writes jpos.xml");
    }

    @Override
    public void save(Enumeration entries, String fileName) {
        throw new UnsupportedOperationException("the storebox bridge never writes jpos.xml");
    }

    @Override
    public void load() {
        // Entries are read by read(Path), with errors that say what is wrong.
    }

    @Override
    public void load(String fileName) {
        // See load().
    }

    @Override
    public URL getEntriesURL() {
        return null;
    }

    @Override
    public String getClassName() {
        return getClass().getName();
    }

    @Override
    public String getName() {
        return "storebox jpos.xml reader";
    }
}
