package org.storebox.webhooks.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storebox.outbox.internal.OutboxServiceImpl;
import org.storebox.store.internal.H2Database;
import org.storebox.store.testing.TestStore;

/** A target's configuration is checked at activation: a bad one is refused with its key named, secrets never shown. */
class SettingsTest {
    private static final String SECRET = "never-show-this-secret-42";

    @TempDir
    Path dir;
    TestStore store;
    H2Database db;
    OutboxServiceImpl outbox;

    @BeforeEach
    void open() throws Exception {
        store = new TestStore(dir, "HKD");
        db = store.openDatabase();
        outbox = new OutboxServiceImpl(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static Map<String, Object> good() {
        Map<String, Object> c = new HashMap<>();
        c.put("name", "erp");
        c.put("url", "https://erp.example.com/storebox/events?tenant=7");
        c.put("secret", SECRET);
        return c;
    }

    /** Activates the component as DS would and returns the refusal's message. */
    private String refused(Map<String, Object> changes) {
        Map<String, Object> c = good();
        c.putAll(changes);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WebhookTarget(Configs.target(c), outbox, outbox, db, store, new WebhookRegistry()).stop());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertFalse(e.getMessage().contains("client-secret-value"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void badValuesAreRefusedAtActivationWithTheKeyNamed() {
        assertTrue(refused(Map.of("url", "http://erp.example.com/hook")).startsWith("url: "),
                refused(Map.of("url", "http://erp.example.com/hook")));
        assertTrue(refused(Map.of("url", "http://erp.example.com/hook")).contains("https://"));
        assertTrue(refused(Map.of("url", "ftp://erp.example.com/hook")).startsWith("url: "));
        assertTrue(refused(Map.of("url", "not a url")).startsWith("url: "));
        assertTrue(refused(Map.of("url", "https://user:pw@erp.example.com/")).startsWith("url: "));
        assertTrue(refused(Map.of("url", "")).startsWith("url "));
        assertTrue(refused(Map.of("name", "erp one")).startsWith("name: "));
        assertTrue(refused(Map.of("secret", "short")).startsWith("secret: "));
        assertTrue(refused(Map.of("event_types", new String[] { "sale.**" })).startsWith("event_types: "));
        assertTrue(refused(Map.of("event_types", new String[0])).startsWith("event_types "));
        assertTrue(refused(Map.of("max_attempts", 0)).startsWith("max_attempts "));
        assertTrue(refused(Map.of("timeout_ms", 0)).startsWith("timeout_ms "));
        assertTrue(refused(Map.of("backoff_initial_ms", 5000L, "backoff_max_ms", 1000L)).startsWith("backoff_max_ms "));
        assertTrue(refused(Map.of("oauth_token_url", "http://auth.example.com/token", "oauth_client_id", "a",
                "oauth_client_secret", "client-secret-value")).startsWith("oauth_token_url: "));
        assertTrue(refused(Map.of("oauth_token_url", "https://auth.example.com/token",
                "oauth_client_secret", "client-secret-value")).startsWith("oauth_client_id: "));
        assertTrue(refused(Map.of("oauth_token_url", "https://auth.example.com/token", "oauth_client_id", "a"))
                .startsWith("oauth_client_secret: "));
        assertTrue(refused(Map.of("oauth_client_id", "a", "oauth_client_secret", "client-secret-value"))
                .startsWith("oauth_token_url: "));
    }

    @Test
    void httpsAnywhereAndPlainHttpOnlyToLoopbackAreAccepted() {
        for (String url : List.of("https://erp.example.com/hook", "http://127.0.0.1:8081/hook", "http://localhost/hook",
                "http://[::1]:9000/hook", "HTTPS://ERP.EXAMPLE.COM/")) {
            Map<String, Object> c = good();
            c.put("url", url);
            Settings s = Settings.of(Configs.target(c));
            assertEquals("erp", s.name());
        }
        Map<String, Object> c = good();
        Settings s = Settings.of(Configs.target(c));
        // Defaults come from the annotation alone.
        assertEquals(5, s.maxAttempts());
        assertEquals(List.of("*"), s.filter().patterns());
        assertFalse(s.toString().contains(SECRET), s.toString());
        assertFalse(s.toString().contains("tenant"), "the query is not shown: " + s);
        assertEquals("https://erp.example.com/storebox/events", Settings.redacted(s.url()));
        assertFalse(Settings.loopback("127.example.com"));
        assertFalse(Settings.loopback("10.0.0.1"));
    }

    @Test
    void eventTypePatterns() {
        EventFilter f = new EventFilter(new String[] { "sale.*", "day.closed", " " });
        assertTrue(f.matches("sale.completed"));
        assertTrue(f.matches("sale.voided"));
        assertTrue(f.matches("day.closed"));
        assertFalse(f.matches("day.opened"));
        assertFalse(f.matches("salesman.x"));
        assertFalse(f.matches("sale"));
        assertTrue(new EventFilter(new String[] { "*" }).matches("anything.at.all"));
        EventFilter fromCfg = new EventFilter(new String[] { "sale.*, day.closed" });
        assertEquals(List.of("sale.*", "day.closed"), fromCfg.patterns());
        assertTrue(fromCfg.matches("day.closed"));
    }
}
