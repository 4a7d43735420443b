package org.storebox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.storebox.e2e.Store.assertProblem;
import static org.storebox.e2e.Store.assertSameDecimal;
import static org.storebox.e2e.Store.cash;
import static org.storebox.e2e.Store.line;
import static org.storebox.e2e.Store.newId;
import static org.storebox.e2e.Store.sale;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.storebox.e2e.Appliance.Credentials;
import org.storebox.e2e.Appliance.Response;

/**
 * OAuth 2.0 client credentials and bearer tokens on a box whose tokens live 2 seconds
 * ({@code org.storebox.web.oauth.cfg: token_ttl_s=2}), so every check takes a fresh token just before use.
 */
class AuthIT {
    private static Appliance box;
    private static Credentials admin;
    private static Credentials terminal;
    private static Credentials manager;

    @BeforeAll
    static void start() throws IOException {
        box = Appliance.builder("auth").config("org.storebox.web.oauth", "token_ttl_s=2").config("org.storebox.alerts", "interval_s=1").start();
        admin = box.adminCredentials();
        Response t = box.call("POST", "/api/v1/terminals", box.token(admin), Appliance.obj("name", "lane-auth"));
        assertEquals(201, t.status(), () -> "register terminal: " + t);
        terminal = new Credentials(t.json().path("client_id").asText(), t.json().path("client_secret").asText());
        Response m = box.call("POST", "/api/v1/clients", box.token(admin), Appliance.obj("name", "back-office", "scope", "manager"));
        assertEquals(201, m.status(), () -> "register manager: " + m);
        assertEquals("manager", m.json().path("scope").asText(), () -> "manager scope: " + m);
        manager = new Credentials(m.json().path("client_id").asText(), m.json().path("client_secret").asText());
        Response p = box.call("PUT", "/api/v1/products/AU-1", box.token(admin), Appliance.obj("sku", "AU-1", "name",
                "Auth item", "price", "3.00", "barcodes", List.of(), "tax_class", "standard", "active", true));
        assertTrue(p.status() == 201 || p.status() == 200, () -> "product: " + p);
        Response rec = box.call("POST", "/api/v1/stock/receipts", box.token(admin),
                Appliance.obj("reference", "GR-AUTH", "lines", List.of(line("AU-1", 100))));
        assertEquals(201, rec.status(), () -> "receipt: " + rec);
    }

    @AfterAll
    static void stop() {
        if (box != null) {
            box.close();
        }
    }

    private static Response as(Credentials c, String method, String path, Object body) {
        return box.call(method, path, box.token(c), body);
    }

    @Test
    void tokenEndpointFollowsRfc6749() {
        Response form = box.tokenRequest(Map.of("grant_type", "client_credentials", "client_id", terminal.clientId(),
                "client_secret", terminal.clientSecret()), null);
        assertEquals(200, form.status(), () -> "form credentials: " + form);
        assertTrue("bearer".equalsIgnoreCase(form.json().path("token_type").asText()), () -> "Bearer: " + form);
        long ttl = form.json().path("expires_in").asLong(-1);
        assertTrue(ttl > 0 && ttl <= 2, () -> "expires_in follows token_ttl_s=2: " + form);
        assertTrue(form.json().path("scope").asText().contains("terminal"), () -> "terminal scope: " + form);

        Response basic = box.tokenRequest(Map.of("grant_type", "client_credentials"), terminal);
        assertEquals(200, basic.status(), () -> "HTTP Basic client authentication: " + basic);
        assertFalse(basic.json().path("access_token").asText("").isBlank(), () -> "token via Basic: " + basic);

        Response badSecret = box.tokenRequest(Map.of("grant_type", "client_credentials", "client_id", terminal.clientId(),
                "client_secret", terminal.clientSecret() + "x"), null);
        assertEquals(401, badSecret.status(), () -> "wrong secret: " + badSecret);
        assertEquals("invalid_client", badSecret.json().path("error").asText(), () -> "invalid_client: " + badSecret);
        assertFalse(badSecret.json().path("error_description").asText("").isBlank(), () -> "error_description: " + badSecret);

        Response unknown = box.tokenRequest(Map.of("grant_type", "client_credentials", "client_id", "no-such-client",
                "client_secret", "whatever"), null);
        assertEquals(401, unknown.status(), () -> "unknown client: " + unknown);
        assertEquals("invalid_client", unknown.json().path("error").asText(), () -> "invalid_client: " + unknown);

        Response grant = box.tokenRequest(Map.of("grant_type", "password", "username", "x", "password", "y",
                "client_id", terminal.clientId(), "client_secret", terminal.clientSecret()), null);
        assertEquals(400, grant.status(), () -> "password grant: " + grant);
        assertEquals("unsupported_grant_type", grant.json().path("error").asText(), () -> "unsupported_grant_type: " + grant);
    }

    @Test
    void guessingASecretLocksTheClientOutWithRetryAfter() {
        Credentials victim = new Store(box).registerTerminal("lane-guessed");
        for (int i = 1; i <= 5; i++) {
            Response wrong = box.tokenRequest(Map.of("grant_type", "client_credentials", "client_id", victim.clientId(),
                    "client_secret", "guess-" + i), null);
            assertEquals(401, wrong.status(), "wrong secret " + i + ": " + wrong);
        }
        Response locked = box.tokenRequest(Map.of("grant_type", "client_credentials", "client_id", victim.clientId(),
                "client_secret", victim.clientSecret()), null);
        assertEquals(429, locked.status(), () -> "after five wrong secrets even the right one waits: " + locked);
        long retryAfter = Long.parseLong(locked.headers().firstValue("Retry-After").orElse("0"));
        assertTrue(retryAfter > 0 && retryAfter <= 60, () -> "Retry-After in seconds, at most the first lock: " + locked.headers().map());
        assertTrue(locked.json().path("error_description").asText().contains("try again in"), locked::toString);
        Response other = box.tokenRequest(Map.of("grant_type", "client_credentials"), terminal);
        assertEquals(200, other.status(), () -> "another client is not locked: " + other);
        JsonNode alerts = box.call("GET", "/api/v1/alerts", box.token(admin), null).json();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(40);
        while (!alerts.toString().contains("login.locked") && System.nanoTime() < deadline) {
            box.exitedWithin(java.time.Duration.ofMillis(200));
            alerts = box.call("GET", "/api/v1/alerts", box.token(admin), null).json();
        }
        assertTrue(alerts.toString().contains("login.locked") && alerts.toString().contains(victim.clientId()),
                "the lockout is an alert naming the client: " + alerts);
    }

    @Test
    void tokenAnswersAreNotCached() {
        Response form = box.tokenRequest(Map.of("grant_type", "client_credentials", "client_id", terminal.clientId(),
                "client_secret", terminal.clientSecret()), null);
        assertEquals(200, form.status(), () -> "token: " + form);
        assertTrue(form.headers().firstValue("Cache-Control").orElse("").contains("no-store"),
                () -> "RFC 6749 5.1: Cache-Control: no-store on a token answer: " + form.headers().map());
    }

    @Test
    void missingOrGarbledTokensAre401AndWriteNothing() {
        String stockBefore = as(admin, "GET", "/api/v1/stock/AU-1", null).json().path("on_hand").asText();
        long seq = box.call("GET", "/api/v1/status", box.token(admin), null).json().path("outbox").path("last_seq").asLong();
        String id = newId();
        Map<String, Object> body = sale(id, List.of(line("AU-1", 1)), List.of(cash("3.00")));

        assertProblem(box.call("POST", "/api/v1/sales", null, body), 401);
        assertProblem(box.call("POST", "/api/v1/sales", "not-a-token", body), 401);
        assertProblem(box.call("POST", "/api/v1/sales", box.token(terminal) + "tampered", body), 401);
        assertProblem(box.raw("GET", "/api/v1/stock/AU-1",
                Map.of("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        (terminal.clientId() + ":" + terminal.clientSecret()).getBytes())), null, null,
                Duration.ofSeconds(10)), 401);
        assertProblem(box.call("GET", "/api/v1/stock/AU-1", null, null), 401);

        Response get = as(admin, "GET", "/api/v1/sales/" + id, null);
        assertEquals(404, get.status(), () -> "no sale stored without a valid token: " + get);
        assertSameDecimal(stockBefore, new java.math.BigDecimal(as(admin, "GET", "/api/v1/stock/AU-1", null).json()
                .path("on_hand").asText()), "no stock moved");
        assertEquals(seq, box.call("GET", "/api/v1/status", box.token(admin), null).json().path("outbox")
                .path("last_seq").asLong(), "no outbox event");
    }

    @Test
    void a401ChallengesWithBearer() {
        Response r = box.call("GET", "/api/v1/stock/AU-1", null, null);
        assertEquals(401, r.status());
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"),
                () -> "RFC 6750 3: a 401 carries WWW-Authenticate: Bearer ...; headers: " + r.headers().map());
    }

    @Test
    void anExpiredTokenIsRefused() {
        String token = box.token(terminal);
        long issued = System.nanoTime();
        Response first = box.call("GET", "/api/v1/stock/AU-1", token, null);
        assertEquals(200, first.status(), () -> "a fresh token works: " + first);
        long deadline = issued + Duration.ofSeconds(15).toNanos();
        Response r = first;
        while (r.status() == 200 && System.nanoTime() < deadline) {
            box.exitedWithin(Duration.ofMillis(100));
            r = box.call("GET", "/api/v1/stock/AU-1", token, null);
        }
        Response last = r;
        assertProblem(last, 401);
        long after = Duration.ofNanos(System.nanoTime() - issued).toMillis();
        assertTrue(after >= 1000, () -> "the token lived about its 2 s, not less than a second; refused after " + after + " ms");
        assertTrue(last.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token")
                || last.json().path("detail").asText().toLowerCase().contains("expire"),
                () -> "the refusal says the token expired: " + last);
        assertEquals(200, box.call("GET", "/api/v1/stock/AU-1", box.token(terminal), null).status(),
                "a new token works again");
    }

    @Test
    void scopesAreEnforced() {
        Map<String, Object> product = Appliance.obj("sku", "AU-2", "name", "Scoped", "price", "1.00", "barcodes", List.of(),
                "tax_class", "standard", "active", true);
        Map<String, Object> receipt = Appliance.obj("reference", "GR-X", "lines", List.of(line("AU-1", 1)));

        // terminal: sells and reads, nothing else
        assertProblem(as(terminal, "PUT", "/api/v1/products/AU-2", product), 403);
        assertProblem(as(terminal, "POST", "/api/v1/stock/receipts", receipt), 403);
        assertProblem(as(terminal, "POST", "/api/v1/stock/counts", receipt), 403);
        assertProblem(as(terminal, "POST", "/api/v1/terminals", Appliance.obj("name", "rogue")), 403);
        assertProblem(as(terminal, "POST", "/api/v1/clients", Appliance.obj("name", "rogue", "scope", "admin")), 403);
        assertProblem(as(terminal, "GET", "/api/v1/clients", null), 403);
        assertProblem(as(terminal, "GET", "/api/v1/journal/trial-balance", null), 403);
        JsonNode sold = as(terminal, "POST", "/api/v1/sales", sale(newId(), List.of(line("AU-1", 1)),
                List.of(cash("3.00")))).json();
        assertEquals("completed", sold.path("status").asText(), () -> "a terminal sells: " + sold);
        assertProblem(as(terminal, "POST", "/api/v1/sales/" + sold.path("id").asText() + "/void",
                Appliance.obj("reason", "not mine to void")), 403);
        assertEquals(404, as(terminal, "GET", "/api/v1/products/AU-2", null).status(), "nothing created by a terminal");

        // manager: catalog, stock, journal, voids, sells too; no clients
        Response put = as(manager, "PUT", "/api/v1/products/AU-2", product);
        assertEquals(201, put.status(), () -> "manager puts a product: " + put);
        assertEquals(201, as(manager, "POST", "/api/v1/stock/receipts", receipt).status(), "manager receives stock");
        assertEquals(200, as(manager, "GET", "/api/v1/journal/trial-balance", null).status(), "manager reads the journal");
        assertEquals(201, as(manager, "POST", "/api/v1/sales", sale(newId(), List.of(line("AU-1", 1)),
                List.of(cash("3.00")))).status(), "manager includes terminal");
        assertEquals(200, as(manager, "POST", "/api/v1/sales/" + sold.path("id").asText() + "/void",
                Appliance.obj("reason", "customer changed mind")).status(), "manager voids");
        assertProblem(as(manager, "POST", "/api/v1/terminals", Appliance.obj("name", "rogue")), 403);
        assertProblem(as(manager, "POST", "/api/v1/clients", Appliance.obj("name", "rogue", "scope", "admin")), 403);
        assertProblem(as(manager, "GET", "/api/v1/clients", null), 403);

        // admin includes everything
        assertEquals(200, as(admin, "GET", "/api/v1/status", null).status(), "admin includes terminal");
        assertEquals(200, as(admin, "PUT", "/api/v1/products/AU-2", product).status(), "admin includes manager");
    }

    @Test
    void clientListShowsClientsButNeverSecrets() {
        Response r = as(admin, "GET", "/api/v1/clients", null);
        assertEquals(200, r.status(), () -> "clients: " + r);
        JsonNode clients = r.json().path("clients");
        assertTrue(clients.isArray(), () -> "clients array: " + r);
        JsonNode t = null;
        JsonNode m = null;
        for (JsonNode c : clients) {
            if (c.path("client_id").asText().equals(terminal.clientId())) {
                t = c;
            }
            if (c.path("client_id").asText().equals(manager.clientId())) {
                m = c;
            }
        }
        assertNotNull(t, () -> "the terminal is listed: " + r);
        assertNotNull(m, () -> "the manager client is listed: " + r);
        assertEquals("lane-auth", t.path("name").asText());
        assertEquals("terminal", t.path("scope").asText());
        assertEquals("manager", m.path("scope").asText());
        assertTrue(t.path("active").asBoolean(false), () -> "active: " + r);
        assertFalse(t.path("created_at").asText("").isBlank(), () -> "created_at: " + r);
        for (Credentials c : List.of(admin, terminal, manager)) {
            assertFalse(r.body().contains(c.clientSecret()), "the client list never shows a secret");
        }
        assertFalse(r.body().contains("secret"), () -> "no secret member (not even hashed) in the list: " + r);
    }
}
