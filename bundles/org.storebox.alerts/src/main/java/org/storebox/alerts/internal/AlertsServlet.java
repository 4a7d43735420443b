package org.storebox.alerts.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.storebox.api.alert.AlertService;
import org.storebox.api.auth.TokenVerifier;
import org.storebox.api.common.StoreboxException;
import org.storebox.web.http.Caller;
import org.storebox.web.http.Http;
import org.storebox.web.http.Problem;
import org.storebox.web.http.Scope;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/v1/alerts[?all=true]} and {@code GET /api/v1/alerts/{id}} with any valid bearer token
 * (terminals show alerts too); {@code POST /api/v1/alerts/{id}/acknowledge}, which changes the alert,
 * with the {@code manager} or {@code admin} scope. Refusals and statuses are those of {@link Http}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({ "/api/v1/alerts", "/api/v1/alerts/*" })
public class AlertsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

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
        Http.answer(req, resp, () -> route(req, resp));
    }

    private void route(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller who = Caller.of(req, tokens).need(Scope.TERMINAL);
        String[] seg = Http.segments(req);
        if (seg.length == 0) {
            Http.allow(req, "the alert list", "GET");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("alerts", alerts.list("true".equals(req.getParameter("all"))));
            Http.json(resp, 200, body);
        } else if (seg.length == 1) {
            Http.allow(req, "an alert", "GET");
            Http.json(resp, 200, alerts.get(id(seg[0])).orElseThrow(() -> StoreboxException.notFound("no alert with id " + seg[0])));
        } else if (seg.length == 2 && seg[1].equals("acknowledge")) {
            Http.allow(req, "acknowledging an alert", "POST");
            who.need(Scope.MANAGER);
            Http.json(resp, 200, alerts.acknowledge(id(seg[0]), who.clientId()));
        } else {
            throw Problem.notFound("no such call: " + req.getMethod() + " /api/v1/alerts/" + String.join("/", seg)
                    + "; see GET /api/v1/alerts and POST /api/v1/alerts/{id}/acknowledge");
        }
    }

    private static long id(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw StoreboxException.notFound("no alert with id '" + s + "'; alert ids are numbers");
        }
    }
}
