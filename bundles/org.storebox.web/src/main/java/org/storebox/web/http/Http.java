package org.storebox.web.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.common.StoreboxException;
import org.storebox.json.Json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Reading requests and writing answers: JSON bodies with a size limit and a media type, Jackson's
 * errors as sentences that say what to fix, and RFC 9457 problem details.
 */
public final class Http {
    private static final Logger LOG = LoggerFactory.getLogger(Http.class);
    /** The media type of JSON bodies. */
    public static final String JSON = "application/json";

    private Http() {
    }

    /** The handling of one request; it answers or throws {@link Problem} or {@link StoreboxException}. */
    @ConsumerType
    @FunctionalInterface
    public interface Handler {
        void handle() throws IOException;
    }

    /**
     * Runs a request's handling and answers what it throws: a {@link Problem} as itself, a
     * {@link StoreboxException} as {@link Problem#of}, any other runtime exception as 500 (logged).
     */
    public static void answer(HttpServletRequest req, HttpServletResponse resp, Handler handler) throws IOException {
        try {
            handler.handle();
        } catch (Problem p) {
            problem(resp, p);
        } catch (StoreboxException e) {
            if (e.kind() == StoreboxException.Kind.UNAVAILABLE) {
                LOG.warn("Request {} {} refused: {}", req.getMethod(), req.getRequestURI(), e.getMessage());
            }
            problem(resp, Problem.of(e));
        } catch (RuntimeException e) {
            LOG.error("Request {} {} failed", req.getMethod(), req.getRequestURI(), e);
            problem(resp, 500, "Internal error", "the box failed to handle this request (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The path below the servlet's pattern as segments: {@code /a/b} is {@code [a, b]}; none, or {@code /}, is empty. */
    public static String[] segments(HttpServletRequest req) {
        String p = req.getPathInfo();
        return p == null || p.equals("/") ? new String[0] : p.substring(1).split("/", -1);
    }

    /**
     * Requires one of the methods a path takes.
     *
     * @param what the path in words, for the sentence ("the suggestion list takes GET, not POST")
     * @throws Problem 405 with {@code Allow} for another method
     */
    public static void allow(HttpServletRequest req, String what, String... methods) {
        for (String m : methods) {
            if (m.equals(req.getMethod())) {
                return;
            }
        }
        throw Problem.methodNotAllowed(what, req.getMethod(), methods);
    }

    /**
     * Reads a body of one of the given media types.
     *
     * @throws Problem 415 for another or no Content-Type, 413 for a body over {@code limit} bytes, 400 for an empty body
     */
    public static byte[] body(HttpServletRequest req, int limit, String... mediaTypes) throws IOException {
        String type = req.getContentType() == null ? "" : req.getContentType().split(";")[0].trim().toLowerCase();
        boolean ok = false;
        for (String t : mediaTypes) {
            ok |= t.equals(type);
        }
        if (!ok) {
            throw new Problem(415, "Unsupported media type", "the body must be sent as " + String.join(" or ", mediaTypes)
                    + " (Content-Type was " + (type.isEmpty() ? "missing" : "'" + type + "'") + ")");
        }
        long declared = req.getContentLengthLong();
        if (declared > limit) {
            throw tooLarge(limit);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try (InputStream in = req.getInputStream()) {
            for (int n; (n = in.read(buf)) > 0;) {
                out.write(buf, 0, n);
                if (out.size() > limit) {
                    throw tooLarge(limit);
                }
            }
        }
        if (out.size() == 0) {
            throw Problem.badRequest("the body is empty; send a JSON document");
        }
        return out.toByteArray();
    }

    private static Problem tooLarge(int limit) {
        return new Problem(413, "Content too large", "the body is larger than " + limit + " bytes; split it into smaller requests");
    }

    /**
     * Parses JSON into a type, turning Jackson's errors into sentences that say what to fix.
     *
     * @param where the body in words, to start the sentence ("the sale")
     * @throws Problem 400 for malformed JSON (with line and column), an unknown field (named), a field of
     *         the wrong type, or JSON null
     */
    public static <T> T parse(byte[] body, Class<T> type, String where) {
        try {
            T v = Json.mapper().readValue(body, type);
            if (v == null) {
                throw Problem.badRequest(where + " is JSON null; send a JSON object");
            }
            return v;
        } catch (UnrecognizedPropertyException e) {
            throw Problem.badRequest(where + ": unknown field '" + e.getPropertyName() + "'" + at(e.getPath())
                    + "; check its spelling (fields are snake_case)");
        } catch (MismatchedInputException e) {
            String path = Json.path(e.getPath());
            throw Problem.badRequest(where + ": " + (path.isEmpty() ? "the document" : "field '" + path + "'")
                    + " has the wrong type (expected " + simple(e.getTargetType()) + ")");
        } catch (JsonMappingException e) {
            String path = Json.path(e.getPath());
            throw Problem.badRequest(where + ": " + (path.isEmpty() ? "" : "field '" + path + "': ") + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            throw Problem.badRequest(where + " is not valid JSON" + (l == null ? "" : " (line " + l.getLineNr() + ", column "
                    + l.getColumnNr() + ")") + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw Problem.badRequest(where + " could not be read: " + e.getMessage());
        }
    }

    private static String simple(Class<?> c) {
        if (c == null) {
            return "another type";
        }
        if (c == java.math.BigDecimal.class) {
            return "a number or a decimal string";
        }
        if (java.util.Collection.class.isAssignableFrom(c)) {
            return "an array";
        }
        if (c == String.class) {
            return "a string";
        }
        if (c == Boolean.class || c == boolean.class) {
            return "true or false";
        }
        if (c == java.time.LocalDate.class) {
            return "a date like 2030-01-31";
        }
        return c.getPackageName().startsWith("java") ? c.getSimpleName() : "an object";
    }

    private static String at(java.util.List<JsonMappingException.Reference> refs) {
        String p = Json.path(refs.subList(0, Math.max(0, refs.size() - 1)));
        return p.isEmpty() ? "" : " in '" + p + "'";
    }

    /** Writes a JSON answer. */
    public static void json(HttpServletResponse resp, int status, Object body) throws IOException {
        write(resp, status, JSON, Json.mapper().writeValueAsBytes(body));
    }

    /**
     * Writes a JSON answer that is already text (a stored document).
     *
     * @since 1.1
     */
    public static void jsonDocument(HttpServletResponse resp, int status, String json) throws IOException {
        write(resp, status, JSON, json.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a problem+json answer. */
    public static void problem(HttpServletResponse resp, int status, String title, String detail) throws IOException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "about:blank");
        p.put("title", title);
        p.put("status", status);
        p.put("detail", detail);
        write(resp, status, "application/problem+json", Json.mapper().writeValueAsBytes(p));
    }

    private static void write(HttpServletResponse resp, int status, String type, byte[] bytes) throws IOException {
        resp.setStatus(status);
        resp.setContentType(type);
        resp.setCharacterEncoding("UTF-8");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    /** Writes a problem+json answer with the problem's headers. */
    public static void problem(HttpServletResponse resp, Problem p) throws IOException {
        p.headers().forEach(resp::setHeader);
        problem(resp, p.status(), p.title(), p.getMessage());
    }

    /** The text of a UTF-8 body. */
    public static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
