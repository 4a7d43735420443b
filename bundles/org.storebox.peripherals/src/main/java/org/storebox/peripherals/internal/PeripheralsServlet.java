package org.storebox.peripherals.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.auth.TokenVerifier;
import org.storebox.api.common.StoreboxException;
import org.storebox.api.peripheral.PeripheralStatus;
import org.storebox.api.peripheral.PrintDocument;
import org.storebox.api.peripheral.SelfTest;
import org.storebox.api.peripheral.Weight;
import org.storebox.api.sale.Sale;
import org.storebox.json.Json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /api/v1/peripherals}: the device list, one device, its operations by kind (print, open,
 * weight, display, selftest) and the live event stream, all with the API's bearer tokens (any of
 * the scopes terminal, manager, admin).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({ "/api/v1/peripherals", "/api/v1/peripherals/*" })
@HttpWhiteboardServletAsyncSupported
public class PeripheralsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PeripheralsServlet.class);
    private static final List<String> SCOPES = List.of("terminal", "manager", "admin");
    private static final int MAX_BODY = 256 * 1024;
    private static final Set<String> BLOCK_TYPES = Set.of("text", "barcode", "qr", "feed", "cut", "kick");
    private static final Set<String> ALIGNS = Set.of("left", "center", "right");
    private static final Set<String> SYMBOLOGIES = Set.of("EAN13", "EAN8", "UPCA", "CODE128");
    /** Every operation there is, with its method. */
    private static final Map<String, String> METHODS = Map.of("selftest", "POST", "print", "POST", "open", "POST", "weight", "GET",
            "zero", "POST", "display", "POST");

    private final transient PeripheralManager manager;
    private final transient TokenVerifier tokens;

    @Activate
    public PeripheralsServlet(@Reference PeripheralManager manager, @Reference TokenVerifier tokens) {
        this.manager = manager;
        this.tokens = tokens;
    }

    /** A refusal with its HTTP status and a sentence that says what to fix. */
    static final class Problem extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String title;
        final transient Map<String, String> headers = new LinkedHashMap<>();

        Problem(int status, String title, String detail) {
            super(detail);
            this.status = status;
            this.title = title;
        }

        Problem header(String name, String value) {
            headers.put(name, value);
            return this;
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", "no-store");
        String m = req.getMethod();
        try {
            String h = req.getHeader("Authorization");
            Optional<String[]> who = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? tokens.verifyBearer(h.substring(7).trim()) : Optional.empty();
            if (who.isEmpty()) {
                throw new Problem(401, "Unauthorized", "this call needs a valid access token from POST /oauth2/token, sent as "
                        + "'Authorization: Bearer <token>'").header("WWW-Authenticate", "Bearer realm=\"storebox\"");
            }
            if (!SCOPES.contains(who.get()[1])) {
                throw new Problem(403, "Forbidden", "the peripherals need a token with the 'terminal', 'manager' or 'admin' scope; client "
                        + who.get()[0] + " has '" + who.get()[1] + "'").header("WWW-Authenticate",
                                "Bearer realm=\"storebox\", error=\"insufficient_scope\", scope=\"terminal\"");
            }
            String path = req.getPathInfo() == null || req.getPathInfo().equals("/") ? "" : req.getPathInfo().substring(1);
            String[] seg = path.isEmpty() ? new String[0] : path.split("/", -1);
            if (seg.length == 0) {
                method(m, "GET", "the device list");
                Map<String, Object> body = new LinkedHashMap<>();
                List<Object> list = new ArrayList<>();
                manager.list().forEach(v -> list.add(view(v)));
                body.put("peripherals", list);
                body.put("clashes", clashes());
                json(resp, 200, body);
            } else if (seg.length == 1 && seg[0].equals("events")) {
                method(m, "GET", "the event stream");
                stream(req, resp);
            } else if (seg.length <= 2) {
                Device d = manager.kept(seg[0]).orElseThrow(() -> new Problem(404, "Not found", "no device named '" + seg[0]
                        + "'; GET /api/v1/peripherals lists the devices"));
                if (seg.length == 1) {
                    method(m, "GET", "a device");
                    json(resp, 200, view(manager.view(d)));
                } else {
                    operation(req, resp, d, seg[1]);
                }
            } else {
                throw notFound(m, path);
            }
        } catch (Problem p) {
            p.headers.forEach(resp::setHeader);
            problem(resp, p.status, p.title, p.getMessage());
        } catch (DeviceException e) {
            if (e.reason == DeviceException.Reason.REFUSED) {
                problem(resp, 422, "Unprocessable content", e.getMessage());
            } else {
                problem(resp, 503, "Service unavailable", e.getMessage());
            }
        } catch (StoreboxException e) {
            switch (e.kind()) {
                case NOT_FOUND -> problem(resp, 404, "Not found", e.getMessage());
                case CONFLICT -> problem(resp, 409, "Conflict", e.getMessage());
                case UNAVAILABLE -> problem(resp, 503, "Service unavailable", e.getMessage());
                default -> problem(resp, 422, "Unprocessable content", e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.error("Request {} {} failed", m, req.getRequestURI(), e);
            problem(resp, 500, "Internal error", "the box failed to handle this request (" + e.getClass().getSimpleName() + ")");
        }
    }

    private void operation(HttpServletRequest req, HttpServletResponse resp, Device d, String op) throws IOException {
        String m = req.getMethod();
        if (!METHODS.containsKey(op)) {
            throw new Problem(404, "Not found", "no operation '" + op + "'; a " + d.kind.wire() + " has: " + String.join(", ",
                    d.allOperations()));
        }
        if (!op.equals("selftest") && !d.operations().contains(op)) {
            throw new Problem(400, "Bad request", d.name + " is a " + d.kind.wire() + ", which cannot '" + op + "'; a " + d.kind.wire()
                    + " has: " + String.join(", ", d.allOperations()));
        }
        method(m, METHODS.get(op), "'" + op + "'");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", d.name);
        switch (op) {
            case "selftest" -> {
                SelfTest t = manager.selfTest(d);
                out.put("passed", t.passed());
                out.put("message", t.message());
            }
            case "print" -> print(req, d, out);
            case "open" -> {
                manager.open(d);
                out.put("opened", true);
            }
            case "weight" -> {
                Weight w = manager.weigh(d, weighTimeout(req.getParameter("timeout_ms")));
                out.put("state", w.state().name().toLowerCase(Locale.ROOT));
                if (w.state() == Weight.State.STABLE) {
                    out.put("value", w.value().toPlainString());
                    out.put("unit", w.unit());
                }
            }
            case "zero" -> {
                manager.zero(d);
                out.put("zeroed", true);
            }
            case "display" -> {
                JsonNode b = body(req);
                only(b, Set.of("line1", "line2"));
                manager.show(d, line(b, "line1"), line(b, "line2"));
                out.put("shown", true);
            }
            default -> throw new IllegalStateException(op);
        }
        json(resp, 200, out);
    }

    private void print(HttpServletRequest req, Device d, Map<String, Object> out) throws IOException {
        JsonNode b = body(req);
        only(b, Set.of("sale_id", "document"));
        boolean bySale = b.has("sale_id");
        if (bySale == b.has("document")) {
            throw new Problem(400, "Bad request", "send either {\"sale_id\": \"...\"} or {\"document\": {\"blocks\": [...]}}, not both "
                    + "and not neither");
        }
        PrintDocument doc;
        String warning = null;
        if (bySale) {
            JsonNode id = b.get("sale_id");
            if (!id.isTextual() || id.asText().isBlank()) {
                throw new Problem(400, "Bad request", "sale_id must be the sale's id as a string");
            }
            Sale sale = manager.sale(id.asText());
            doc = manager.receiptDocument(sale);
            int columns = manager.columns(d);
            if (sale.receipt.width > 0 && columns > 0 && sale.receipt.width > columns) {
                warning = "the receipt is laid out for " + sale.receipt.width + " columns but " + d.name + " prints " + columns
                        + ": long lines wrap";
            }
            out.put("sale_id", sale.id);
        } else {
            doc = document(b.get("document"));
        }
        manager.print(d, doc);
        out.put("printed", true);
        out.put("blocks", doc.blocks.size());
        out.put("warnings", warning == null ? List.of() : List.of(warning));
    }

    /** A print document from JSON, refused whole when a block is malformed or of a type the API does not know. */
    static PrintDocument document(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new Problem(400, "Bad request", "document must be an object like {\"blocks\": [{\"type\": \"text\", \"text\": \"...\"}]}");
        }
        PrintDocument doc;
        try {
            doc = Json.mapper().treeToValue(n, PrintDocument.class);
        } catch (JsonMappingException e) {
            throw new Problem(400, "Bad request", "the document is not a print document: " + e.getOriginalMessage() + " at "
                    + path(e));
        } catch (JsonProcessingException e) {
            throw new Problem(400, "Bad request", "the document is not a print document: " + e.getOriginalMessage());
        }
        if (doc.blocks == null || doc.blocks.isEmpty()) {
            throw new Problem(400, "Bad request", "the document has no blocks; add at least one, such as {\"type\": \"text\", \"text\": \"...\"}");
        }
        for (int i = 0; i < doc.blocks.size(); i++) {
            PrintDocument.Block bl = doc.blocks.get(i);
            String at = "block " + (i + 1);
            if (bl == null || bl.type == null) {
                throw new Problem(400, "Bad request", at + " has no type; use one of " + sorted(BLOCK_TYPES));
            }
            if (!BLOCK_TYPES.contains(bl.type)) {
                throw new Problem(400, "Bad request", at + " has type '" + bl.type + "', which the print API does not know; use one of "
                        + sorted(BLOCK_TYPES));
            }
            if (bl.align != null && !ALIGNS.contains(bl.align)) {
                throw new Problem(400, "Bad request", at + " has align '" + bl.align + "'; use left, center or right");
            }
            switch (bl.type) {
                case "text" -> {
                    if (bl.text == null) {
                        throw new Problem(400, "Bad request", at + " (text) needs \"text\" (an empty string prints an empty line)");
                    }
                }
                case "barcode" -> {
                    if (bl.text == null || bl.text.isEmpty()) {
                        throw new Problem(400, "Bad request", at + " (barcode) needs the code in \"text\"");
                    }
                    if (bl.symbology == null || !SYMBOLOGIES.contains(bl.symbology)) {
                        throw new Problem(400, "Bad request", at + " (barcode) needs \"symbology\": one of " + sorted(SYMBOLOGIES));
                    }
                }
                case "qr" -> {
                    if (bl.text == null || bl.text.isEmpty()) {
                        throw new Problem(400, "Bad request", at + " (qr) needs the data in \"text\"");
                    }
                }
                case "feed" -> {
                    if (bl.lines < 1 || bl.lines > 255) {
                        throw new Problem(400, "Bad request", at + " (feed) needs \"lines\" from 1 to 255");
                    }
                }
                default -> {
                    // cut and kick take no fields
                }
            }
        }
        return doc;
    }

    private static String path(JsonMappingException e) {
        StringBuilder p = new StringBuilder("document");
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                p.append('.').append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                p.append('[').append(r.getIndex()).append(']');
            }
        }
        return p.toString();
    }

    private static String sorted(Set<String> s) {
        return String.join(", ", new java.util.TreeSet<>(s));
    }

    private Duration weighTimeout(String param) {
        if (param == null || param.isBlank()) {
            return manager.weighTimeout();
        }
        try {
            int ms = Integer.parseInt(param.strip());
            if (ms >= 0 && ms <= PeripheralManager.MAX_WEIGH_TIMEOUT_MS) {
                return Duration.ofMillis(ms);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new Problem(400, "Bad request", "timeout_ms must be a whole number of milliseconds from 0 to "
                + PeripheralManager.MAX_WEIGH_TIMEOUT_MS + ", not '" + param + "'");
    }

    private static String line(JsonNode b, String field) {
        JsonNode n = b.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new Problem(400, "Bad request", field + " must be a string (or null for an empty line)");
        }
        return n.asText();
    }

    private static void only(JsonNode b, Set<String> allowed) {
        b.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                throw new Problem(400, "Bad request", "unknown field '" + f + "'; this call takes " + sorted(allowed));
            }
        });
    }

    private static JsonNode body(HttpServletRequest req) throws IOException {
        String type = req.getContentType() == null ? "" : req.getContentType().split(";")[0].trim();
        if (!type.equalsIgnoreCase("application/json")) {
            throw new Problem(415, "Unsupported media type", "send the body as application/json");
        }
        byte[] bytes;
        try (InputStream in = req.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) {
            throw new Problem(413, "Content too large", "the body is larger than " + MAX_BODY / 1024 + " KiB; send a shorter document");
        }
        try {
            JsonNode n = Json.mapper().readTree(bytes);
            if (n == null || !n.isObject()) {
                throw new Problem(400, "Bad request", "the body must be a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new Problem(400, "Bad request", "the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static void method(String actual, String allowed, String what) {
        if (!actual.equals(allowed)) {
            throw new Problem(405, "Method not allowed", what + " takes " + allowed + ", not " + actual).header("Allow", allowed);
        }
    }

    private static Problem notFound(String m, String path) {
        return new Problem(404, "Not found", "no such call: " + m + " /api/v1/peripherals/" + path + "; see GET /api/v1/peripherals, "
                + "GET /api/v1/peripherals/{name}, POST .../{name}/selftest|print|open|display, GET .../{name}/weight and GET "
                + "/api/v1/peripherals/events");
    }

    private static Map<String, Object> view(PeripheralManager.View v) {
        Device d = v.device();
        PeripheralStatus s = v.status();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", d.name);
        m.put("kind", d.kind.wire());
        m.put("driver", d.driver);
        m.put("state", s.state() == null ? "error" : s.state().name().toLowerCase(Locale.ROOT));
        m.put("reason", s.reason());
        m.put("since", s.since());
        Map<String, String> detail = new java.util.TreeMap<>(s.detail());
        detail.putAll(v.callDetail());
        m.put("detail", detail);
        m.put("operations", d.allOperations());
        return m;
    }

    private List<Object> clashes() {
        List<Object> out = new ArrayList<>();
        manager.clashes().forEach((name, ds) -> {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", name);
            c.put("kept", ref(ds.get(0)));
            List<Object> ignored = new ArrayList<>();
            ds.subList(1, ds.size()).forEach(d -> ignored.add(ref(d)));
            c.put("ignored", ignored);
            out.add(c);
        });
        return out;
    }

    private static Map<String, Object> ref(Device d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("driver", d.driver);
        m.put("kind", d.kind.wire());
        m.put("service_id", d.serviceId);
        m.put("ranking", d.ranking);
        return m;
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
                manager.detach(a);
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                manager.detach(a);
            }

            @Override
            public void onError(AsyncEvent event) {
                manager.detach(a);
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // nothing to do
            }
        });
        resp.getOutputStream().write("retry: 3000\n\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        resp.flushBuffer();
        manager.attach(a, req.getHeader("Last-Event-ID"));
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
}
