package org.storebox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import org.storebox.e2e.Appliance.Credentials;
import org.storebox.e2e.Appliance.Response;

/** Test-side helpers on one running appliance: tokens, catalog, stock, sale bodies, and the checks every test repeats. */
final class Store {
    final Appliance box;
    private String admin;

    Store(Appliance box) {
        this.box = box;
    }

    /** A token of the admin client (fetched once; the default lifetime is an hour). */
    synchronized String admin() {
        if (admin == null) {
            admin = box.adminToken();
        }
        return admin;
    }

    synchronized void forgetTokens() {
        admin = null;
    }

    /** Registers a terminal and checks the answer's shape. */
    Credentials registerTerminal(String name) {
        Response r = box.call("POST", "/api/v1/terminals", admin(), Appliance.obj("name", name));
        assertEquals(201, r.status(), () -> "register terminal " + name + ": " + r);
        JsonNode j = r.json();
        assertEquals(name, j.path("name").asText(), () -> "terminal name echoed: " + r);
        assertEquals("terminal", j.path("scope").asText(), () -> "terminal scope: " + r);
        assertTrue(j.path("client_id").isTextual() && !j.path("client_id").asText().isBlank(), () -> "client_id: " + r);
        assertTrue(j.path("client_secret").isTextual() && !j.path("client_secret").asText().isBlank(),
                () -> "client_secret: " + r);
        return new Credentials(j.get("client_id").asText(), j.get("client_secret").asText());
    }

    /** Registers an API client with the given scope (manager, admin, terminal). */
    Credentials registerClient(String name, String scope) {
        Response r = box.call("POST", "/api/v1/clients", admin(), Appliance.obj("name", name, "scope", scope));
        assertEquals(201, r.status(), () -> "register client " + name + ": " + r);
        JsonNode j = r.json();
        assertEquals(scope, j.path("scope").asText(), () -> "client scope: " + r);
        assertEquals(name, j.path("name").asText(), () -> "client name: " + r);
        return new Credentials(j.path("client_id").asText(), j.path("client_secret").asText());
    }

    /** Registers a terminal and returns a token for it. */
    String terminalToken(String name) {
        return box.token(registerTerminal(name));
    }

    /** Puts a product (standard tax class unless given) and checks 200/201. */
    JsonNode putProductInClass(String taxClass, String sku, String name, String price, String... barcodes) {
        Map<String, Object> p = Appliance.obj("sku", sku, "name", name, "price", price, "barcodes",
                Arrays.asList(barcodes), "tax_class", taxClass, "active", true);
        Response r = box.call("PUT", "/api/v1/products/" + sku, admin(), p);
        assertTrue(r.status() == 201 || r.status() == 200, () -> "put product " + sku + ": " + r);
        return r.json();
    }

    JsonNode putProduct(String sku, String name, String price, String... barcodes) {
        return putProductInClass("standard", sku, name, price, barcodes);
    }

    /** Goods received: one receipt document for these (sku, qty) pairs. */
    JsonNode receive(Object... skuQty) {
        List<Object> lines = new ArrayList<>();
        for (int i = 0; i < skuQty.length; i += 2) {
            lines.add(Appliance.obj("sku", skuQty[i], "qty", skuQty[i + 1]));
        }
        Response r = box.call("POST", "/api/v1/stock/receipts", admin(),
                Appliance.obj("reference", "GR-" + UUID.randomUUID(), "lines", lines));
        assertEquals(201, r.status(), () -> "stock receipt: " + r);
        return r.json();
    }

    /** On-hand of a SKU as an exact decimal. */
    BigDecimal onHand(String sku) {
        Response r = box.call("GET", "/api/v1/stock/" + sku, admin(), null);
        assertEquals(200, r.status(), () -> "stock of " + sku + ": " + r);
        assertEquals(sku, r.json().path("sku").asText(), () -> "stock answer names the sku: " + r);
        JsonNode q = r.json().path("on_hand");
        assertTrue(q.isNumber(), () -> "on_hand is a JSON number: " + r);
        return q.decimalValue();
    }

    JsonNode status() {
        Response r = box.call("GET", "/api/v1/status", admin(), null);
        assertEquals(200, r.status(), () -> "status: " + r);
        return r.json();
    }

    /** The outbox's last sequence number from {@code /api/v1/status}. */
    long lastSeq() {
        JsonNode o = status().path("outbox");
        assertTrue(o.path("last_seq").canConvertToLong(), () -> "outbox.last_seq in status: " + o);
        return o.path("last_seq").asLong();
    }

    JsonNode trialBalance() {
        Response r = box.call("GET", "/api/v1/journal/trial-balance", admin(), null);
        assertEquals(200, r.status(), () -> "trial balance: " + r);
        return r.json();
    }

    /** Asserts the journal balances: flag, totals, and the sum over accounts. */
    static void assertBalanced(JsonNode tb) {
        assertTrue(tb.path("balanced").asBoolean(false), () -> "trial balance says balanced: " + tb);
        BigDecimal debit = money(tb, "debit_total");
        BigDecimal credit = money(tb, "credit_total");
        assertEquals(0, debit.compareTo(credit), () -> "debit_total == credit_total: " + tb);
        BigDecimal d = BigDecimal.ZERO;
        BigDecimal c = BigDecimal.ZERO;
        assertTrue(tb.path("accounts").isObject() && tb.path("accounts").size() > 0, () -> "accounts listed: " + tb);
        for (JsonNode a : tb.path("accounts")) {
            d = d.add(money(a, "debit"));
            c = c.add(money(a, "credit"));
        }
        assertEquals(0, d.compareTo(debit), "sum of account debits == debit_total: " + tb);
        assertEquals(0, c.compareTo(credit), "sum of account credits == credit_total: " + tb);
    }

    /** Net (debit - credit) of one account of a trial balance; zero when the account is absent. */
    static BigDecimal net(JsonNode tb, String account) {
        JsonNode a = tb.path("accounts").path(account);
        if (a.isMissingNode()) {
            return BigDecimal.ZERO;
        }
        return money(a, "debit").subtract(money(a, "credit"));
    }

    // ------------------------------------------------------------------ bodies

    static Map<String, Object> line(String sku, Object qty) {
        return Appliance.obj("sku", sku, "qty", qty);
    }

    static Map<String, Object> barcodeLine(String barcode, Object qty) {
        return Appliance.obj("barcode", barcode, "qty", qty);
    }

    static Map<String, Object> cash(String amount) {
        return Appliance.obj("type", "cash", "amount", amount);
    }

    static Map<String, Object> card(String amount, String reference) {
        return Appliance.obj("type", "card", "amount", amount, "reference", reference);
    }

    static Map<String, Object> voucher(String amount, String reference) {
        return Appliance.obj("type", "voucher", "amount", amount, "reference", reference);
    }

    static Map<String, Object> sale(String id, List<?> lines, List<?> tenders) {
        return Appliance.obj("id", id, "lines", lines, "tenders", tenders);
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    /** Posts a sale and asserts 201. */
    JsonNode sell(String token, Map<String, Object> sale) {
        Response r = box.call("POST", "/api/v1/sales", token, sale);
        assertEquals(201, r.status(), () -> "sale " + sale + ": " + r);
        return r.json();
    }

    // ------------------------------------------------------------------ checks

    /**
     * Asserts an RFC 9457 problem: the status, {@code application/problem+json}, type/title/status/detail
     * present, detail a non-empty sentence that contains each of {@code mentions} (case-insensitive).
     */
    static JsonNode assertProblem(Response r, int status, String... mentions) {
        assertEquals(status, r.status(), () -> "status of " + r);
        assertEquals("application/problem+json", r.mediaType(), () -> "problem content type of " + r);
        JsonNode j = r.json();
        assertTrue(j.isObject(), () -> "problem body is a JSON object: " + r);
        assertTrue(j.path("type").isTextual(), () -> "problem has a type: " + r);
        assertTrue(j.path("title").isTextual() && !j.path("title").asText().isBlank(), () -> "problem has a title: " + r);
        assertEquals(status, j.path("status").asInt(-1), () -> "problem status member equals the HTTP status: " + r);
        String detail = j.path("detail").asText("");
        assertFalse(detail.isBlank(), () -> "problem has a detail sentence: " + r);
        for (String m : mentions) {
            assertTrue(detail.toLowerCase().contains(m.toLowerCase()),
                    () -> "problem detail should mention '" + m + "': " + r);
        }
        return j;
    }

    /** A money member: a JSON string with exactly two decimals (the store's currencies). */
    static BigDecimal money(JsonNode parent, String field) {
        JsonNode v = parent.path(field);
        assertTrue(v.isTextual(), () -> field + " is a decimal string on the wire: " + parent);
        assertTrue(v.asText().matches("-?\\d+\\.\\d{2}"), () -> field + " has the currency's 2 decimals: " + parent);
        return new BigDecimal(v.asText());
    }

    /** Asserts a money member's exact text, for example "9.00". */
    static void assertMoney(String expected, JsonNode parent, String field) {
        JsonNode v = parent.path(field);
        assertTrue(v.isTextual(), () -> field + " is a decimal string on the wire: " + parent);
        assertEquals(expected, v.asText(), () -> field + " of " + parent);
    }

    /** Asserts a quantity member (a JSON number) equals {@code expected} numerically. */
    static void assertQty(String expected, JsonNode parent, String field) {
        JsonNode v = parent.path(field);
        assertTrue(v.isNumber(), () -> field + " is a JSON number: " + parent);
        assertEquals(0, new BigDecimal(expected).compareTo(v.decimalValue()),
                () -> field + " expected " + expected + " in " + parent);
    }

    /** A decimal member sent either as a JSON number or as a decimal string (rates, for example). */
    static BigDecimal decimal(JsonNode parent, String field) {
        JsonNode v = parent.path(field);
        assertTrue(v.isNumber() || (v.isTextual() && v.asText().matches("-?\\d+(\\.\\d+)?")),
                () -> field + " is a decimal: " + parent);
        return v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText());
    }

    static void assertSameDecimal(String expected, BigDecimal actual, String what) {
        assertEquals(0, new BigDecimal(expected).compareTo(actual), () -> what + ": expected " + expected + ", was " + actual);
    }

    /** A sale id that was refused must not exist. */
    void assertNoSale(String id) {
        Response r = box.call("GET", "/api/v1/sales/" + id, admin(), null);
        if (r.status() != 404) {
            fail("a refused sale must not be stored: GET /api/v1/sales/" + id + " should be 404 but was " + r);
        }
    }

    /** A valid EAN-13 from 12 digits (the check digit appended). */
    static String ean13(String twelve) {
        if (twelve.length() != 12) {
            throw new IllegalArgumentException(twelve);
        }
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            int d = twelve.charAt(i) - '0';
            sum += (i % 2 == 0) ? d : 3 * d;
        }
        return twelve + ((10 - sum % 10) % 10);
    }
}
