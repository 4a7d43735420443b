package org.storebox.webhooks.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storebox.outbox.internal.OutboxServiceImpl;
import org.storebox.store.internal.H2Database;
import org.storebox.web.http.testing.ServletExchange;

import com.fasterxml.jackson.databind.JsonNode;
import org.storebox.store.testing.TestStore;

/** The admin calls over the servlet: bearer token with the admin scope, problem+json errors, requeue and dismiss. */
class WebhooksServletTest {
    @TempDir
    Path dir;
    H2Database db;
    WebhooksServlet servlet;

    @BeforeEach
    void open() throws Exception {
        db = new TestStore(dir, "HKD").openDatabase();
        OutboxServiceImpl outbox = new OutboxServiceImpl(db);
        servlet = new WebhooksServlet(outbox, db, ServletExchange.tokens("admin-token", "admin-1", "admin", "manager-token", "mgr-1",
                "manager"), new WebhookRegistry());
        // A target known to the database with one parked delivery.
        WebhookStore store = new WebhookStore(db, Clock.systemUTC());
        store.cursor("erp", 0);
        store.park("erp", 1, "e-1", "sale.completed", "{}", 5, 400, "HTTP 400");
    }

    @AfterEach
    void close() {
        db.close();
    }

    private ServletExchange call(String method, String pathInfo, String authorization) throws Exception {
        ServletExchange x = ServletExchange.request(method, "/api/v1/webhooks", pathInfo);
        if (authorization != null) {
            x.header("Authorization", authorization);
        }
        return x.run(servlet);
    }

    @Test
    void needsABearerTokenWithTheAdminScope() throws Exception {
        ServletExchange none = call("GET", null, null);
        assertEquals(401, none.status);
        assertEquals("application/problem+json", none.type);
        assertTrue(none.answerHeaders.get("WWW-Authenticate").startsWith("Bearer"));
        assertEquals(401, call("GET", null, "Bearer wrong").status);
        ServletExchange manager = call("POST", "/erp/parked/requeue", "Bearer manager-token");
        assertEquals(403, manager.status);
        assertTrue(manager.answer().get("detail").asText().contains("'admin' scope"), manager.toString());
        // Nothing was re-queued by the refused call.
        assertEquals(1, call("GET", null, "Bearer admin-token").answer().get("targets").get(0).get("parked").asInt());
    }

    @Test
    void listsRequeuesAndDismisses() throws Exception {
        ServletExchange list = call("GET", "/", "Bearer admin-token");
        assertEquals(200, list.status);
        JsonNode erp = list.answer().get("targets").get(0);
        assertEquals("erp", erp.get("name").asText());
        assertEquals(1, erp.get("parked").asInt());
        assertEquals("HTTP 400", erp.get("last_error").asText());
        assertEquals(false, erp.get("configured").asBoolean());

        ServletExchange requeue = call("POST", "/erp/parked/requeue", "Bearer admin-token");
        assertEquals(200, requeue.status);
        assertEquals(1, requeue.answer().get("requeued").asInt());
        assertEquals(1, call("GET", null, "Bearer admin-token").answer().get("targets").get(0).get("queued").asInt());
        assertEquals(0, call("POST", "/erp/parked/dismiss", "Bearer admin-token").answer().get("dismissed").asInt(),
                "a re-queued delivery is not dismissed");

        ServletExchange unknown = call("POST", "/nobody/parked/dismiss", "Bearer admin-token");
        assertEquals(404, unknown.status);
        assertEquals("application/problem+json", unknown.type);
        assertEquals(404, call("DELETE", "/erp", "Bearer admin-token").status);
    }

    @Test
    void wrongMethodOnAnExistingPathIs405WithAllow() throws Exception {
        ServletExchange x = call("GET", "/erp/parked/requeue", "Bearer admin-token");
        assertEquals(405, x.status, x::toString);
        assertEquals("POST", x.answerHeaders.get("Allow"));
        assertEquals("re-queueing parked deliveries takes POST, not GET", x.detail());
        ServletExchange list = call("POST", null, "Bearer admin-token");
        assertEquals(405, list.status, list::toString);
        assertEquals("GET", list.answerHeaders.get("Allow"));
        assertEquals(1, call("GET", null, "Bearer admin-token").answer().get("targets").get(0).get("parked").asInt(),
                "nothing was re-queued by the refused call");
    }

    @Test
    void aDatabaseThatIsGoneIs503WithRetryAfter() throws Exception {
        db.close();
        ServletExchange x = call("GET", null, "Bearer admin-token");
        x.expect(503, "the box is shutting down; retry in a moment");
        assertEquals("1", x.answerHeaders.get("Retry-After"));
    }
}
