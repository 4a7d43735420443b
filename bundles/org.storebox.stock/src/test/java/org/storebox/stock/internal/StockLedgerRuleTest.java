package org.storebox.stock.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storebox.api.alert.AlertCondition;
import org.storebox.api.catalog.Product;
import org.storebox.api.stock.StockDocument;
import org.storebox.api.stock.StockLine;
import org.storebox.catalog.internal.CatalogServiceImpl;
import org.storebox.outbox.internal.OutboxServiceImpl;
import org.storebox.store.internal.H2Database;
import org.storebox.catalog.internal.TaxConfig;
import org.storebox.store.testing.TestStore;

/** The ledger check finds a running total that its movements do not explain, and only then. */
class StockLedgerRuleTest {
    @TempDir
    Path dir;

    @Test
    void aLevelTheMovementsDoNotExplainIsACriticalAlert() throws Exception {
        TestStore store = new TestStore(dir, "HKD");
        H2Database db = store.openDatabase();
        try {
            CatalogServiceImpl catalog = new CatalogServiceImpl(tax(true, "standard=0"), db, store);
            StockServiceImpl stock = new StockServiceImpl(db, catalog, new OutboxServiceImpl(db));
            Product p = new Product();
            p.sku = "TEA";
            p.name = "Lemon tea";
            p.price = BigDecimal.TEN;
            p.taxClass = "standard";
            catalog.put(p);
            StockDocument receipt = new StockDocument();
            StockLine line = new StockLine();
            line.sku = "TEA";
            line.qty = new BigDecimal("12");
            receipt.lines = List.of(line);
            stock.receive(receipt);

            Instant[] now = { Instant.parse("2026-11-22T02:00:00Z") };
            Clock clock = new Clock() {
                @Override
                public Instant instant() {
                    return now[0];
                }

                @Override
                public java.time.ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }
            };
            assertEquals(List.of(), new StockLedgerRule(db, clock).evaluate(), "a ledger that adds up");

            db.write(c -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("UPDATE stock_level SET on_hand = on_hand + 3 WHERE sku = 'TEA'");
                }
                return null;
            });
            StockLedgerRule rule = new StockLedgerRule(db, clock);
            List<AlertCondition> found = rule.evaluate();
            assertEquals(1, found.size(), found.toString());
            AlertCondition c = found.get(0);
            assertEquals("stock.ledger_mismatch", c.code);
            assertEquals("TEA", c.subject);
            assertTrue(c.message.contains("15") && c.message.contains("12"), c.message);

            db.write(c2 -> {
                try (Statement s = c2.createStatement()) {
                    s.executeUpdate("UPDATE stock_level SET on_hand = on_hand - 3 WHERE sku = 'TEA'");
                }
                return null;
            });
            assertEquals(1, rule.evaluate().size(), "checked once a day: the result stands until then");
            now[0] = now[0].plus(Duration.ofHours(25));
            assertEquals(List.of(), rule.evaluate(), "the next day's check clears it");

            // A stored sale whose stock movements are missing, as a partly lost transaction would leave it.
            db.write(c3 -> {
                try (Statement s = c3.createStatement()) {
                    s.executeUpdate("INSERT INTO sale (id, kind, status, terminal_id, business_day, created_at, total, tax, "
                            + "discount_total, rounding, points, request_hash, seq, document) VALUES ('S-1', 'sale', 'completed', "
                            + "'lane-1', DATE '2026-11-23', TIMESTAMP WITH TIME ZONE '2026-11-23 02:30:00+00', 10, 0, 0, 0, 0, 'h', 7, '{}')");
                    s.executeUpdate("INSERT INTO sale_line (sale_seq, line_no, sku, qty, amount, tax) VALUES (7, 1, 'TEA', 1, 10, 0)");
                }
                return null;
            });
            now[0] = now[0].plus(Duration.ofHours(25));
            List<AlertCondition> unmoved = rule.evaluate();
            assertEquals(List.of("stock.sale_without_movements"), unmoved.stream().map(x -> x.code).toList(), unmoved.toString());
            assertEquals("S-1", unmoved.get(0).subject);
        } finally {
            db.close();
        }
    }

    private static TaxConfig tax(boolean inclusive, String... classes) {
        return TestStore.defaults(TaxConfig.class, Map.of("prices__include__tax", inclusive, "classes", classes));
    }
}
