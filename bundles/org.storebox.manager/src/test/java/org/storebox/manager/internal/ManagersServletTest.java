package org.storebox.manager.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storebox.api.alert.AlertService;
import org.storebox.api.auth.LoginThrottle;
import org.storebox.api.auth.TokenVerifier;
import org.storebox.api.restock.RestockService;
import org.storebox.outbox.internal.OutboxServiceImpl;
import org.storebox.store.internal.H2Database;
import org.storebox.web.http.testing.ServletExchange;

import com.fasterxml.jackson.databind.JsonNode;
import org.storebox.store.testing.TestStore;

/** POST and GET /api/v1/managers and the page's own API, as a client sees them: statuses, sentences, headers. */
class ManagersServletTest {
    private static final TokenVerifier TOKENS = ServletExchange.tokens("admin", "admin-1", "admin", "lane", "terminal-1", "terminal");

    @TempDir
    Path dir;
    H2Database db;
    ManagerPage page;
    ManagersServlet managers;
    PageServlet pages;

    @BeforeEach
    void open() throws Exception {
        TestStore store = new TestStore(dir, "HKD");
        db = store.openDatabase();
        ManagerConfig config = new ManagerConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ManagerConfig.class;
            }

            @Override
            public int password__iterations() {
                return 10_000;
            }

            @Override
            public int session__idle__min() {
                return 480;
            }

            @Override
            public int password__min__length() {
                return 10;
            }
        };
        page = new ManagerPage(config, db, store, new OutboxServiceImpl(db), unused(AlertService.class), unused(RestockService.class));
        managers = new ManagersServlet(page, TOKENS);
        LoginThrottle open = (LoginThrottle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { LoginThrottle.class },
                (p, m, a) -> m.getName().equals("lockedFor") ? Optional.empty() : null);
        pages = new PageServlet(page, open);
    }

    @AfterEach
    void close() {
        page.deactivate();
        db.close();
    }

    private static <T> T unused(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(ManagersServletTest.class.getClassLoader(), new Class<?>[] { type }, (p, m, a) -> {
            throw new UnsupportedOperationException(m.getName());
        }));
    }

    private static ServletExchange create(String contentType, String body) {
        return ServletExchange.request("POST", "/api/v1/managers", null).token("admin").body(contentType, body);
    }

    @Test
    void aCreatedAccountIsAnsweredWithTheFieldsTheListShows() throws Exception {
        ServletExchange made = create("application/json", "{\"name\": \"Siti Aminah\", \"password\": \"teh-tarik-kurang-manis\"}")
                .run(managers);
        assertEquals(201, made.status, made::toString);
        JsonNode listed = ServletExchange.request("GET", "/api/v1/managers", null).token("admin").run(managers).answer()
                .path("managers").get(0);
        assertEquals(listed.toString(), made.answer().toString(), "POST answers the account as GET lists it");
        assertTrue(made.answer().path("active").asBoolean(), made::toString);
    }

    @Test
    void aBodyNotSentAsJsonIs415() throws Exception {
        ServletExchange x = create("text/plain", "{\"name\": \"Siti\"}").run(managers);
        x.expect(415, "the body must be sent as application/json (Content-Type was 'text/plain')");
    }

    @Test
    void malformedJsonIs400WithLineAndColumn() throws Exception {
        ServletExchange x = create("application/json", "{\"name\": \"Siti\" \"password\": \"x\"}").run(managers);
        assertEquals(400, x.status, x::toString);
        assertTrue(x.detail().startsWith("the account is not valid JSON (line 1, column 17)"), x::toString);
    }

    @Test
    void anUnknownFieldIs400NamingItAndCreatesNothing() throws Exception {
        ServletExchange x = create("application/json", "{\"name\": \"Siti\", \"pasword\": \"teh-tarik-kurang-manis\"}").run(managers);
        x.expect(400, "the account: unknown field 'pasword'; check its spelling (fields are snake_case)");
        assertEquals(0, page.accounts().list().size());
    }

    @Test
    void anotherMethodIs405WithAllowAndALowScope403() throws Exception {
        ServletExchange x = ServletExchange.request("DELETE", "/api/v1/managers", null).token("admin").run(managers);
        assertEquals(405, x.status, x::toString);
        assertEquals("GET, POST", x.answerHeaders.get("Allow"));
        assertEquals("/api/v1/managers takes GET or POST, not DELETE", x.detail());
        ServletExchange lane = ServletExchange.request("GET", "/api/v1/managers", null).token("lane").run(managers);
        lane.expect(403, "this call needs the 'admin' scope; client terminal-1 has 'terminal'");
    }

    @Test
    void aDatabaseThatIsGoneIs503WithRetryAfter() throws Exception {
        db.close();
        ServletExchange x = ServletExchange.request("GET", "/api/v1/managers", null).token("admin").run(managers);
        x.expect(503, "the box is shutting down; retry in a moment");
        assertEquals("1", x.answerHeaders.get("Retry-After"));
    }

    @Test
    void thePageRefusesUnknownLoginFieldsAndWrongMethods() throws Exception {
        ServletExchange login = ServletExchange.request("POST", "/manager/api/login", null)
                .json("{\"name\": \"Siti\", \"password\": \"teh-tarik-kurang-manis\", \"remember\": true}").run(pages);
        login.expect(400, "the login: unknown field 'remember'; check its spelling (fields are snake_case)");
        ServletExchange text = ServletExchange.request("POST", "/manager/api/login", null).body("text/plain", "Siti").run(pages);
        assertEquals(415, text.status, text::toString);

        ServletExchange get = ServletExchange.request("GET", "/manager/api/login", null).run(pages);
        assertEquals(405, get.status, get::toString);
        assertEquals("POST", get.answerHeaders.get("Allow"));
        ServletExchange root = ServletExchange.request("POST", "/", null).run(pages);
        assertEquals(405, root.status, root::toString);
        assertEquals("GET, HEAD", root.answerHeaders.get("Allow"));
        ServletExchange none = ServletExchange.request("GET", "/manager/api/nothing", null).run(pages);
        none.expect(404, "no such call: GET /manager/api/nothing");
    }
}
