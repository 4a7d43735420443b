package org.storebox.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.storebox.api.alert.Alert;
import org.storebox.api.auth.ClientCredentials;
import org.storebox.api.auth.ClientInfo;
import org.storebox.api.catalog.Product;
import org.storebox.api.peripheral.PrintDocument;
import org.storebox.api.restock.Reasoning;
import org.storebox.api.restock.Suggestion;
import org.storebox.api.sale.DayReport;
import org.storebox.api.sale.Receipt;
import org.storebox.api.sale.ReturnRequest;
import org.storebox.api.sale.Sale;
import org.storebox.api.sale.SaleLine;
import org.storebox.api.sale.SaleLineRequest;
import org.storebox.api.sale.SaleRequest;
import org.storebox.api.sale.Tender;
import org.storebox.api.sale.TenderRequest;
import org.storebox.api.sale.TrialBalance;
import org.storebox.api.stock.StockDocument;
import org.storebox.api.stock.StockLevel;
import org.storebox.api.stock.StockLine;
import org.storebox.web.http.Scope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

/**
 * The OpenAPI document served at {@code GET /api/v1/openapi.json}: it is OpenAPI 3.0, documents
 * exactly the routes the servlets serve with the scope each needs, its references resolve, its
 * schemas match the wire DTOs, and its examples match its schemas.
 */
class OpenApiDocumentTest {
    /**
     * Every route of {@link ApiServlet}, written out by hand from its {@code route} method: method,
     * path under the server URL {@code /api/v1}, and the scope it checks ({@code -}: any valid token).
     */
    static final List<String> API_ROUTES = List.of(
            "POST /sales terminal",
            "GET /sales/{id} terminal",
            "POST /sales/{id}/void manager",
            "POST /returns terminal",
            "GET /products terminal",
            "GET /products/{sku} terminal",
            "PUT /products/{sku} manager",
            "POST /products/import manager",
            "GET /stock/{sku} terminal",
            "POST /stock/receipts manager",
            "POST /stock/counts manager",
            "GET /day-report terminal",
            "POST /day-close terminal",
            "GET /journal/trial-balance manager",
            "POST /terminals admin",
            "GET /terminals admin",
            "POST /terminals/{id}/deactivate admin",
            "POST /clients admin",
            "GET /clients admin",
            "POST /clients/{id}/deactivate admin",
            "GET /status terminal",
            "GET /openapi.json -",
            // The other bundles' servlets under /api/v1 (AlertsServlet, ManagersServlet, PeripheralsServlet,
            // RestockServlet, WebhooksServlet); "terminal" there means any of the three scopes.
            "GET /alerts terminal",
            "GET /alerts/{id} terminal",
            "POST /alerts/{id}/acknowledge manager",
            "GET /managers admin",
            "POST /managers admin",
            "GET /peripherals terminal",
            "GET /peripherals/events terminal",
            "GET /peripherals/{name} terminal",
            "POST /peripherals/{name}/selftest terminal",
            "POST /peripherals/{name}/print terminal",
            "POST /peripherals/{name}/open terminal",
            "GET /peripherals/{name}/weight terminal",
            "POST /peripherals/{name}/zero terminal",
            "POST /peripherals/{name}/display terminal",
            "GET /restock/suggestions manager",
            "GET /restock/suggestions/{sku} manager",
            "POST /restock/suggestions/{sku}/state manager",
            "POST /restock/recompute manager",
            "GET /webhooks admin",
            "POST /webhooks/{name}/parked/requeue admin",
            "POST /webhooks/{name}/parked/dismiss admin");

    /** POST routes that read no body. */
    static final Set<String> NO_BODY = Set.of("/terminals/{id}/deactivate", "/clients/{id}/deactivate", "/alerts/{id}/acknowledge",
            "/peripherals/{name}/selftest", "/peripherals/{name}/open", "/peripherals/{name}/zero", "/restock/recompute",
            "/webhooks/{name}/parked/requeue", "/webhooks/{name}/parked/dismiss");

    /** Routes of TokenServlet, HealthServlet and MetricsServlet: outside /api/v1, documented with a path-level server "/". */
    static final List<String> ROOT_ROUTES = List.of("POST /oauth2/token", "GET /health", "GET /metrics");

    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    /** BigDecimal properties written as JSON numbers by org.storebox.json.Json (its QUANTITIES). */
    static final Set<String> QUANTITIES = Set.of("qty", "on_hand");
    static final Pattern SNAKE = Pattern.compile("^[a-z][a-z0-9]*(_[a-z0-9]+)*$");

    static JsonNode doc;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/static/openapi.json")) {
            assertNotNull(in, "static/openapi.json is on the classpath");
            doc = new ObjectMapper().readTree(in);
        }
    }

    @Test
    void isOpenApi30WithTheApiServer() {
        assertTrue(doc.path("openapi").asText().matches("3\\.0\\.\\d+"), () -> "OpenAPI 3.0.x: " + doc.path("openapi"));
        assertFalse(doc.path("info").path("title").asText().isBlank(), "info.title");
        assertFalse(doc.path("info").path("version").asText().isBlank(), "info.version");
        assertEquals(1, doc.path("servers").size(), "one server");
        assertEquals("/api/v1", doc.path("servers").path(0).path("url").asText(), "the API is served under /api/v1");
    }

    @Test
    void documentsExactlyTheRoutesTheServletsServe() {
        Set<String> expected = new TreeSet<>();
        for (String r : API_ROUTES) {
            String[] p = r.split(" ");
            expected.add(p[0] + " " + p[1]);
        }
        expected.addAll(ROOT_ROUTES);
        Set<String> documented = new TreeSet<>();
        doc.path("paths").properties().forEach(e -> e.getValue().properties().forEach(m -> {
            if (METHODS.contains(m.getKey())) {
                documented.add(m.getKey().toUpperCase() + " " + e.getKey());
            }
        }));
        assertEquals(expected, documented, "documented operations = routes of ApiServlet, TokenServlet, HealthServlet, MetricsServlet");
    }

    @Test
    void apiOperationsNeedABearerTokenWithTheirScope() {
        for (String r : API_ROUTES) {
            String[] p = r.split(" ");
            JsonNode path = doc.path("paths").path(p[1]);
            assertTrue(path.path("servers").isMissingNode(), () -> p[1] + " is under the API server, no override");
            JsonNode op = path.path(p[0].toLowerCase());
            JsonNode security = op.path("security");
            assertTrue(security.isArray() && security.size() > 0, () -> r + ": security given per operation");
            List<String> oauth = new ArrayList<>();
            boolean bearer = false;
            for (JsonNode req : security) {
                assertFalse(req.isEmpty(), () -> r + ": no anonymous alternative");
                req.path("oauth2").forEach(s -> oauth.add(s.asText()));
                bearer |= req.has("bearerAuth");
            }
            assertTrue(security.findParent("oauth2") != null, () -> r + ": an oauth2 requirement");
            assertEquals(p[2].equals("-") ? List.of() : List.of(p[2]), oauth, () -> r + ": the scope the servlet checks");
            assertTrue(bearer, () -> r + ": the bearer scheme too");
            assertTrue(op.path("responses").has("401"), () -> r + ": documents 401");
            if (p[2].equals("manager") || p[2].equals("admin")) {
                assertTrue(op.path("responses").has("403"), () -> r + ": documents 403");
            }
        }
    }

    @Test
    void tokenHealthAndMetricsLiveAtTheRootAndNeedNoBearerToken() {
        for (String r : ROOT_ROUTES) {
            String[] p = r.split(" ");
            JsonNode path = doc.path("paths").path(p[1]);
            assertEquals(1, path.path("servers").size(), () -> p[1] + ": a path-level server override");
            assertEquals("/", path.path("servers").path(0).path("url").asText(), () -> p[1] + " is served at the root");
            JsonNode security = path.path(p[0].toLowerCase()).path("security");
            assertTrue(security.isArray(), () -> r + ": security given");
            assertTrue(security.findParent("oauth2") == null && security.findParent("bearerAuth") == null,
                    () -> r + ": no bearer token needed");
        }
        JsonNode token = doc.at("/paths/~1oauth2~1token/post");
        assertTrue(token.at("/requestBody/content").has("application/x-www-form-urlencoded"), "the token request is a form");
        assertEquals("#/components/schemas/OAuthError", token.at("/responses/400/content/application~1json/schema/$ref").asText());
        assertEquals("#/components/schemas/OAuthError", token.at("/responses/401/content/application~1json/schema/$ref").asText());
        assertTrue(doc.at("/paths/~1metrics/get/responses/200/content").has("text/plain"), "metrics are Prometheus text");
        assertTrue(doc.at("/paths/~1health/get/responses").has("503"), "health answers 503 when unhealthy");
    }

    @Test
    void securitySchemesAreOAuth2ClientCredentialsAndBearer() {
        JsonNode oauth = doc.at("/components/securitySchemes/oauth2");
        assertEquals("oauth2", oauth.path("type").asText());
        JsonNode flow = oauth.at("/flows/clientCredentials");
        assertEquals("/oauth2/token", flow.path("tokenUrl").asText());
        Set<String> scopes = new LinkedHashSet<>();
        flow.path("scopes").fieldNames().forEachRemaining(scopes::add);
        assertEquals(List.of("terminal", "manager", "admin"), List.copyOf(scopes));
        for (String s : scopes) {
            assertEquals(s, Scope.parse(s).value(), "a scope the box knows");
        }
        JsonNode bearer = doc.at("/components/securitySchemes/bearerAuth");
        assertEquals("http", bearer.path("type").asText());
        assertEquals("bearer", bearer.path("scheme").asText());
    }

    @Test
    void everyRefResolvesAndEveryComponentIsUsed() {
        Set<String> refs = new TreeSet<>();
        collectRefs(doc, refs);
        assertFalse(refs.isEmpty());
        for (String ref : refs) {
            assertTrue(ref.startsWith("#/components/"), () -> "a local component reference: " + ref);
            assertFalse(doc.at(ref.substring(1)).isMissingNode(), () -> "reference resolves: " + ref);
        }
        for (String kind : List.of("schemas", "responses", "parameters", "headers")) {
            doc.path("components").path(kind).fieldNames().forEachRemaining(name -> assertTrue(
                    refs.contains("#/components/" + kind + "/" + name), () -> "component used: " + kind + "/" + name));
        }
    }

    @Test
    void operationsHaveUniqueIdsAndASuccessAnswer() {
        Set<String> ids = new HashSet<>();
        forEachOperation((where, op) -> {
            assertTrue(ids.add(op.path("operationId").asText()), () -> where + ": unique operationId");
            assertFalse(op.path("summary").asText().isBlank(), () -> where + ": summary");
            boolean success = false;
            for (Iterator<String> it = op.path("responses").fieldNames(); it.hasNext();) {
                success |= it.next().startsWith("2");
            }
            assertTrue(success, () -> where + ": a 2xx answer");
        });
    }

    @Test
    void apiRefusalsAreProblemJson() {
        JsonNode problem = doc.at("/components/schemas/Problem");
        Set<String> required = new HashSet<>();
        problem.path("required").forEach(n -> required.add(n.asText()));
        assertEquals(Set.of("type", "title", "status", "detail"), required);
        for (String r : API_ROUTES) {
            String[] p = r.split(" ");
            JsonNode responses = doc.path("paths").path(p[1]).path(p[0].toLowerCase()).path("responses");
            responses.properties().forEach(e -> {
                if (e.getKey().startsWith("4") || e.getKey().startsWith("5")) {
                    JsonNode resp = resolve(e.getValue());
                    JsonNode content = resp.path("content");
                    assertEquals(List.of("application/problem+json"), names(content), () -> r + " " + e.getKey());
                    assertEquals("#/components/schemas/Problem", content.path("application/problem+json").path("schema")
                            .path("$ref").asText(), () -> r + " " + e.getKey());
                }
            });
        }
    }

    /** Every servlet answers a service's UNAVAILABLE with Retry-After; only a device that is not ready (peripherals) has none. */
    @Test
    void every503OfTheApiDocumentsRetryAfterButTheDevices() {
        for (String r : API_ROUTES) {
            String[] p = r.split(" ");
            JsonNode unavailable = doc.path("paths").path(p[1]).path(p[0].toLowerCase()).path("responses").path("503");
            if (unavailable.isMissingNode()) {
                continue;
            }
            boolean device = p[1].startsWith("/peripherals/");
            assertEquals(!device, resolve(unavailable).path("headers").has("Retry-After"), () -> r + ": 503 with Retry-After");
        }
    }

    @Test
    void requestBodiesUseTheMediaTypesTheServletReads() {
        for (String r : API_ROUTES) {
            String[] p = r.split(" ");
            JsonNode body = doc.path("paths").path(p[1]).path(p[0].toLowerCase()).path("requestBody");
            boolean reads = !p[0].equals("GET") && !NO_BODY.contains(p[1]);
            assertEquals(reads, !body.isMissingNode(), () -> r + ": a request body exactly when the servlet reads one");
            if (reads) {
                List<String> expected = p[1].equals("/products/import")
                        ? List.of("application/x-ndjson", "application/jsonl", "application/json-lines")
                        : List.of("application/json");
                assertEquals(expected, names(body.path("content")), () -> r + ": media types");
                assertTrue(body.path("required").asBoolean(), () -> r + ": body required");
                for (String refusal : List.of("400", "413", "415")) {
                    assertTrue(doc.path("paths").path(p[1]).path(p[0].toLowerCase()).path("responses").has(refusal),
                            () -> r + ": documents " + refusal);
                }
            }
        }
    }

    /** The schemas list the fields of the wire DTOs (snake_case) with the JSON types the mapping writes. */
    @Test
    void schemasMatchTheWireDtos() {
        Map<String, Class<?>> dtos = new LinkedHashMap<>();
        dtos.put("SaleRequest", SaleRequest.class);
        dtos.put("SaleLineRequest", SaleLineRequest.class);
        dtos.put("TenderRequest", TenderRequest.class);
        dtos.put("ReturnRequest", ReturnRequest.class);
        dtos.put("VoidRequest", ApiServlet.VoidBody.class);
        dtos.put("DayCloseRequest", ApiServlet.CloseBody.class);
        dtos.put("RegistrationRequest", ApiServlet.NameBody.class);
        dtos.put("ProductInput", Product.class);
        dtos.put("Product", Product.class);
        dtos.put("StockDocument", StockDocument.class);
        dtos.put("StockLine", StockLine.class);
        dtos.put("StockLevel", StockLevel.class);
        dtos.put("Sale", Sale.class);
        dtos.put("SaleLine", SaleLine.class);
        dtos.put("Tender", Tender.class);
        dtos.put("Receipt", Receipt.class);
        dtos.put("DayReport", DayReport.class);
        dtos.put("TrialBalance", TrialBalance.class);
        dtos.put("TrialBalanceAccount", TrialBalance.Account.class);
        dtos.put("ClientCredentials", ClientCredentials.class);
        dtos.put("ClientInfo", ClientInfo.class);
        dtos.put("Alert", Alert.class);
        dtos.put("RestockSuggestion", Suggestion.class);
        dtos.put("RestockReasoning", Reasoning.class);
        dtos.put("PrintDocument", PrintDocument.class);
        dtos.put("PrintBlock", PrintDocument.Block.class);
        PropertyNamingStrategies.NamingBase snake = (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
        dtos.forEach((name, type) -> {
            JsonNode schema = doc.path("components").path("schemas").path(name);
            assertFalse(schema.isMissingNode(), () -> "schema " + name);
            boolean input = schema.path("additionalProperties").isBoolean() && !schema.path("additionalProperties").asBoolean();
            Map<String, Field> fields = new LinkedHashMap<>();
            for (Field f : type.getFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    fields.put(snake.translate(f.getName()), f);
                }
            }
            assertEquals(new TreeSet<>(fields.keySet()), new TreeSet<>(names(schema.path("properties"))),
                    () -> name + " has the fields of " + type.getName());
            fields.forEach((prop, f) -> {
                String where = name + "." + prop;
                Set<String> types = types(schema.path("properties").path(prop));
                Class<?> t = f.getType();
                if (t == BigDecimal.class && QUANTITIES.contains(prop)) {
                    assertEquals(Set.of("number"), types, () -> where + " is a JSON number");
                } else if (t == BigDecimal.class) {
                    assertEquals(input ? Set.of("string:decimal", "number") : Set.of("string:decimal"), types,
                            () -> where + (input ? " accepts a decimal string or a number" : " is a decimal string"));
                } else if (t == Instant.class) {
                    assertEquals(Set.of("string:date-time"), types, where);
                } else if (t == LocalDate.class) {
                    assertEquals(Set.of("string:date"), types, where);
                } else if (t == String.class) {
                    assertTrue(types.size() == 1 && types.iterator().next().startsWith("string"), () -> where + " is a string: " + types);
                } else if (t == boolean.class || t == Boolean.class) {
                    assertEquals(Set.of("boolean"), types, where);
                } else if (t == int.class || t == long.class) {
                    assertEquals(Set.of("integer"), types, where);
                } else if (t == double.class || t == Double.class) {
                    assertEquals(Set.of("number"), types, where);
                } else if (t.isEnum()) {
                    assertEquals(Set.of("string"), types, where);
                } else if (List.class.isAssignableFrom(t)) {
                    assertEquals(Set.of("array"), types, where);
                } else {
                    assertEquals(Set.of("object"), types, where);
                }
            });
        });
        // Money as map values (takings per tender) is a decimal string like every other amount.
        assertEquals(Set.of("string:decimal"), types(doc.at("/components/schemas/DayReport/properties/tenders/additionalProperties")));
    }

    @Test
    void propertyNamesAreSnakeCase() {
        doc.path("components").path("schemas").properties().forEach(s -> s.getValue().path("properties").fieldNames()
                .forEachRemaining(p -> assertTrue(SNAKE.matcher(p).matches(), () -> s.getKey() + "." + p + " is snake_case")));
    }

    @Test
    void theHkdCashSaleExampleAddsUp() {
        JsonNode op = doc.at("/paths/~1sales/post");
        JsonNode request = op.at("/requestBody/content/application~1json/examples/cashHkd/value");
        JsonNode answer = op.at("/responses/201/content/application~1json/examples/cashHkd/value");
        assertEquals(request.path("id"), answer.path("id"), "the answer carries the terminal's id");
        assertEquals(2, request.at("/lines/0/qty").asInt());
        assertEquals("10.00", request.at("/tenders/0/amount").asText());
        assertEquals("cash", request.at("/tenders/0/type").asText());
        assertEquals("HKD", answer.path("currency").asText());
        assertEquals("4.50", answer.at("/lines/0/unit_price").asText());
        assertEquals("9.00", answer.path("total").asText());
        assertEquals("9.00", answer.path("amount_due").asText());
        assertEquals("1.00", answer.path("change").asText());
        assertEquals(answer, op.at("/responses/200/content/application~1json/examples/cashHkd/value"), "a retry answers the same sale");
    }

    @Test
    void examplesMatchTheirSchemas() {
        List<String> problems = new ArrayList<>();
        int[] checked = { 0 };
        forEachOperation((where, op) -> {
            List<Map.Entry<String, JsonNode>> media = new ArrayList<>();
            resolve(op.path("requestBody")).path("content").properties().forEach(e -> media.add(Map.entry(where + " request " + e.getKey(), e.getValue())));
            op.path("responses").properties().forEach(r -> resolve(r.getValue()).path("content").properties()
                    .forEach(e -> media.add(Map.entry(where + " " + r.getKey() + " " + e.getKey(), e.getValue()))));
            for (Map.Entry<String, JsonNode> m : media) {
                JsonNode schema = m.getValue().path("schema");
                m.getValue().path("examples").properties().forEach(ex -> {
                    checked[0]++;
                    validate(schema, resolve(ex.getValue()).path("value"), m.getKey() + " example " + ex.getKey(), problems);
                });
                if (m.getValue().has("example") && m.getKey().endsWith("json")) {
                    checked[0]++;
                    validate(schema, m.getValue().path("example"), m.getKey() + " example", problems);
                }
            }
        });
        String lines = doc.at("/paths/~1products~1import/post/requestBody/content/application~1x-ndjson/example").asText();
        for (String line : lines.split("\n")) {
            checked[0]++;
            try {
                validate(ref("schemas/ProductInput"), new ObjectMapper().readTree(line), "import line " + line, problems);
            } catch (IOException e) {
                problems.add("import example line is not JSON: " + line);
            }
        }
        assertTrue(checked[0] > 20, () -> "examples checked: " + checked[0]);
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @Test
    void theValidatorCatchesAWrongExample() {
        List<String> problems = new ArrayList<>();
        JsonNode sale = doc.at("/paths/~1sales/post/responses/201/content/application~1json/examples/cashHkd/value").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) sale).put("total", 9.0);
        ((com.fasterxml.jackson.databind.node.ObjectNode) sale).put("totl", "9.00");
        validate(ref("schemas/Sale"), sale, "sale", problems);
        assertTrue(problems.stream().anyMatch(p -> p.contains("sale.total")), () -> problems.toString());
        problems.clear();
        JsonNode request = new ObjectMapper().createObjectNode().put("id", "x").put("colour", "red");
        validate(ref("schemas/SaleRequest"), request, "req", problems);
        assertTrue(problems.stream().anyMatch(p -> p.contains("colour")), () -> problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("lines")), () -> problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("req.id")), () -> problems.toString());
    }

    // ------------------------------------------------------------------ helpers

    interface OperationVisitor {
        void visit(String where, JsonNode operation);
    }

    static void forEachOperation(OperationVisitor v) {
        doc.path("paths").properties().forEach(p -> p.getValue().properties().forEach(m -> {
            if (METHODS.contains(m.getKey())) {
                v.visit(m.getKey().toUpperCase() + " " + p.getKey(), m.getValue());
            }
        }));
    }

    static JsonNode ref(String component) {
        return new ObjectMapper().createObjectNode().put("$ref", "#/components/" + component);
    }

    static JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            node = doc.at(node.path("$ref").asText().substring(1));
        }
        return node;
    }

    static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static void collectRefs(JsonNode node, Collection<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, refs));
        }
    }

    /** The JSON types a schema admits, as "type" or "type:format", through $ref, allOf and oneOf. */
    static Set<String> types(JsonNode schema) {
        JsonNode s = resolve(schema);
        Set<String> out = new TreeSet<>();
        if (s.has("type")) {
            out.add(s.path("type").asText() + (s.has("format") && s.path("type").asText().equals("string")
                    && !s.path("format").asText().equals("uuid") ? ":" + s.path("format").asText() : ""));
        }
        for (String k : List.of("allOf", "oneOf", "anyOf")) {
            s.path(k).forEach(sub -> out.addAll(types(sub)));
        }
        return out;
    }

    /** A small validator for the OpenAPI 3.0 schema keywords this document uses. */
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
        if (value.isTextual()) {
            String text = value.asText();
            if (s.has("pattern") && !Pattern.compile(s.path("pattern").asText()).matcher(text).find()) {
                problems.add(at + " does not match " + s.path("pattern").asText() + ": " + text);
            }
            if (s.has("maxLength") && text.codePointCount(0, text.length()) > s.path("maxLength").asInt()) {
                problems.add(at + " is longer than " + s.path("maxLength").asInt());
            }
            try {
                switch (s.path("format").asText("")) {
                    case "date-time" -> OffsetDateTime.parse(text);
                    case "date" -> LocalDate.parse(text);
                    case "uuid" -> {
                        if (!UUID.fromString(text).toString().equals(text)) {
                            problems.add(at + " is not a canonical UUID: " + text);
                        }
                    }
                    default -> {
                    }
                }
            } catch (RuntimeException e) {
                problems.add(at + " is not a valid " + s.path("format").asText() + ": " + text);
            }
        }
        if (value.isNumber()) {
            if (s.has("minimum")) {
                int c = value.decimalValue().compareTo(s.path("minimum").decimalValue());
                if (c < 0 || (c == 0 && s.path("exclusiveMinimum").asBoolean(false))) {
                    problems.add(at + " is below the minimum: " + value);
                }
            }
            if (s.has("maximum") && value.decimalValue().compareTo(s.path("maximum").decimalValue()) > 0) {
                problems.add(at + " is above the maximum: " + value);
            }
        }
        if (value.isArray()) {
            if (s.has("minItems") && value.size() < s.path("minItems").asInt()) {
                problems.add(at + " has fewer than " + s.path("minItems").asInt() + " items");
            }
            for (int i = 0; i < value.size(); i++) {
                if (s.has("items")) {
                    validate(s.path("items"), value.get(i), at + "[" + i + "]", problems);
                }
            }
        }
        if (value.isObject()) {
            s.path("required").forEach(r -> {
                if (!value.has(r.asText())) {
                    problems.add(at + "." + r.asText() + " is required");
                }
            });
            value.properties().forEach(e -> {
                JsonNode prop = s.path("properties").path(e.getKey());
                JsonNode extra = s.path("additionalProperties");
                if (!prop.isMissingNode()) {
                    validate(prop, e.getValue(), at + "." + e.getKey(), problems);
                } else if (extra.isObject()) {
                    validate(extra, e.getValue(), at + "." + e.getKey(), problems);
                } else if (extra.isBoolean() && !extra.asBoolean()) {
                    problems.add(at + "." + e.getKey() + " is not a known field");
                }
            });
        }
    }
}
