package org.storebox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.storebox.e2e.Appliance.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI document the box serves against the box itself: every documented operation is called
 * (admin token, real or dummy path values, the documented example body) and must exist and answer a
 * status the document lists; every JSON answer must carry only documented fields of the documented types.
 */
class OpenApiConformanceIT {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    private static Path ports;
    private static Appliance box;
    private static Store store;
    private static JsonNode doc;
    private static String saleId;
    private static String throwawayClient;

    @BeforeAll
    static void start() throws IOException {
        ports = Files.createTempDirectory("storebox-openapi");
        // Devices on ports that do not exist: registered and offline, so every device route is reachable.
        box = Appliance.builder("openapi").storeId("HK-OPENAPI")
                .config("org.storebox.alerts", "interval_s=1")
                .config("org.storebox.peripheral.escpos.printer-front", "name=front-printer",
                        "port=" + ports.resolve("printer"), "drawer_name=front-drawer")
                .config("org.storebox.peripheral.scale-deli", "name=deli-scale", "port=" + ports.resolve("scale"))
                .config("org.storebox.peripheral.escpos.display-pole", "name=pole", "port=" + ports.resolve("display"))
                .config("org.storebox.webhooks.target-erp", "name=erp",
                        "url=http://127.0.0.1:" + Appliance.freePort() + "/hook", "secret=0123456789abcdef0123")
                .start();
        store = new Store(box);
        store.putProduct("OA-1", "蛋撻 Egg tart", "4.50", Store.ean13("489000000101"));
        store.receive("OA-1", 1);
        String lane = store.terminalToken("lane-openapi");
        saleId = Store.newId();
        // Two sold, one held: the stock goes negative and raises an alert.
        store.sell(lane, Store.sale(saleId, List.of(Store.line("OA-1", 2)), List.of(Store.cash("10.00"))));
        throwawayClient = store.registerTerminal("lane-to-deactivate").clientId();
        Response d = box.call("GET", "/api/v1/openapi.json", store.admin(), null);
        assertEquals(200, d.status(), d::toString);
        doc = d.json();
    }

    @AfterAll
    static void stop() {
        if (box != null) {
            box.close();
        }
        Appliance.deleteTree(ports);
    }

    @Test
    void everyDocumentedOperationExistsAndAnswersADocumentedStatusWithDocumentedFields() throws Exception {
        List<String> problems = new ArrayList<>();
        Set<String> checkedBodies = new LinkedHashSet<>();
        int calls = 0;
        for (var p : doc.path("paths").properties()) {
            boolean root = p.getValue().has("servers");
            for (var m : p.getValue().properties()) {
                if (!METHODS.contains(m.getKey())) {
                    continue;
                }
                String method = m.getKey().toUpperCase();
                String where = method + " " + p.getKey();
                JsonNode op = m.getValue();
                String path = (root ? "" : "/api/v1") + fill(p.getKey());
                calls++;
                if (op.at("/responses/200/content").has("text/event-stream")) {
                    stream(path, where, problems);
                    continue;
                }
                Response r = call(method, path, op);
                String status = Integer.toString(r.status());
                if (r.status() == 405 || r.status() == 404 && missingRoute(r)) {
                    problems.add(where + ": the box has no such route: " + r);
                    continue;
                }
                JsonNode documented = op.path("responses").path(status);
                if (documented.isMissingNode()) {
                    problems.add(where + ": status " + status + " is not documented: " + r);
                    continue;
                }
                JsonNode media = resolve(documented).path("content").path(r.mediaType());
                if (media.isMissingNode()) {
                    problems.add(where + " " + status + ": media type '" + r.mediaType() + "' is not documented");
                } else if (r.mediaType().endsWith("json")) {
                    validate(media.path("schema"), r.json(), where + " " + status, problems);
                    checkedBodies.add(where + " " + status);
                }
            }
        }
        assertTrue(calls >= 46, "operations called: " + calls);
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
        for (String must : List.of("GET /status 200", "GET /sales/{id} 200", "GET /products/{sku} 200", "GET /alerts 200",
                "GET /webhooks 200", "GET /peripherals 200", "GET /managers 200")) {
            assertTrue(checkedBodies.contains(must), () -> "a real answer checked against its schema: " + must + "; checked: "
                    + checkedBodies);
        }
    }

    /** The schema walker is strict: a field the document lacks, or a wrong type, in a real answer is reported. */
    @Test
    void anUndocumentedFieldInARealAnswerIsCaught() {
        ObjectNode status = (ObjectNode) box.call("GET", "/api/v1/status", store.admin(), null).json().deepCopy();
        JsonNode schema = doc.at("/paths/~1status/get/responses/200/content/application~1json/schema");
        List<String> problems = new ArrayList<>();
        validate(schema, status, "status", problems);
        assertEquals(List.of(), problems, "the real status matches");
        ((ObjectNode) status.path("uplink")).put("colour", "red");
        status.put("uptime_s", "long");
        validate(schema, status, "status", problems);
        assertTrue(problems.stream().anyMatch(p -> p.contains("status.uplink.colour")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("status.uptime_s")), problems::toString);
    }

    // ------------------------------------------------------------------ calling

    private static String fill(String template) {
        String device = template.endsWith("/open") ? "front-drawer" : template.endsWith("/weight") || template.endsWith("/zero")
                ? "deli-scale" : template.endsWith("/display") ? "pole" : "front-printer";
        String id = template.startsWith("/sales/") ? saleId : template.startsWith("/alerts/") ? "1" : throwawayClient;
        return template.replace("{id}", id).replace("{sku}", "OA-1").replace("{name}",
                template.startsWith("/webhooks/") ? "erp" : device);
    }

    private static Response call(String method, String path, JsonNode op) {
        if (path.equals("/oauth2/token")) {
            Appliance.Credentials admin = box.adminCredentials();
            return box.tokenRequest(Map.of("grant_type", "client_credentials", "client_id", admin.clientId(),
                    "client_secret", admin.clientSecret()), null);
        }
        JsonNode content = op.path("requestBody").path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            return box.raw(method, path, Map.of(), store.admin(), null, Duration.ofSeconds(60));
        }
        var media = content.properties().iterator().next();
        JsonNode example = media.getValue().has("example") ? media.getValue().path("example")
                : media.getValue().path("examples").properties().iterator().next().getValue().path("value");
        byte[] body = (example.isTextual() ? example.asText() : example.toString()).getBytes(StandardCharsets.UTF_8);
        return box.raw(method, path, Map.of("Content-Type", media.getKey()), store.admin(), body, Duration.ofSeconds(60));
    }

    /** A 404 that says the route, not the thing, is missing: the servlets' own wording, or the web server's page. */
    private static boolean missingRoute(Response r) {
        if (!r.mediaType().equals("application/problem+json")) {
            return true;
        }
        String detail = r.json().path("detail").asText();
        return detail.startsWith("there is no ") || detail.startsWith("no such call") || detail.startsWith("no operation '");
    }

    private static void stream(String path, String where, List<String> problems) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest req = HttpRequest.newBuilder(box.uri(path)).header("Authorization", "Bearer " + store.admin())
                .timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (r.statusCode() != 200 || !type.startsWith("text/event-stream")) {
                problems.add(where + ": expected a 200 event stream, got " + r.statusCode() + " " + type);
                return;
            }
            byte[] first = in.readNBytes("retry: 3000".length());
            if (!new String(first, StandardCharsets.UTF_8).equals("retry: 3000")) {
                problems.add(where + ": the stream does not open with 'retry: 3000'");
            }
        }
    }

    // ------------------------------------------------------------------ the schema walker

    private static JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            node = doc.at(node.path("$ref").asText().substring(1));
        }
        return node;
    }

    /** Checks a value against an OpenAPI 3.0 schema: types, nullable, enum, required, and no undocumented field. */
    static void validate(JsonNode schemaOrRef, JsonNode value, String at, List<String> problems) {
        JsonNode s = resolve(schemaOrRef);
        if (value.isNull()) {
            if (!s.path("nullable").asBoolean(false)) {
                problems.add(at + " is null but not nullable");
            }
            return;
        }
        s.path("allOf").forEach(sub -> validate(sub, value, at, problems));
        if (s.has("oneOf")) {
            int matches = 0;
            for (JsonNode sub : s.path("oneOf")) {
                List<String> p = new ArrayList<>();
                validate(sub, value, at, p);
                matches += p.isEmpty() ? 1 : 0;
            }
            if (matches != 1) {
                problems.add(at + " matches " + matches + " of the oneOf schemas: " + value);
            }
        }
        String type = s.path("type").asText("");
        boolean ok = switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "number" -> value.isNumber();
            case "integer" -> value.isIntegralNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
        if (!ok) {
            problems.add(at + " should be of type " + type + ": " + value);
            return;
        }
        if (s.has("enum")) {
            boolean found = false;
            for (JsonNode e : s.path("enum")) {
                found |= e.equals(value);
            }
            if (!found) {
                problems.add(at + " is not one of " + s.path("enum") + ": " + value);
            }
        }
        if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                validate(s.path("items"), value.get(i), at + "[" + i + "]", problems);
            }
        }
        if (value.isObject() && (s.has("properties") || s.has("additionalProperties"))) {
            s.path("required").forEach(r -> {
                if (!value.has(r.asText())) {
                    problems.add(at + "." + r.asText() + " is required but missing");
                }
            });
            value.properties().forEach(e -> {
                JsonNode prop = s.path("properties").path(e.getKey());
                JsonNode extra = s.path("additionalProperties");
                if (!prop.isMissingNode()) {
                    validate(prop, e.getValue(), at + "." + e.getKey(), problems);
                } else if (extra.isObject()) {
                    validate(extra, e.getValue(), at + "." + e.getKey(), problems);
                } else if (!(extra.isBoolean() && extra.asBoolean())) {
                    problems.add(at + "." + e.getKey() + " is not documented");
                }
            });
        }
    }
}
