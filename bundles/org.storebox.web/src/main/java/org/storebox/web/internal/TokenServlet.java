package org.storebox.web.internal;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.storebox.api.auth.ClientInfo;
import org.storebox.api.auth.LoginThrottle;
import org.storebox.web.http.Http;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The OAuth 2.0 token endpoint for the client-credentials grant (RFC 6749 section 4.4). Client
 * credentials come as HTTP Basic or in the form body; errors follow section 5.2.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/oauth2/token")
public class TokenServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Auth auth;
    private final transient LoginThrottle throttle;

    @Activate
    public TokenServlet(@Reference Auth auth, @Reference LoginThrottle throttle) {
        this.auth = auth;
        this.throttle = throttle;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", "no-store");
        String type = req.getContentType() == null ? "" : req.getContentType().split(";")[0].trim();
        if (!"application/x-www-form-urlencoded".equalsIgnoreCase(type)) {
            error(resp, 400, "invalid_request", "send the token request as application/x-www-form-urlencoded");
            return;
        }
        byte[] raw = req.getInputStream().readNBytes(8193);
        if (raw.length > 8192) {
            error(resp, 400, "invalid_request", "the token request is larger than 8 KiB");
            return;
        }
        Map<String, String> form = form(new String(raw, StandardCharsets.UTF_8));
        if (form == null) {
            error(resp, 400, "invalid_request", "the form body is malformed or repeats a parameter");
            return;
        }
        String grant = form.get("grant_type");
        if (grant == null) {
            error(resp, 400, "invalid_request", "grant_type is missing; use client_credentials");
            return;
        }
        if (!"client_credentials".equals(grant)) {
            error(resp, 400, "unsupported_grant_type", "grant_type '" + grant + "' is not supported; use client_credentials");
            return;
        }
        String id = form.get("client_id");
        String secret = form.get("client_secret");
        String basic = req.getHeader("Authorization");
        if (basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
            if (id != null || secret != null) {
                // RFC 6749 section 2.3: a client uses one authentication method per request.
                error(resp, 400, "invalid_request", "send the client credentials either as HTTP Basic or in the form, not both");
                return;
            }
            try {
                String decoded = new String(Base64.getDecoder().decode(basic.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
                secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                error(resp, 400, "invalid_request", "the Basic authorization header is malformed");
                return;
            }
        }
        if (id == null || secret == null) {
            resp.setHeader("WWW-Authenticate", "Basic realm=\"storebox\"");
            error(resp, 401, "invalid_client", "client_id and client_secret are required (form fields or HTTP Basic)");
            return;
        }
        String address = req.getRemoteAddr();
        Optional<Duration> locked = throttle.lockedFor(id, address);
        if (locked.isPresent()) {
            long s = Math.max(1, (locked.get().toMillis() + 999) / 1000);
            resp.setHeader("Retry-After", Long.toString(s));
            error(resp, 429, "invalid_client", "too many failed attempts for this client or from this address; try again in "
                    + s + " s with the right secret");
            return;
        }
        Optional<ClientInfo> client = auth.registry().authenticate(id, secret);
        if (client.isEmpty()) {
            throttle.failed(id, address);
            resp.setHeader("WWW-Authenticate", "Basic realm=\"storebox\"");
            error(resp, 401, "invalid_client", "unknown client, wrong secret or deactivated client");
            return;
        }
        throttle.succeeded(id, address);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", auth.issue(client.get()));
        answer.put("token_type", "Bearer");
        answer.put("expires_in", auth.ttlSeconds());
        answer.put("scope", client.get().scope);
        resp.setHeader("Pragma", "no-cache");
        Http.json(resp, 200, answer);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> m = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return m;
        }
        try {
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (m.put(k, v) != null) {
                    return null;
                }
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return m;
    }

    private static void error(HttpServletResponse resp, int status, String code, String description) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("error_description", description);
        Http.json(resp, status, body);
    }
}
