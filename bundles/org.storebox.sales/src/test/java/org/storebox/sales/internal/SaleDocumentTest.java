package org.storebox.sales.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.storebox.api.sale.Sale;
import org.storebox.api.sale.SaleLine;
import org.storebox.json.Json;

import com.fasterxml.jackson.databind.JsonNode;

/** The sale's document body, serialized before the writer appends business_day and seq. */
class SaleDocumentTest {
    @Test
    void theBodyHoldsEveryFieldButTheTwoTheWriterAppendsAndMatchesTheSharedMapping() throws Exception {
        Sale s = new Sale();
        s.id = "3f2b8c1e-5d7a-4c39-9f1e-2a6b0c4d8e71";
        s.kind = "sale";
        s.status = "completed";
        s.terminalId = "t1";
        s.currency = "MYR";
        s.createdAt = Instant.parse("2026-12-02T02:00:00Z");
        s.businessDay = LocalDate.parse("2026-12-02");
        s.seq = 42;
        s.total = new BigDecimal("10.60");
        s.rounding = new BigDecimal("0.00");
        SaleLine l = new SaleLine();
        l.sku = "TEH-1";
        l.name = "Teh tarik";
        l.qty = new BigDecimal("2");
        l.amount = new BigDecimal("10.60");
        s.lines.add(l);

        String body = SaleServiceImpl.documentBody(s);
        assertFalse(body.contains("\"business_day\""), body);
        assertFalse(body.contains("\"seq\""), body);
        JsonNode full = Json.mapper().valueToTree(s);
        ((com.fasterxml.jackson.databind.node.ObjectNode) full).remove("business_day");
        ((com.fasterxml.jackson.databind.node.ObjectNode) full).remove("seq");
        assertEquals(Json.mapper().readTree(full.toString()), Json.mapper().readTree(body), "the body is the shared mapping of the sale less those two fields");
        assertEquals("10.60", Json.mapper().readTree(body).path("total").asText(), "money stays a decimal string");
    }
}
