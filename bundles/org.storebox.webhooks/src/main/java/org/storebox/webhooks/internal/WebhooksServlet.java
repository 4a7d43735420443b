package org.storebox.webhooks.internal;

import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.auth.TokenVerifier;
import org.storebox.api.common.StoreboxException;
import org.storebox.api.outbox.OutboxBudget;
import org.storebox.api.outbox.OutboxService;
import org.storebox.api.outbox.OutboxUsage;
import org.storebox.api.store.Database;
import org.storebox.json.Json;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/v1/webhooks}, {@code POST /api/v1/webhooks/{name}/parked/requeue} and
 * {@code POST /api/v1/webhooks/{name}/parked/dismiss}, all with the {@code admin} scope.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({ "/api/v1/webhooks", "/api/v1/webhooks/*" })
public class WebhooksServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WebhooksServlet.class);

    private final transient OutboxService outbox;
    private final transient WebhookStore store;
    private final transient TokenVerifier tokens;
    private final transient WebhookRegistry registry;
    /** The outbox's figures of what it keeps for the targets, when its component runs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient OutboxBudget budget;

    @Activate
    public WebhooksServlet(@Reference OutboxService outbox, @Reference Database db, @Reference TokenVerifier tokens,
            @Reference WebhookRegistry registry) {
        this.registry = registry;
        this.outbox = outbox;
        this.store = new WebhookStore(db, Clock.systemUTC());
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
            if (!"admin".equals(who.get()[1])) {
                resp.setHeader("WWW-Authenticate", "Bearer realm=\"storebox\", error=\"insufficient_scope\", scope=\"admin\"");
                problem(resp, 403, "Forbidden", "the webhook calls need the 'admin' scope; client " + who.get()[0]
                        + " has '" + who.get()[1] + "'");
                return;
            }
            String path = req.getPathInfo() == null || req.getPathInfo().equals("/") ? "" : req.getPathInfo().substring(1);
            String[] seg = path.isEmpty() ? new String[0] : path.split("/", -1);
            String m = req.getMethod();
            if (seg.length == 0 && m.equals("GET")) {
                json(resp, 200, list());
            } else if (seg.length == 3 && seg[1].equals("parked") && seg[2].equals("requeue") && m.equals("POST")) {
                int n = requeue(seg[0]);
                LOG.info("Client {} re-queued {} parked deliveries of webhook target {}", who.get()[0], n, seg[0]);
                json(resp, 200, Map.of("target", seg[0], "requeued", n));
            } else if (seg.length == 3 && seg[1].equals("parked") && seg[2].equals("dismiss") && m.equals("POST")) {
                int n = dismiss(seg[0]);
                LOG.info("Client {} dismissed {} parked deliveries of webhook target {}", who.get()[0], n, seg[0]);
                json(resp, 200, Map.of("target", seg[0], "dismissed", n));
            } else {
                problem(resp, 404, "Not found", "no such call: " + m + " /api/v1/webhooks/" + path
                        + "; see GET /api/v1/webhooks, POST /api/v1/webhooks/{name}/parked/requeue and "
                        + "POST /api/v1/webhooks/{name}/parked/dismiss");
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

    /** Every configured target and every target the database still knows, with cursor, lag and parked count. */
    Map<String, Object> list() {
        long last = outbox.lastSeq();
        Map<String, Map<String, Object>> byName = new TreeMap<>();
        for (WebhookStore.Figures f : store.figures()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("name", f.target());
            t.put("configured", false);
            t.put("cursor", f.cursor());
            t.put("lag", Math.max(0, last - f.cursor()));
            t.put("parked", f.parked());
            t.put("queued", f.queued());
            t.put("missed", f.missed());
            t.put("last_error", f.lastError());
            byName.put(f.target(), t);
        }
        for (WebhookTarget w : registry.targets()) {
            Map<String, Object> t = byName.computeIfAbsent(w.name(), n -> {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("name", n);
                x.put("cursor", null);
                x.put("lag", null);
                x.put("parked", 0L);
                x.put("queued", 0L);
                x.put("missed", 0L);
                return x;
            });
            t.put("configured", true);
            t.put("url", Settings.redacted(w.settings().url()));
            t.put("event_types", w.settings().filter().patterns());
            t.put("oauth", w.settings().oauth());
            if (w.lastError() != null) {
                t.put("last_error", w.lastError());
            }
            t.put("last_status", w.lastStatus());
            t.put("last_success_at", w.lastSuccessAt() == null ? null : w.lastSuccessAt().toString());
            t.put("failing_since", w.failingSince() == null ? null : w.failingSince().toString());
            t.put("delivered", w.delivered());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("last_seq", last);
        OutboxBudget b = budget;
        if (b != null && b.usage().measuredAt != null) {
            // Events HQ already has that the outbox keeps only for targets behind it.
            OutboxUsage u = b.usage();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("events", u.retainedEvents);
            r.put("bytes", u.retainedBytes);
            r.put("limit_bytes", u.retainLimitBytes);
            r.put("dropped_events", u.retainDroppedEvents);
            r.put("last_dropped_at", u.lastRetainDropAt == null ? null : u.lastRetainDropAt.toString());
            body.put("retained", r);
        }
        body.put("targets", List.copyOf(byName.values()));
        return body;
    }

    /** @throws StoreboxException NOT_FOUND for a target neither configured nor known to the database */
    int requeue(String name) {
        known(name);
        int n = store.requeue(name);
        for (WebhookTarget w : registry.targets()) {
            if (w.name().equals(name)) {
                w.requeued();
            }
        }
        return n;
    }

    /** @throws StoreboxException NOT_FOUND for a target neither configured nor known to the database */
    int dismiss(String name) {
        known(name);
        return store.dismiss(name);
    }

    private void known(String name) {
        boolean configured = registry.targets().stream().anyMatch(w -> w.name().equals(name));
        if (!configured && store.figures().stream().noneMatch(f -> f.target().equals(name))) {
            throw StoreboxException.notFound("no webhook target named '" + name + "'; see GET /api/v1/webhooks");
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
