package org.storebox.restock.internal;

import java.io.IOException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.storebox.api.auth.TokenVerifier;
import org.storebox.api.common.StoreboxException;
import org.storebox.api.restock.RestockService;
import org.storebox.web.http.Caller;
import org.storebox.web.http.Http;
import org.storebox.web.http.Problem;
import org.storebox.web.http.Scope;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/v1/restock/suggestions[?all=true]}, {@code GET .../suggestions/{sku}},
 * {@code POST .../suggestions/{sku}/state} ({@code {"state": "snoozed", "snoozed_until": "2030-01-31"}})
 * and {@code POST /api/v1/restock/recompute}; all with a bearer token of the manager scope. Bodies,
 * refusals and statuses are those of {@link Http}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/v1/restock/*")
public class RestockServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** The state body is small; the limit keeps a wrong client from filling memory. */
    static final int MAX_BODY = 16 * 1024;

    private final transient RestockService restock;
    private final transient TokenVerifier tokens;

    /** Body of {@code POST .../suggestions/{sku}/state}; any other field is refused. */
    public static class StateBody {
        public String state;
        public LocalDate snoozedUntil;
    }

    @Activate
    public RestockServlet(@Reference RestockService restock, @Reference TokenVerifier tokens) {
        this.restock = restock;
        this.tokens = tokens;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", "no-store");
        Http.answer(req, resp, () -> route(req, resp));
    }

    private void route(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller who = Caller.of(req, tokens).need(Scope.MANAGER);
        String[] seg = Http.segments(req);
        if (seg.length == 1 && seg[0].equals("suggestions")) {
            Http.allow(req, "the suggestion list", "GET");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("suggestions", restock.suggestions("true".equals(req.getParameter("all"))));
            Http.json(resp, 200, body);
        } else if (seg.length == 2 && seg[0].equals("suggestions")) {
            Http.allow(req, "a suggestion", "GET");
            Http.json(resp, 200, restock.get(seg[1]).orElseThrow(() -> StoreboxException.notFound("no restock suggestion for SKU " + seg[1])));
        } else if (seg.length == 3 && seg[0].equals("suggestions") && seg[2].equals("state")) {
            Http.allow(req, "a suggestion's state", "POST");
            StateBody b = Http.parse(Http.body(req, MAX_BODY, Http.JSON), StateBody.class, "the state change");
            Http.json(resp, 200, restock.setState(seg[1], b.state, b.snoozedUntil, who.clientId()));
        } else if (seg.length == 1 && seg[0].equals("recompute")) {
            Http.allow(req, "the recompute", "POST");
            Http.json(resp, 200, Map.of("skus", restock.recomputeAll()));
        } else {
            throw Problem.notFound("no such call: " + req.getMethod() + " /api/v1/restock/" + String.join("/", seg)
                    + "; see GET /api/v1/restock/suggestions and POST /api/v1/restock/suggestions/{sku}/state");
        }
    }
}
