package org.storebox.peripherals.internal;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.storebox.json.Json;
import org.storebox.web.http.testing.ServletExchange;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** One request to a servlet and its response, through simple test doubles of the servlet API (no container). */
final class Http {
    final String method;
    final String pathInfo;
    final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    final Map<String, String> params = new TreeMap<>();
    String contentType;
    byte[] body = new byte[0];

    // the response
    int status = 200;
    final Map<String, String> respHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    String respType;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean asyncStarted;
    boolean completed;
    final List<AsyncListener> listeners = new ArrayList<>();
    AsyncContext async;

    private Http(String method, String path) {
        this.method = method;
        String p = path;
        int q = p.indexOf('?');
        if (q >= 0) {
            for (String kv : p.substring(q + 1).split("&")) {
                String[] x = kv.split("=", 2);
                params.put(x[0], x.length > 1 ? x[1] : "");
            }
            p = p.substring(0, q);
        }
        this.pathInfo = p.isEmpty() ? null : p;
    }

    /** A request to /api/v1/peripherals + path (path starts with '/' or is empty). */
    static Http get(String path) {
        return new Http("GET", path);
    }

    static Http post(String path, String json) {
        Http h = new Http("POST", path);
        h.contentType = "application/json";
        h.body = json.getBytes(StandardCharsets.UTF_8);
        return h;
    }

    static Http request(String method, String path) {
        return new Http(method, path);
    }

    Http token(String t) {
        headers.put("Authorization", "Bearer " + t);
        return this;
    }

    Http header(String k, String v) {
        headers.put(k, v);
        return this;
    }

    Http run(PeripheralsServlet s) throws Exception {
        s.service(request(), response());
        return this;
    }

    String text() {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    JsonNode json() throws Exception {
        return Json.mapper().readTree(text());
    }

    /** The problem's detail sentence. */
    String detail() throws Exception {
        return json().path("detail").asText();
    }

    /** Ends the stream as the container would when the terminal goes away. */
    void disconnect() {
        completed = true;
        for (AsyncListener l : listeners) {
            try {
                l.onComplete(new AsyncEvent(async));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private HttpServletRequest request() {
        return (HttpServletRequest) Proxy.newProxyInstance(Http.class.getClassLoader(), new Class<?>[] { HttpServletRequest.class },
                (p, m, a) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getPathInfo" -> pathInfo;
                    case "getRequestURI" -> "/api/v1/peripherals" + (pathInfo == null ? "" : pathInfo);
                    case "getHeader" -> headers.get((String) a[0]);
                    case "getParameter" -> params.get((String) a[0]);
                    case "getContentType" -> contentType;
                    case "getContentLengthLong" -> (long) body.length;
                    case "getInputStream" -> ServletExchange.input(body);
                    case "startAsync" -> startAsync();
                    case "toString" -> method + " " + pathInfo;
                    default -> throw new UnsupportedOperationException("request." + m.getName());
                });
    }

    private AsyncContext startAsync() {
        asyncStarted = true;
        HttpServletResponse resp = response();
        async = (AsyncContext) Proxy.newProxyInstance(Http.class.getClassLoader(), new Class<?>[] { AsyncContext.class },
                (p, m, a) -> switch (m.getName()) {
                    case "setTimeout" -> null;
                    case "addListener" -> listeners.add((AsyncListener) a[0]);
                    case "getResponse" -> resp;
                    case "getRequest" -> null;
                    case "complete" -> {
                        completed = true;
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    case "toString" -> "async " + pathInfo;
                    default -> throw new UnsupportedOperationException("async." + m.getName());
                });
        return async;
    }

    private final ServletOutputStream stream = new ServletOutputStream() {
        @Override
        public void write(int b) {
            if (completed) {
                throw new IllegalStateException("response completed");
            }
            synchronized (out) {
                out.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (completed) {
                throw new IllegalStateException("response completed");
            }
            synchronized (out) {
                out.write(b, off, len);
            }
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener l) {
            throw new UnsupportedOperationException();
        }
    };

    private HttpServletResponse response() {
        return (HttpServletResponse) Proxy.newProxyInstance(Http.class.getClassLoader(), new Class<?>[] { HttpServletResponse.class },
                (p, m, a) -> switch (m.getName()) {
                    case "setStatus" -> {
                        status = (Integer) a[0];
                        yield null;
                    }
                    case "getStatus" -> status;
                    case "setHeader", "addHeader" -> respHeaders.put((String) a[0], (String) a[1]);
                    case "getHeader" -> respHeaders.get((String) a[0]);
                    case "setContentType" -> {
                        respType = (String) a[0];
                        yield null;
                    }
                    case "getContentType" -> respType;
                    case "setCharacterEncoding", "setContentLength" -> null;
                    case "getOutputStream" -> stream;
                    case "flushBuffer" -> {
                        if (completed) {
                            throw new java.io.IOException("closed");
                        }
                        yield null;
                    }
                    case "toString" -> "response " + status;
                    default -> throw new UnsupportedOperationException("response." + m.getName());
                });
    }
}
