package org.storebox.sales.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.catalog.CatalogService;
import org.storebox.api.catalog.Product;
import org.storebox.api.catalog.TaxClass;
import org.storebox.api.common.StoreboxException;
import org.storebox.api.outbox.OutboxService;
import org.storebox.api.sale.DayReport;
import org.storebox.api.sale.ReturnRequest;
import org.storebox.api.sale.Sale;
import org.storebox.api.sale.SaleLine;
import org.storebox.api.sale.SaleLineRequest;
import org.storebox.api.sale.SaleRequest;
import org.storebox.api.sale.SaleResult;
import org.storebox.api.sale.SaleService;
import org.storebox.api.sale.Tender;
import org.storebox.api.sale.TenderRequest;
import org.storebox.api.sale.TrialBalance;
import org.storebox.api.stock.Movement;
import org.storebox.api.stock.StockService;
import org.storebox.api.store.Database;
import org.storebox.api.store.StoreInfo;
import org.storebox.json.Json;

/**
 * Sales, returns, voids and day close. Pricing and validation run on the caller's thread; the
 * write (document, lines, tenders, stock, journal, points, outbox event) is one work for the
 * group-committing database, so it is all stored or none of it.
 */
@Component(configurationPid = SalesConfig.PID)
@Designate(ocd = SalesConfig.class)
public class SaleServiceImpl implements SaleService {
    private static final Logger LOG = LoggerFactory.getLogger(SaleServiceImpl.class);
    private static final BigDecimal MAX_QTY = new BigDecimal("100000");

    private final Database db;
    private final CatalogService catalog;
    private final StockService stock;
    private final OutboxService outbox;
    private final StoreInfo store;
    private final Pricing pricing;
    private final Receipts receipts;
    private final int pointsPerUnit;
    private final int maxLines;
    /** Learns of committed documents after their commit (restock, alerts); sales never wait for it or fail for it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    @Activate
    public SaleServiceImpl(SalesConfig config, @Reference Database db, @Reference CatalogService catalog,
            @Reference StockService stock, @Reference OutboxService outbox, @Reference StoreInfo store) {
        this.db = db;
        this.catalog = catalog;
        this.stock = stock;
        this.outbox = outbox;
        this.store = store;
        this.pricing = new Pricing(store.currency().getDefaultFractionDigits(), cashStep(config.cash__rounding(), store));
        this.receipts = new Receipts(config.receipt__width(), List.of(config.receipt__header()), store.locale(), store.zone());
        this.pointsPerUnit = config.points__per__unit();
        this.maxLines = config.max__lines();
        if (config.receipt__width() < 24 || pointsPerUnit < 0 || maxLines < 1) {
            throw new IllegalArgumentException("receipt_width must be at least 24, points_per_unit at least 0, max_lines at least 1");
        }
    }

    /** The cash rounding step: configured, or the usual one of the store's currency. */
    static BigDecimal cashStep(String configured, StoreInfo store) {
        if (!"auto".equals(configured)) {
            BigDecimal step = new BigDecimal(configured);
            if (step.signum() < 0) {
                throw new IllegalArgumentException("cash_rounding must be 'auto', 0 or a positive step, not " + configured);
            }
            return step;
        }
        switch (store.currency().getCurrencyCode()) {
            case "HKD":
                return new BigDecimal("0.10");
            case "MYR":
                return new BigDecimal("0.05");
            default:
                return BigDecimal.ZERO;
        }
    }

    // ---------------------------------------------------------------- sale

    @Override
    public SaleResult sell(String terminalId, SaleRequest req) {
        if (req == null) {
            throw StoreboxException.invalid("the sale is empty; send id, lines and tenders");
        }
        String id = uuid("id", req.id);
        if (req.lines == null || req.lines.isEmpty()) {
            throw StoreboxException.invalid("the sale has no lines; add at least one line with sku or barcode and qty");
        }
        if (req.lines.size() > maxLines) {
            throw StoreboxException.invalid("the sale has " + req.lines.size() + " lines; at most " + maxLines + " are allowed");
        }
        String hash = hash("sale|" + canonical(id, req.lines, req.tenders, req.memberId));
        Priced priced;
        try {
            priced = price(terminalId, id, req);
        } catch (StoreboxException refused) {
            // A retry must get its stored sale even when a product was repriced or deactivated
            // since: only a sale that pricing refuses is looked up first (off the hot path).
            Optional<SaleResult> stored = db.read(c -> replay(c, id, "sale", hash));
            if (stored.isPresent()) {
                return stored.get();
            }
            throw refused;
        }
        Sale s = priced.sale();
        Pricing.Settlement settlement = priced.settlement();
        // Everything that needs no stored state is built here, on the caller's thread, so the
        // single writer thread only runs the statements.
        s.receipt = receipts.layout(s, store.storeId());
        List<Movement> moves = new ArrayList<>();
        for (SaleLine l : s.lines) {
            moves.add(new Movement(l.sku, l.qty.negate(), Movement.Kind.SALE, id));
        }
        Journal j = new Journal();
        for (Tender t : settlement.tenders) {
            j.debit(t.type, "cash".equals(t.type) ? BigDecimal.ZERO : t.amount);
        }
        j.debit("cash", settlement.cash.subtract(settlement.change));
        j.credit("revenue", s.total.subtract(s.tax));
        j.credit("tax_payable", s.tax);
        j.credit("cash_rounding", s.rounding);
        String body = documentBody(s);
        return committed(db.write(c -> {
            Optional<SaleResult> replay = replay(c, id, "sale", hash);
            if (replay.isPresent()) {
                return replay.get();
            }
            s.businessDay = businessDay(c, terminalId, s.createdAt);
            return new SaleResult(s, true, store(c, s, body, hash, j, moves, netTenders(settlement), "sale.completed"));
        }));
    }

    /** A priced sale and how it is paid, before it is stored. */
    private record Priced(Sale sale, Pricing.Settlement settlement) {
    }

    private Priced price(String terminalId, String id, SaleRequest req) {
        String member = member(req.memberId);
        Map<String, Boolean> inclusive = new HashMap<>();
        List<SaleLine> lines = new ArrayList<>();
        int n = 0;
        for (SaleLineRequest r : req.lines) {
            n++;
            if (r == null) {
                throw StoreboxException.invalid("line " + n + " is empty; give sku or barcode and qty");
            }
            Product p = product(n, r);
            if (!Boolean.TRUE.equals(p.active)) {
                throw StoreboxException.invalid("line " + n + ": product '" + p.sku + "' is inactive and cannot be sold");
            }
            int lineNo = n;
            TaxClass tc = catalog.taxClass(p.taxClass).orElseThrow(() -> StoreboxException.invalid("line " + lineNo
                    + ": product '" + p.sku + "' has tax class '" + p.taxClass + "', which is not configured; fix the product or the tax configuration"));
            SaleLine l = new SaleLine();
            l.lineNo = n;
            l.sku = p.sku;
            l.name = p.name;
            l.qty = qty(n, r.qty);
            l.unitPrice = p.price.setScale(pricing.scale());
            BigDecimal gross = pricing.gross(l.qty, l.unitPrice);
            l.discount = pricing.discount(n, gross, r.discount, r.discountPercent);
            l.amount = gross.subtract(l.discount);
            l.taxClass = tc.name;
            l.taxRate = tc.rate;
            l.taxInclusive = tc.inclusive;
            inclusive.put(tc.name, tc.inclusive);
            lines.add(l);
        }
        Pricing.Totals totals = pricing.tax(lines, inclusive);
        boolean cash = req.tenders != null && req.tenders.stream().anyMatch(t -> t != null && "cash".equals(t.type));
        BigDecimal due = pricing.amountDue(totals.total, cash);
        Pricing.Settlement settlement = pricing.settle(req.tenders, due);

        Sale s = new Sale();
        s.id = id;
        s.kind = "sale";
        s.status = "completed";
        s.terminalId = terminalId;
        s.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        s.currency = store.currency().getCurrencyCode();
        s.memberId = member;
        s.lines = lines;
        s.tenders = settlement.tenders;
        s.subtotal = totals.subtotal;
        s.discountTotal = totals.discount;
        s.tax = totals.tax;
        s.total = totals.total;
        s.amountDue = due;
        s.rounding = due.subtract(totals.total);
        s.change = settlement.change;
        s.pointsEarned = member == null ? 0 : points(totals.total);
        return new Priced(s, settlement);
    }

    private static Map<String, BigDecimal> netTenders(Pricing.Settlement settlement) {
        Map<String, BigDecimal> net = new LinkedHashMap<>();
        for (Tender t : settlement.tenders) {
            net.merge(t.type, t.amount, BigDecimal::add);
        }
        net.computeIfPresent("cash", (k, v) -> v.subtract(settlement.change));
        return net;
    }

    private Product product(int n, SaleLineRequest r) {
        if ((r.sku == null) == (r.barcode == null)) {
            throw StoreboxException.invalid("line " + n + " must name the product by sku or by barcode (one of them)");
        }
        if (r.sku != null) {
            return catalog.get(r.sku).orElseThrow(() -> StoreboxException.invalid("line " + n + ": unknown SKU '"
                    + r.sku + "'; check the code or add the product to the catalog"));
        }
        return catalog.findByBarcode(r.barcode).orElseThrow(() -> StoreboxException.invalid("line " + n
                + ": unknown barcode '" + r.barcode + "'; no product carries it"));
    }

    private static BigDecimal qty(int n, BigDecimal q) {
        if (q == null) {
            throw StoreboxException.invalid("line " + n + " has no qty; give a quantity above zero");
        }
        if (q.signum() <= 0) {
            throw StoreboxException.invalid("line " + n + " has qty " + q.toPlainString()
                    + "; a quantity must be above zero (post a return to take goods back)");
        }
        if (q.stripTrailingZeros().scale() > 3) {
            throw StoreboxException.invalid("line " + n + " has qty " + q.toPlainString() + "; at most 3 decimals (grams) are allowed");
        }
        if (q.compareTo(MAX_QTY) > 0) {
            throw StoreboxException.invalid("line " + n + " has qty " + q.toPlainString() + "; at most " + MAX_QTY + " per line");
        }
        return q.setScale(3);
    }

    private long points(BigDecimal amount) {
        return amount.multiply(BigDecimal.valueOf(pointsPerUnit)).setScale(0, RoundingMode.DOWN).longValueExact();
    }

    private static String member(String memberId) {
        if (memberId == null || memberId.isEmpty()) {
            return null;
        }
        if (memberId.length() > 64) {
            throw StoreboxException.invalid("member_id is longer than 64 characters");
        }
        return memberId;
    }

    static String uuid(String field, String value) {
        if (value == null) {
            throw StoreboxException.invalid(field + " is missing; the terminal gives every document its own UUID");
        }
        try {
            String canonical = UUID.fromString(value).toString();
            if (!canonical.equalsIgnoreCase(value)) {
                throw new IllegalArgumentException();
            }
            return canonical;
        } catch (IllegalArgumentException e) {
            throw StoreboxException.invalid(field + " '" + value + "' is not a UUID (like 3f2b8c1e-5d7a-4c39-9f1e-2a6b0c4d8e71)");
        }
    }

    // ---------------------------------------------------------------- return

    @Override
    public SaleResult returnItems(String terminalId, ReturnRequest req) {
        if (req == null) {
            throw StoreboxException.invalid("the return is empty; send id, original_sale_id and lines");
        }
        String id = uuid("id", req.id);
        String originalId = uuid("original_sale_id", req.originalSaleId);
        if (req.lines == null || req.lines.isEmpty()) {
            throw StoreboxException.invalid("the return has no lines; name what comes back by sku or barcode with qty");
        }
        String tenderType = req.refundTender == null ? "cash" : req.refundTender;
        if (!Pricing.TENDER_TYPES.contains(tenderType)) {
            throw StoreboxException.invalid("refund_tender '" + tenderType + "' is unknown; use one of " + Pricing.TENDER_TYPES);
        }
        List<String> skus = new ArrayList<>();
        List<BigDecimal> qtys = new ArrayList<>();
        int n = 0;
        for (SaleLineRequest r : req.lines) {
            n++;
            if (r == null) {
                throw StoreboxException.invalid("line " + n + " is empty; give sku or barcode and qty");
            }
            if (r.discount != null || r.discountPercent != null) {
                throw StoreboxException.invalid("line " + n + " has a discount; a return refunds what the sale charged");
            }
            skus.add(product(n, r).sku);
            qtys.add(qty(n, r.qty));
        }
        if (req.reason != null && req.reason.length() > 200) {
            throw StoreboxException.invalid("reason is longer than 200 characters");
        }
        String hash = hash("return|" + originalId + "|" + tenderType + "|" + req.reason + "|" + canonical(id, req.lines, null, null));
        Optional<SaleResult> stored = db.read(c -> replay(c, id, "return", hash));
        if (stored.isPresent()) {
            return stored.get();
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        return committed(db.write(c -> {
            Optional<SaleResult> replay = replay(c, id, "return", hash);
            if (replay.isPresent()) {
                return replay.get();
            }
            Sale original = load(c, originalId).filter(o -> "sale".equals(o.kind)).orElseThrow(
                    () -> StoreboxException.notFound("no sale with id " + originalId + "; check the receipt's sale id"));
            if ("voided".equals(original.status)) {
                throw StoreboxException.conflict("sale " + originalId + " was voided; nothing of it can be returned");
            }
            Map<String, BigDecimal[]> returned = returnedSoFar(c, originalId);
            Sale s = new Sale();
            s.id = id;
            s.kind = "return";
            s.status = "completed";
            s.terminalId = terminalId;
            s.createdAt = now;
            s.currency = original.currency;
            s.originalSaleId = originalId;
            s.memberId = original.memberId;
            s.reason = req.reason;
            BigDecimal subtotal = pricing.zero();
            BigDecimal tax = pricing.zero();
            BigDecimal total = pricing.zero();
            for (int i = 0; i < skus.size(); i++) {
                String sku = skus.get(i);
                SaleLine sold = soldLine(original, sku);
                if (sold == null) {
                    throw StoreboxException.invalid("line " + (i + 1) + ": SKU '" + sku + "' is not on sale " + originalId);
                }
                BigDecimal[] done = returned.computeIfAbsent(sku, k -> new BigDecimal[] { BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO });
                BigDecimal remaining = sold.qty.subtract(done[0]);
                BigDecimal q = qtys.get(i);
                if (q.compareTo(remaining) > 0) {
                    throw StoreboxException.invalid("line " + (i + 1) + ": only " + plain(remaining) + " of SKU '" + sku
                            + "' can still be returned from sale " + originalId + " (sold " + plain(sold.qty)
                            + ", returned " + plain(done[0]) + ")");
                }
                SaleLine l = new SaleLine();
                l.lineNo = i + 1;
                l.sku = sku;
                l.name = sold.name;
                l.qty = q;
                l.unitPrice = sold.unitPrice;
                l.discount = pricing.zero();
                l.taxClass = sold.taxClass;
                l.taxRate = sold.taxRate;
                l.taxInclusive = sold.taxInclusive;
                boolean rest = q.compareTo(remaining) == 0;
                // The last units take what is left, so a sale returned in parts refunds exactly what it charged.
                l.amount = rest ? sold.amount.subtract(done[1]) : share(sold.amount, q, sold.qty);
                l.tax = rest ? sold.tax.subtract(done[2]) : share(sold.tax, q, sold.qty);
                done[0] = done[0].add(q);
                done[1] = done[1].add(l.amount);
                done[2] = done[2].add(l.tax);
                subtotal = subtotal.add(l.amount);
                tax = tax.add(l.tax);
                total = total.add(l.amount).add(l.taxInclusive ? BigDecimal.ZERO : l.tax);
                s.lines.add(l);
            }
            BigDecimal due = pricing.amountDue(total, "cash".equals(tenderType));
            s.subtotal = subtotal;
            s.discountTotal = pricing.zero();
            s.tax = tax;
            s.total = total;
            s.amountDue = due;
            s.rounding = due.subtract(total);
            s.change = pricing.zero();
            s.tenders.add(new Tender(tenderType, due, null));
            s.pointsEarned = s.memberId == null ? 0 : -Math.min(points(total), original.pointsEarned);
            s.businessDay = businessDay(c, terminalId, now);
            s.receipt = receipts.layout(s, store.storeId());
            List<Movement> moves = new ArrayList<>();
            for (SaleLine l : s.lines) {
                moves.add(new Movement(l.sku, l.qty, Movement.Kind.RETURN, id));
            }
            Journal j = new Journal();
            j.debit("revenue", total.subtract(tax));
            j.debit("tax_payable", tax);
            j.debit("cash_rounding", s.rounding);
            j.credit(tenderType, due);
            return new SaleResult(s, true, store(c, s, documentBody(s), hash, j, moves, Map.of(tenderType, due.negate()),
                    "return.completed"));
        }));
    }

    private static SaleLine soldLine(Sale original, String sku) {
        SaleLine merged = null;
        for (SaleLine l : original.lines) {
            if (l.sku.equals(sku)) {
                if (merged == null) {
                    merged = new SaleLine();
                    merged.sku = sku;
                    merged.name = l.name;
                    merged.unitPrice = l.unitPrice;
                    merged.taxClass = l.taxClass;
                    merged.taxRate = l.taxRate;
                    merged.taxInclusive = l.taxInclusive;
                    merged.qty = BigDecimal.ZERO;
                    merged.amount = BigDecimal.ZERO;
                    merged.tax = BigDecimal.ZERO;
                }
                merged.qty = merged.qty.add(l.qty);
                merged.amount = merged.amount.add(l.amount);
                merged.tax = merged.tax.add(l.tax);
            }
        }
        return merged;
    }

    private BigDecimal share(BigDecimal amount, BigDecimal part, BigDecimal whole) {
        return amount.multiply(part).divide(whole, pricing.scale(), RoundingMode.HALF_UP);
    }

    private Map<String, BigDecimal[]> returnedSoFar(Connection c, String originalId) throws SQLException {
        Map<String, BigDecimal[]> m = new HashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT l.sku, SUM(l.qty), SUM(l.amount), SUM(l.tax) FROM sale_line l "
                + "JOIN sale s ON s.seq = l.sale_seq WHERE s.original_sale_id = ? AND s.kind = 'return' GROUP BY l.sku")) {
            p.setString(1, originalId);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    m.put(rs.getString(1), new BigDecimal[] { rs.getBigDecimal(2), scaled(rs.getBigDecimal(3)), scaled(rs.getBigDecimal(4)) });
                }
            }
        }
        return m;
    }

    // ---------------------------------------------------------------- void

    @Override
    public Sale voidSale(String terminalId, String saleId, String reason) {
        String id = uuid("sale id", saleId);
        if (reason != null && reason.length() > 200) {
            throw StoreboxException.invalid("reason is longer than 200 characters");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Sale voided = db.write(c -> {
            Sale s = load(c, id).orElseThrow(() -> StoreboxException.notFound("no sale with id " + id));
            if (!"sale".equals(s.kind)) {
                throw StoreboxException.invalid(id + " is a return; a return cannot be voided");
            }
            if ("voided".equals(s.status)) {
                throw StoreboxException.conflict("sale " + id + " is already voided");
            }
            if (!returnedSoFar(c, id).isEmpty()) {
                throw StoreboxException.conflict("sale " + id + " has returns against it; return the rest instead of voiding");
            }
            if (closed(c, s.terminalId, s.businessDay)) {
                throw StoreboxException.conflict("the business day " + s.businessDay + " of sale " + id
                        + " is closed; post a return instead of a void");
            }
            s.status = "voided";
            s.voidedAt = now;
            s.reason = reason;
            String doc = Json.write(s);
            try (PreparedStatement p = c.prepareStatement("UPDATE sale SET status = 'voided', document = ? WHERE id = ?")) {
                p.setString(1, doc);
                p.setString(2, id);
                p.executeUpdate();
            }
            List<Movement> moves = new ArrayList<>();
            for (SaleLine l : s.lines) {
                moves.add(new Movement(l.sku, l.qty, Movement.Kind.VOID, id));
            }
            stock.book(c, moves);
            // Reverse the sale's own entries: its document then nets to zero in every account.
            Journal j = new Journal();
            try (PreparedStatement p = c.prepareStatement("SELECT account, debit, credit FROM journal_entry WHERE document_seq = ?")) {
                p.setLong(1, s.seq);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        j.debit(rs.getString(1), rs.getBigDecimal(3));
                        j.credit(rs.getString(1), rs.getBigDecimal(2));
                    }
                }
            }
            j.insert(c, id, s.seq, now);
            points(c, s.memberId, id, -s.pointsEarned);
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("id", id);
            event.put("terminal_id", s.terminalId);
            event.put("voided_by", terminalId);
            event.put("reason", reason);
            event.put("total", s.total.toPlainString());
            event.put("business_day", s.businessDay.toString());
            outbox.append(c, "sale.voided", Json.write(event));
            return s;
        });
        post(voided.id, "void", terminalId, voided);
        return voided;
    }

    // ---------------------------------------------------------------- after the commit

    private SaleResult committed(SaleResult r) {
        if (r.created) {
            post(r.sale.id, r.sale.kind, r.sale.terminalId, r.sale);
        }
        return r;
    }

    /** Posts (asynchronously) that a document committed; a missing or failing EventAdmin never fails the sale. */
    private void post(String id, String kind, String terminalId, Sale s) {
        EventAdmin ea = events;
        if (ea == null) {
            return;
        }
        try {
            Map<String, Object> p = new HashMap<>();
            p.put("id", id);
            p.put("kind", kind);
            p.put("terminal_id", terminalId);
            p.put("skus", s.lines.stream().map(l -> l.sku).distinct().toArray(String[]::new));
            ea.postEvent(new Event(TOPIC_COMMITTED, p));
        } catch (RuntimeException e) {
            LOG.warn("Could not post the commit of {} to EventAdmin", id, e);
        }
    }

    // ---------------------------------------------------------------- shared writes

    /**
     * The sale's document as JSON without {@code business_day} and {@code seq}, the two fields only the
     * writer knows; {@link #store} appends them. A sale's body is serialized on the terminal's thread,
     * so the single writer thread only joins strings.
     */
    static String documentBody(Sale s) {
        try {
            return DOCUMENT_BODY.writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a sale could not be written as JSON", e);
        }
    }

    /** The shared mapping, less the two fields the writer appends: one pass over the sale, no tree. */
    private static final com.fasterxml.jackson.databind.ObjectWriter DOCUMENT_BODY = Json.mapper().copy()
            .addMixIn(Sale.class, WithoutWriterFields.class).writerFor(Sale.class);

    @com.fasterxml.jackson.annotation.JsonIgnoreProperties({ "business_day", "seq" })
    private abstract static class WithoutWriterFields {
    }

    /** Writes the document, its rows and its event; returns the stored document. */
    private String store(Connection c, Sale s, String body, String hash, Journal j, List<Movement> moves,
            Map<String, BigDecimal> netTenders, String eventType) throws SQLException {
        // The event's envelope carries the sequence number; its data is the document without it.
        // The body always holds the id, so it ends in '}' after at least one field.
        String head = body.substring(0, body.length() - 1) + ",\"business_day\":\"" + s.businessDay + '"';
        long seq = outbox.append(c, eventType, head + '}');
        s.seq = seq;
        String doc = head + ",\"seq\":" + seq + '}';
        try (PreparedStatement p = c.prepareStatement("INSERT INTO sale(id, kind, status, terminal_id, business_day, created_at, "
                + "original_sale_id, member_id, total, tax, discount_total, rounding, points, request_hash, seq, document) "
                + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            p.setString(1, s.id);
            p.setString(2, s.kind);
            p.setString(3, s.status);
            p.setString(4, s.terminalId);
            p.setDate(5, Date.valueOf(s.businessDay));
            p.setTimestamp(6, Timestamp.from(s.createdAt));
            p.setString(7, s.originalSaleId);
            p.setString(8, s.memberId);
            p.setBigDecimal(9, s.total);
            p.setBigDecimal(10, s.tax);
            p.setBigDecimal(11, s.discountTotal);
            p.setBigDecimal(12, s.rounding);
            p.setLong(13, s.pointsEarned);
            p.setString(14, hash);
            p.setLong(15, seq);
            p.setString(16, doc);
            p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO sale_line(sale_seq, line_no, sku, qty, amount, tax) VALUES (?,?,?,?,?,?)")) {
            for (SaleLine l : s.lines) {
                p.setLong(1, seq);
                p.setInt(2, l.lineNo);
                p.setString(3, l.sku);
                p.setBigDecimal(4, l.qty);
                p.setBigDecimal(5, l.amount);
                p.setBigDecimal(6, l.tax);
                p.addBatch();
            }
            p.executeBatch();
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO tender(sale_seq, line_no, type, amount) VALUES (?,?,?,?)")) {
            int n = 0;
            for (Map.Entry<String, BigDecimal> t : netTenders.entrySet()) {
                p.setLong(1, seq);
                p.setInt(2, ++n);
                p.setString(3, t.getKey());
                p.setBigDecimal(4, t.getValue());
                p.addBatch();
            }
            p.executeBatch();
        }
        stock.book(c, moves);
        j.insert(c, s.id, seq, s.createdAt);
        points(c, s.memberId, s.id, s.pointsEarned);
        return doc;
    }

    private static void points(Connection c, String member, String documentId, long points) throws SQLException {
        if (member == null || points == 0) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO loyalty_ledger(member_id, document_id, points) VALUES (?,?,?)")) {
            p.setString(1, member);
            p.setString(2, documentId);
            p.setLong(3, points);
            p.executeUpdate();
        }
    }

    private static Optional<SaleResult> replay(Connection c, String id, String kind, String hash) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT kind, request_hash, document FROM sale WHERE id = ?")) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                if (!kind.equals(rs.getString(1)) || !hash.equals(rs.getString(2))) {
                    throw StoreboxException.conflict("id " + id + " was already used for a different " + rs.getString(1)
                            + "; a retry must send the same body, a new " + kind + " needs a new UUID");
                }
                String doc = rs.getString(3);
                return Optional.of(new SaleResult(Json.read(doc, Sale.class), false, doc));
            }
        }
    }

    private static Optional<Sale> load(Connection c, String id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT document FROM sale WHERE id = ?")) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(Json.read(rs.getString(1), Sale.class)) : Optional.empty();
            }
        }
    }

    @Override
    public Optional<Sale> get(String id) {
        String key;
        try {
            key = uuid("id", id);
        } catch (StoreboxException e) {
            return Optional.empty();
        }
        return db.read(c -> load(c, key));
    }

    // ---------------------------------------------------------------- business days and reports

    /** The terminal's business day for a moment: the local date, or the day after its last closed day. */
    private LocalDate businessDay(Connection c, String terminalId, Instant at) throws SQLException {
        LocalDate today = LocalDate.ofInstant(at, store.zone());
        try (PreparedStatement p = c.prepareStatement("SELECT MAX(business_day) FROM day_close WHERE terminal_id = ?")) {
            p.setString(1, terminalId);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                Date last = rs.getDate(1);
                return last == null || today.isAfter(last.toLocalDate()) ? today : last.toLocalDate().plusDays(1);
            }
        }
    }

    private static boolean closed(Connection c, String terminalId, LocalDate day) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM day_close WHERE terminal_id = ? AND business_day = ?")) {
            p.setString(1, terminalId);
            p.setDate(2, Date.valueOf(day));
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public LocalDate currentBusinessDay(String terminalId) {
        return db.read(c -> businessDay(c, terminalId, Instant.now()));
    }

    @Override
    public DayReport report(String terminalId, LocalDate businessDay) {
        return db.read(c -> {
            LocalDate day = businessDay != null ? businessDay : businessDay(c, terminalId, Instant.now());
            try (PreparedStatement p = c.prepareStatement("SELECT report FROM day_close WHERE terminal_id = ? AND business_day = ?")) {
                p.setString(1, terminalId);
                p.setDate(2, Date.valueOf(day));
                try (ResultSet rs = p.executeQuery()) {
                    if (rs.next()) {
                        return Json.read(rs.getString(1), DayReport.class);
                    }
                }
            }
            return compute(c, terminalId, day);
        });
    }

    @Override
    public DayReport closeDay(String terminalId, BigDecimal declaredCash) {
        pricing.checkMoney("declared_cash", declaredCash, true);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return db.write(c -> {
            LocalDate day = businessDay(c, terminalId, now);
            LocalDate today = LocalDate.ofInstant(now, store.zone());
            if (day.isAfter(today)) {
                throw StoreboxException.conflict("today's business day " + today + " of terminal " + terminalId
                        + " is already closed; the next one (" + day + ") can be closed from that day on");
            }
            DayReport r = compute(c, terminalId, day);
            r.state = "closed";
            r.closedAt = now;
            r.declaredCash = declaredCash.setScale(pricing.scale());
            r.variance = r.declaredCash.subtract(r.expectedCash);
            String json = Json.write(r);
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO day_close(terminal_id, business_day, closed_at, declared_cash, report) VALUES (?,?,?,?,?)")) {
                p.setString(1, terminalId);
                p.setDate(2, Date.valueOf(day));
                p.setTimestamp(3, Timestamp.from(now));
                p.setBigDecimal(4, r.declaredCash);
                p.setString(5, json);
                p.executeUpdate();
            }
            outbox.append(c, "day.closed", json);
            return r;
        });
    }

    private DayReport compute(Connection c, String terminalId, LocalDate day) throws SQLException {
        DayReport r = new DayReport();
        r.terminalId = terminalId;
        r.businessDay = day;
        r.state = "open";
        r.currency = store.currency().getCurrencyCode();
        BigDecimal z = pricing.zero();
        r.salesTotal = z;
        r.returnsTotal = z;
        r.voidsTotal = z;
        r.discountTotal = z;
        r.taxTotal = z;
        r.roundingTotal = z;
        try (PreparedStatement p = c.prepareStatement("SELECT kind, status, COUNT(*), SUM(total), SUM(discount_total), SUM(tax), "
                + "SUM(rounding) FROM sale WHERE terminal_id = ? AND business_day = ? GROUP BY kind, status")) {
            p.setString(1, terminalId);
            p.setDate(2, Date.valueOf(day));
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    String kind = rs.getString(1);
                    boolean voided = "voided".equals(rs.getString(2));
                    long count = rs.getLong(3);
                    BigDecimal total = scaled(rs.getBigDecimal(4));
                    if ("return".equals(kind)) {
                        r.returnsCount += count;
                        r.returnsTotal = r.returnsTotal.add(total);
                        r.taxTotal = r.taxTotal.subtract(scaled(rs.getBigDecimal(6)));
                        r.roundingTotal = r.roundingTotal.subtract(scaled(rs.getBigDecimal(7)));
                    } else if (voided) {
                        r.voidsCount += count;
                        r.voidsTotal = r.voidsTotal.add(total);
                    } else {
                        r.salesCount += count;
                        r.salesTotal = r.salesTotal.add(total);
                        r.discountTotal = r.discountTotal.add(scaled(rs.getBigDecimal(5)));
                        r.taxTotal = r.taxTotal.add(scaled(rs.getBigDecimal(6)));
                        r.roundingTotal = r.roundingTotal.add(scaled(rs.getBigDecimal(7)));
                    }
                }
            }
        }
        try (PreparedStatement p = c.prepareStatement("SELECT t.type, SUM(t.amount) FROM tender t JOIN sale s ON s.seq = t.sale_seq "
                + "WHERE s.terminal_id = ? AND s.business_day = ? AND s.status = 'completed' GROUP BY t.type ORDER BY t.type")) {
            p.setString(1, terminalId);
            p.setDate(2, Date.valueOf(day));
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    r.tenders.put(rs.getString(1), scaled(rs.getBigDecimal(2)));
                }
            }
        }
        r.expectedCash = r.tenders.getOrDefault("cash", z);
        return r;
    }

    private BigDecimal scaled(BigDecimal v) {
        return v == null ? pricing.zero() : v.setScale(pricing.scale(), RoundingMode.UNNECESSARY);
    }

    private static String plain(BigDecimal q) {
        BigDecimal v = q.stripTrailingZeros();
        return (v.scale() < 0 ? v.setScale(0) : v).toPlainString();
    }

    @Override
    public TrialBalance trialBalance() {
        return db.read(c -> {
            TrialBalance t = new TrialBalance();
            t.debitTotal = pricing.zero();
            t.creditTotal = pricing.zero();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT account, SUM(debit), SUM(credit) FROM journal_entry GROUP BY account ORDER BY account");
                    ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    TrialBalance.Account a = new TrialBalance.Account();
                    a.debit = scaled(rs.getBigDecimal(2));
                    a.credit = scaled(rs.getBigDecimal(3));
                    t.accounts.put(rs.getString(1), a);
                    t.debitTotal = t.debitTotal.add(a.debit);
                    t.creditTotal = t.creditTotal.add(a.credit);
                }
            }
            t.balanced = t.debitTotal.compareTo(t.creditTotal) == 0;
            return t;
        });
    }

    // ---------------------------------------------------------------- idempotency hash

    private static String canonical(String id, List<SaleLineRequest> lines, List<TenderRequest> tenders, String member) {
        StringBuilder sb = new StringBuilder(id).append('|');
        for (SaleLineRequest l : lines) {
            if (l == null) {
                sb.append("null;");
                continue;
            }
            sb.append(l.sku).append(',').append(l.barcode).append(',').append(norm(l.qty)).append(',')
                    .append(norm(l.discount)).append(',').append(norm(l.discountPercent)).append(';');
        }
        sb.append('|');
        if (tenders != null) {
            for (TenderRequest t : tenders) {
                if (t == null) {
                    sb.append("null;");
                    continue;
                }
                sb.append(t.type).append(',').append(norm(t.amount)).append(',').append(t.reference).append(';');
            }
        }
        return sb.append('|').append(member == null || member.isEmpty() ? "" : member).toString();
    }

    private static String norm(BigDecimal v) {
        return v == null ? "" : plain(v);
    }

    private static String hash(String canonical) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
