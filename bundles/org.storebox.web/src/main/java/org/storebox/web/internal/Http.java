package org.storebox.web.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.storebox.api.common.StoreboxException;
import org.storebox.json.Json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Reading requests and writing answers: JSON bodies with limits, and RFC 9457 problem details. */
final class Http {
    private Http() {
    }

    /** An HTTP error answer with its status and the sentence for the caller. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String title;
        final Map<String, String> headers = new LinkedHashMap<>();

        Failure(int status, String title, String detail) {
            super(detail);
            this.status = status;
            this.title = title;
        }

        Failure header(String name, String value) {
            headers.put(name, value);
            return this;
        }
    }

    static Failure badRequest(String detail) {
        return new Failure(400, "Bad request", detail);
    }

    /** Reads a body of the given media type, refusing other types and bodies over the limit. */
    static byte[] body(HttpServletRequest req, int limit, String... mediaTypes) throws IOException {
        String type = req.getContentType() == null ? "" : req.getContentType().split(";")[0].trim().toLowerCase();
        boolean ok = false;
        for (String t : mediaTypes) {
            ok |= t.equals(type);
        }
        if (!ok) {
            throw new Failure(415, "Unsupported media type", "the body must be sent as " + String.join(" or ", mediaTypes)
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
            throw badRequest("the body is empty; send a JSON document");
        }
        return out.toByteArray();
    }

    private static Failure tooLarge(int limit) {
        return new Failure(413, "Content too large", "the body is larger than " + limit + " bytes; split it into smaller requests");
    }

    /** Parses JSON into a type, turning Jackson's errors into sentences that say what to fix. */
    static <T> T parse(byte[] body, Class<T> type, String where) {
        try {
            T v = Json.mapper().readValue(body, type);
            if (v == null) {
                throw badRequest(where + " is JSON null; send a JSON object");
            }
            return v;
        } catch (UnrecognizedPropertyException e) {
            throw badRequest(where + ": unknown field '" + e.getPropertyName() + "'" + at(e.getPath())
                    + "; check its spelling (fields are snake_case)");
        } catch (MismatchedInputException e) {
            String path = path(e.getPath());
            throw badRequest(where + ": " + (path.isEmpty() ? "the document" : "field '" + path + "'")
                    + " has the wrong type (expected " + simple(e.getTargetType()) + ")");
        } catch (JsonMappingException e) {
            throw badRequest(where + ": " + (path(e.getPath()).isEmpty() ? "" : "field '" + path(e.getPath()) + "': ")
                    + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            throw badRequest(where + " is not valid JSON" + (l == null ? "" : " (line " + l.getLineNr() + ", column "
                    + l.getColumnNr() + ")") + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw badRequest(where + " could not be read: " + e.getMessage());
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
        return c.getPackageName().startsWith("java") ? c.getSimpleName() : "an object";
    }

    private static String at(java.util.List<JsonMappingException.Reference> refs) {
        String p = path(refs.subList(0, Math.max(0, refs.size() - 1)));
        return p.isEmpty() ? "" : " in '" + p + "'";
    }

    static String path(java.util.List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
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

    static void problem(HttpServletResponse resp, Failure f) throws IOException {
        f.headers.forEach(resp::setHeader);
        problem(resp, f.status, f.title, f.getMessage());
    }

    /** Maps a refusal of a service to its HTTP status. */
    static void problem(HttpServletResponse resp, StoreboxException e) throws IOException {
        switch (e.kind()) {
            case NOT_FOUND -> problem(resp, 404, "Not found", e.getMessage());
            case CONFLICT -> problem(resp, 409, "Conflict", e.getMessage());
            case UNAVAILABLE -> {
                resp.setHeader("Retry-After", "1");
                problem(resp, 503, "Service unavailable", e.getMessage());
            }
            default -> problem(resp, 422, "Unprocessable content", e.getMessage());
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
