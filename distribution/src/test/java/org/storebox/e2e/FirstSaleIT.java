package org.storebox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.storebox.e2e.Store.assertMoney;
import static org.storebox.e2e.Store.assertProblem;
import static org.storebox.e2e.Store.assertQty;
import static org.storebox.e2e.Store.assertSameDecimal;
import static org.storebox.e2e.Store.barcodeLine;
import static org.storebox.e2e.Store.card;
import static org.storebox.e2e.Store.cash;
import static org.storebox.e2e.Store.line;
import static org.storebox.e2e.Store.newId;
import static org.storebox.e2e.Store.sale;
import static org.storebox.e2e.Store.voucher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.storebox.e2e.Appliance.Credentials;
import org.storebox.e2e.Appliance.Response;

/**
 * A fresh Hong Kong box (defaults: HKD, Asia/Hong_Kong, standard tax 0 %): the first sale as a
 * terminal makes it, the idempotent retry, the catalog and stock endpoints, tenders, cash rounding,
 * and the operability endpoints.
 */
class FirstSaleIT {
    private static final ZoneId HK = ZoneId.of("Asia/Hong_Kong");
    private static Appliance box;
    private static Store store;
    private static String lane;

    @BeforeAll
    static void start() throws IOException {
        box = Appliance.builder("first-sale").storeId("HK001").start();
        store = new Store(box);
        lane = store.terminalToken("lane-shared");
    }

    @AfterAll
    static void stop() {
        if (box != null) {
            box.close();
        }
    }

    @Test
    void adminCredentialsFileIsReadableOnlyByItsOwnerAndWorks() throws IOException {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(box.adminCredentialsFile());
        assertEquals(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), mode,
                "initial-admin-credentials.json must be mode 600");
        Credentials admin = box.adminCredentials();
        assertTrue(admin.clientId() != null && !admin.clientId().isBlank(), "client_id in the credentials file");
        assertTrue(admin.clientSecret() != null && !admin.clientSecret().isBlank(), "client_secret in the credentials file");

        Response r = box.tokenRequest(Map.of("grant_type", "client_credentials", "client_id", admin.clientId(),
                "client_secret", admin.clientSecret()), null);
        assertEquals(200, r.status(), () -> "admin token: " + r);
        assertEquals("application/json", r.mediaType(), () -> "token answer is JSON: " + r);
        assertTrue(r.json().path("access_token").isTextual() && !r.json().path("access_token").asText().isBlank(),
                () -> "access_token: " + r);
        assertTrue("bearer".equalsIgnoreCase(r.json().path("token_type").asText()), () -> "token_type Bearer: " + r);
        assertTrue(r.json().path("expires_in").asLong(0) > 0, () -> "expires_in positive: " + r);
        assertTrue(r.json().path("scope").asText().contains("admin"), () -> "scope admin: " + r);
    }

    @Test
    void aTechnicianRunsTheGogoCommandsWithoutAConsole() throws Exception {
        // The box runs without a console (stdin /dev/null, as under systemd): its shell is the socket.
        Credentials lane = store.registerTerminal("lane-shell");
        Appliance.ShellAnswer status;
        // A client that connects and sends nothing holds up no one else.
        try (java.nio.channels.SocketChannel idle = java.nio.channels.SocketChannel.open(
                java.net.UnixDomainSocketAddress.of(box.dataDir().resolve("shell.sock")))) {
            status = box.shell("storebox:status");
        }
        assertEquals(0, status.exit(), status::output);
        assertTrue(status.output().contains("store      " + box.storeId()) && status.output().contains("database   healthy"),
                status::output);
        Appliance.ShellAnswer terminals = box.shell("storebox:terminals");
        assertTrue(terminals.exit() == 0 && terminals.output().contains(lane.clientId()) && terminals.output().contains("lane-shell")
                && !terminals.output().contains(lane.clientSecret()), () -> "terminals listed without secrets: " + terminals);
        Appliance.ShellAnswer unknown = box.shell("storebox:nosuch");
        assertEquals(1, unknown.exit(), unknown::output);
        assertTrue(unknown.output().contains("Command not found: storebox:nosuch"), unknown::output);
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(box.dataDir().resolve("shell.sock")), "only the box's user reaches the shell");
    }

    @Test
    void firstSaleByBarcodeAndSkuWithDiscountChangeAndMember() {
        Credentials lane1 = store.registerTerminal("lane-1");
        String t = box.token(lane1);
        String bc = Store.ean13("489000000101");
        store.putProduct("FS-1", "Smoke test item", "4.50", bc);
        store.putProduct("FS-2", "維他檸檬茶 250ml", "7.20");
        store.receive("FS-1", 10, "FS-2", 10);
        long seqBefore = store.lastSeq();

        String id = newId();
        Map<String, Object> body = sale(id,
                List.of(barcodeLine(bc, 2), Appliance.obj("sku", "FS-2", "qty", 3, "discount", "1.00")),
                List.of(cash("40.00")));
        body.put("member_id", "M1");
        LocalDate dayBefore = LocalDate.now(HK);
        Response r = box.call("POST", "/api/v1/sales", t, body);
        LocalDate dayAfter = LocalDate.now(HK);
        assertEquals(201, r.status(), () -> "first sale: " + r);
        assertEquals("application/json", r.mediaType(), () -> "sale answer is JSON: " + r);
        JsonNode s = r.json();

        assertEquals(id, s.path("id").asText(), "id echoed");
        assertEquals("sale", s.path("kind").asText(), "kind");
        assertEquals("completed", s.path("status").asText(), "status");
        assertFalse(s.path("terminal_id").asText("").isBlank(), () -> "terminal_id: " + s);
        String day = s.path("business_day").asText();
        assertTrue(day.equals(dayBefore.toString()) || day.equals(dayAfter.toString()),
                () -> "business_day is today in Hong Kong (" + dayAfter + "): " + s);
        Instant created = Instant.parse(s.path("created_at").asText());
        assertTrue(Math.abs(created.getEpochSecond() - Instant.now().getEpochSecond()) < 300,
                () -> "created_at is now: " + s);
        assertEquals("HKD", s.path("currency").asText(), "currency");
        assertEquals("M1", s.path("member_id").asText(), "member_id");

        JsonNode l1 = s.path("lines").path(0);
        JsonNode l2 = s.path("lines").path(1);
        assertEquals(2, s.path("lines").size(), () -> "two lines: " + s);
        assertEquals(1, l1.path("line_no").asInt(), "line_no 1");
        assertEquals("FS-1", l1.path("sku").asText(), "the barcode resolves to its SKU");
        assertEquals("Smoke test item", l1.path("name").asText());
        assertQty("2", l1, "qty");
        assertMoney("4.50", l1, "unit_price");
        assertMoney("0.00", l1, "discount");
        assertMoney("9.00", l1, "amount");
        assertEquals("standard", l1.path("tax_class").asText());
        assertSameDecimal("0", Store.decimal(l1, "tax_rate"), "Hong Kong standard rate");
        assertMoney("0.00", l1, "tax");
        assertEquals(2, l2.path("line_no").asInt(), "line_no 2");
        assertEquals("維他檸檬茶 250ml", l2.path("name").asText(), "Chinese name kept exactly");
        assertQty("3", l2, "qty");
        assertMoney("7.20", l2, "unit_price");
        assertMoney("1.00", l2, "discount");
        assertMoney("20.60", l2, "amount");

        assertMoney("29.60", s, "subtotal");
        assertMoney("1.00", s, "discount_total");
        assertMoney("0.00", s, "tax");
        assertMoney("29.60", s, "total");
        assertMoney("0.00", s, "rounding");
        assertMoney("29.60", s, "amount_due");
        assertMoney("10.40", s, "change");
        assertEquals(1, s.path("tenders").size(), () -> "one tender: " + s);
        assertEquals("cash", s.path("tenders").path(0).path("type").asText());
        assertMoney("40.00", s.path("tenders").path(0), "amount");
        assertTrue(s.path("points_earned").isIntegralNumber() && s.path("points_earned").asLong() >= 0,
                () -> "points_earned is a whole number: " + s);

        JsonNode receipt = s.path("receipt");
        assertTrue(receipt.path("width").asInt(0) > 0, () -> "receipt width: " + receipt);
        assertTrue(receipt.path("lines").isArray() && receipt.path("lines").size() > 0, () -> "receipt lines: " + receipt);
        String text = receiptText(s);
        assertTrue(text.contains("維他檸檬茶"), () -> "the Chinese product name is printed on the receipt:\n" + text);
        assertTrue(text.contains("29.60"), () -> "the total is printed on the receipt:\n" + text);
        assertTrue(text.contains("10.40"), () -> "the change is printed on the receipt:\n" + text);

        long seq = s.path("seq").asLong();
        assertEquals(seqBefore + 1, seq, () -> "the sale wrote the outbox's next sequence number: " + s);
        assertEquals(seq, store.lastSeq(), "outbox last_seq is the sale's seq");

        assertSameDecimal("8", store.onHand("FS-1"), "FS-1 on hand after selling 2 of 10");
        assertSameDecimal("7", store.onHand("FS-2"), "FS-2 on hand after selling 3 of 10");

        Response get = box.call("GET", "/api/v1/sales/" + id, t, null);
        assertEquals(200, get.status(), () -> "GET the sale: " + get);
        assertEquals(s, get.json(), "GET answers the stored sale exactly as the 201 did");

        // The terminal lost the answer and retries: same id, same body.
        Response retry = box.call("POST", "/api/v1/sales", t, body);
        assertEquals(200, retry.status(), () -> "idempotent retry: " + retry);
        assertEquals(s, retry.json(), "the retry answers the identical stored sale");
        assertSameDecimal("8", store.onHand("FS-1"), "the retry moved no stock (FS-1)");
        assertSameDecimal("7", store.onHand("FS-2"), "the retry moved no stock (FS-2)");
        assertEquals(seq, store.lastSeq(), "the retry wrote no outbox event");

        // Same id, different body: refused, nothing changes.
        Map<String, Object> other = sale(id, List.of(barcodeLine(bc, 3)), List.of(cash("40.00")));
        Response conflict = box.call("POST", "/api/v1/sales", t, other);
        assertProblem(conflict, 409, id);
        assertSameDecimal("8", store.onHand("FS-1"), "a conflicting reuse of the id moved no stock");
        assertEquals(s, box.call("GET", "/api/v1/sales/" + id, t, null).json(), "the stored sale is unchanged");
        assertEquals(seq, store.lastSeq(), "the conflict wrote no outbox event");

        // The next sale gets the next sequence number.
        JsonNode next = store.sell(t, sale(newId(), List.of(line("FS-1", 1)), List.of(cash("4.50"))));
        assertEquals(seq + 1, next.path("seq").asLong(), () -> "next seq: " + next);
        assertEquals(s.path("terminal_id").asText(), next.path("terminal_id").asText(), "same terminal, same terminal_id");
        assertMoney("0.00", next, "change");
        assertEquals(0, next.path("points_earned").asLong(-1), () -> "no member, no points: " + next);
    }

    @Test
    void aRetryAfterARepriceOrDeactivationAnswersTheStoredSale() {
        store.putProduct("FS-20", "Lemon tea", "4.50");
        store.receive("FS-20", 10);
        Map<String, Object> body = sale(newId(), List.of(line("FS-20", 2)), List.of(cash("10.00")));
        JsonNode first = store.sell(lane, body);
        long seq = store.lastSeq();
        // HQ reprices the tea before the terminal's retry arrives; at the new price the cash
        // tendered would be short, yet the retry still gets its stored sale.
        store.putProduct("FS-20", "Lemon tea", "6.00");
        Response retry = box.call("POST", "/api/v1/sales", lane, body);
        assertEquals(200, retry.status(), () -> "retry after a reprice: " + retry);
        assertEquals(first, retry.json(), "the retry answers the stored sale at the old price");
        assertSameDecimal("8", store.onHand("FS-20"), "the retry moved no stock");
        assertEquals(seq, store.lastSeq(), "the retry wrote no outbox event");
    }

    @Test
    void cardAndVoucherTendersAndSplitPayment() {
        store.putProduct("FS-10", "Umbrella", "25.00");
        store.receive("FS-10", 10);
        JsonNode byCard = store.sell(lane, sale(newId(), List.of(line("FS-10", 1)), List.of(card("25.00", "AUTH-123456"))));
        assertMoney("25.00", byCard, "total");
        assertMoney("0.00", byCard, "change");
        assertEquals("card", byCard.path("tenders").path(0).path("type").asText());
        assertEquals("AUTH-123456", byCard.path("tenders").path(0).path("reference").asText(), "card reference kept");

        JsonNode split = store.sell(lane, sale(newId(), List.of(line("FS-10", 1)),
                List.of(voucher("10.00", "GIFT-77"), cash("20.00"))));
        assertMoney("25.00", split, "total");
        assertMoney("5.00", split, "change");
        assertEquals(2, split.path("tenders").size(), () -> "both tenders kept: " + split);
        assertEquals("voucher", split.path("tenders").path(0).path("type").asText());
        assertEquals("GIFT-77", split.path("tenders").path(0).path("reference").asText());
        assertSameDecimal("8", store.onHand("FS-10"), "two umbrellas sold");
    }

    @Test
    void hongKongCashRoundsToTenCentsCardDoesNot() {
        store.putProduct("FS-80", "Egg tart 蛋撻", "12.45");
        store.putProduct("FS-81", "Pineapple bun 菠蘿包", "12.34");
        store.receive("FS-80", 10, "FS-81", 10);

        JsonNode up = store.sell(lane, sale(newId(), List.of(line("FS-80", 1)), List.of(cash("20.00"))));
        assertMoney("12.45", up, "total");
        assertMoney("0.05", up, "rounding");
        assertMoney("12.50", up, "amount_due");
        assertMoney("7.50", up, "change");

        JsonNode down = store.sell(lane, sale(newId(), List.of(line("FS-81", 1)), List.of(cash("20.00"))));
        assertMoney("12.34", down, "total");
        assertMoney("-0.04", down, "rounding");
        assertMoney("12.30", down, "amount_due");
        assertMoney("7.70", down, "change");

        JsonNode byCard = store.sell(lane, sale(newId(), List.of(line("FS-80", 1)), List.of(card("12.45", "AUTH-1"))));
        assertMoney("0.00", byCard, "rounding");
        assertMoney("12.45", byCard, "amount_due");
        assertTrue(receiptText(down).contains("菠蘿包"), () -> "Chinese name on the receipt:\n" + receiptText(down));
    }

    @Test
    void percentDiscountAndWeighedGoods() {
        store.putProduct("FS-30", "Rice cooker", "20.00");
        store.putProduct("FS-31", "Char siu (per kg)", "40.00");
        store.receive("FS-30", 10, "FS-31", 10);
        JsonNode s = store.sell(lane, sale(newId(), List.of(
                Appliance.obj("sku", "FS-30", "qty", 2, "discount_percent", 10),
                line("FS-31", 0.75)), List.of(card("66.00", "AUTH-2"))));
        JsonNode l1 = s.path("lines").path(0);
        assertMoney("4.00", l1, "discount");
        assertMoney("36.00", l1, "amount");
        JsonNode l2 = s.path("lines").path(1);
        assertQty("0.75", l2, "qty");
        assertMoney("30.00", l2, "amount");
        assertMoney("66.00", s, "subtotal");
        assertMoney("4.00", s, "discount_total");
        assertMoney("66.00", s, "total");
        assertSameDecimal("9.25", store.onHand("FS-31"), "0.75 kg left the shelf");
    }

    @Test
    void productsAreCreatedReplacedLookedUpAndImported() {
        String bc = Store.ean13("489000000202");
        Map<String, Object> p = Appliance.obj("sku", "FS-40", "name", "Milk tea 奶茶", "price", "18.00",
                "barcodes", List.of(bc), "tax_class", "standard", "active", true, "category", "drinks");
        Response created = box.call("PUT", "/api/v1/products/FS-40", store.admin(), p);
        assertEquals(201, created.status(), () -> "new product: " + created);
        assertEquals("FS-40", created.json().path("sku").asText());
        assertEquals("Milk tea 奶茶", created.json().path("name").asText());
        assertMoney("18.00", created.json(), "price");
        assertEquals(bc, created.json().path("barcodes").path(0).asText(), () -> "barcodes echoed: " + created);
        assertEquals("standard", created.json().path("tax_class").asText());
        assertTrue(created.json().path("active").asBoolean(false), "active echoed");

        p.put("price", "19.50");
        Response replaced = box.call("PUT", "/api/v1/products/FS-40", store.admin(), p);
        assertEquals(200, replaced.status(), () -> "replacing a product: " + replaced);
        assertMoney("19.50", replaced.json(), "price");

        Response get = box.call("GET", "/api/v1/products/FS-40", lane, null);
        assertEquals(200, get.status(), () -> "GET product as a terminal: " + get);
        assertMoney("19.50", get.json(), "price");
        Response byBarcode = box.call("GET", "/api/v1/products?barcode=" + bc, lane, null);
        assertEquals(200, byBarcode.status(), () -> "lookup by barcode: " + byBarcode);
        assertEquals("FS-40", byBarcode.json().path("sku").asText());

        assertProblem(box.call("GET", "/api/v1/products/NO-SUCH-SKU", lane, null), 404, "NO-SUCH-SKU");
        String unknownBarcode = Store.ean13("489000000999");
        assertProblem(box.call("GET", "/api/v1/products?barcode=" + unknownBarcode, lane, null), 404, unknownBarcode);

        store.receive("FS-40", 5);
        JsonNode s = store.sell(lane, sale(newId(), List.of(barcodeLine(bc, 1)), List.of(cash("19.50"))));
        assertMoney("19.50", s, "total");

        String ndjson = String.join("\n",
                "{\"sku\":\"IMP-1\",\"name\":\"Imported one\",\"price\":\"1.10\",\"barcodes\":[],\"tax_class\":\"standard\",\"active\":true}",
                "{\"sku\":\"IMP-2\",\"name\":\"Imported two 二\",\"price\":\"2.20\",\"barcodes\":[\"" + Store.ean13("489000000303")
                        + "\"],\"tax_class\":\"standard\",\"active\":true}",
                "{\"sku\":\"IMP-3\",\"name\":\"Imported three\",\"price\":\"3.30\",\"barcodes\":[],\"tax_class\":\"standard\",\"active\":false}")
                + "\n";
        Response imported = box.raw("POST", "/api/v1/products/import", Map.of("Content-Type", "application/x-ndjson"),
                store.admin(), ndjson.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.time.Duration.ofSeconds(30));
        assertEquals(200, imported.status(), () -> "import: " + imported);
        assertEquals(3, imported.json().path("imported").asInt(), () -> "imported count: " + imported);
        for (String sku : List.of("IMP-1", "IMP-2", "IMP-3")) {
            Response g = box.call("GET", "/api/v1/products/" + sku, lane, null);
            assertEquals(200, g.status(), () -> "imported product " + sku + ": " + g);
        }
        assertEquals("Imported two 二", box.call("GET", "/api/v1/products/IMP-2", lane, null).json().path("name").asText());
        assertFalse(box.call("GET", "/api/v1/products/IMP-3", lane, null).json().path("active").asBoolean(true),
                "inactive flag imported");
    }

    @Test
    void aMemberEarnsPointsAndAnonymousBuyersDoNot() {
        store.putProduct("FS-70", "Jade bracelet", "1000.00");
        store.receive("FS-70", 5);
        Map<String, Object> body = sale(newId(), List.of(line("FS-70", 1)), List.of(card("1000.00", "AUTH-9")));
        body.put("member_id", "M-LOYAL-1");
        JsonNode member = store.sell(lane, body);
        assertEquals("M-LOYAL-1", member.path("member_id").asText());
        assertTrue(member.path("points_earned").isIntegralNumber() && member.path("points_earned").asLong() > 0,
                () -> "a member earns points on a 1000.00 purchase: " + member);
        JsonNode anonymous = store.sell(lane, sale(newId(), List.of(line("FS-70", 1)), List.of(card("1000.00", "AUTH-10"))));
        assertEquals(0, anonymous.path("points_earned").asLong(-1), () -> "no member, no points: " + anonymous);
    }

    @Test
    void receiptsAndCountsSetOnHand() {
        store.putProduct("FS-50", "Soy sauce", "15.00");
        Response rec = box.call("POST", "/api/v1/stock/receipts", store.admin(),
                Appliance.obj("reference", "GR-1", "lines", List.of(line("FS-50", 100))));
        assertEquals(201, rec.status(), () -> "receipt: " + rec);
        assertEquals("FS-50", rec.json().path("levels").path(0).path("sku").asText(), () -> "levels: " + rec);
        assertQty("100", rec.json().path("levels").path(0), "on_hand");

        store.sell(lane, sale(newId(), List.of(line("FS-50", 3)), List.of(cash("45.00"))));
        assertSameDecimal("97", store.onHand("FS-50"), "after selling 3");

        Response count = box.call("POST", "/api/v1/stock/counts", store.admin(),
                Appliance.obj("reference", "COUNT-1", "lines", List.of(line("FS-50", 95))));
        assertEquals(201, count.status(), () -> "count: " + count);
        assertQty("95", count.json().path("levels").path(0), "on_hand");
        assertSameDecimal("95", store.onHand("FS-50"), "a count sets on-hand to what was counted");
    }

    @Test
    void healthMetricsOpenApiAndStatus() {
        Response health = box.call("GET", "/health", null, null);
        assertEquals(200, health.status(), () -> "health: " + health);
        String hs = health.json().path("status").asText();
        assertTrue(hs.equals("OK") || hs.equals("WARN"), () -> "a healthy box says OK or WARN: " + health);

        store.putProduct("FS-60", "Metrics item", "1.00");
        store.receive("FS-60", 10);
        String first = box.call("GET", "/metrics", null, null).body();
        double before = first.contains("storebox_sales_total") ? metric(first, "storebox_sales_total") : 0;
        store.sell(lane, sale(newId(), List.of(line("FS-60", 1)), List.of(cash("1.00"))));
        Response metrics = box.call("GET", "/metrics", null, null);
        assertEquals(200, metrics.status(), () -> "metrics without a token: " + metrics);
        assertTrue(metrics.mediaType().startsWith("text/plain") || metrics.mediaType().contains("openmetrics"),
                () -> "Prometheus text format: " + metrics.mediaType());
        assertTrue(metrics.body().contains("storebox_sale_latency_seconds_bucket"), "latency histogram exported");
        double after = metric(metrics.body(), "storebox_sales_total");
        assertTrue(after >= before + 1, () -> "storebox_sales_total counts the sale: " + before + " -> " + after);
        assertEquals(0.0, metric(metrics.body(), "storebox_database_compaction_due"),
                "a new box's small file waits for no compaction (metric 0)");
        // The process figures every Prometheus setup reads: a restart shows as a new start time.
        double launched = (System.currentTimeMillis() - (System.nanoTime() - box.startedAtNanos()) / 1_000_000) / 1000.0;
        double started = metric(metrics.body(), "process_start_time_seconds");
        assertEquals(launched, started, 5.0, "process_start_time_seconds is when the box was launched");
        assertTrue(metric(metrics.body(), "process_cpu_seconds_total") > 0, "the box's CPU time");
        assertTrue(metric(metrics.body(), "jvm_memory_used_bytes") > 0, "the box's memory");
        assertTrue(metric(metrics.body(), "jvm_gc_collection_seconds_count") >= 0, "its garbage collections");

        assertEquals(401, box.call("GET", "/api/v1/openapi.json", null, null).status(), "openapi needs a token");
        Response api = box.call("GET", "/api/v1/openapi.json", lane, null);
        assertEquals(200, api.status(), () -> "openapi: " + api);
        assertTrue(api.json().path("openapi").asText().startsWith("3"), () -> "OpenAPI 3: " + api.json().path("openapi"));
        JsonNode paths = api.json().path("paths");
        for (String p : List.of("/sales", "/sales/{id}", "/sales/{id}/void", "/returns", "/day-report", "/day-close",
                "/products/{sku}", "/products/import", "/stock/{sku}", "/stock/receipts", "/stock/counts", "/terminals",
                "/clients", "/journal/trial-balance", "/status")) {
            boolean documented = false;
            for (var it = paths.fieldNames(); it.hasNext();) {
                String k = it.next();
                if (k.equals(p) || k.equals("/api/v1" + p) || k.replaceAll("\\{[^}]+}", "{x}")
                        .endsWith(p.replaceAll("\\{[^}]+}", "{x}"))) {
                    documented = true;
                }
            }
            assertTrue(documented, () -> "OpenAPI documents " + p + "; paths: " + paths.properties().stream()
                    .map(Map.Entry::getKey).toList());
        }

        JsonNode status = store.status();
        assertEquals("HK001", status.path("store_id").asText(), () -> "store id from STOREBOX_STORE_ID: " + status);
        assertFalse(status.path("version").asText("").isBlank(), () -> "version: " + status);
        assertTrue(status.path("uptime_s").isNumber(), () -> "uptime_s: " + status);
        assertTrue(status.path("database").path("file_bytes").asLong(0) > 0, () -> "database.file_bytes: " + status);
        assertFalse(status.path("database").path("compaction_due").asBoolean(true),
                () -> "a new box's small file waits for no compaction: " + status);
        JsonNode outbox = status.path("outbox");
        assertEquals(outbox.path("last_seq").asLong() - outbox.path("acknowledged_seq").asLong(),
                outbox.path("backlog").asLong(), () -> "backlog = last_seq - acknowledged_seq: " + outbox);
        assertEquals(0, outbox.path("acknowledged_seq").asLong(-1), () -> "nothing acknowledged without an uplink: " + outbox);
        assertNotEquals(0, outbox.path("last_seq").asLong(), "sales wrote outbox events");
    }

    /** All receipt lines as one text. */
    static String receiptText(JsonNode sale) {
        StringBuilder b = new StringBuilder();
        sale.path("receipt").path("lines").forEach(l -> b.append(l.asText()).append('\n'));
        return b.toString();
    }

    /** Sum of all samples of a metric family in Prometheus text (0 when absent). */
    static double metric(String text, String name) {
        Pattern p = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})?\\s+(\\S+)", Pattern.MULTILINE);
        Matcher m = p.matcher(text);
        double sum = 0;
        boolean found = false;
        while (m.find()) {
            sum += Double.parseDouble(m.group(2));
            found = true;
        }
        assertTrue(found, () -> name + " is exported; /metrics:\n" + text);
        return sum;
    }
}
