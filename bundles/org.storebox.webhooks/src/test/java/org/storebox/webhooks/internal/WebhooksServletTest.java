package org.storebox.webhooks.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storebox.json.Json;
import org.storebox.outbox.internal.OutboxServiceImpl;
import org.storebox.store.internal.H2Database;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The admin calls over the servlet: bearer token with the admin scope, problem+json errors, requeue and dismiss. */
class WebhooksServletTest {
    @TempDir
    Path dir;
    H2Database db;
    WebhooksServlet servlet;

    /** What the servlet wrote. */
    static final class Answer {
        int status;
        String contentType;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        JsonNode json() throws Exception {
            return Json.mapper().readTree(body.toString(StandardCharsets.UTF_8));
        }
    }

    @BeforeEach
    void open() throws Exception {
        db = new TestStore(dir, "HKD").openDatabase();
        OutboxServiceImpl outbox = new OutboxServiceImpl(db);
        Map<String, String[]> tokens = Map.of("admin-token", new String[] { "admin-1", "admin" },
                "manager-token", new String[] { "mgr-1", "manager" });
        servlet = new WebhooksServlet(outbox, db, bearer -> Optional.ofNullable(tokens.get(bearer)), new WebhookRegistry());
        // A target known to the database with one parked delivery.
        WebhookStore store = new WebhookStore(db, Clock.systemUTC());
        store.cursor("erp", 0);
        store.park("erp", 1, "e-1", "sale.completed", "{}", 5, 400, "HTTP 400");
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Answer call(String method, String pathInfo, String authorization) throws Exception {
        Answer a = new Answer();
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { HttpServletRequest.class }, (p, m, args) -> switch (m.getName()) {
                    case "getHeader" -> "Authorization".equalsIgnoreCase((String) args[0]) ? authorization : null;
                    case "getPathInfo" -> pathInfo;
                    case "getMethod" -> method;
                    case "getRequestURI" -> "/api/v1/webhooks" + (pathInfo == null ? "" : pathInfo);
                    default -> null;
                });
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                a.body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }
        };
        HttpServletResponse resp = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { HttpServletResponse.class }, (p, m, args) -> {
                    switch (m.getName()) {
                        case "setStatus" -> a.status = (Integer) args[0];
                        case "setContentType" -> a.contentType = (String) args[0];
                        case "setHeader" -> a.headers.put((String) args[0], (String) args[1]);
                        case "getOutputStream" -> {
                            return out;
                        }
                        default -> {
                        }
                    }
                    return null;
                });
        servlet.service(req, resp);
        return a;
    }

    @Test
    void needsABearerTokenWithTheAdminScope() throws Exception {
        Answer none = call("GET", null, null);
        assertEquals(401, none.status);
        assertEquals("application/problem+json", none.contentType);
        assertTrue(none.headers.get("WWW-Authenticate").startsWith("Bearer"));
        assertEquals(401, call("GET", null, "Bearer wrong").status);
        Answer manager = call("POST", "/erp/parked/requeue", "Bearer manager-token");
        assertEquals(403, manager.status);
        assertTrue(manager.json().get("detail").asText().contains("'admin' scope"), manager.body.toString());
        // Nothing was re-queued by the refused call.
        assertEquals(1, call("GET", null, "Bearer admin-token").json().get("targets").get(0).get("parked").asInt());
    }

    @Test
    void listsRequeuesAndDismisses() throws Exception {
        Answer list = call("GET", "/", "Bearer admin-token");
        assertEquals(200, list.status);
        JsonNode erp = list.json().get("targets").get(0);
        assertEquals("erp", erp.get("name").asText());
        assertEquals(1, erp.get("parked").asInt());
        assertEquals("HTTP 400", erp.get("last_error").asText());
        assertEquals(false, erp.get("configured").asBoolean());

        Answer requeue = call("POST", "/erp/parked/requeue", "Bearer admin-token");
        assertEquals(200, requeue.status);
        assertEquals(1, requeue.json().get("requeued").asInt());
        assertEquals(1, call("GET", null, "Bearer admin-token").json().get("targets").get(0).get("queued").asInt());
        assertEquals(0, call("POST", "/erp/parked/dismiss", "Bearer admin-token").json().get("dismissed").asInt(),
                "a re-queued delivery is not dismissed");

        Answer unknown = call("POST", "/nobody/parked/dismiss", "Bearer admin-token");
        assertEquals(404, unknown.status);
        assertEquals("application/problem+json", unknown.contentType);
        assertEquals(404, call("DELETE", "/erp", "Bearer admin-token").status);
    }
}
