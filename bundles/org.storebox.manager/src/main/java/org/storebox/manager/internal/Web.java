package org.storebox.manager.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import org.storebox.api.common.StoreboxException;
import org.storebox.json.Json;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** JSON bodies and problem+json answers for this bundle's servlets. */
final class Web {
    private Web() {
    }

    static JsonNode jsonBody(HttpServletRequest req) throws IOException {
        String type = req.getContentType() == null ? "" : req.getContentType().split(";")[0].trim();
        if (!type.equalsIgnoreCase("application/json")) {
            throw StoreboxException.invalid("send the body as application/json");
        }
        try (InputStream in = req.getInputStream()) {
            JsonNode n = Json.mapper().readTree(in.readNBytes(16 * 1024));
            if (n == null || !n.isObject()) {
                throw StoreboxException.invalid("the body must be a JSON object");
            }
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw StoreboxException.invalid("the body is not valid JSON: " + e.getOriginalMessage());
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

    static void problem(HttpServletResponse resp, StoreboxException e) throws IOException {
        switch (e.kind()) {
            case NOT_FOUND -> problem(resp, 404, "Not found", e.getMessage());
            case CONFLICT -> problem(resp, 409, "Conflict", e.getMessage());
            case UNAVAILABLE -> problem(resp, 503, "Service unavailable", e.getMessage());
            default -> problem(resp, 422, "Unprocessable content", e.getMessage());
        }
    }
}
