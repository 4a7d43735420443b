package org.storebox.peripheral.scale.internal;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Line splitting of the scale's byte stream. */
class SicsLinesTest {

    private static List<String> feed(SicsLines l, String s) {
        byte[] b = s.getBytes(ISO_8859_1);
        return l.feed(b, b.length);
    }

    @Test
    void linesEndAtCrLfAcrossChunks() {
        SicsLines l = new SicsLines();
        assertEquals(List.of(), feed(l, "S S    0.3"));
        assertEquals("S S    0.3", l.pending());
        assertEquals(List.of(), feed(l, "45 kg\r"));
        assertEquals(List.of("S S    0.345 kg", "Z A"), feed(l, "\nZ A\r\n"));
        assertEquals("", l.pending());
        assertEquals(List.of("ES"), feed(l, "ES\n"), "a lone LF ends a line too");
    }

    @Test
    void anOverlongLineIsCutAndMarkedSoItCannotParse() {
        SicsLines l = new SicsLines();
        List<String> out = feed(l, "S S " + "9".repeat(500) + " kg\r\nS +\r\n");
        assertEquals(2, out.size());
        assertEquals(SicsLines.MAX_LINE + 1, out.get(0).length());
        assertEquals(SicsResponse.Kind.GARBLED, SicsResponse.parse(out.get(0)).kind());
        assertEquals("S +", out.get(1));
    }

    @Test
    void clearForgetsAPartialLine() {
        SicsLines l = new SicsLines();
        feed(l, "S S  0.");
        l.clear();
        assertEquals(List.of("S -"), feed(l, "S -\r\n"));
    }
}
