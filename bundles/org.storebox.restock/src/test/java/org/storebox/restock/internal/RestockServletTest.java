package org.storebox.restock.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storebox.api.auth.TokenVerifier;
import org.storebox.outbox.internal.OutboxServiceImpl;
import org.storebox.store.internal.H2Database;
import org.storebox.web.http.testing.ServletExchange;
import org.storebox.store.testing.TestStore;

/** The restock calls as a client sees them: statuses, problem+json sentences and headers. */
class RestockServletTest {
    private static final TokenVerifier TOKENS = ServletExchange.tokens("boss", "mgr-1", "manager", "lane", "terminal-1", "terminal");

    @TempDir
    Path dir;
    H2Database db;
    RestockServiceImpl restock;
    RestockServlet servlet;

    @BeforeEach
    void open() throws Exception {
        TestStore store = new TestStore(dir, "HKD");
        db = store.openDatabase();
        restock = new RestockServiceImpl(new RestockServiceImplTest.Config(), db, new OutboxServiceImpl(db), store);
        servlet = new RestockServlet(restock, TOKENS);
    }

    @AfterEach
    void close() {
        restock.deactivate();
        db.close();
    }

    private static ServletExchange state(String contentType, String body) {
        return ServletExchange.request("POST", "/api/v1/restock", "/suggestions/HK-TEA/state").token("boss").body(contentType, body);
    }

    @Test
    void aStateBodyNotSentAsJsonIs415() throws Exception {
        ServletExchange x = state("text/plain", "{\"state\": \"ordered\"}").run(servlet);
        assertEquals(415, x.status, x::toString);
        assertEquals("application/problem+json", x.type);
        assertEquals("the body must be sent as application/json (Content-Type was 'text/plain')", x.detail());
    }

    @Test
    void malformedJsonIs400WithLineAndColumn() throws Exception {
        ServletExchange x = state("application/json", "{\"state\": ordered}").run(servlet);
        assertEquals(400, x.status, x::toString);
        assertTrue(x.detail().startsWith("the state change is not valid JSON (line 1, column "), x::toString);
    }

    @Test
    void anUnknownFieldIs400NamingIt() throws Exception {
        ServletExchange x = state("application/json", "{\"state\": \"snoozed\", \"snoozedUntil\": \"2099-01-31\"}").run(servlet);
        x.expect(400, "the state change: unknown field 'snoozedUntil'; check its spelling (fields are snake_case)");
    }

    @Test
    void aDateThatIsNoDateIs400AndAGoodBodyReachesTheService() throws Exception {
        ServletExchange x = state("application/json", "{\"state\": \"snoozed\", \"snoozed_until\": \"31/01/2099\"}").run(servlet);
        x.expect(400, "the state change: field 'snoozed_until' has the wrong type (expected a date like 2030-01-31)");
        // The date is read: a snooze to a future date gets past the service's date rule to its lookup.
        ServletExchange good = state("application/json", "{\"state\": \"snoozed\", \"snoozed_until\": \"2099-01-31\"}").run(servlet);
        good.expect(404, "no restock suggestion for SKU HK-TEA");
    }

    @Test
    void wrongMethodOnAnExistingPathIs405WithAllowAndNoPathIs404() throws Exception {
        ServletExchange x = ServletExchange.request("GET", "/api/v1/restock", "/suggestions/HK-TEA/state").token("boss").run(servlet);
        assertEquals(405, x.status, x::toString);
        assertEquals("POST", x.answerHeaders.get("Allow"));
        assertEquals("a suggestion's state takes POST, not GET", x.detail());
        ServletExchange list = ServletExchange.request("DELETE", "/api/v1/restock", "/suggestions").token("boss").run(servlet);
        assertEquals(405, list.status, list::toString);
        assertEquals("GET", list.answerHeaders.get("Allow"));
        ServletExchange none = ServletExchange.request("GET", "/api/v1/restock", "/orders").token("boss").run(servlet);
        assertEquals(404, none.status, none::toString);
        assertTrue(none.detail().startsWith("no such call: GET /api/v1/restock/orders"), none::toString);
    }

    @Test
    void aTerminalIs403() throws Exception {
        ServletExchange x = ServletExchange.request("GET", "/api/v1/restock", "/suggestions").token("lane").run(servlet);
        x.expect(403, "this call needs the 'manager' scope; client terminal-1 has 'terminal'");
    }

    @Test
    void aDatabaseThatIsGoneIs503WithRetryAfter() throws Exception {
        db.close();
        ServletExchange x = ServletExchange.request("GET", "/api/v1/restock", "/suggestions").token("boss").run(servlet);
        x.expect(503, "the box is shutting down; retry in a moment");
        assertEquals("1", x.answerHeaders.get("Retry-After"));
    }
}
