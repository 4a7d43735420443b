package org.storebox.restock.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;
import org.storebox.api.common.StoreboxException;
import org.storebox.api.restock.Suggestion;
import org.storebox.outbox.internal.OutboxServiceImpl;
import org.storebox.store.internal.H2Database;
import org.storebox.store.testing.Poll;
import org.storebox.store.testing.TestStore;

/** Demand from stored sales and movements, leaving out stock-out days; suggestion states; outbox events. */
class RestockServiceImplTest {
    static final ZoneId HK = ZoneId.of("Asia/Hong_Kong");
    @TempDir
    Path dir;
    H2Database db;
    OutboxServiceImpl outbox;
    RestockServiceImpl restock;
    final LocalDate today = LocalDate.now(HK);

    @BeforeEach
    void open() throws Exception {
        TestStore store = new TestStore(dir, "HKD");
        db = store.openDatabase();
        outbox = new OutboxServiceImpl(db);
        restock = new RestockServiceImpl(new Config(), db, outbox, store);
    }

    @AfterEach
    void close() {
        restock.deactivate();
        db.close();
    }

    /** Day -10 at noon 14 arrive; 4 sold a day, but day -6 sells the last 2 and day -5 starts empty until 20 arrive at noon. */
    private void history() {
        db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO product(sku, name, price, tax_class, active, updated_at) "
                    + "VALUES ('T1', 'Tea', 8.50, 'standard', TRUE, CURRENT_TIMESTAMP)")) {
                p.executeUpdate();
            }
            double onHand = 0;
            onHand += move(c, "T1", 14, "RECEIPT", today.minusDays(10));
            int[] sold = { 4, 4, 4, 2, 0, 4, 4, 4, 4 }; // days -9 .. -1
            for (int i = 0; i < sold.length; i++) {
                LocalDate d = today.minusDays(9 - i);
                if (i == 4) {
                    onHand += move(c, "T1", 20, "RECEIPT", d); // arrives at noon on day -5 after a morning with none
                }
                if (sold[i] > 0) {
                    onHand += move(c, "T1", -sold[i], "SALE", d);
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO stock_level(sku, on_hand) VALUES ('T1', ?)")) {
                p.setDouble(1, onHand);
                p.executeUpdate();
            }
            return null;
        });
    }

    private double move(java.sql.Connection c, String sku, double qty, String kind, LocalDate day) throws java.sql.SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO stock_movement(sku, qty, kind, reference, at) VALUES (?,?,?,'x',?)")) {
            p.setString(1, sku);
            p.setDouble(2, qty);
            p.setString(3, kind);
            p.setTimestamp(4, Timestamp.from(day.atTime(kind.equals("RECEIPT") ? 12 : 13, 0).atZone(HK).toInstant()));
            p.executeUpdate();
        }
        if (kind.equals("RECEIPT")) {
            // As the stock service books a receipt: the SKU's last receipt, which ends an order placed before it.
            try (PreparedStatement p = c.prepareStatement("MERGE INTO stock_receipt r USING (VALUES (CAST(? AS VARCHAR(64)), "
                    + "CAST(? AS TIMESTAMP WITH TIME ZONE))) v(sku, at) ON r.sku = v.sku "
                    + "WHEN MATCHED THEN UPDATE SET last_at = GREATEST(r.last_at, v.at) WHEN NOT MATCHED THEN INSERT VALUES (v.sku, v.at)")) {
                p.setString(1, sku);
                p.setTimestamp(2, Timestamp.from(day.atTime(12, 0).atZone(HK).toInstant()));
                p.executeUpdate();
            }
        }
        return qty;
    }

    @Test
    void demandLeavesOutTheDaysTheShelfWasEmpty() {
        history();
        assertEquals(1, restock.recomputeAll());
        Suggestion s = restock.get("T1").orElseThrow();
        // Window of 14 days: -14..-11 had nothing, -10 began empty (receipt at noon), -6 ended at 0, -5 began at 0.
        assertEquals(7, s.reasoning.outOfStockDays, s.reasoning.steps.toString());
        // In-stock days -9, -8, -7, -4, -3, -2, -1 sold 4 each
        assertEquals(4.0, s.reasoning.averageDailyDemand, 1e-9);
        assertEquals(0.0, s.reasoning.demandStdDev, 1e-9);
        assertEquals(4, s.reasoning.onHand.intValue());
        // reorder point 4 x 2 = 8 >= 4 on hand; target 8 + 7 x 4 = 36 -> 32
        assertEquals(0, new BigDecimal("32").compareTo(s.qty), s.reasoning.steps.toString());
        assertTrue(outbox.readFrom(1, 10).stream().anyMatch(e -> e.type.equals("restock.suggested")));
    }

    @Test
    void statesSnoozeOrderAndDismiss() {
        history();
        restock.recomputeAll();
        assertEquals("open", restock.get("T1").orElseThrow().state);
        assertEquals(StoreboxException.Kind.INVALID, assertThrows(StoreboxException.class,
                () -> restock.setState("T1", "snoozed", today, "m")).kind());
        assertEquals("snoozed", restock.setState("T1", "snoozed", today.plusDays(2), "m").state);
        restock.recomputeAll();
        assertEquals("snoozed", restock.get("T1").orElseThrow().state);
        assertEquals("dismissed", restock.setState("T1", "dismissed", null, "m").state);
        assertTrue(restock.suggestions(false).isEmpty());
        assertEquals(1, restock.suggestions(true).size());
        Suggestion ordered = restock.setState("T1", "ordered", null, "m");
        assertEquals("ordered", ordered.state);
        restock.recomputeAll();
        assertEquals("ordered", restock.get("T1").orElseThrow().state, "stays until goods arrive");
        db.write(c -> move(c, "T1", 100, "RECEIPT", today.plusDays(1)));
        restock.recomputeAll();
        assertTrue(restock.get("T1").isEmpty(), "the receipt ends the order");
        assertEquals(StoreboxException.Kind.NOT_FOUND, assertThrows(StoreboxException.class,
                () -> restock.setState("T1", "open", null, "m")).kind());
        assertEquals(List.of(), restock.suggestions(true));
    }

    @Test
    void aSaleVoidedTheSameDaySoldNothing() {
        history();
        // Day -2: one more sale of 3, voided that afternoon (the stock came back): the day still sold 4.
        db.write(c -> {
            move(c, "T1", -3, "SALE", today.minusDays(2));
            return move(c, "T1", 3, "VOID", today.minusDays(2));
        });
        restock.recomputeAll();
        Suggestion s = restock.get("T1").orElseThrow();
        assertEquals(4.0, s.reasoning.averageDailyDemand, 1e-9, s.reasoning.steps.toString());
        assertEquals(0.0, s.reasoning.demandStdDev, 1e-9);
    }

    @Test
    void aSaleTodayRecomputesItsSkuFromTheDaysAlreadyReadAsAFullRecomputeWould() {
        history();
        restock.recomputeAll();
        Suggestion full = restock.get("T1").orElseThrow();
        // Goods arrive today: on hand 104, nothing to order.
        db.write(c -> {
            move(c, "T1", 100, "RECEIPT", today);
            return c.createStatement().executeUpdate("UPDATE stock_level SET on_hand = on_hand + 100 WHERE sku = 'T1'");
        });
        restock.handleEvent(new Event("org/storebox/sales/COMMITTED", Map.of("skus", new String[] {"T1"})));
        Poll.until(Duration.ofSeconds(10), () -> restock.get("T1").isEmpty(), () -> "the suggestion ends, have "
                + restock.get("T1"));
        // A sale today takes it back down to 4: the same suggestion as the full recompute made, past days unchanged.
        db.write(c -> {
            move(c, "T1", -100, "SALE", today);
            return c.createStatement().executeUpdate("UPDATE stock_level SET on_hand = on_hand - 100 WHERE sku = 'T1'");
        });
        restock.handleEvent(new Event("org/storebox/sales/COMMITTED", Map.of("skus", new String[] {"T1"})));
        Poll.until(Duration.ofSeconds(10), () -> restock.get("T1").isPresent(), () -> "a suggestion again");
        Suggestion again = restock.get("T1").orElseThrow();
        assertEquals(0, full.qty.compareTo(again.qty), again.reasoning.steps.toString());
        assertEquals(full.reasoning.outOfStockDays, again.reasoning.outOfStockDays);
        assertEquals(full.reasoning.averageDailyDemand, again.reasoning.averageDailyDemand, 1e-9);
        assertEquals(4, again.reasoning.onHand.intValue());
        restock.recomputeAll();
        Suggestion after = restock.get("T1").orElseThrow();
        assertEquals(0, again.qty.compareTo(after.qty));
        assertEquals(again.reasoning.outOfStockDays, after.reasoning.outOfStockDays);
    }

    /** Store rule: 14-day window, lead time 2, 95 %, 7 days of cover. */
    static final class Config implements RestockConfig {
        @Override
        public Class<? extends Annotation> annotationType() {
            return RestockConfig.class;
        }

        @Override
        public int window__days() {
            return 14;
        }

        @Override
        public int full__interval__min() {
            return 600;
        }

        @Override
        public int lead__time__days() {
            return 2;
        }

        @Override
        public double service__level() {
            return 0.95;
        }

        @Override
        public double days__of__cover() {
            return 7;
        }

        @Override
        public double pack__size() {
            return 1;
        }

        @Override
        public double min() {
            return -1;
        }

        @Override
        public double max() {
            return -1;
        }

        @Override
        public double shelf__capacity() {
            return -1;
        }

        @Override
        public String[] order__days() {
            return new String[0];
        }
    }
}
