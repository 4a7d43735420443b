package org.storebox.stock.internal;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.alert.AlertCondition;
import org.storebox.api.alert.AlertRule;
import org.storebox.api.alert.Severity;
import org.storebox.api.store.Database;

/**
 * The stock ledger against its running totals: every SKU's {@code stock_level.on_hand} must equal
 * the sum of its movements. They are written in one transaction, so a difference means the database
 * lost part of a transaction (a crash H2 did not fully recover from) or someone edited it by hand.
 * Checked at the first evaluation after a start and then once a day, off the sale path.
 */
@Component(property = "alert.rule.name=stock-ledger")
public class StockLedgerRule implements AlertRule {
    private static final Logger LOG = LoggerFactory.getLogger(StockLedgerRule.class);
    private static final Duration EVERY = Duration.ofHours(24);
    private static final int MAX_LISTED = 20;

    private final Database db;
    private final Clock clock;
    private Instant checked;
    private List<AlertCondition> last = List.of();

    @Activate
    public StockLedgerRule(@Reference Database db) {
        this(db, Clock.systemUTC());
    }

    StockLedgerRule(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public String source() {
        return "stock";
    }

    @Override
    public synchronized List<AlertCondition> evaluate() {
        Instant now = clock.instant();
        if (checked != null && Duration.between(checked, now).compareTo(EVERY) < 0) {
            return last;
        }
        List<AlertCondition> out = new ArrayList<>();
        db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT l.sku, l.on_hand, COALESCE(m.total, 0) FROM stock_level l "
                    + "LEFT JOIN (SELECT sku, SUM(qty) total FROM stock_movement GROUP BY sku) m ON m.sku = l.sku "
                    + "WHERE l.on_hand <> COALESCE(m.total, 0) ORDER BY l.sku");
                    ResultSet rs = p.executeQuery()) {
                while (rs.next() && out.size() < MAX_LISTED) {
                    String sku = rs.getString(1);
                    BigDecimal level = rs.getBigDecimal(2).stripTrailingZeros();
                    BigDecimal ledger = rs.getBigDecimal(3).stripTrailingZeros();
                    StringBuilder params = new StringBuilder("{\"sku\":");
                    Json.string(params, sku).append(",\"on_hand\":\"").append(level.toPlainString())
                            .append("\",\"ledger\":\"").append(ledger.toPlainString()).append("\"}");
                    out.add(new AlertCondition("ledger:" + sku, Severity.CRITICAL, "stock.ledger_mismatch", "Stock of " + sku
                            + " reads " + level.toPlainString() + " but its movements add up to " + ledger.toPlainString()
                            + "; count the shelf and post a stock count, and report this box to support (database check).",
                            sku, params.toString()));
                }
            }
            // Sales of the last two days whose lines moved no stock: a sale and its movements are one
            // transaction, so this too is a partly lost transaction. Two scans and a set difference:
            // stock_movement has no index on reference, and a NOT EXISTS per sale would scan it per sale.
            java.time.OffsetDateTime since = now.minus(Duration.ofDays(2)).atOffset(java.time.ZoneOffset.UTC);
            java.util.Set<String> sales = new java.util.TreeSet<>();
            try (PreparedStatement p = c.prepareStatement("SELECT s.id FROM sale s WHERE s.kind = 'sale' AND s.created_at > ? "
                    + "AND EXISTS (SELECT 1 FROM sale_line l WHERE l.sale_seq = s.seq)")) {
                p.setObject(1, since);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        sales.add(rs.getString(1));
                    }
                }
            }
            if (!sales.isEmpty()) {
                try (PreparedStatement p = c.prepareStatement(
                        "SELECT DISTINCT reference FROM stock_movement WHERE kind = 'SALE' AND at > ?")) {
                    p.setObject(1, since.minusHours(1));
                    try (ResultSet rs = p.executeQuery()) {
                        while (rs.next()) {
                            sales.remove(rs.getString(1));
                        }
                    }
                }
            }
            for (String id : sales) {
                if (out.size() >= MAX_LISTED) {
                    break;
                }
                StringBuilder params = new StringBuilder("{\"sale_id\":");
                Json.string(params, id).append('}');
                out.add(new AlertCondition("unmoved:" + id, Severity.CRITICAL, "stock.sale_without_movements", "Sale "
                        + id + " is stored but moved no stock; count the shelves of its items, post a stock count, "
                        + "and report this box to support (database check).", id, params.toString()));
            }
            return null;
        });
        if (!out.isEmpty()) {
            LOG.error("Stock ledger check: {} problem(s) (on-hand that its movements do not explain, or sales that moved "
                    + "no stock), first {}", out.size(), out.get(0).subject);
        }
        checked = now;
        last = List.copyOf(out);
        return last;
    }
}
