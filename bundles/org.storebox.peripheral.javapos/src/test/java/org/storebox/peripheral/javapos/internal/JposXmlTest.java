package org.storebox.peripheral.javapos.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import jpos.config.JposEntry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading jpos.xml into the JCL's entries, with and without the JCL DOCTYPE. */
class JposXmlTest {
    @TempDir
    Path dir;

    @Test
    void readsEntriesInOrderWithTypedProps() {
        Path xml = dir.resolve("jpos.xml");
        Rig.write(xml, "<?xml version=\"1.0\"?>\n<!DOCTYPE JposEntries PUBLIC \"-//JavaPOS//DTD//EN\" \"jpos/res/jcl.dtd\">\n"
                + "<JposEntries>\n" + Rig.entry("b", "Scale", "x.B") + Rig.entry("a", "POSPrinter", "x.A")
                        .replace("<prop name=\"deviceBus\" value=\"Unknown\"/>", "<prop name=\"baudRate\" value=\"38400\" type=\"Integer\"/>")
                + "</JposEntries>\n");
        List<JposEntry> entries = JposXml.read(xml);
        assertEquals(List.of("b", "a"), entries.stream().map(JposEntry::getLogicalName).toList());
        assertEquals("Scale", entries.get(0).getPropertyValue(JposEntry.DEVICE_CATEGORY_PROP_NAME));
        assertEquals("x.A", entries.get(1).getPropertyValue(JposEntry.SERVICE_CLASS_PROP_NAME));
        assertEquals(38400, entries.get(1).getPropertyValue("baudRate"));
    }

    @Test
    void aFileWithoutDoctypeIsStillCheckedForStructure() {
        Path xml = dir.resolve("plain.xml");
        Rig.write(xml, "<JposEntries>\n" + Rig.entry("a", "POSPrinter", "x.A") + "</JposEntries>\n");
        assertEquals(1, JposXml.read(xml).size());

        Rig.write(xml, "<JposEntries>\n  <JposEntry logicalName=\"a\">\n    <creation factoryClass=\"f\"/>\n"
                + "  </JposEntry>\n</JposEntries>\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JposXml.read(xml));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("<creation> has no serviceClass"), e.getMessage());

        Rig.write(xml, "<JposEntries>\n" + Rig.entry("a", "POSPrinter", "x.A") + Rig.entry("a", "Scale", "x.B") + "</JposEntries>\n");
        e = assertThrows(IllegalArgumentException.class, () -> JposXml.read(xml));
        assertTrue(e.getMessage().contains("two JposEntry elements have the logical name 'a'"), e.getMessage());
    }

    @Test
    void externalEntitiesAreNeverRead() {
        Path secret = dir.resolve("secret.txt");
        Rig.write(secret, "s3cret");
        Path xml = dir.resolve("evil.xml");
        Rig.write(xml, "<?xml version=\"1.0\"?>\n<!DOCTYPE JposEntries [ <!ENTITY x SYSTEM \"" + secret.toUri() + "\"> ]>\n"
                + "<JposEntries>\n" + Rig.entry("a", "POSPrinter", "x.&x;") + "</JposEntries>\n");
        try {
            List<JposEntry> entries = JposXml.read(xml);
            assertTrue(!String.valueOf(entries.get(0).getPropertyValue(JposEntry.SERVICE_CLASS_PROP_NAME)).contains("s3cret"));
        } catch (IllegalArgumentException refused) {
            assertTrue(!refused.getMessage().contains("s3cret"), refused.getMessage());
        }
    }
}
