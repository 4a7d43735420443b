package org.storebox.restock.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
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
import org.storebox.api.auth.TokenVerifier;
import org.storebox.api.common.StoreboxException;
import org.storebox.api.restock.RestockService;
import org.storebox.json.Json;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/v1/restock/suggestions[?all=true]}, {@code GET .../suggestions/{sku}},
 * {@code POST .../suggestions/{sku}/state} ({@code {"state": "snoozed", "snoozed_until": "2030-01-31"}})
 * and {@code POST /api/v1/restock/recompute}; all with a bearer token of the manager scope.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/v1/restock/*")
public class RestockServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RestockServlet.class);
    private static final List<String> SCOPES = List.of("terminal", "manager", "admin");

    private final transient RestockService restock;
    private final transient TokenVerifier tokens;

    @Activate
    public RestockServlet(@Reference RestockService restock, @Reference TokenVerifier tokens) {
        this.restock = restock;
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
            if (SCOPES.indexOf(who.get()[1]) < 1) {
                resp.setHeader("WWW-Authenticate", "Bearer realm=\"storebox\", error=\"insufficient_scope\", scope=\"manager\"");
                problem(resp, 403, "Forbidden", "restock calls need the 'manager' scope; client " + who.get()[0] + " has '"
                        + who.get()[1] + "'");
                return;
            }
            String path = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
            String[] seg = path.isEmpty() ? new String[0] : path.split("/", -1);
            String m = req.getMethod();
            if (seg.length == 1 && seg[0].equals("suggestions") && m.equals("GET")) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("suggestions", restock.suggestions("true".equals(req.getParameter("all"))));
                json(resp, 200, body);
            } else if (seg.length == 2 && seg[0].equals("suggestions") && m.equals("GET")) {
                json(resp, 200, restock.get(seg[1]).orElseThrow(() -> StoreboxException.notFound("no restock suggestion for SKU " + seg[1])));
            } else if (seg.length == 3 && seg[0].equals("suggestions") && seg[2].equals("state") && m.equals("POST")) {
                JsonNode body = body(req);
                LocalDate until = null;
                if (body.hasNonNull("snoozed_until")) {
                    try {
                        until = LocalDate.parse(body.get("snoozed_until").asText());
                    } catch (DateTimeParseException e) {
                        throw StoreboxException.invalid("snoozed_until must be a date like 2030-01-31");
                    }
                }
                json(resp, 200, restock.setState(seg[1], body.path("state").asText(null), until, who.get()[0]));
            } else if (seg.length == 1 && seg[0].equals("recompute") && m.equals("POST")) {
                json(resp, 200, Map.of("skus", restock.recomputeAll()));
            } else {
                problem(resp, 404, "Not found", "no such call: " + m + " /api/v1/restock/" + path
                        + "; see GET /api/v1/restock/suggestions and POST /api/v1/restock/suggestions/{sku}/state");
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

    private static JsonNode body(HttpServletRequest req) throws IOException {
        String type = req.getContentType() == null ? "" : req.getContentType().split(";")[0].trim();
        if (!type.equalsIgnoreCase("application/json")) {
            throw StoreboxException.invalid("send the body as application/json, like {\"state\": \"ordered\"}");
        }
        try (InputStream in = req.getInputStream()) {
            byte[] b = in.readNBytes(16 * 1024);
            JsonNode n = Json.mapper().readTree(b);
            if (n == null || !n.isObject()) {
                throw StoreboxException.invalid("the body must be a JSON object like {\"state\": \"ordered\"}");
            }
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw StoreboxException.invalid("the body is not valid JSON: " + e.getOriginalMessage());
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
