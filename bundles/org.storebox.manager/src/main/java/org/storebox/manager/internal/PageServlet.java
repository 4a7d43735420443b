package org.storebox.manager.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.storebox.api.auth.LoginThrottle;
import org.storebox.api.common.StoreboxException;
import org.storebox.web.http.Http;
import org.storebox.web.http.Problem;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The manager page: {@code /} (the page), {@code /manager/assets/*} (its scripts, styles and
 * translations, all served by the box) and {@code /manager/api/*} (its JSON and the event stream).
 * State-changing calls need the session cookie (HttpOnly, SameSite=Strict), a JSON body, a
 * same-origin {@code Origin} when the browser sends one, and the session's CSRF token in
 * {@code X-CSRF-Token}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({ "/", "/manager/*" })
@HttpWhiteboardServletAsyncSupported
public class PageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Map<String, String> TYPES = Map.of("js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "json", "application/json; charset=utf-8", "html", "text/html; charset=utf-8", "svg", "image/svg+xml");
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    /** Bodies here are a few fields; the limit keeps a wrong client from filling memory. */
    static final int MAX_BODY = 16 * 1024;

    private final transient ManagerPage page;
    private final transient LoginThrottle throttle;

    /** Body of {@code POST /manager/api/suggestions/{sku}/state}; any other field is refused. */
    public static class StateBody {
        public String state;
        public LocalDate snoozedUntil;
    }

    @Activate
    public PageServlet(@Reference ManagerPage page, @Reference LoginThrottle throttle) {
        this.page = page;
        this.throttle = throttle;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setHeader("X-Frame-Options", "DENY");
        String path = req.getRequestURI().substring(req.getContextPath().length());
        Http.answer(req, resp, () -> {
            if (path.equals("/") || path.equals("/manager") || path.equals("/manager/")) {
                Http.allow(req, "the page", "GET", "HEAD");
                resp.setHeader("Content-Security-Policy", CSP);
                resp.setHeader("Cache-Control", "no-store");
                asset(resp, "index.html");
            } else if (path.startsWith("/manager/assets/")) {
                String name = path.substring("/manager/assets/".length());
                if (!name.matches("[a-z0-9-]+\\.(js|css|json|svg)")) {
                    throw Problem.notFound("no such asset");
                }
                resp.setHeader("Cache-Control", "no-cache");
                asset(resp, name);
            } else if (path.startsWith("/manager/api/")) {
                resp.setHeader("Cache-Control", "no-store");
                api(req, resp, path.substring("/manager/api/".length()));
            } else {
                throw Problem.notFound("nothing at " + path + "; the manager page is at /");
            }
        });
    }

    private void asset(HttpServletResponse resp, String name) throws IOException {
        try (InputStream in = PageServlet.class.getResourceAsStream("/manager/assets/" + name)) {
            if (in == null) {
                throw Problem.notFound("no such asset");
            }
            byte[] b = in.readAllBytes();
            resp.setStatus(200);
            resp.setContentType(TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
            resp.setContentLength(b.length);
            resp.getOutputStream().write(b);
        }
    }

    /** The method a call of the page's API takes, or {@code null} when there is no such call. */
    static String takes(String call) {
        String[] seg = call.split("/", -1);
        if (call.equals("login") || call.equals("logout") || seg.length == 3 && seg[0].equals("alerts") && seg[2].equals("acknowledge")
                || seg.length == 3 && seg[0].equals("suggestions") && seg[2].equals("state")) {
            return "POST";
        }
        return call.equals("session") || call.equals("overview") || call.equals("events") ? "GET" : null;
    }

    private void api(HttpServletRequest req, HttpServletResponse resp, String call) throws IOException {
        String m = req.getMethod();
        String takes = takes(call);
        if (takes == null) {
            throw Problem.notFound("no such call: " + m + " /manager/api/" + call);
        }
        Http.allow(req, "/manager/api/" + call, takes);
        if (call.equals("login")) {
            if (!sameOrigin(req)) {
                throw new Problem(403, "Forbidden", "log in from the box's own page");
            }
            ManagersServlet.Credentials b = Http.parse(Http.body(req, MAX_BODY, Http.JSON), ManagersServlet.Credentials.class,
                    "the login");
            String name = b.name == null ? "" : b.name;
            String address = req.getRemoteAddr();
            Optional<Duration> locked = throttle.lockedFor(name.strip(), address);
            if (locked.isPresent()) {
                long s = Math.max(1, (locked.get().toMillis() + 999) / 1000);
                throw new Problem(429, "Too many attempts", "too many wrong passwords for this name or from this device; "
                        + "try again in " + s + " s").header("Retry-After", Long.toString(s));
            }
            if (!page.accounts().verify(name, b.password == null ? "" : b.password)) {
                throttle.failed(name.strip(), address);
                throw new Problem(401, "Unauthorized", "name or password is wrong");
            }
            throttle.succeeded(name.strip(), address);
            Sessions.Session s = page.sessions().open(name.strip());
            resp.addHeader("Set-Cookie", page.sessions().cookie(s));
            Http.json(resp, 200, me(req, s));
            return;
        }
        if (call.equals("session")) {
            Optional<Sessions.Session> s = session(req);
            if (s.isEmpty()) {
                Map<String, Object> anon = new LinkedHashMap<>();
                anon.put("logged_in", false);
                anon.put("lang", language(req.getHeader("Accept-Language")));
                Http.json(resp, 200, anon);
            } else {
                Http.json(resp, 200, me(req, s.get()));
            }
            return;
        }
        Sessions.Session s = session(req).orElseThrow(() -> new Problem(401, "Unauthorized", "log in on the manager page first"));
        if (m.equals("POST") && (!sameOrigin(req) || !s.csrf.equals(req.getHeader("X-CSRF-Token")))) {
            throw new Problem(403, "Forbidden", "the request did not come from this page (missing or wrong X-CSRF-Token); reload the page");
        }
        String[] seg = call.split("/", -1);
        if (call.equals("overview")) {
            Http.json(resp, 200, page.overview());
        } else if (call.equals("events")) {
            stream(req, resp);
        } else if (call.equals("logout")) {
            page.sessions().close(s.id);
            resp.addHeader("Set-Cookie", Sessions.expired());
            Http.json(resp, 200, Map.of("logged_in", false));
        } else if (seg[0].equals("alerts")) {
            long id;
            try {
                id = Long.parseLong(seg[1]);
            } catch (NumberFormatException e) {
                throw StoreboxException.notFound("no alert " + seg[1]);
            }
            Http.json(resp, 200, page.alerts().acknowledge(id, "manager:" + s.name));
        } else {
            StateBody b = Http.parse(Http.body(req, MAX_BODY, Http.JSON), StateBody.class, "the state change");
            Http.json(resp, 200, page.restock().setState(seg[1], b.state, b.snoozedUntil, "manager:" + s.name));
        }
    }

    private void stream(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setStatus(200);
        resp.setContentType("text/event-stream");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("X-Accel-Buffering", "no");
        AsyncContext a = req.startAsync();
        a.setTimeout(0);
        a.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                page.removeStream(a);
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                page.removeStream(a);
            }

            @Override
            public void onError(AsyncEvent event) {
                page.removeStream(a);
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // nothing to do
            }
        });
        resp.getOutputStream().write("retry: 3000\nevent: hello\ndata: {}\n\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        resp.flushBuffer();
        page.addStream(a);
    }

    private Map<String, Object> me(HttpServletRequest req, Sessions.Session s) {
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("logged_in", true);
        me.put("name", s.name);
        me.put("scope", "manager");
        me.put("csrf", s.csrf);
        me.put("lang", language(req.getHeader("Accept-Language")));
        me.put("store", page.store().storeId());
        me.put("currency", page.store().currency().getCurrencyCode());
        me.put("zone", page.store().zone().getId());
        return me;
    }

    private Optional<Sessions.Session> session(HttpServletRequest req) {
        Cookie[] cookies = req.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (Sessions.COOKIE.equals(c.getName())) {
                    return page.sessions().get(c.getValue());
                }
            }
        }
        return Optional.empty();
    }

    /** An Origin header, when present, must name this box (host and port as the browser addressed it). */
    static boolean sameOrigin(HttpServletRequest req) {
        String origin = req.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        String host = req.getHeader("Host");
        try {
            URI o = URI.create(origin);
            String authority = o.getPort() < 0 ? o.getHost() : o.getHost() + ":" + o.getPort();
            return host != null && host.equalsIgnoreCase(authority);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The page language from Accept-Language: en, zh-HK or ms (English when none matches). */
    static String language(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return "en";
        }
        try {
            for (Locale.LanguageRange r : Locale.LanguageRange.parse(acceptLanguage)) {
                String tag = r.getRange().toLowerCase(Locale.ROOT);
                if (tag.startsWith("zh")) {
                    return "zh-HK";
                }
                if (tag.startsWith("ms")) {
                    return "ms";
                }
                if (tag.startsWith("en")) {
                    return "en";
                }
            }
        } catch (IllegalArgumentException e) {
            return "en";
        }
        return "en";
    }
}
