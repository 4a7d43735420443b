package org.storebox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.storebox.e2e.Store.assertProblem;
import static org.storebox.e2e.Store.assertSameDecimal;
import static org.storebox.e2e.Store.barcodeLine;
import static org.storebox.e2e.Store.card;
import static org.storebox.e2e.Store.cash;
import static org.storebox.e2e.Store.line;
import static org.storebox.e2e.Store.newId;
import static org.storebox.e2e.Store.sale;
import static org.storebox.e2e.Store.voucher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.storebox.e2e.Appliance.Response;

/**
 * Every bad input of the contract is refused whole: the right status, an RFC 9457 problem whose
 * detail says what to fix, and nothing written (the sale id stays unknown, stock and the outbox do
 * not move).
 */
class BadInputIT {
    private static final String BARCODE = Store.ean13("489000000404");
    private static Appliance box;
    private static Store store;
    private static String lane;
    private long seqBefore;

    @BeforeAll
    static void start() throws IOException {
        box = Appliance.builder("bad-input").start();
        store = new Store(box);
        lane = store.terminalToken("lane-bad");
        store.putProduct("BI-1", "Tea cup", "10.00", BARCODE);
        store.putProduct("BI-2", "Saucer", "5.00");
        store.receive("BI-1", 100, "BI-2", 100);
    }

    @AfterAll
    static void stop() {
        if (box != null) {
            box.close();
        }
    }

    @BeforeEach
    void snapshot() {
        seqBefore = store.lastSeq();
    }

    /** Every test here is a refusal: nothing may have been written. */
    @AfterEach
    void nothingWritten() {
        assertSameDecimal("100", store.onHand("BI-1"), "a refused request moved no stock (BI-1)");
        assertSameDecimal("100", store.onHand("BI-2"), "a refused request moved no stock (BI-2)");
        assertEquals(seqBefore, store.lastSeq(), "a refused request wrote no outbox event");
    }

    private void refusedSale(Map<String, Object> body, int status, String... mentions) {
        Response r = box.call("POST", "/api/v1/sales", lane, body);
        assertProblem(r, status, mentions);
        store.assertNoSale((String) body.get("id"));
    }

    @Test
    void unknownSkuIsNamedAndTheGoodLineIsNotWritten() {
        refusedSale(sale(newId(), List.of(line("BI-1", 1), line("NOPE-404", 1)), List.of(cash("50.00"))), 422,
                "NOPE-404");
    }

    @Test
    void unknownBarcodeIsNamed() {
        String unknown = Store.ean13("489000000505");
        refusedSale(sale(newId(), List.of(line("BI-2", 1), barcodeLine(unknown, 1)), List.of(cash("50.00"))), 422,
                unknown);
    }

    @Test
    void zeroQuantityIsRefused() {
        Response r = box.call("POST", "/api/v1/sales", lane,
                sale(newId(), List.of(line("BI-1", 1), line("BI-2", 0)), List.of(cash("50.00"))));
        JsonNode p = assertProblem(r, 422);
        assertTrue(p.path("detail").asText().toLowerCase().matches("(?s).*(qty|quantit).*"),
                () -> "the detail says the quantity is wrong: " + r);
    }

    @Test
    void negativeQuantityIsRefused() {
        String id = newId();
        Response r = box.call("POST", "/api/v1/sales", lane,
                sale(id, List.of(line("BI-1", -2)), List.of(cash("50.00"))));
        JsonNode p = assertProblem(r, 422);
        assertTrue(p.path("detail").asText().toLowerCase().matches("(?s).*(qty|quantit).*"),
                () -> "the detail says the quantity is wrong: " + r);
        store.assertNoSale(id);
    }

    @Test
    void tendersShortOfTheAmountDueAreRefused() {
        String id = newId();
        Response r = box.call("POST", "/api/v1/sales", lane,
                sale(id, List.of(line("BI-1", 1)), List.of(cash("4.00"))));
        JsonNode p = assertProblem(r, 422);
        String d = p.path("detail").asText();
        assertTrue(d.contains("10.00") || d.contains("6.00"), () -> "the detail names the amount due or the shortfall: " + r);
        store.assertNoSale(id);
    }

    @Test
    void cardMayNotExceedWhatIsDue() {
        refusedSale(sale(newId(), List.of(line("BI-1", 1)), List.of(card("20.00", "AUTH-1"))), 422, "card");
    }

    @Test
    void voucherMayNotExceedWhatIsDue() {
        refusedSale(sale(newId(), List.of(line("BI-1", 1)), List.of(voucher("20.00", "GIFT-1"))), 422, "voucher");
    }

    @Test
    void unknownTenderTypeIsRefused() {
        String id = newId();
        Response r = box.call("POST", "/api/v1/sales", lane,
                sale(id, List.of(line("BI-1", 1)), List.of(Appliance.obj("type", "bitcoin", "amount", "10.00"))));
        assertTrue(r.status() == 400 || r.status() == 422, () -> "unknown tender type: 400 or 422, was " + r);
        assertProblem(r, r.status(), "bitcoin");
        store.assertNoSale(id);
    }

    @Test
    void malformedJsonIs400() {
        String id = newId();
        Response r = box.call("POST", "/api/v1/sales", lane, "{\"id\":\"" + id + "\",\"lines\":[{\"sku\":\"BI-1\",\"qty\":1}");
        assertProblem(r, 400);
        store.assertNoSale(id);
    }

    @Test
    void wrongContentTypeIs415() {
        String id = newId();
        String json = "{\"id\":\"" + id + "\",\"lines\":[{\"sku\":\"BI-1\",\"qty\":1}],"
                + "\"tenders\":[{\"type\":\"cash\",\"amount\":\"10.00\"}]}";
        Response r = box.raw("POST", "/api/v1/sales", Map.of("Content-Type", "text/plain"), lane,
                json.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30));
        assertProblem(r, 415, "application/json");
        store.assertNoSale(id);
    }

    @Test
    void bodyOverOneMebibyteIs413() {
        String id = newId();
        Map<String, Object> body = sale(id, List.of(line("BI-1", 1)), List.of(cash("10.00")));
        body.put("member_id", "M".repeat(1024 * 1024 + 1024));
        Response r;
        try {
            r = box.call("POST", "/api/v1/sales", lane, body);
        } catch (UncheckedIOException e) {
            throw new AssertionError("a body over 1 MiB should be answered 413 problem+json, but the connection failed: "
                    + e.getMessage(), e);
        }
        assertProblem(r, 413);
        store.assertNoSale(id);
    }

    @Test
    void productWithABadCheckDigitIsRefused() {
        String bad = "4006381333932"; // 4006381333931 is valid
        Response r = box.call("PUT", "/api/v1/products/BI-BAD", store.admin(), Appliance.obj("sku", "BI-BAD", "name",
                "Bad barcode", "price", "1.00", "barcodes", List.of(bad), "tax_class", "standard", "active", true));
        assertTrue(r.status() == 400 || r.status() == 422, () -> "bad check digit: 400 or 422, was " + r);
        assertProblem(r, r.status(), bad);
        assertProblem(box.call("GET", "/api/v1/products/BI-BAD", store.admin(), null), 404);
    }

    @Test
    void aWrongMethodOnAPathOfTheApiIs405WithAllowAndAnUnknownPathIs404() {
        Response delete = box.call("DELETE", "/api/v1/sales/" + newId(), store.admin(), null);
        assertProblem(delete, 405, "GET", "DELETE");
        assertEquals("GET", delete.headers().firstValue("Allow").orElse(""), delete::toString);
        Response get = box.call("GET", "/api/v1/stock/receipts", store.admin(), null);
        assertEquals(404, get.status(), () -> "GET /stock/{sku} takes it, and there is no SKU 'receipts': " + get);
        Response put = box.call("PUT", "/api/v1/returns", store.admin(), Appliance.obj("lines", List.of()));
        assertProblem(put, 405, "POST");
        assertEquals("POST", put.headers().firstValue("Allow").orElse(""), put::toString);
        assertProblem(box.call("GET", "/api/v1/no-such-thing", store.admin(), null), 404, "/api/v1/no-such-thing");
    }

    @Test
    void importIsAllOrNothingAndNamesTheBadLine() {
        // A value of the wrong type is malformed input (400); a well-formed product that breaks a rule is 422.
        importRefused("\"one dollar\"", 400, "line 2");
        importRefused("\"-1.00\"", 422, "BI-IMP-2");
    }

    private void importRefused(String badPrice, int status, String mention) {
        String ndjson = String.join("\n",
                "{\"sku\":\"BI-IMP-1\",\"name\":\"Good one\",\"price\":\"1.00\",\"barcodes\":[],\"tax_class\":\"standard\",\"active\":true}",
                "{\"sku\":\"BI-IMP-2\",\"name\":\"Broken\",\"price\":" + badPrice + ",\"barcodes\":[],\"tax_class\":\"standard\",\"active\":true}",
                "{\"sku\":\"BI-IMP-3\",\"name\":\"Good three\",\"price\":\"3.00\",\"barcodes\":[],\"tax_class\":\"standard\",\"active\":true}")
                + "\n";
        Response r = box.raw("POST", "/api/v1/products/import", Map.of("Content-Type", "application/x-ndjson"),
                store.admin(), ndjson.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30));
        assertProblem(r, status, mention);
        for (String sku : List.of("BI-IMP-1", "BI-IMP-2", "BI-IMP-3")) {
            Response g = box.call("GET", "/api/v1/products/" + sku, store.admin(), null);
            assertEquals(404, g.status(), () -> "a refused import stores nothing, yet " + sku + " exists: " + g);
        }
    }
}
