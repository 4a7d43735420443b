package org.storebox.peripheral.scanner.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Escaped byte strings of the prefix and suffix settings. */
class EscapesTest {

    @Test
    void escapesStandForTheirBytes() {
        assertArrayEquals(new byte[] { '\r', '\n' }, Escapes.parse("\\r\\n"));
        assertArrayEquals(new byte[] { 0x02, 'A', '\t', 0, 0x1B, '\\' }, Escapes.parse("\\x02A\\t\\0\\e\\\\"));
        assertArrayEquals(new byte[] { (byte) 0xFF }, Escapes.parse("\\xff"));
        assertArrayEquals(new byte[0], Escapes.parse(""));
        assertArrayEquals(new byte[0], Escapes.parse(null));
    }

    @Test
    void realControlCharactersPassThrough() {
        // A .cfg file is read as Java properties, which already turn \r\n into CR LF.
        assertArrayEquals(new byte[] { '\r', '\n' }, Escapes.parse("\r\n"));
    }

    @Test
    void badEscapesAreRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Escapes.parse("\\q")).getMessage().contains("unknown escape \\q"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Escapes.parse("\\x4")).getMessage().contains("two hexadecimal"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Escapes.parse("\\xZZ")).getMessage().contains("two hexadecimal"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Escapes.parse("a\\")).getMessage().contains("lone backslash"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Escapes.parse("\u20ac")).getMessage().contains("not one byte"));
    }

    @Test
    void showEscapesWhatIsNotPrintable() {
        assertEquals("AB\\x00\\x0D\\xFF", Escapes.show(new byte[] { 'A', 'B', 0, '\r', (byte) 0xFF }));
    }
}
