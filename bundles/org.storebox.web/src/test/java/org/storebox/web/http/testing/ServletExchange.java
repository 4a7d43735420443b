package org.storebox.web.http.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.storebox.api.auth.TokenVerifier;
import org.storebox.json.Json;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * One request to a servlet and what it answered, through test doubles of the servlet API (no
 * container), for the servlet tests of every bundle that uses {@code org.storebox.web.http}.
 */
public final class ServletExchange {
    private final String method;
    private final String servletPath;
    private final String pathInfo;
    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, String> params = new TreeMap<>();
    private String contentType;
    private byte[] body = new byte[0];

    /** The answer's status (200 unless the servlet set one). */
    public int status = 200;
    /** The answer's Content-Type. */
    public String type;
    /** The answer's headers, by case-insensitive name. */
    public final Map<String, String> answerHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private ServletExchange(String method, String servletPath, String pathInfo) {
        this.method = method;
        this.servletPath = servletPath;
        this.pathInfo = pathInfo;
    }

    /**
     * A request; {@code servletPath} is the servlet's pattern without {@code /*} (for the request URI),
     * {@code pathInfo} what follows it ({@code null} for none), optionally with a {@code ?query}.
     */
    public static ServletExchange request(String method, String servletPath, String pathInfo) {
        String p = pathInfo;
        ServletExchange x;
        if (p != null && p.indexOf('?') >= 0) {
            int q = p.indexOf('?');
            x = new ServletExchange(method, servletPath, q == 0 ? null : p.substring(0, q));
            for (String kv : p.substring(q + 1).split("&")) {
                String[] s = kv.split("=", 2);
                x.params.put(s[0], s.length > 1 ? s[1] : "");
            }
        } else {
            x = new ServletExchange(method, servletPath, p);
        }
        return x;
    }

    /**
     * A token verifier that knows a fixed set of tokens, given as triples: token, client id, scope
     * ({@code "lane", "terminal-1", "terminal"}).
     */
    public static TokenVerifier tokens(String... tokenClientScope) {
        Map<String, String[]> known = new TreeMap<>();
        for (int i = 0; i + 2 < tokenClientScope.length; i += 3) {
            known.put(tokenClientScope[i], new String[] { tokenClientScope[i + 1], tokenClientScope[i + 2] });
        }
        return bearer -> Optional.ofNullable(known.get(bearer));
    }

    /** Sends a bearer token. */
    public ServletExchange token(String token) {
        return header("Authorization", "Bearer " + token);
    }

    public ServletExchange header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Sends a body of that Content-Type ({@code null}: no Content-Type header). */
    public ServletExchange body(String contentType, String text) {
        this.contentType = contentType;
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        this.body = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    /** Sends a JSON body as application/json. */
    public ServletExchange json(String text) {
        return body("application/json", text);
    }

    /** Runs the request through the servlet; returns this exchange with the answer filled in. */
    public ServletExchange run(HttpServlet servlet) throws Exception {
        servlet.service((ServletRequest) request(), (ServletResponse) response());
        return this;
    }

    public String text() {
        return out.toString(StandardCharsets.UTF_8);
    }

    public JsonNode answer() throws IOException {
        return Json.mapper().readTree(text());
    }

    /** Asserts a problem+json answer of that status and detail sentence; returns this exchange. */
    public ServletExchange expect(int status, String detail) throws IOException {
        assertEquals(status, this.status, this::toString);
        assertEquals("application/problem+json", type, this::toString);
        assertEquals(detail, detail(), this::toString);
        return this;
    }

    /** The problem's {@code detail} sentence. */
    public String detail() throws IOException {
        return answer().path("detail").asText();
    }

    @Override
    public String toString() {
        return method + " " + servletPath + (pathInfo == null ? "" : pathInfo) + " -> " + status + " " + answerHeaders + " " + text();
    }

    private HttpServletRequest request() {
        return (HttpServletRequest) Proxy.newProxyInstance(ServletExchange.class.getClassLoader(),
                new Class<?>[] { HttpServletRequest.class }, (p, m, a) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getPathInfo" -> pathInfo;
                    case "getContextPath" -> "";
                    case "getServletPath" -> servletPath;
                    case "getRequestURI" -> servletPath + (pathInfo == null ? "" : pathInfo);
                    case "getHeader" -> headers.get((String) a[0]);
                    case "getParameter" -> params.get((String) a[0]);
                    case "getContentType" -> contentType;
                    case "getContentLengthLong" -> (long) body.length;
                    case "getContentLength" -> body.length;
                    case "getInputStream" -> input(body);
                    case "getRemoteAddr" -> "192.0.2.10";
                    case "getCookies" -> null;
                    case "toString" -> method + " " + pathInfo;
                    default -> throw new UnsupportedOperationException("request." + m.getName());
                });
    }

    /** A request body stream over these bytes. */
    public static ServletInputStream input(byte[] body) {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        return new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, len);
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException("async read");
            }
        };
    }

    private HttpServletResponse response() {
        ServletOutputStream os = new ServletOutputStream() {
            @Override
            public void write(int b) {
                out.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException("async write");
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(ServletExchange.class.getClassLoader(),
                new Class<?>[] { HttpServletResponse.class }, (p, m, a) -> {
                    switch (m.getName()) {
                        case "setStatus" -> status = (Integer) a[0];
                        case "setContentType" -> type = (String) a[0];
                        case "setHeader", "addHeader" -> answerHeaders.put((String) a[0], (String) a[1]);
                        case "getOutputStream" -> {
                            return os;
                        }
                        case "setCharacterEncoding", "setContentLength", "flushBuffer" -> {
                            // nothing to keep
                        }
                        default -> throw new UnsupportedOperationException("response." + m.getName());
                    }
                    return null;
                });
    }
}
