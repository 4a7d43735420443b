package org.storebox.peripherals.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.storebox.api.auth.TokenVerifier;
import org.storebox.api.peripheral.PeripheralStatus;
import org.storebox.api.peripheral.PrintDocument;
import org.storebox.api.peripheral.SelfTest;
import org.storebox.api.peripheral.Weight;
import org.storebox.api.sale.Sale;
import org.storebox.json.Json;
import org.storebox.web.http.Caller;
import org.storebox.web.http.Http;
import org.storebox.web.http.Problem;
import org.storebox.web.http.Scope;

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

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", "no-store");
        Http.answer(req, resp, () -> {
            try {
                route(req, resp);
            } catch (DeviceException e) {
                throw e.reason == DeviceException.Reason.REFUSED ? new Problem(422, "Unprocessable content", e.getMessage())
                        : new Problem(503, "Service unavailable", e.getMessage());
            }
        });
    }

    private void route(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller.of(req, tokens).need(Scope.TERMINAL);
        String[] seg = Http.segments(req);
        if (seg.length == 0) {
            Http.allow(req, "the device list", "GET");
            Map<String, Object> body = new LinkedHashMap<>();
            List<Object> list = new ArrayList<>();
            manager.list().forEach(v -> list.add(view(v)));
            body.put("peripherals", list);
            body.put("clashes", clashes());
            Http.json(resp, 200, body);
        } else if (seg.length == 1 && seg[0].equals("events")) {
            Http.allow(req, "the event stream", "GET");
            stream(req, resp);
        } else if (seg.length <= 2) {
            Device d = manager.kept(seg[0]).orElseThrow(() -> Problem.notFound("no device named '" + seg[0]
                    + "'; GET /api/v1/peripherals lists the devices"));
            if (seg.length == 1) {
                Http.allow(req, "a device", "GET");
                Http.json(resp, 200, view(manager.view(d)));
            } else {
                operation(req, resp, d, seg[1]);
            }
        } else {
            throw notFound(req.getMethod(), String.join("/", seg));
        }
    }

    private void operation(HttpServletRequest req, HttpServletResponse resp, Device d, String op) throws IOException {
        if (!METHODS.containsKey(op)) {
            throw Problem.notFound("no operation '" + op + "'; a " + d.kind.wire() + " has: " + String.join(", ",
                    d.allOperations()));
        }
        if (!op.equals("selftest") && !d.operations().contains(op)) {
            throw Problem.badRequest(d.name + " is a " + d.kind.wire() + ", which cannot '" + op + "'; a " + d.kind.wire()
                    + " has: " + String.join(", ", d.allOperations()));
        }
        Http.allow(req, "'" + op + "'", METHODS.get(op));
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
        Http.json(resp, 200, out);
    }

    private void print(HttpServletRequest req, Device d, Map<String, Object> out) throws IOException {
        JsonNode b = body(req);
        only(b, Set.of("sale_id", "document"));
        boolean bySale = b.has("sale_id");
        if (bySale == b.has("document")) {
            throw Problem.badRequest("send either {\"sale_id\": \"...\"} or {\"document\": {\"blocks\": [...]}}, not both "
                    + "and not neither");
        }
        PrintDocument doc;
        String warning = null;
        if (bySale) {
            JsonNode id = b.get("sale_id");
            if (!id.isTextual() || id.asText().isBlank()) {
                throw Problem.badRequest("sale_id must be the sale's id as a string");
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
            throw Problem.badRequest("document must be an object like {\"blocks\": [{\"type\": \"text\", \"text\": \"...\"}]}");
        }
        PrintDocument doc;
        try {
            doc = Json.mapper().treeToValue(n, PrintDocument.class);
        } catch (JsonMappingException e) {
            throw Problem.badRequest("the document is not a print document: " + e.getOriginalMessage() + " at "
                    + path(e));
        } catch (JsonProcessingException e) {
            throw Problem.badRequest("the document is not a print document: " + e.getOriginalMessage());
        }
        if (doc.blocks == null || doc.blocks.isEmpty()) {
            throw Problem.badRequest("the document has no blocks; add at least one, such as {\"type\": \"text\", \"text\": \"...\"}");
        }
        for (int i = 0; i < doc.blocks.size(); i++) {
            PrintDocument.Block bl = doc.blocks.get(i);
            String at = "block " + (i + 1);
            if (bl == null || bl.type == null) {
                throw Problem.badRequest(at + " has no type; use one of " + sorted(BLOCK_TYPES));
            }
            if (!BLOCK_TYPES.contains(bl.type)) {
                throw Problem.badRequest(at + " has type '" + bl.type + "', which the print API does not know; use one of "
                        + sorted(BLOCK_TYPES));
            }
            if (bl.align != null && !ALIGNS.contains(bl.align)) {
                throw Problem.badRequest(at + " has align '" + bl.align + "'; use left, center or right");
            }
            switch (bl.type) {
                case "text" -> {
                    if (bl.text == null) {
                        throw Problem.badRequest(at + " (text) needs \"text\" (an empty string prints an empty line)");
                    }
                }
                case "barcode" -> {
                    if (bl.text == null || bl.text.isEmpty()) {
                        throw Problem.badRequest(at + " (barcode) needs the code in \"text\"");
                    }
                    if (bl.symbology == null || !SYMBOLOGIES.contains(bl.symbology)) {
                        throw Problem.badRequest(at + " (barcode) needs \"symbology\": one of " + sorted(SYMBOLOGIES));
                    }
                }
                case "qr" -> {
                    if (bl.text == null || bl.text.isEmpty()) {
                        throw Problem.badRequest(at + " (qr) needs the data in \"text\"");
                    }
                }
                case "feed" -> {
                    if (bl.lines < 1 || bl.lines > 255) {
                        throw Problem.badRequest(at + " (feed) needs \"lines\" from 1 to 255");
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
        throw Problem.badRequest("timeout_ms must be a whole number of milliseconds from 0 to "
                + PeripheralManager.MAX_WEIGH_TIMEOUT_MS + ", not '" + param + "'");
    }

    private static String line(JsonNode b, String field) {
        JsonNode n = b.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw Problem.badRequest(field + " must be a string (or null for an empty line)");
        }
        return n.asText();
    }

    private static void only(JsonNode b, Set<String> allowed) {
        b.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                throw Problem.badRequest("unknown field '" + f + "'; this call takes " + sorted(allowed));
            }
        });
    }

    private static JsonNode body(HttpServletRequest req) throws IOException {
        JsonNode n = Http.parse(Http.body(req, MAX_BODY, Http.JSON), JsonNode.class, "the body");
        if (!n.isObject()) {
            throw Problem.badRequest("the body must be a JSON object");
        }
        return n;
    }

    private static Problem notFound(String m, String path) {
        return Problem.notFound("no such call: " + m + " /api/v1/peripherals/" + path + "; see GET /api/v1/peripherals, "
                + "GET /api/v1/peripherals/{name}, POST .../{name}/selftest|print|open|zero|display, GET .../{name}/weight and GET "
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
}
