package org.storebox.stock.internal;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.catalog.CatalogService;
import org.storebox.api.common.StoreboxException;
import org.storebox.api.outbox.OutboxService;
import org.storebox.api.stock.Movement;
import org.storebox.api.stock.StockDocument;
import org.storebox.api.stock.StockLevel;
import org.storebox.api.stock.StockLine;
import org.storebox.api.stock.StockService;
import org.storebox.api.store.Database;

/** Stock as a ledger: every change is a row of stock_movement, and stock_level keeps the running total. */
@Component
public class StockServiceImpl implements StockService {
    private static final Logger LOG = LoggerFactory.getLogger(StockServiceImpl.class);
    private static final int MAX_DECIMALS = 3;
    /** DECIMAL(19,3) leaves 16 digits before the decimal point. */
    private static final BigDecimal QTY_LIMIT = BigDecimal.TEN.pow(16);
    private static final int MAX_REFERENCE = 64;
    private static final String INSERT_MOVEMENT =
            "INSERT INTO stock_movement (sku, qty, kind, reference, at) VALUES (?, ?, ?, ?, ?)";
    /** Each SKU's last receipt: what restock asks of receipts (did goods arrive after the order?). */
    private static final String MERGE_RECEIPT = "MERGE INTO stock_receipt r USING (VALUES (CAST(? AS VARCHAR(64)), "
            + "CAST(? AS TIMESTAMP WITH TIME ZONE))) v(sku, at) ON r.sku = v.sku "
            + "WHEN MATCHED THEN UPDATE SET last_at = GREATEST(r.last_at, v.at) WHEN NOT MATCHED THEN INSERT VALUES (v.sku, v.at)";

    private final Database database;
    private final CatalogService catalog;
    private final OutboxService outbox;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile EventAdmin events;

    @Activate
    public StockServiceImpl(@Reference Database database, @Reference CatalogService catalog,
            @Reference OutboxService outbox) {
        this.database = database;
        this.catalog = catalog;
        this.outbox = outbox;
    }

    @Override
    public StockLevel level(String sku) {
        if (sku == null || catalog.get(sku).isEmpty()) {
            throw StoreboxException.notFound("unknown SKU '" + sku + "': add it to the catalog first");
        }
        BigDecimal onHand = database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT on_hand FROM stock_level WHERE sku = ?")) {
                return onHand(ps, sku);
            }
        });
        return new StockLevel(sku, plain(onHand));
    }

    @Override
    public List<StockLevel> receive(StockDocument receipt) {
        return post(receipt, Movement.Kind.RECEIPT);
    }

    @Override
    public List<StockLevel> count(StockDocument count) {
        return post(count, Movement.Kind.COUNT);
    }

    /** Books a receipt or a count: its movements, the new levels and one outbox event, in one write. */
    private List<StockLevel> post(StockDocument doc, Movement.Kind kind) {
        boolean receipt = kind == Movement.Kind.RECEIPT;
        List<StockLine> lines = checked(doc, receipt);
        String reference = doc.reference;
        List<StockLevel> levels = database.write(c -> {
            Map<String, BigDecimal> onHand = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT on_hand FROM stock_level WHERE sku = ?")) {
                for (StockLine line : lines) {
                    if (!onHand.containsKey(line.sku)) {
                        onHand.put(line.sku, onHand(ps, line.sku));
                    }
                }
            }
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            StringBuilder json = Json.string(new StringBuilder("{\"reference\":"), reference).append(",\"lines\":[");
            try (PreparedStatement insert = c.prepareStatement(INSERT_MOVEMENT)) {
                for (int i = 0; i < lines.size(); i++) {
                    StockLine line = lines.get(i);
                    BigDecimal before = onHand.get(line.sku);
                    BigDecimal after = receipt ? before.add(line.qty) : line.qty;
                    BigDecimal change = after.subtract(before);
                    onHand.put(line.sku, after);
                    insert.setString(1, line.sku);
                    insert.setBigDecimal(2, change);
                    insert.setString(3, kind.name());
                    insert.setString(4, reference);
                    insert.setObject(5, now);
                    insert.addBatch();
                    Json.string(json.append(i == 0 ? "{\"sku\":" : ",{\"sku\":"), line.sku)
                            .append(",\"qty\":").append(plain(line.qty).toPlainString());
                    if (!receipt) {
                        json.append(",\"adjustment\":").append(plain(change).toPlainString());
                    }
                    json.append(",\"on_hand\":").append(plain(after).toPlainString()).append('}');
                }
                insert.executeBatch();
            }
            // The writer thread runs one work at a time, so the levels read above are still current.
            try (PreparedStatement merge = c.prepareStatement("MERGE INTO stock_level (sku, on_hand) KEY(sku) VALUES (?, ?)")) {
                for (Map.Entry<String, BigDecimal> e : onHand.entrySet()) {
                    merge.setString(1, e.getKey());
                    merge.setBigDecimal(2, e.getValue());
                    merge.addBatch();
                }
                merge.executeBatch();
            }
            if (receipt) {
                received(c, onHand.keySet(), now);
            }
            outbox.append(c, receipt ? "stock.received" : "stock.counted", json.append("]}").toString());
            List<StockLevel> after = new ArrayList<>(onHand.size());
            onHand.forEach((sku, qty) -> after.add(new StockLevel(sku, plain(qty))));
            return after;
        });
        LOG.debug("Stock {} {} booked: {} lines", kind, reference, lines.size());
        EventAdmin ea = events;
        if (ea != null) {
            // Restock and alerts look again at these SKUs; the booking stands whatever EventAdmin does.
            try {
                ea.postEvent(new Event(TOPIC_CHANGED, Map.of("skus", levels.stream().map(l -> l.sku).toArray(String[]::new))));
            } catch (RuntimeException e) {
                LOG.warn("Could not post the stock change of {} to EventAdmin", reference, e);
            }
        }
        return levels;
    }

    /** The document's lines, checked, with quantities as given; INVALID naming the first bad line. */
    private List<StockLine> checked(StockDocument doc, boolean receipt) {
        String what = receipt ? "a goods receipt" : "a stock count";
        if (doc == null || doc.lines == null || doc.lines.isEmpty()) {
            throw StoreboxException.invalid(what + " needs at least one line with sku and qty");
        }
        if (doc.reference != null && doc.reference.length() > MAX_REFERENCE) {
            throw StoreboxException.invalid("the reference has " + doc.reference.length()
                    + " characters; shorten it to at most " + MAX_REFERENCE);
        }
        List<StockLine> lines = new ArrayList<>(doc.lines.size());
        Map<String, Integer> lineOfSku = new HashMap<>();
        for (int i = 0; i < doc.lines.size(); i++) {
            StockLine line = doc.lines.get(i);
            int n = i + 1;
            if (line == null || line.sku == null || line.sku.isBlank()) {
                throw StoreboxException.invalid("line " + n + " has no sku; give the SKU of every line");
            }
            String at = "line " + n + " (sku " + line.sku + "): ";
            if (catalog.get(line.sku).isEmpty()) {
                throw StoreboxException.invalid("line " + n + ": unknown SKU '" + line.sku
                        + "': add it to the catalog first");
            }
            if (line.qty == null) {
                throw StoreboxException.invalid(at + "qty is missing");
            }
            if (receipt && line.qty.signum() <= 0) {
                throw StoreboxException.invalid(at + "a received qty must be above zero, not "
                        + line.qty.toPlainString());
            }
            if (!receipt && line.qty.signum() < 0) {
                throw StoreboxException.invalid(at + "a counted qty cannot be negative (" + line.qty.toPlainString()
                        + "); count 0 when the shelf is empty");
            }
            if (line.qty.stripTrailingZeros().scale() > MAX_DECIMALS) {
                throw StoreboxException.invalid(at + "qty " + line.qty.toPlainString() + " has more than "
                        + MAX_DECIMALS + " decimals; weigh to the gram (0.001 kg)");
            }
            if (line.qty.abs().compareTo(QTY_LIMIT) >= 0) {
                throw StoreboxException.invalid(at + "qty " + line.qty.toPlainString() + " is too large");
            }
            Integer first = lineOfSku.putIfAbsent(line.sku, n);
            if (!receipt && first != null) {
                throw StoreboxException.invalid(at + "SKU " + line.sku + " is counted twice (lines " + first + " and "
                        + n + "); add the quantities up into one line");
            }
            lines.add(new StockLine(line.sku, line.qty));
        }
        return lines;
    }

    @Override
    public void book(Connection connection, List<Movement> movements) throws SQLException {
        if (movements == null || movements.isEmpty()) {
            return;
        }
        // Two statements per sale in the common case: the movements, then one level update per SKU.
        Map<String, BigDecimal> change = new LinkedHashMap<>();
        Set<String> received = new LinkedHashSet<>();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (PreparedStatement insert = connection.prepareStatement(INSERT_MOVEMENT)) {
            for (int i = 0; i < movements.size(); i++) {
                Movement m = movements.get(i);
                check(m, i + 1);
                insert.setString(1, m.sku);
                insert.setBigDecimal(2, m.qty);
                insert.setString(3, m.kind.name());
                insert.setString(4, m.reference);
                insert.setObject(5, now);
                insert.addBatch();
                change.merge(m.sku, m.qty, BigDecimal::add);
                if (m.kind == Movement.Kind.RECEIPT) {
                    received.add(m.sku);
                }
            }
            insert.executeBatch();
        }
        received(connection, received, now);
        List<String> skus = new ArrayList<>(change.keySet());
        List<String> missing = new ArrayList<>();
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE stock_level SET on_hand = on_hand + ? WHERE sku = ?")) {
            for (String sku : skus) {
                update.setBigDecimal(1, change.get(sku));
                update.setString(2, sku);
                update.addBatch();
            }
            int[] updated = update.executeBatch();
            for (int i = 0; i < updated.length; i++) {
                if (updated[i] == 0) {
                    missing.add(skus.get(i));
                }
            }
        }
        if (!missing.isEmpty()) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO stock_level (sku, on_hand) VALUES (?, ?)")) {
                for (String sku : missing) {
                    insert.setString(1, sku);
                    insert.setBigDecimal(2, change.get(sku));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
    }

    private static void received(Connection c, Set<String> skus, OffsetDateTime at) throws SQLException {
        if (skus.isEmpty()) {
            return;
        }
        try (PreparedStatement merge = c.prepareStatement(MERGE_RECEIPT)) {
            for (String sku : skus) {
                merge.setString(1, sku);
                merge.setObject(2, at);
                merge.addBatch();
            }
            merge.executeBatch();
        }
    }

    private static void check(Movement m, int n) {
        if (m == null || m.sku == null || m.qty == null || m.kind == null) {
            throw StoreboxException.invalid("movement " + n + " needs sku, qty and kind");
        }
        if (m.qty.stripTrailingZeros().scale() > MAX_DECIMALS || m.qty.abs().compareTo(QTY_LIMIT) >= 0) {
            throw StoreboxException.invalid("movement " + n + " (sku " + m.sku + "): qty " + m.qty.toPlainString()
                    + " must have at most " + MAX_DECIMALS + " decimals and fewer than 17 digits before the point");
        }
        if (m.reference != null && m.reference.length() > MAX_REFERENCE) {
            throw StoreboxException.invalid("movement " + n + " (sku " + m.sku + "): the reference is longer than "
                    + MAX_REFERENCE + " characters");
        }
    }

    private static BigDecimal onHand(PreparedStatement select, String sku) throws SQLException {
        select.setString(1, sku);
        try (ResultSet rs = select.executeQuery()) {
            return rs.next() ? rs.getBigDecimal(1) : BigDecimal.ZERO;
        }
    }

    /** Without trailing zeros and never in exponent form: 100, 0.375, 0. */
    static BigDecimal plain(BigDecimal x) {
        BigDecimal s = x.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
