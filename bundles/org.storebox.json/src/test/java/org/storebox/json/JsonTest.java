package org.storebox.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

class JsonTest {
    public static class Line {
        public String sku;
        public BigDecimal qty;
        public BigDecimal unitPrice;
        public LocalDate businessDay;
    }

    @Test
    void moneyIsAStringQuantityANumberNamesSnakeCase() {
        Line l = new Line();
        l.sku = "A1";
        l.qty = new BigDecimal("2.000");
        l.unitPrice = new BigDecimal("4.50");
        l.businessDay = LocalDate.of(2026, 11, 22);
        assertEquals("{\"sku\":\"A1\",\"qty\":2,\"unit_price\":\"4.50\",\"business_day\":\"2026-11-22\"}", Json.write(l));
    }

    @Test
    void moneyAsAMapValueIsAStringToo() {
        assertEquals("{\"cash\":\"32.50\"}", Json.write(java.util.Map.of("cash", new BigDecimal("32.50"))));
    }

    @Test
    void weighedQuantityKeepsItsDecimals() {
        Line l = new Line();
        l.qty = new BigDecimal("0.375");
        assertEquals("0.375", Json.mapper().valueToTree(l).get("qty").asText());
    }

    @Test
    void moneyIsReadFromStringOrNumberWithoutBinaryRounding() throws Exception {
        Line a = Json.mapper().readValue("{\"unit_price\":\"0.10\"}", Line.class);
        Line b = Json.mapper().readValue("{\"unit_price\":0.10}", Line.class);
        assertEquals(new BigDecimal("0.10"), a.unitPrice);
        assertEquals(new BigDecimal("0.10"), b.unitPrice);
    }

    @Test
    void misspeltFieldIsRefused() {
        UnrecognizedPropertyException e = assertThrows(UnrecognizedPropertyException.class,
                () -> Json.mapper().readValue("{\"qyt\":1}", Line.class));
        assertEquals("qyt", e.getPropertyName());
    }
}
