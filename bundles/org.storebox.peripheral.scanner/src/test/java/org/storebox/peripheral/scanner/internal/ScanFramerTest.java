package org.storebox.peripheral.scanner.internal;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Framing of the scanner's byte stream, without a port. */
class ScanFramerTest {
    private static final long MS = 1_000_000L;
    private static final byte[] CRLF = { '\r', '\n' };
    private static final byte[] STX = { 0x02 };

    private long now = 1_000 * MS;

    private List<String> feed(ScanFramer f, String data) {
        byte[] b = data.getBytes(ISO_8859_1);
        List<String> out = new ArrayList<>();
        for (ScanFramer.Frame frame : f.feed(b, b.length, now)) {
            out.add((frame.overlong() ? "LONG:" : "") + new String(frame.content(), ISO_8859_1));
        }
        return out;
    }

    @Test
    void splitsOnTheSuffixAcrossChunks() {
        ScanFramer f = new ScanFramer(new byte[0], CRLF, 64, 100 * MS);
        assertEquals(List.of(), feed(f, "40063"));
        assertEquals(List.of(), feed(f, "81333931\r"));
        // the LF completes the suffix that the previous chunk began
        assertEquals(List.of("4006381333931", "", "ABC"), feed(f, "\n\r\nABC\r\n"));
    }

    @Test
    void withAPrefixBytesOutsideFramesAreNoise() {
        ScanFramer f = new ScanFramer(STX, CRLF, 64, 100 * MS);
        assertEquals(List.of("12345670"), feed(f, "garbage\r\n\u0013\u0011\u000212345670\r\nmore noise\u0002"));
        assertEquals(3, f.noiseDrops(), "the line ended by a suffix, the bytes before each prefix");
        assertTrue(f.pending(), "a prefix opened a frame");
        assertEquals(List.of("ABC"), feed(f, "ABC\r\n"));
        assertFalse(f.pending());
    }

    @Test
    void aSecondPrefixRestartsTheFrame() {
        ScanFramer f = new ScanFramer(STX, CRLF, 64, 100 * MS);
        assertEquals(List.of("96385074"), feed(f, "\u00024006\u000296385074\r\n"));
        assertEquals(1, f.noiseDrops());
    }

    @Test
    void aFragmentOlderThanTheTimeoutIsDroppedBeforeNewBytes() {
        ScanFramer f = new ScanFramer(new byte[0], CRLF, 64, 100 * MS);
        assertEquals(List.of(), feed(f, "400638"));
        now += 50 * MS;
        assertFalse(f.expire(now), "50 ms is within the timeout");
        assertEquals(List.of(), feed(f, "133"));
        now += 101 * MS;
        assertEquals(List.of("4006381333931"), feed(f, "4006381333931\r\n"));
        assertEquals(1, f.timeoutDrops());
    }

    @Test
    void expireDropsAStaleFragmentWithoutNewBytes() {
        ScanFramer f = new ScanFramer(STX, CRLF, 64, 100 * MS);
        feed(f, "\u0002123");
        assertTrue(f.pending());
        assertTrue(f.expire(now + 101 * MS));
        assertFalse(f.pending());
        assertFalse(f.expire(now + 500 * MS), "nothing left to drop");
        assertEquals(1, f.timeoutDrops());
    }

    @Test
    void anOverlongFrameKeepsItsHeadAndStillEndsAtTheSuffix() {
        ScanFramer f = new ScanFramer(new byte[0], CRLF, 8, 100 * MS);
        assertEquals(List.of("LONG:ABCDEFGH"), feed(f, "ABCDEFGHIJ\r\n"));
        String huge = "X".repeat(10_000);
        assertEquals(List.of("LONG:XXXXXXXX", "12345670"), feed(f, huge + "\r\n12345670\r\n"));
    }

    @Test
    void clearForgetsAPartialFrame() {
        ScanFramer f = new ScanFramer(new byte[0], CRLF, 64, 100 * MS);
        feed(f, "4006");
        f.clear();
        assertEquals(List.of("96385074"), feed(f, "96385074\r\n"));
    }

    @Test
    void aSuffixIsRequired() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new ScanFramer(STX, new byte[0], 64, 100 * MS));
    }
}
