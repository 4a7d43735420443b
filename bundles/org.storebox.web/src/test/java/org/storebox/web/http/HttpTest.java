package org.storebox.web.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;


import org.junit.jupiter.api.Test;
import org.storebox.api.auth.TokenVerifier;
import org.storebox.api.common.StoreboxException;
import org.storebox.web.http.testing.ServletExchange;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The shared HTTP behaviour as a client sees it: statuses, problem+json sentences and headers. */
class HttpTest {
    /** Body of {@link Echo}. */
    public static class Note {
        public String text;
        public int count;
    }

    private static final TokenVerifier TOKENS = ServletExchange.tokens("lane", "terminal-1", "terminal", "boss", "mgr-1", "manager");

    /** POST /echo reads a Note (manager scope); GET /down fails as a service would while the database is down. */
    static final class Echo extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws java.io.IOException {
            Http.answer(req, resp, () -> {
                Caller who = Caller.of(req, TOKENS);
                if ("/echo".equals(req.getPathInfo())) {
                    Http.allow(req, "the echo", "POST");
                    who.need(Scope.MANAGER);
                    Note n = Http.parse(Http.body(req, 64, Http.JSON), Note.class, "the note");
                    Http.json(resp, 200, n);
                } else if ("/down".equals(req.getPathInfo())) {
                    Http.allow(req, "the failing call", "GET", "HEAD");
                    throw new StoreboxException(StoreboxException.Kind.UNAVAILABLE, "the database is not available");
                } else if ("/bug".equals(req.getPathInfo())) {
                    throw new IllegalStateException("a bug");
                } else {
                    throw Problem.notFound("no such call");
                }
            });
        }
    }

    private static ServletExchange post(String json) {
        return ServletExchange.request("POST", "/t", "/echo").token("boss").json(json);
    }

    @Test
    void aGoodBodyIsRead() throws Exception {
        ServletExchange x = post("{\"text\": \"hi\", \"count\": 2}").run(new Echo());
        assertEquals(200, x.status, x::toString);
        assertEquals("hi", x.answer().path("text").asText());
    }

    @Test
    void wrongOrMissingContentTypeIs415() throws Exception {
        ServletExchange x = ServletExchange.request("POST", "/t", "/echo").token("boss").body("text/plain", "{}").run(new Echo());
        assertEquals(415, x.status, x::toString);
        assertEquals("application/problem+json", x.type);
        assertEquals("the body must be sent as application/json (Content-Type was 'text/plain')", x.detail());
        ServletExchange none = ServletExchange.request("POST", "/t", "/echo").token("boss").body(null, "{}").run(new Echo());
        assertEquals(415, none.status, none::toString);
        assertTrue(none.detail().contains("Content-Type was missing"), none::toString);
    }

    @Test
    void malformedJsonIs400WithLineAndColumn() throws Exception {
        ServletExchange x = post("{\"text\": \"hi\",\n \"count\": }").run(new Echo());
        assertEquals(400, x.status, x::toString);
        assertTrue(x.detail().startsWith("the note is not valid JSON (line 2, column 11)"), x::toString);
    }

    @Test
    void unknownFieldIs400NamingIt() throws Exception {
        ServletExchange x = post("{\"text\": \"hi\", \"colour\": \"red\"}").run(new Echo());
        x.expect(400, "the note: unknown field 'colour'; check its spelling (fields are snake_case)");
    }

    @Test
    void wrongTypeIs400AndEmptyBodyIs400() throws Exception {
        ServletExchange x = post("{\"count\": \"many\"}").run(new Echo());
        assertEquals(400, x.status, x::toString);
        assertTrue(x.detail().contains("field 'count' has the wrong type"), x::toString);
        ServletExchange empty = post("").run(new Echo());
        empty.expect(400, "the body is empty; send a JSON document");
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        ServletExchange x = post("{\"text\": \"" + "x".repeat(100) + "\"}").run(new Echo());
        x.expect(413, "the body is larger than 64 bytes; split it into smaller requests");
    }

    @Test
    void unavailableIs503WithRetryAfter() throws Exception {
        ServletExchange x = ServletExchange.request("GET", "/t", "/down").token("lane").run(new Echo());
        x.expect(503, "the database is not available");
        assertEquals("1", x.answerHeaders.get("Retry-After"));
    }

    @Test
    void wrongMethodOnAnExistingPathIs405WithAllow() throws Exception {
        ServletExchange x = ServletExchange.request("DELETE", "/t", "/down").token("lane").run(new Echo());
        assertEquals(405, x.status, x::toString);
        assertEquals("GET, HEAD", x.answerHeaders.get("Allow"));
        assertEquals("the failing call takes GET or HEAD, not DELETE", x.detail());
        assertEquals(404, ServletExchange.request("DELETE", "/t", "/nothing").token("lane").run(new Echo()).status);
    }

    @Test
    void tokensAndScopes() throws Exception {
        ServletExchange none = ServletExchange.request("GET", "/t", "/down").run(new Echo());
        assertEquals(401, none.status, none::toString);
        assertEquals("Bearer realm=\"storebox\"", none.answerHeaders.get("WWW-Authenticate"));
        assertEquals(401, ServletExchange.request("GET", "/t", "/down").token("forged").run(new Echo()).status);
        ServletExchange lane = ServletExchange.request("POST", "/t", "/echo").token("lane").json("{}").run(new Echo());
        lane.expect(403, "this call needs the 'manager' scope; client terminal-1 has 'terminal'");
        assertEquals("Bearer realm=\"storebox\", error=\"insufficient_scope\", scope=\"manager\"",
                lane.answerHeaders.get("WWW-Authenticate"));
        assertFalse(new Caller("odd-1", "visitor").has(Scope.TERMINAL), "a scope the box does not know includes nothing");
        assertTrue(new Caller("a-1", "admin").has(Scope.MANAGER));
        assertNull(Scope.parse("visitor"));
    }

    @Test
    void aFaultIs500NamingTheExceptionOnly() throws Exception {
        ServletExchange x = ServletExchange.request("GET", "/t", "/bug").token("lane").run(new Echo());
        x.expect(500, "the box failed to handle this request (IllegalStateException)");
    }
}
