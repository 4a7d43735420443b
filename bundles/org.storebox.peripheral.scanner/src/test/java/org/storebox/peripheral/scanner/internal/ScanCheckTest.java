package org.storebox.peripheral.scanner.internal;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The verdict on each frame. */
class ScanCheckTest {

    private static ScanCheck.Scan judge(String content) {
        return ScanCheck.judge(new ScanFramer.Frame(content.getBytes(ISO_8859_1), false), 20);
    }

    @Test
    void gs1CodesNeedTheirCheckDigit() {
        assertEquals(new ScanCheck.Scan("4006381333931", true, null), judge("4006381333931"));
        assertEquals(new ScanCheck.Scan("036000291452", true, null), judge("036000291452"));
        assertEquals(new ScanCheck.Scan("96385074", true, null), judge("96385074"));
        ScanCheck.Scan bad = judge("4006381333932");
        assertFalse(bad.valid());
        assertEquals("4006381333932", bad.barcode());
        assertTrue(bad.reason().contains("check digit 2 but its digits give 1"), bad.reason());
    }

    @Test
    void otherPrintableCodesAreValid() {
        assertTrue(judge("ABC-123 /x").valid());
        assertTrue(judge("123456").valid(), "digits that are no GS1 length are another symbology");
    }

    @Test
    void controlOrHighBytesMakeAGarbledScan() {
        ScanCheck.Scan s = judge("4006\u0000381333931");
        assertFalse(s.valid());
        assertEquals("4006\\x00381333931", s.barcode());
        assertTrue(s.reason().contains("byte 0x00 at position 5"), s.reason());
        assertFalse(judge("40063813\u00ff33931").valid());
    }

    @Test
    void framesWithoutAPrintableCharacterAreNoise() {
        assertNull(judge(""));
        assertNull(judge("   "));
        assertNull(judge("\u0000\u0013\u0011\r"));
    }

    @Test
    void overlongFramesAreInvalid() {
        ScanCheck.Scan s = ScanCheck.judge(new ScanFramer.Frame("ABCDEFGHIJKLMNOPQRST".getBytes(ISO_8859_1), true), 20);
        assertFalse(s.valid());
        assertTrue(s.reason().contains("longer than 20"), s.reason());
    }
}
