package org.storebox.alerts.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.alert.Alert;
import org.storebox.api.alert.AlertService;
import org.storebox.api.auth.TokenVerifier;
import org.storebox.api.common.StoreboxException;
import org.storebox.json.Json;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/v1/alerts[?all=true]} (terminal scope), {@code GET /api/v1/alerts/{id}} and
 * {@code POST /api/v1/alerts/{id}/acknowledge} (manager scope), with the API's bearer tokens.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({ "/api/v1/alerts", "/api/v1/alerts/*" })
public class AlertsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AlertsServlet.class);
    private static final List<String> SCOPES = List.of("terminal", "manager", "admin");

    private final transient AlertService alerts;
    private final transient TokenVerifier tokens;

    @Activate
    public AlertsServlet(@Reference AlertService alerts, @Reference TokenVerifier tokens) {
        this.alerts = alerts;
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
                problem(resp, 401, "Unauthorized", "this call needs a valid access token from POST /oauth2/token, sent as "
                        + "'Authorization: Bearer <token>'");
                return;
            }
            String path = req.getPathInfo() == null || req.getPathInfo().equals("/") ? "" : req.getPathInfo().substring(1);
            String[] seg = path.isEmpty() ? new String[0] : path.split("/", -1);
            String m = req.getMethod();
            if (seg.length == 0 && m.equals("GET")) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("alerts", alerts.list("true".equals(req.getParameter("all"))));
                json(resp, 200, body);
            } else if (seg.length == 1 && m.equals("GET")) {
                json(resp, 200, alerts.get(id(seg[0])).orElseThrow(() -> StoreboxException.notFound("no alert with id " + seg[0])));
            } else if (seg.length == 2 && seg[1].equals("acknowledge") && m.equals("POST")) {
                if (SCOPES.indexOf(who.get()[1]) < 1) {
                    resp.setHeader("WWW-Authenticate", "Bearer realm=\"storebox\", error=\"insufficient_scope\", scope=\"manager\"");
                    problem(resp, 403, "Forbidden", "acknowledging an alert needs the 'manager' scope; client " + who.get()[0]
                            + " has '" + who.get()[1] + "'");
                    return;
                }
                Alert a = alerts.acknowledge(id(seg[0]), who.get()[0]);
                json(resp, 200, a);
            } else {
                problem(resp, 404, "Not found", "no such call: " + m + " /api/v1/alerts/" + path
                        + "; see GET /api/v1/alerts and POST /api/v1/alerts/{id}/acknowledge");
            }
        } catch (StoreboxException e) {
            switch (e.kind()) {
                case NOT_FOUND -> problem(resp, 404, "Not found", e.getMessage());
                case CONFLICT -> problem(resp, 409, "Conflict", e.getMessage());
                case UNAVAILABLE -> problem(resp, 503, "Service unavailable", e.getMessage());
                default -> problem(resp, 422, "Unprocessable content", e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.error("Request {} {} failed", req.getMethod(), req.getRequestURI(), e);
            problem(resp, 500, "Internal error", "the box failed to handle this request (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static long id(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw StoreboxException.notFound("no alert with id '" + s + "'; alert ids are numbers");
        }
    }

    static void json(HttpServletResponse resp, int status, Object body) throws IOException {
        byte[] bytes = Json.mapper().writeValueAsBytes(body);
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    static void problem(HttpServletResponse resp, int status, String title, String detail) throws IOException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "about:blank");
        p.put("title", title);
        p.put("status", status);
        p.put("detail", detail);
        byte[] bytes = Json.mapper().writeValueAsBytes(p);
        resp.setStatus(status);
        resp.setContentType("application/problem+json");
        resp.setCharacterEncoding("UTF-8");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }
}
