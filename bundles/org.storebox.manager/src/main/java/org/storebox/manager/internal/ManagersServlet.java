package org.storebox.manager.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.storebox.api.auth.TokenVerifier;
import org.storebox.web.http.Caller;
import org.storebox.web.http.Http;
import org.storebox.web.http.Scope;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /api/v1/managers} ({@code {"name", "password"}}) and {@code GET /api/v1/managers}: an
 * administrator manages the people who log in to the page. Refusals and statuses are those of {@link Http}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/v1/managers")
public class ManagersServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient ManagerPage page;
    private final transient TokenVerifier tokens;

    /** A name and a password: the body of {@code POST /api/v1/managers} and of the page's login; any other field is refused. */
    public static class Credentials {
        public String name;
        public String password;
    }

    @Activate
    public ManagersServlet(@Reference ManagerPage page, @Reference TokenVerifier tokens) {
        this.page = page;
        this.tokens = tokens;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", "no-store");
        Http.answer(req, resp, () -> {
            Caller.of(req, tokens).need(Scope.ADMIN);
            Http.allow(req, "/api/v1/managers", "GET", "POST");
            if (req.getMethod().equals("POST")) {
                Credentials b = Http.parse(Http.body(req, PageServlet.MAX_BODY, Http.JSON), Credentials.class, "the account");
                Http.json(resp, 201, page.accounts().create(b.name, b.password));
            } else {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("managers", page.accounts().list());
                Http.json(resp, 200, body);
            }
        });
    }
}
