package org.storebox.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.storebox.json.Json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The paths under /api/v1 and their methods, as the OpenAPI document of this build lists them: a request
 * whose path exists with other methods is answered 405 with {@code Allow}, not 404. One source, which
 * OpenApiConformanceIT holds to what the servlets do.
 */
final class ApiPaths {
    static final String DOCUMENT = "/static/openapi.json";
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");
    private static final List<Map.Entry<Pattern, List<String>>> PATHS = load();

    private ApiPaths() {
    }

    /** The methods of the documented paths that match {@code path} (relative to /api/v1); empty when none does. */
    static List<String> allowed(String path) {
        TreeSet<String> methods = new TreeSet<>();
        for (Map.Entry<Pattern, List<String>> p : PATHS) {
            if (p.getKey().matcher(path).matches()) {
                methods.addAll(p.getValue());
            }
        }
        return List.copyOf(methods);
    }

    private static List<Map.Entry<Pattern, List<String>>> load() {
        try (InputStream in = ApiPaths.class.getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                return List.of();
            }
            List<Map.Entry<Pattern, List<String>>> out = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = Json.mapper().readTree(in).path("paths").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().has("servers")) {
                    continue; // not under /api/v1 (/oauth2/token, /health, /metrics)
                }
                List<String> methods = new ArrayList<>();
                METHODS.forEach(m -> {
                    if (e.getValue().has(m)) {
                        methods.add(m.toUpperCase(Locale.ROOT));
                    }
                });
                // "/sales/{id}/void" -> one path segment for each {parameter}
                String regex = Pattern.quote(e.getKey()).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q");
                out.add(Map.entry(Pattern.compile(regex), List.copyOf(methods)));
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DOCUMENT, e);
        }
    }
}
