package org.storebox.webhooks.internal;

import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.storebox.web.http.Caller;
import org.storebox.web.http.Http;
import org.storebox.web.http.Problem;
import org.storebox.web.http.Scope;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/v1/webhooks}, {@code POST /api/v1/webhooks/{name}/parked/requeue} and
 * {@code POST /api/v1/webhooks/{name}/parked/dismiss}, all with the {@code admin} scope. Refusals and
 * statuses are those of {@link Http}.
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
        Http.answer(req, resp, () -> route(req, resp));
    }

    private void route(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller who = Caller.of(req, tokens).need(Scope.ADMIN);
        String[] seg = Http.segments(req);
        if (seg.length == 0) {
            Http.allow(req, "the webhook list", "GET");
            Http.json(resp, 200, list());
        } else if (seg.length == 3 && seg[1].equals("parked") && seg[2].equals("requeue")) {
            Http.allow(req, "re-queueing parked deliveries", "POST");
            int n = requeue(seg[0]);
            LOG.info("Client {} re-queued {} parked deliveries of webhook target {}", who.clientId(), n, seg[0]);
            Http.json(resp, 200, Map.of("target", seg[0], "requeued", n));
        } else if (seg.length == 3 && seg[1].equals("parked") && seg[2].equals("dismiss")) {
            Http.allow(req, "dismissing parked deliveries", "POST");
            int n = dismiss(seg[0]);
            LOG.info("Client {} dismissed {} parked deliveries of webhook target {}", who.clientId(), n, seg[0]);
            Http.json(resp, 200, Map.of("target", seg[0], "dismissed", n));
        } else {
            throw Problem.notFound("no such call: " + req.getMethod() + " /api/v1/webhooks/" + String.join("/", seg)
                    + "; see GET /api/v1/webhooks, POST /api/v1/webhooks/{name}/parked/requeue and "
                    + "POST /api/v1/webhooks/{name}/parked/dismiss");
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
}
