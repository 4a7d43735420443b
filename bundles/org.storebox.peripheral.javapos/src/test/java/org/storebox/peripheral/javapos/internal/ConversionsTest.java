package org.storebox.peripheral.javapos.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;
import org.storebox.api.peripheral.PrintDocument;

/** The pure conversions of the bridge, without any device. */
class ConversionsTest {

    @Test
    void weightIsThousandthsOfTheUnitExactly() {
        assertEquals(new BigDecimal("1.250"), ScaleDevice.weight(1250));
        assertEquals(new BigDecimal("0.005"), ScaleDevice.weight(5));
        assertEquals(new BigDecimal("-0.345"), ScaleDevice.weight(-345));
        assertEquals(new BigDecimal("2147483.647"), ScaleDevice.weight(Integer.MAX_VALUE));
        assertEquals("kg", ScaleDevice.unit(2));
        assertEquals("lb", ScaleDevice.unit(4));
    }

    @Test
    void textBlocksUseUnifiedPosEscapesPerLine() {
        PrintDocument.Block b = PrintDocument.Block.text("A\nB");
        b.align = "right";
        b.bold = true;
        assertEquals("\u001b|rA\u001b|bCA\u001b|N\n\u001b|rA\u001b|bCB\u001b|N\n", PrinterDevice.text(b));
        assertEquals("plain\n", PrinterDevice.text(PrintDocument.Block.text("plain")));
        assertEquals("a b\n", PrinterDevice.text(PrintDocument.Block.text("a\u001bb")), "no escape smuggled in");
    }

    @Test
    void displayLinesAreCutOrPadded() {
        assertEquals("ab  ", DisplayDevice.fit("ab", 4));
        assertEquals("abcd", DisplayDevice.fit("abcdef", 4));
        assertEquals("    ", DisplayDevice.fit(null, 4));
    }

    @Test
    void dataDirectoryComesFromStoreboxDataElseData() {
        assertEquals(Paths.get("/srv/box").toAbsolutePath(), JavaposBridge.dataDirectory(n -> "STOREBOX_DATA".equals(n) ? "/srv/box" : null));
        assertEquals(Paths.get("data").toAbsolutePath().normalize(), JavaposBridge.dataDirectory(n -> null));
    }
}
