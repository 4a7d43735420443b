package org.storebox.alerts.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storebox.api.alert.AlertCondition;
import org.storebox.api.alert.AlertRule;
import org.storebox.api.alert.Severity;
import org.storebox.api.auth.TokenVerifier;
import org.storebox.outbox.internal.OutboxServiceImpl;
import org.storebox.store.internal.H2Database;
import org.storebox.web.http.testing.ServletExchange;
import org.storebox.store.testing.TestStore;

/** The alert calls as a client sees them: any token reads, only manager or admin changes an alert. */
class AlertsServletTest {
    private static final TokenVerifier TOKENS = ServletExchange.tokens("boss", "mgr-1", "manager", "root", "admin-1", "admin",
            "lane", "terminal-1", "terminal");

    @TempDir
    Path dir;
    H2Database db;
    AlertServiceImpl alerts;
    AlertsServlet servlet;
    long id;

    @BeforeEach
    void open() throws Exception {
        db = new TestStore(dir, "HKD").openDatabase();
        alerts = new AlertServiceImpl(new AlertServiceImplTest.Config(), db, new OutboxServiceImpl(db));
        alerts.addRule(new AlertRule() {
            @Override
            public String source() {
                return "test";
            }

            @Override
            public List<AlertCondition> evaluate() {
                return List.of(new AlertCondition("low:HK-TEA", Severity.WARNING, "stock.low", "HK-TEA is low", "HK-TEA", null));
            }
        });
        alerts.evaluate();
        id = alerts.list(false).get(0).id;
        servlet = new AlertsServlet(alerts, TOKENS);
    }

    @AfterEach
    void close() {
        alerts.deactivate();
        db.close();
    }

    private ServletExchange call(String method, String pathInfo, String token) throws Exception {
        return ServletExchange.request(method, "/api/v1/alerts", pathInfo).token(token).run(servlet);
    }

    @Test
    void anyTokenReadsAlerts() throws Exception {
        ServletExchange list = call("GET", null, "lane");
        assertEquals(200, list.status, list::toString);
        assertEquals(id, list.answer().path("alerts").get(0).path("id").asLong());
        ServletExchange one = call("GET", "/" + id, "lane");
        assertEquals(200, one.status, one::toString);
        assertEquals("open", one.answer().path("state").asText());
    }

    @Test
    void aTerminalCannotAcknowledgeAManagerOrAdminCan() throws Exception {
        ServletExchange lane = call("POST", "/" + id + "/acknowledge", "lane");
        lane.expect(403, "this call needs the 'manager' scope; client terminal-1 has 'terminal'");
        assertEquals("Bearer realm=\"storebox\", error=\"insufficient_scope\", scope=\"manager\"",
                lane.answerHeaders.get("WWW-Authenticate"));
        assertEquals("open", alerts.get(id).orElseThrow().state, "the refused call changed nothing");

        ServletExchange boss = call("POST", "/" + id + "/acknowledge", "boss");
        assertEquals(200, boss.status, boss::toString);
        assertEquals("acknowledged", boss.answer().path("state").asText());
        assertEquals("mgr-1", boss.answer().path("acknowledged_by").asText());
        assertEquals(200, call("POST", "/" + id + "/acknowledge", "root").status);
    }

    @Test
    void wrongMethodOnAnExistingPathIs405WithAllow() throws Exception {
        ServletExchange del = call("DELETE", "/" + id, "boss");
        assertEquals(405, del.status, del::toString);
        assertEquals("GET", del.answerHeaders.get("Allow"));
        assertEquals("an alert takes GET, not DELETE", del.detail());
        ServletExchange get = call("GET", "/" + id + "/acknowledge", "boss");
        assertEquals(405, get.status, get::toString);
        assertEquals("POST", get.answerHeaders.get("Allow"));
        assertEquals(404, call("POST", "/" + id + "/snooze", "boss").status);
    }

    @Test
    void aDatabaseThatIsGoneIs503WithRetryAfter() throws Exception {
        db.close();
        ServletExchange x = call("GET", null, "lane");
        x.expect(503, "the box is shutting down; retry in a moment");
        assertEquals("1", x.answerHeaders.get("Retry-After"));
    }
}
