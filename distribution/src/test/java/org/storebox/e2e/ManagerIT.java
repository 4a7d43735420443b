package org.storebox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.storebox.e2e.Store.cash;
import static org.storebox.e2e.Store.line;
import static org.storebox.e2e.Store.newId;
import static org.storebox.e2e.Store.sale;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.storebox.e2e.Appliance.Response;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 5 over real HTTP on the exported jar: a sale that takes stock below its configured minimum
 * raises a restock suggestion (with reasoning, in the outbox) and a low-stock alert; the manager
 * acknowledges and acts through the API and through the page's session API (cookie, CSRF, origin),
 * and the page's event stream reports the change.
 */
class ManagerIT {
    private static Appliance box;
    private static Store store;
    private static String lane;
    private static String manager;

    @BeforeAll
    static void start() throws IOException {
        box = Appliance.builder("manager")
                .config("org.storebox.restock.rule-mgr", "sku=MGR-TEA", "min=10", "max=40", "pack_size=6")
                .config("org.storebox.manager", "password_iterations=20000")
                .start();
        store = new Store(box);
        store.putProduct("MGR-TEA", "Lemon tea 250ml", "8.50");
        store.putProduct("MGR-BUN", "Pineapple bun", "6.00");
        store.receive("MGR-TEA", 12, "MGR-BUN", 3);
        lane = store.terminalToken("lane-mgr");
        manager = box.token(store.registerClient("manager-tool", "manager"));
    }

    @AfterAll
    static void stop() {
        if (box != null) {
            box.close();
        }
    }

    private static <T> T await(String what, Supplier<T> probe, Predicate<T> done) {
        return box.await(what, Duration.ofSeconds(20), probe, done);
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.path(field).asText())) {
                return n;
            }
        }
        return null;
    }

    @Test
    void aSaleBelowTheMinimumRaisesASuggestionAndALowStockAlertThatAManagerHandles() {
        store.sell(lane, sale(newId(), List.of(line("MGR-TEA", 5)), List.of(cash("50.00"))));

        // A recompute at start may have suggested an order before the receipt; the one after the sale sees 7 on hand.
        JsonNode s = await("suggestion for MGR-TEA at 7 on hand", () -> box.call("GET", "/api/v1/restock/suggestions", manager, null).json(),
                j -> {
                    JsonNode t = find(j.path("suggestions"), "sku", "MGR-TEA");
                    return t != null && t.path("reasoning").path("on_hand").asInt() == 7;
                });
        JsonNode tea = find(s.path("suggestions"), "sku", "MGR-TEA");
        // on hand 7 <= min 10: order up to 40 -> 33, rounded UP to whole packs of 6 -> 36
        assertEquals(36, tea.path("qty").asInt(), tea::toString);
        assertEquals("open", tea.path("state").asText());
        assertEquals("min_max", tea.path("reasoning").path("rule").asText());
        assertEquals("sku:MGR-TEA", tea.path("reasoning").path("rule_scope").asText());
        assertTrue(tea.path("reasoning").path("steps").size() >= 4, tea::toString);

        JsonNode alerts = await("low-stock alert", () -> box.call("GET", "/api/v1/alerts", lane, null).json(),
                j -> find(j.path("alerts"), "key", "low:MGR-TEA") != null);
        JsonNode low = find(alerts.path("alerts"), "key", "low:MGR-TEA");
        assertEquals("WARNING", low.path("severity").asText());
        assertEquals("stock.low", low.path("code").asText());

        assertEquals(403, box.call("POST", "/api/v1/alerts/" + low.path("id").asLong() + "/acknowledge", lane, null).status());
        Response ack = box.call("POST", "/api/v1/alerts/" + low.path("id").asLong() + "/acknowledge", manager, null);
        assertEquals(200, ack.status(), ack::toString);
        assertEquals("acknowledged", ack.json().path("state").asText());

        Response snooze = box.call("POST", "/api/v1/restock/suggestions/MGR-TEA/state", manager,
                Appliance.obj("state", "snoozed", "snoozed_until", "2001-01-01"));
        assertEquals(422, snooze.status(), snooze::toString);
        Response misspelt = box.call("POST", "/api/v1/restock/suggestions/MGR-TEA/state", manager,
                Appliance.obj("state", "snoozed", "snoozedUntil", "2099-01-31"));
        assertEquals(400, misspelt.status(), misspelt::toString);
        assertTrue(misspelt.json().path("detail").asText().contains("unknown field 'snoozedUntil'"), misspelt::toString);
        Response ordered = box.call("POST", "/api/v1/restock/suggestions/MGR-TEA/state", manager, Appliance.obj("state", "ordered"));
        assertEquals(200, ordered.status(), ordered::toString);
        assertEquals("ordered", ordered.json().path("state").asText());
        assertEquals(403, box.call("GET", "/api/v1/restock/suggestions", lane, null).status());

        JsonNode outbox = box.call("GET", "/api/v1/status", manager, null).json();
        assertTrue(outbox.toString().contains("outbox"), outbox::toString);

        // Selling the last buns: stock-out is an alert, and it clears when goods arrive.
        store.sell(lane, sale(newId(), List.of(line("MGR-BUN", 3)), List.of(cash("20.00"))));
        await("stock-out alert", () -> box.call("GET", "/api/v1/alerts", lane, null).json(),
                j -> find(j.path("alerts"), "key", "out:MGR-BUN") != null);
        store.receive("MGR-BUN", 10);
        JsonNode all = await("stock-out cleared", () -> box.call("GET", "/api/v1/alerts?all=true", lane, null).json(),
                j -> "cleared".equals(find(j.path("alerts"), "key", "out:MGR-BUN").path("state").asText()));
        assertTrue(find(all.path("alerts"), "key", "out:MGR-BUN").path("cleared_at").isTextual());
    }

    @Test
    void guessingAManagersPasswordLocksTheNameOutWithRetryAfter() {
        Response created = box.call("POST", "/api/v1/managers", store.admin(), Appliance.obj("name", "Kit", "password", "kit's long pw"));
        assertEquals(201, created.status(), created::toString);
        for (int i = 1; i <= 5; i++) {
            Response wrong = box.call("POST", "/manager/api/login", null, Appliance.obj("name", "Kit", "password", "guess " + i));
            assertEquals(401, wrong.status(), "wrong password " + i + ": " + wrong);
        }
        Response locked = box.call("POST", "/manager/api/login", null, Appliance.obj("name", "Kit", "password", "kit's long pw"));
        assertEquals(429, locked.status(), () -> "after five wrong passwords even the right one waits: " + locked);
        long retryAfter = Long.parseLong(locked.headers().firstValue("Retry-After").orElse("0"));
        assertTrue(retryAfter > 0 && retryAfter <= 60, () -> "Retry-After in seconds: " + locked.headers().map());
        Response other = box.call("POST", "/manager/api/login", null, Appliance.obj("name", "Kit-not-here", "password", "x"));
        assertEquals(401, other.status(), () -> "another name is not locked, and an unknown one is just wrong: " + other);
    }

    @Test
    void thePageNeedsAManagerAccountASessionCookieAndItsCsrfToken() throws Exception {
        assertEquals(403, box.call("POST", "/api/v1/managers", manager, Appliance.obj("name", "Mei", "password", "long enough pw")).status());
        Response created = box.call("POST", "/api/v1/managers", store.admin(), Appliance.obj("name", "Mei", "password", "long enough pw"));
        assertEquals(201, created.status(), created::toString);
        assertEquals("manager", created.json().path("scope").asText());
        assertTrue(created.json().path("active").asBoolean(), () -> "a new account is answered as active: " + created);

        Response page = box.raw("GET", "/", Map.of("Accept-Language", "zh-HK"), null, null, Duration.ofSeconds(10));
        assertEquals(200, page.status());
        assertTrue(page.body().contains("/manager/assets/app.js"));
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
        assertEquals(200, box.call("GET", "/manager/assets/app.js", null, null).status());

        assertEquals(401, box.call("POST", "/manager/api/login", null, Appliance.obj("name", "Mei", "password", "wrong password")).status());
        Response login = box.call("POST", "/manager/api/login", null, Appliance.obj("name", "Mei", "password", "long enough pw"));
        assertEquals(200, login.status(), login::toString);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"), setCookie);
        String cookie = setCookie.split(";")[0];
        String csrf = login.json().path("csrf").asText();

        assertEquals(401, box.call("GET", "/manager/api/overview", null, null).status());
        Response overview = box.raw("GET", "/manager/api/overview", Map.of("Cookie", cookie), null, null, Duration.ofSeconds(10));
        assertEquals(200, overview.status(), overview::toString);
        JsonNode o = overview.json();
        assertTrue(o.path("sales").path("by_hour").isArray() && o.path("sync").has("backlog"), o::toString);

        store.putProduct("MGR-PAGE", "Egg tart", "7.00");
        store.receive("MGR-PAGE", 1);
        store.sell(lane, sale(newId(), List.of(line("MGR-PAGE", 1)), List.of(cash("10.00"))));
        JsonNode alert = await("an alert on the page", () -> box.raw("GET", "/manager/api/overview", Map.of("Cookie", cookie), null, null,
                Duration.ofSeconds(10)).json(), j -> find(j.path("alerts"), "key", "out:MGR-PAGE") != null).path("alerts");
        alert = find(alert, "key", "out:MGR-PAGE");
        String ackPath = "/manager/api/alerts/" + alert.path("id").asLong() + "/acknowledge";
        byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
        assertEquals(403, box.raw("POST", ackPath, Map.of("Cookie", cookie, "Content-Type", "application/json"), null, empty,
                Duration.ofSeconds(10)).status(), "no CSRF token");
        assertEquals(403, box.raw("POST", ackPath, Map.of("Cookie", cookie, "Content-Type", "application/json", "X-CSRF-Token", csrf,
                "Origin", "http://evil.example"), null, empty, Duration.ofSeconds(10)).status(), "foreign origin");
        Response ok = box.raw("POST", ackPath, Map.of("Cookie", cookie, "Content-Type", "application/json", "X-CSRF-Token", csrf), null,
                empty, Duration.ofSeconds(10));
        assertEquals(200, ok.status(), ok::toString);

        // The event stream says "change" after a sale.
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<InputStream> events = http.send(HttpRequest.newBuilder(box.uri("/manager/api/events")).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, events.statusCode());
        try (BufferedReader r = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
            CompletableFuture<Boolean> sawChange = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String l; (l = r.readLine()) != null;) {
                        if (l.equals("event: change")) {
                            return true;
                        }
                    }
                    return false;
                } catch (IOException e) {
                    return false;
                }
            });
            store.sell(lane, sale(newId(), List.of(line("MGR-TEA", 1)), List.of(cash("10.00"))));
            assertTrue(sawChange.get(20, TimeUnit.SECONDS), "an SSE change event after a sale");
        }
        Response logout = box.raw("POST", "/manager/api/logout", Map.of("Cookie", cookie, "Content-Type", "application/json",
                "X-CSRF-Token", csrf), null, empty, Duration.ofSeconds(10));
        assertEquals(200, logout.status());
        assertFalse(box.raw("GET", "/manager/api/overview", Map.of("Cookie", cookie), null, null, Duration.ofSeconds(10)).status() == 200);
    }
}
