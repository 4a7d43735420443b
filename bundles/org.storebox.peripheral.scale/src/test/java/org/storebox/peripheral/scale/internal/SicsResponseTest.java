package org.storebox.peripheral.scale.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.storebox.peripheral.scale.internal.SicsResponse.Kind;

/** Parsing of MT-SICS response lines, without a port. */
class SicsResponseTest {

    @Test
    void weightsKeepTheDigitsAsSent() {
        SicsResponse r = SicsResponse.parse("S S      0.345 kg");
        assertEquals(Kind.WEIGHT, r.kind());
        assertEquals("S", r.id());
        assertEquals("S", r.status());
        assertEquals(new BigDecimal("0.345"), r.value());
        assertEquals(3, r.value().scale());
        assertEquals("kg", r.unit());
        SicsResponse d = SicsResponse.parse("S D     12.50 g");
        assertEquals("D", d.status());
        assertEquals(new BigDecimal("12.50"), d.value());
        assertEquals(2, d.value().scale(), "trailing zero kept: it is the scale's resolution");
        assertEquals(new BigDecimal("-0.010"), SicsResponse.parse("S S     -0.010 kg").value());
    }

    @Test
    void statusTextAndErrors() {
        assertEquals(new SicsResponse(Kind.STATUS, "S", "+", null, null, null, "S +"), SicsResponse.parse("S +"));
        assertEquals("-", SicsResponse.parse("S -").status());
        assertEquals("I", SicsResponse.parse("S I").status());
        assertEquals("A", SicsResponse.parse("Z A").status());
        SicsResponse t = SicsResponse.parse("I4 A \"B021002593\"");
        assertEquals(Kind.TEXT, t.kind());
        assertEquals("I4", t.id());
        assertEquals("B021002593", t.text());
        for (String e : new String[] { "ES", "ET", "EL" }) {
            SicsResponse r = SicsResponse.parse(e);
            assertEquals(Kind.ERROR, r.kind());
            assertEquals(e, r.id());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "S S      0.3#5 kg", // a character the line garbled
        "S S      0.345",    // cut before the unit
        "S S      0. kg",    // cut decimal
        "S S         kg",    // no number
        "S X      0.345 kg", // unknown status
        "S S      0.345 kg extra",
        "S S 1,5 kg",
        "\u0000S S 0.345 kg",
        "S S      0.345 k\u00ff",
        "I4 A \"B02",        // unterminated text
        "E",
        "?",
    })
    void anythingElseIsGarbledAndCarriesNoNumber(String line) {
        SicsResponse r = SicsResponse.parse(line);
        assertEquals(Kind.GARBLED, r.kind(), line);
        assertNull(r.value());
        assertEquals(SicsResponse.show(line), r.raw());
    }

    @Test
    void showEscapesBytesThatAreNotPrintable() {
        assertEquals("S\\x00\\xFF", SicsResponse.show("S\u0000\u00ff"));
    }
}
