package org.storebox.stock.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storebox.api.catalog.Product;
import org.storebox.api.common.StoreboxException;
import org.storebox.api.outbox.OutboxEvent;
import org.storebox.api.stock.Movement;
import org.storebox.api.stock.StockDocument;
import org.storebox.api.stock.StockLevel;
import org.storebox.api.stock.StockLine;
import org.storebox.catalog.internal.CatalogServiceImpl;
import org.storebox.outbox.internal.OutboxServiceImpl;
import org.storebox.store.internal.H2Database;
import org.storebox.catalog.internal.TaxConfig;
import org.storebox.store.testing.TestStore;

/** Stock with the real catalog, outbox and H2 database: receipts, counts, sale movements and their events. */
class StockServiceImplTest {
    @TempDir
    Path dir;
    H2Database db;
    CatalogServiceImpl catalog;
    OutboxServiceImpl outbox;
    StockServiceImpl stock;

    @BeforeEach
    void open() throws Exception {
        TestStore store = new TestStore(dir, "HKD");
        db = store.openDatabase();
        catalog = new CatalogServiceImpl(tax(true, "standard=0"), db, store);
        outbox = new OutboxServiceImpl(db);
        stock = new StockServiceImpl(db, catalog, outbox);
        catalog.put(product("TEA", "維他檸檬茶 250ml"));
        catalog.put(product("PORK", "豬肉 (per kg)"));
        catalog.put(product("RICE", "Beras Wangi 5kg"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static Product product(String sku, String name) {
        Product p = new Product();
        p.sku = sku;
        p.name = name;
        p.price = BigDecimal.TEN;
        p.taxClass = "standard";
        return p;
    }

    private static StockDocument doc(String reference, Object... skuQty) {
        StockDocument d = new StockDocument();
        d.reference = reference;
        for (int i = 0; i < skuQty.length; i += 2) {
            d.lines.add(new StockLine((String) skuQty[i], skuQty[i + 1] == null ? null : new BigDecimal((String) skuQty[i + 1])));
        }
        return d;
    }

    private String onHand(String sku) {
        return stock.level(sku).onHand.toString();
    }

    private int movements() {
        return db.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM stock_movement")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private List<String> movementsOf(String sku) {
        return db.read(c -> {
            List<String> list = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT kind, qty, reference FROM stock_movement WHERE sku = ? ORDER BY id")) {
                ps.setString(1, sku);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        list.add(rs.getString(1) + " " + rs.getBigDecimal(2).stripTrailingZeros().toPlainString()
                                + " " + rs.getString(3));
                    }
                }
            }
            return list;
        });
    }

    private StoreboxException invalid(Runnable r) {
        StoreboxException e = assertThrows(StoreboxException.class, r::run);
        assertEquals(StoreboxException.Kind.INVALID, e.kind(), e.getMessage());
        return e;
    }

    @Test
    void aCatalogSkuWithNoMovementsHasZero() {
        StockLevel level = stock.level("TEA");
        assertEquals("TEA", level.sku);
        assertEquals("0", level.onHand.toString());
    }

    @Test
    void anUnknownSkuIsNotFound() {
        StoreboxException e = assertThrows(StoreboxException.class, () -> stock.level("NOPE"));
        assertEquals(StoreboxException.Kind.NOT_FOUND, e.kind());
        assertEquals("unknown SKU 'NOPE': add it to the catalog first", e.getMessage());
    }

    @Test
    void receiptsAddUpAndLevelsNeverShowExponents() {
        List<StockLevel> after = stock.receive(doc("PO-17", "TEA", "100", "RICE", "20"));
        assertEquals(List.of("TEA", "RICE"), after.stream().map(l -> l.sku).toList());
        assertEquals("100", after.get(0).onHand.toString(), "not 1E+2");
        assertEquals("20", after.get(1).onHand.toString());

        stock.receive(doc("PO-18", "TEA", "24", "TEA", "1"));
        assertEquals("125", onHand("TEA"));
        assertEquals(List.of("RECEIPT 100 PO-17", "RECEIPT 24 PO-18", "RECEIPT 1 PO-18"), movementsOf("TEA"));
    }

    @Test
    void weighedGoodsKeepGrams() {
        stock.receive(doc("DN-1", "PORK", "2.5"));
        db.write(c -> {
            stock.book(c, List.of(new Movement("PORK", new BigDecimal("-0.375"), Movement.Kind.SALE, "S-1")));
            return null;
        });
        assertEquals("2.125", onHand("PORK"));
        stock.receive(doc("DN-2", "PORK", "0.875"));
        assertEquals("3", onHand("PORK"));
        stock.count(doc("C-1", "PORK", "0.375"));
        assertEquals("0.375", onHand("PORK"));
        assertEquals(List.of("RECEIPT 2.5 DN-1", "SALE -0.375 S-1", "RECEIPT 0.875 DN-2", "COUNT -2.625 C-1"),
                movementsOf("PORK"));
    }

    /** The time of each SKU's last receipt, which restock compares with an order's time. */
    private java.util.Map<String, java.time.Instant> lastReceipts() {
        return db.read(c -> {
            java.util.Map<String, java.time.Instant> m = new java.util.TreeMap<>();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT sku, last_at FROM stock_receipt")) {
                while (rs.next()) {
                    m.put(rs.getString(1), rs.getObject(2, java.time.OffsetDateTime.class).toInstant());
                }
            }
            return m;
        });
    }

    @Test
    void receiptsAndReceiptMovementsRecordEachSkusLastReceiptAndCountsAndSalesDoNot() {
        java.time.Instant before = java.time.Instant.now().minusSeconds(1);
        stock.receive(doc("PO-1", "TEA", "10"));
        stock.count(doc("COUNT-1", "RICE", "12"));
        db.write(c -> {
            stock.book(c, List.of(new Movement("TEA", new BigDecimal("-3"), Movement.Kind.SALE, "S-1"),
                    new Movement("PORK", new BigDecimal("2.5"), Movement.Kind.RECEIPT, "DN-1")));
            return null;
        });
        java.util.Map<String, java.time.Instant> last = lastReceipts();
        assertEquals(java.util.Set.of("PORK", "TEA"), last.keySet());
        java.time.Instant tea = last.get("TEA");
        assertTrue(tea.isAfter(before), tea.toString());
        stock.receive(doc("PO-2", "TEA", "5"));
        assertTrue(!lastReceipts().get("TEA").isBefore(tea), "a later receipt moves the time on");
    }

    @Test
    void aCountSetsTheExactLevelThroughAnAdjustment() {
        stock.receive(doc("PO-1", "TEA", "10"));
        db.write(c -> {
            stock.book(c, List.of(new Movement("TEA", new BigDecimal("-3"), Movement.Kind.SALE, "S-1")));
            return null;
        });
        assertEquals("7", onHand("TEA"));

        List<StockLevel> after = stock.count(doc("COUNT-1", "TEA", "5", "RICE", "12"));
        assertEquals("5", after.get(0).onHand.toString());
        assertEquals("12", after.get(1).onHand.toString());
        assertEquals("5", onHand("TEA"));
        assertEquals("12", onHand("RICE"));
        assertEquals(List.of("RECEIPT 10 PO-1", "SALE -3 S-1", "COUNT -2 COUNT-1"), movementsOf("TEA"));
        assertEquals(List.of("COUNT 12 COUNT-1"), movementsOf("RICE"));

        stock.count(doc("COUNT-2", "TEA", "0"));
        assertEquals("0", onHand("TEA"));
    }

    @Test
    void receiptsAndCountsPublishOneEventEach() {
        stock.receive(doc("PO-17", "TEA", "100", "PORK", "1.500"));
        stock.count(doc(null, "TEA", "98"));

        List<OutboxEvent> events = outbox.readFrom(1, 10);
        assertEquals(2, events.size());
        assertEquals("stock.received", events.get(0).type);
        assertEquals("{\"reference\":\"PO-17\",\"lines\":[{\"sku\":\"TEA\",\"qty\":100,\"on_hand\":100},"
                + "{\"sku\":\"PORK\",\"qty\":1.5,\"on_hand\":1.5}]}", events.get(0).dataText());
        assertEquals("stock.counted", events.get(1).type);
        assertEquals("{\"reference\":null,\"lines\":[{\"sku\":\"TEA\",\"qty\":98,\"adjustment\":-2,\"on_hand\":98}]}",
                events.get(1).dataText());
    }

    @Test
    void receiptsAndCountsTellEventAdminWhichSkusChangedAndARefusedOneTellsNothing() {
        List<org.osgi.service.event.Event> posted = new ArrayList<>();
        stock.events = new org.osgi.service.event.EventAdmin() {
            @Override
            public void postEvent(org.osgi.service.event.Event event) {
                posted.add(event);
            }

            @Override
            public void sendEvent(org.osgi.service.event.Event event) {
                throw new AssertionError("stock must not block on handlers: " + event);
            }
        };
        stock.receive(doc("PO-18", "TEA", "5", "RICE", "2", "TEA", "1"));
        stock.count(doc(null, "PORK", "0.250"));
        assertThrows(StoreboxException.class, () -> stock.receive(doc("PO-19", "NOPE", "1")));

        assertEquals(2, posted.size(), posted::toString);
        assertEquals(org.storebox.api.stock.StockService.TOPIC_CHANGED, posted.get(0).getTopic());
        assertEquals(List.of("TEA", "RICE"), List.of((String[]) posted.get(0).getProperty("skus")));
        assertEquals(List.of("PORK"), List.of((String[]) posted.get(1).getProperty("skus")));
    }

    @Test
    void aReferenceInAnyScriptIsEscapedIntoValidJson() {
        stock.receive(doc("送貨單 \"A\\7\"\n", "TEA", "1"));
        assertEquals("{\"reference\":\"送貨單 \\\"A\\\\7\\\"\\n\",\"lines\":[{\"sku\":\"TEA\",\"qty\":1,\"on_hand\":1}]}",
                outbox.readFrom(1, 1).get(0).dataText());
    }

    @Test
    void badDocumentsAreRefusedAndNothingIsWritten() {
        stock.receive(doc("PO-1", "TEA", "10"));
        int before = movements();
        long seq = outbox.lastSeq();

        StoreboxException unknown = invalid(() -> stock.receive(doc("PO-2", "TEA", "5", "GHOST", "1")));
        assertTrue(unknown.getMessage().contains("line 2") && unknown.getMessage().contains("'GHOST'"),
                unknown.getMessage());
        invalid(() -> stock.receive(doc("PO-2")));
        invalid(() -> stock.receive(null));
        assertTrue(invalid(() -> stock.receive(doc("PO-2", null, "1"))).getMessage().contains("line 1"));
        assertTrue(invalid(() -> stock.receive(doc("PO-2", "TEA", null))).getMessage().contains("qty"));
        assertTrue(invalid(() -> stock.receive(doc("PO-2", "TEA", "0"))).getMessage().contains("above zero"));
        invalid(() -> stock.receive(doc("PO-2", "TEA", "-1")));
        assertTrue(invalid(() -> stock.receive(doc("PO-2", "PORK", "0.3755"))).getMessage().contains("decimals"));
        assertTrue(invalid(() -> stock.count(doc("C-1", "TEA", "-1"))).getMessage().contains("negative"));
        StoreboxException twice = invalid(() -> stock.count(doc("C-1", "TEA", "3", "RICE", "1", "TEA", "4")));
        assertTrue(twice.getMessage().contains("lines 1 and 3"), twice.getMessage());
        invalid(() -> stock.count(doc("x".repeat(65), "TEA", "1")));

        assertEquals(before, movements());
        assertEquals(seq, outbox.lastSeq());
        assertEquals("10", onHand("TEA"));
        assertEquals("0", onHand("RICE"));
    }

    @Test
    void bookAggregatesPerSkuAndLetsStockGoNegative() {
        stock.receive(doc("PO-1", "TEA", "2"));
        db.write(c -> {
            stock.book(c, List.of(
                    new Movement("TEA", new BigDecimal("-1"), Movement.Kind.SALE, "S-1"),
                    new Movement("TEA", new BigDecimal("-2"), Movement.Kind.SALE, "S-1"),
                    new Movement("RICE", new BigDecimal("-1"), Movement.Kind.SALE, "S-1")));
            return null;
        });
        assertEquals("-1", onHand("TEA"), "a sale is never refused for stock");
        assertEquals("-1", onHand("RICE"), "the first movement of a SKU creates its level");
        db.write(c -> {
            stock.book(c, List.of(new Movement("RICE", BigDecimal.ONE, Movement.Kind.RETURN, "R-1")));
            return null;
        });
        assertEquals("0", onHand("RICE"));
        assertEquals(List.of("SALE -1 S-1", "RETURN 1 R-1"), movementsOf("RICE"));
    }

    @Test
    void bookIsRolledBackWithItsCaller() {
        stock.receive(doc("PO-1", "TEA", "5"));
        int before = movements();
        assertThrows(IllegalStateException.class, () -> db.write(c -> {
            stock.book(c, List.of(new Movement("TEA", new BigDecimal("-1"), Movement.Kind.SALE, "S-9"),
                    new Movement("RICE", new BigDecimal("-1"), Movement.Kind.SALE, "S-9")));
            throw new IllegalStateException("payment failed");
        }));
        assertEquals("5", onHand("TEA"));
        assertEquals("0", onHand("RICE"));
        assertEquals(before, movements());
    }

    private static TaxConfig tax(boolean inclusive, String... classes) {
        return TestStore.defaults(TaxConfig.class, Map.of("prices__include__tax", inclusive, "classes", classes));
    }
}
