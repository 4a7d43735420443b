package org.storebox.manager.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.auth.TokenVerifier;
import org.storebox.api.common.StoreboxException;
import org.storebox.json.Json;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code POST /api/v1/managers} ({@code {"name", "password"}}) and {@code GET /api/v1/managers}: an administrator manages the people who log in to the page. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/v1/managers")
public class ManagersServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ManagersServlet.class);

    private final transient ManagerPage page;
    private final transient TokenVerifier tokens;

    @Activate
    public ManagersServlet(@Reference ManagerPage page, @Reference TokenVerifier tokens) {
        this.page = page;
        this.tokens = tokens;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", "no-store");
        try {
            String h = req.getHeader("Authorization");
            Optional<String[]> who = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? tokens.verifyBearer(h.substring(7).trim()) : Optional.empty();
            if (who.isEmpty()) {
                resp.setHeader("WWW-Authenticate", "Bearer realm=\"storebox\"");
                Web.problem(resp, 401, "Unauthorized", "this call needs an administrator's access token from POST /oauth2/token");
                return;
            }
            if (!"admin".equals(who.get()[1])) {
                resp.setHeader("WWW-Authenticate", "Bearer realm=\"storebox\", error=\"insufficient_scope\", scope=\"admin\"");
                Web.problem(resp, 403, "Forbidden", "managing manager accounts needs the 'admin' scope; client " + who.get()[0]
                        + " has '" + who.get()[1] + "'");
                return;
            }
            if (req.getMethod().equals("POST")) {
                JsonNode b = Web.jsonBody(req);
                Web.json(resp, 201, page.accounts().create(b.path("name").asText(null), b.path("password").asText(null)));
            } else if (req.getMethod().equals("GET")) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("managers", page.accounts().list());
                Web.json(resp, 200, body);
            } else {
                Web.problem(resp, 405, "Method not allowed", "use GET or POST on /api/v1/managers");
            }
        } catch (StoreboxException e) {
            Web.problem(resp, e);
        } catch (RuntimeException e) {
            LOG.error("Request {} {} failed", req.getMethod(), req.getRequestURI(), e);
            Web.problem(resp, 500, "Internal error", "the box failed to handle this request (" + e.getClass().getSimpleName() + ")");
        }
    }
}
