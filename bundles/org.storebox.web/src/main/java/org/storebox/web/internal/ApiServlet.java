package org.storebox.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.auth.ClientCredentials;
import org.storebox.api.auth.ClientInfo;
import org.storebox.api.auth.ClientRegistry;
import org.storebox.api.catalog.CatalogService;
import org.storebox.api.catalog.Product;
import org.storebox.api.common.StoreboxException;
import org.storebox.api.outbox.OutboxEvent;
import org.storebox.api.outbox.OutboxBudget;
import org.storebox.api.outbox.OutboxService;
import org.storebox.api.outbox.OutboxUsage;
import org.storebox.api.sale.DayReport;
import org.storebox.api.sale.ReturnRequest;
import org.storebox.api.sale.Sale;
import org.storebox.api.sale.SaleRequest;
import org.storebox.api.sale.SaleResult;
import org.storebox.api.sale.SaleService;
import org.storebox.api.stock.StockDocument;
import org.storebox.api.stock.StockService;
import org.storebox.api.store.Database;
import org.storebox.api.store.StoreInfo;
import org.storebox.api.uplink.UplinkStatus;
import org.storebox.api.uplink.UplinkStatusService;
import org.storebox.web.http.Http;
import org.storebox.web.http.Problem;
import org.storebox.web.http.Scope;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The terminal API under {@code /api/v1}: every call carries a bearer token with a sufficient scope;
 * bodies are JSON with snake_case fields; refusals are problem+json with a sentence saying what to fix.
 */
@Component(service = Servlet.class, configurationPid = ApiConfig.PID)
@Designate(ocd = ApiConfig.class)
@HttpWhiteboardServletPattern("/api/v1/*")
public class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);
    private static final String JSON = "application/json";

    private final transient Auth auth;
    private final transient TransactionWatch transactions;
    private final transient Metrics metrics;
    private final transient SaleService sales;
    private final transient CatalogService catalog;
    private final transient StockService stock;
    private final transient OutboxService outbox;
    private final transient StoreInfo store;
    private final transient Database db;
    /** The uplink to HQ, when its bundle runs; the box trades without it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient UplinkStatusService uplink;
    /** The outbox's byte budget, when its component runs (it needs a valid configuration). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient OutboxBudget budget;
    private final int maxBody;
    private final int maxImport;

    /** Request body DTOs that exist only on the wire. */
    public static class NameBody {
        public String name;
        public String scope;
    }

    /** Body of a void. */
    public static class VoidBody {
        public String reason;
    }

    /** Body of a day close. */
    public static class CloseBody {
        public BigDecimal declaredCash;
    }

    @Activate
    public ApiServlet(ApiConfig config, @Reference Auth auth, @Reference Metrics metrics, @Reference SaleService sales,
            @Reference CatalogService catalog, @Reference StockService stock, @Reference OutboxService outbox,
            @Reference StoreInfo store, @Reference Database db, @Reference TransactionWatch transactions) {
        this.transactions = transactions;
        this.auth = auth;
        this.metrics = metrics;
        this.sales = sales;
        this.catalog = catalog;
        this.stock = stock;
        this.outbox = outbox;
        this.store = store;
        this.db = db;
        this.maxBody = config.max__body__bytes();
        this.maxImport = config.max__import__bytes();
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        metrics.requests.increment();
        resp.setHeader("Cache-Control", "no-store");
        Principal who = null;
        try {
            who = authenticate(req);
            route(req, resp, who);
        } catch (Problem f) {
            metrics.refused.increment();
            if (who != null && transaction(req)) {
                transactions.refused(who.clientId(), f.getMessage());
            }
            Http.problem(resp, f);
        } catch (StoreboxException e) {
            metrics.refused.increment();
            if (e.kind() == StoreboxException.Kind.UNAVAILABLE) {
                LOG.warn("Request {} {} refused: {}", req.getMethod(), req.getRequestURI(), e.getMessage());
            }
            if (who != null && transaction(req)) {
                if (e.kind() == StoreboxException.Kind.UNAVAILABLE) {
                    transactions.failed(who.clientId(), e.getMessage());
                } else {
                    transactions.refused(who.clientId(), e.getMessage());
                }
            }
            Http.problem(resp, Problem.of(e));
        } catch (RuntimeException e) {
            metrics.refused.increment();
            if (who != null && transaction(req)) {
                transactions.failed(who.clientId(), e.getClass().getSimpleName());
            }
            LOG.error("Request {} {} failed", req.getMethod(), req.getRequestURI(), e);
            Http.problem(resp, 500, "Internal error", "the box failed to handle this request (" + e.getClass().getSimpleName()
                    + "); nothing of it was stored unless a retry with the same id says otherwise");
        }
    }

    /** A sale, return or void: what terminals are judged by. */
    private static boolean transaction(HttpServletRequest req) {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        return req.getMethod().equals("POST") && (path.equals("/sales") || path.equals("/returns")
                || path.startsWith("/sales/") && path.endsWith("/void"));
    }

    private Principal authenticate(HttpServletRequest req) {
        String h = req.getHeader("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Problem(401, "Unauthorized", "this call needs an access token: get one from POST /oauth2/token and "
                    + "send it as 'Authorization: Bearer <token>'").header("WWW-Authenticate", "Bearer realm=\"storebox\"");
        }
        Object v = auth.verify(h.substring(7).trim());
        if (v instanceof Tokens.Rejected r) {
            throw new Problem(401, "Unauthorized", r.reason()).header("WWW-Authenticate",
                    "Bearer realm=\"storebox\", error=\"invalid_token\", error_description=\"" + r.reason() + "\"");
        }
        return (Principal) v;
    }

    private static void need(Principal who, Scope scope) {
        if (!who.scope().includes(scope)) {
            throw Problem.insufficientScope(who.clientId(), who.scope().value(), scope);
        }
    }

    private void route(HttpServletRequest req, HttpServletResponse resp, Principal who) throws IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        String[] seg = path.length() > 1 ? path.substring(1).split("/", -1) : new String[0];
        String m = req.getMethod();
        String first = seg.length > 0 ? seg[0] : "";
        switch (first) {
            case "sales" -> {
                if (seg.length == 1 && m.equals("POST")) {
                    need(who, Scope.TERMINAL);
                    postSale(req, resp, who);
                } else if (seg.length == 2 && m.equals("GET")) {
                    need(who, Scope.TERMINAL);
                    Http.json(resp, 200, sales.get(seg[1]).orElseThrow(() -> StoreboxException.notFound("no sale with id " + seg[1])));
                } else if (seg.length == 3 && seg[2].equals("void") && m.equals("POST")) {
                    need(who, Scope.MANAGER);
                    VoidBody b = Http.parse(Http.body(req, maxBody, JSON), VoidBody.class, "the void");
                    Sale s = sales.voidSale(who.clientId(), seg[1], b.reason);
                    metrics.voids.increment();
                    Http.json(resp, 200, s);
                } else {
                    notFound(m, path);
                }
            }
            case "returns" -> {
                if (seg.length == 1 && m.equals("POST")) {
                    need(who, Scope.TERMINAL);
                    ReturnRequest r = Http.parse(Http.body(req, maxBody, JSON), ReturnRequest.class, "the return");
                    SaleResult res = sales.returnItems(who.clientId(), r);
                    if (res.created) {
                        metrics.returns.increment();
                    }
                    answer(resp, res);
                } else {
                    notFound(m, path);
                }
            }
            case "products" -> products(req, resp, who, seg, m, path);
            case "stock" -> {
                if (seg.length == 2 && m.equals("GET")) {
                    need(who, Scope.TERMINAL);
                    Http.json(resp, 200, stock.level(seg[1]));
                } else if (seg.length == 2 && m.equals("POST") && (seg[1].equals("receipts") || seg[1].equals("counts"))) {
                    need(who, Scope.MANAGER);
                    boolean receipt = seg[1].equals("receipts");
                    StockDocument d = Http.parse(Http.body(req, maxBody, JSON), StockDocument.class,
                            receipt ? "the goods receipt" : "the stock count");
                    Http.json(resp, 201, Map.of("levels", receipt ? stock.receive(d) : stock.count(d)));
                } else {
                    notFound(m, path);
                }
            }
            case "day-report" -> {
                if (seg.length == 1 && m.equals("GET")) {
                    need(who, Scope.TERMINAL);
                    String terminal = terminalParam(req, who);
                    LocalDate day = null;
                    String d = req.getParameter("business_day");
                    if (d != null) {
                        try {
                            day = LocalDate.parse(d);
                        } catch (DateTimeParseException e) {
                            throw Problem.badRequest("business_day '" + d + "' is not a date like 2026-11-22");
                        }
                    }
                    Http.json(resp, 200, sales.report(terminal, day));
                } else {
                    notFound(m, path);
                }
            }
            case "day-close" -> {
                if (seg.length == 1 && m.equals("POST")) {
                    need(who, Scope.TERMINAL);
                    CloseBody b = Http.parse(Http.body(req, maxBody, JSON), CloseBody.class, "the day close");
                    DayReport r = sales.closeDay(terminalParam(req, who), b.declaredCash);
                    Http.json(resp, 201, r);
                } else {
                    notFound(m, path);
                }
            }
            case "journal" -> {
                if (seg.length == 2 && seg[1].equals("trial-balance") && m.equals("GET")) {
                    need(who, Scope.MANAGER);
                    Http.json(resp, 200, sales.trialBalance());
                } else {
                    notFound(m, path);
                }
            }
            case "terminals", "clients" -> clients(req, resp, who, seg, m, path);
            case "status" -> {
                if (seg.length == 1 && m.equals("GET")) {
                    need(who, Scope.TERMINAL);
                    Http.json(resp, 200, status());
                } else {
                    notFound(m, path);
                }
            }
            case "openapi.json" -> {
                if (seg.length == 1 && m.equals("GET")) {
                    openapi(resp);
                } else {
                    notFound(m, path);
                }
            }
            default -> notFound(m, path);
        }
    }

    private void postSale(HttpServletRequest req, HttpServletResponse resp, Principal who) throws IOException {
        long t0 = System.nanoTime();
        SaleRequest r = Http.parse(Http.body(req, maxBody, JSON), SaleRequest.class, "the sale");
        SaleResult res = sales.sell(who.clientId(), r);
        if (res.created) {
            metrics.sales.increment();
        } else {
            metrics.saleReplays.increment();
        }
        metrics.saleLatency(System.nanoTime() - t0);
        answer(resp, res);
    }

    /** 201 with a new sale or return, 200 with the stored one; the stored document itself when the service kept it. */
    private static void answer(HttpServletResponse resp, SaleResult res) throws IOException {
        int status = res.created ? 201 : 200;
        if (res.document != null) {
            Http.jsonDocument(resp, status, res.document);
        } else {
            Http.json(resp, status, res.sale);
        }
    }

    private void products(HttpServletRequest req, HttpServletResponse resp, Principal who, String[] seg, String m, String path)
            throws IOException {
        if (seg.length == 1 && m.equals("GET")) {
            need(who, Scope.TERMINAL);
            String barcode = req.getParameter("barcode");
            if (barcode == null) {
                throw Problem.badRequest("give ?barcode=<code> to look a product up, or GET /api/v1/products/{sku}");
            }
            Http.json(resp, 200, catalog.findByBarcode(barcode)
                    .orElseThrow(() -> StoreboxException.notFound("no product carries barcode '" + barcode + "'")));
        } else if (seg.length == 2 && seg[1].equals("import") && m.equals("POST")) {
            need(who, Scope.MANAGER);
            byte[] body = Http.body(req, maxImport, "application/x-ndjson", "application/jsonl", "application/json-lines");
            List<Product> products = new ArrayList<>();
            String[] lines = Http.utf8(body).split("\r?\n");
            for (int i = 0; i < lines.length; i++) {
                if (!lines[i].isBlank()) {
                    products.add(Http.parse(lines[i].getBytes(StandardCharsets.UTF_8), Product.class, "line " + (i + 1)));
                }
            }
            if (products.isEmpty()) {
                throw Problem.badRequest("the price book has no products; send one product JSON object per line");
            }
            Http.json(resp, 200, Map.of("imported", catalog.putAll(products)));
        } else if (seg.length == 2 && m.equals("GET")) {
            need(who, Scope.TERMINAL);
            Http.json(resp, 200, catalog.get(seg[1]).orElseThrow(() -> StoreboxException.notFound("no product with SKU '" + seg[1] + "'")));
        } else if (seg.length == 2 && m.equals("PUT")) {
            need(who, Scope.MANAGER);
            Product p = Http.parse(Http.body(req, maxBody, JSON), Product.class, "the product");
            if (p.sku == null) {
                p.sku = seg[1];
            } else if (!p.sku.equals(seg[1])) {
                throw StoreboxException.invalid("the body's sku '" + p.sku + "' differs from the SKU in the path '" + seg[1] + "'");
            }
            boolean created = catalog.put(p);
            Http.json(resp, created ? 201 : 200, catalog.get(p.sku).orElseThrow());
        } else {
            notFound(m, path);
        }
    }

    private void clients(HttpServletRequest req, HttpServletResponse resp, Principal who, String[] seg, String m, String path)
            throws IOException {
        need(who, Scope.ADMIN);
        ClientRegistry registry = auth.registry();
        boolean terminals = seg[0].equals("terminals");
        if (seg.length == 1 && m.equals("POST")) {
            NameBody b = Http.parse(Http.body(req, maxBody, JSON), NameBody.class, "the registration");
            if (terminals && b.scope != null && !b.scope.equals("terminal")) {
                throw StoreboxException.invalid("POST /api/v1/terminals registers terminals only; use /api/v1/clients for scope '" + b.scope + "'");
            }
            if (!terminals && b.scope == null) {
                throw StoreboxException.invalid("scope is missing; use terminal, manager or admin");
            }
            ClientCredentials cc = registry.register(b.name, terminals ? "terminal" : b.scope);
            LOG.info("Registered {} client {} ({})", cc.scope, cc.clientId, cc.name);
            Http.json(resp, 201, cc);
        } else if (seg.length == 1 && m.equals("GET")) {
            Http.json(resp, 200, Map.of(seg[0], registry.list().stream()
                    .filter(c -> !terminals || c.scope.equals("terminal")).toList()));
        } else if (seg.length == 3 && seg[2].equals("deactivate") && m.equals("POST")) {
            ClientInfo target = registry.get(seg[1]).orElseThrow(() -> StoreboxException.notFound("no client with id " + seg[1]));
            if (terminals && !target.scope.equals("terminal")) {
                throw StoreboxException.invalid(seg[1] + " is a " + target.scope + " client, not a terminal; use /api/v1/clients/" + seg[1] + "/deactivate");
            }
            if (target.clientId.equals(who.clientId())) {
                throw StoreboxException.conflict("a client cannot deactivate itself; use another administrator");
            }
            if (target.scope.equals("admin") && target.active
                    && registry.list().stream().filter(c -> c.active && c.scope.equals("admin")).count() <= 1) {
                throw StoreboxException.conflict("cannot deactivate the last active administrator");
            }
            registry.deactivate(seg[1]);
            Http.json(resp, 200, registry.get(seg[1]).orElseThrow());
        } else {
            notFound(m, path);
        }
    }

    private String terminalParam(HttpServletRequest req, Principal who) {
        String t = req.getParameter("terminal_id");
        if (t == null || t.equals(who.clientId())) {
            return who.clientId();
        }
        need(who, Scope.MANAGER);
        return t;
    }

    private Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("store_id", store.storeId());
        s.put("version", store.version());
        s.put("currency", store.currency().getCurrencyCode());
        s.put("zone", store.zone().getId());
        s.put("uptime_s", ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
        s.put("database", Map.of("file_bytes", db.fileSize(), "healthy", db.healthy(), "compaction_due", db.compactionDue()));
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("last_seq", outbox.lastSeq());
        o.put("acknowledged_seq", outbox.acknowledgedSeq());
        o.put("backlog", outbox.backlog());
        OutboxBudget b = budget;
        if (b != null) {
            OutboxUsage usage = b.usage();
            o.put("oldest_unsynced_sale_age_s", usage.oldestUnsyncedSaleAgeS);
            o.put("budget", budget(usage));
        }
        s.put("outbox", o);
        UplinkStatusService service = uplink;
        UplinkStatus u = service != null ? service.status() : fromOutbox(outbox);
        Map<String, Object> up = new LinkedHashMap<>();
        up.put("connected", u.connected);
        up.put("broker", u.broker);
        up.put("backlog", u.backlog);
        up.put("backlog_bytes", u.backlogBytes);
        up.put("oldest_unsynced_age_s", u.oldestUnsyncedAgeS);
        up.put("last_ack_seq", u.lastAckSeq);
        up.put("last_error", u.lastError);
        up.put("last_connected_at", u.lastConnectedAt == null ? null : u.lastConnectedAt.toString());
        s.put("uplink", up);
        s.put("catalog", Map.of("products", catalog.size()));
        return s;
    }

    /** The outbox budget as in the status message: usage, what is never evicted, what was evicted since start. */
    static Map<String, Object> budget(OutboxUsage u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("budget_bytes", u.budgetBytes);
        m.put("bytes", u.bytes);
        m.put("percent", u.percent);
        m.put("events", u.events);
        m.put("kept_bytes", u.keptBytes);
        m.put("evicted_events", u.evictedEvents);
        m.put("evicted_bytes", u.evictedBytes);
        m.put("evicted_by_type", u.evictedByType == null ? Map.of() : u.evictedByType);
        m.put("last_eviction_at", u.lastEvictionAt == null ? null : u.lastEvictionAt.toString());
        m.put("measured_at", u.measuredAt == null ? null : u.measuredAt.toString());
        return m;
    }

    /**
     * The backlog figures read from the outbox itself, for a box that runs without the uplink bundle:
     * every unacknowledged event is read once (the uplink bundle keeps these figures incrementally).
     */
    static UplinkStatus fromOutbox(OutboxService outbox) {
        UplinkStatus u = new UplinkStatus();
        long acked = outbox.acknowledgedSeq();
        u.lastAckSeq = acked;
        u.backlog = Math.max(0, outbox.lastSeq() - acked);
        long from = acked + 1;
        boolean first = true;
        while (true) {
            List<OutboxEvent> page = outbox.readFrom(from, 1000);
            if (page.isEmpty()) {
                break;
            }
            for (OutboxEvent e : page) {
                if (first && e.time != null) {
                    u.oldestUnsyncedAgeS = Math.max(0, Duration.between(e.time, Instant.now()).toSeconds());
                }
                first = false;
                u.backlogBytes += (e.data == null ? 0 : e.data.length)
                        + (e.id == null ? 0 : e.id.length()) + (e.type == null ? 0 : e.type.length()) + 80;
            }
            from = page.get(page.size() - 1).seq + 1;
        }
        return u;
    }

    private void openapi(HttpServletResponse resp) throws IOException {
        try (InputStream in = ApiServlet.class.getResourceAsStream(ApiPaths.DOCUMENT)) {
            if (in == null) {
                throw Problem.notFound("the OpenAPI document is missing from this build");
            }
            byte[] b = in.readAllBytes();
            resp.setContentType(JSON);
            resp.setContentLength(b.length);
            resp.getOutputStream().write(b);
        }
    }

    /** No route took the request: 405 with Allow when the path exists with other methods, else 404. */
    private static void notFound(String method, String path) {
        List<String> allowed = ApiPaths.allowed(path);
        if (!allowed.isEmpty() && !allowed.contains(method)) {
            throw Problem.methodNotAllowed("/api/v1" + path, method, allowed.toArray(String[]::new));
        }
        throw Problem.notFound("there is no " + method + " /api/v1" + path
                + "; see GET /api/v1/openapi.json for the API");
    }
}
