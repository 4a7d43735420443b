package org.storebox.catalog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import org.storebox.api.catalog.Barcodes;
import org.storebox.api.catalog.Product;
import org.storebox.api.catalog.TaxClass;
import org.storebox.api.common.StoreboxException;
import org.storebox.store.internal.H2Database;
import org.storebox.store.testing.TestStore;

/** The catalog against a real H2 file database: validation, barcodes, restarts and a 50,000-product import. */
class CatalogServiceImplTest {
    private static final String EAN13 = "4006381333931";
    private static final String EAN8 = "96385074";
    private static final String UPCA = "036000291452";
    private static final TaxConfig HK = tax(true, "standard=0", "zero=0");

    @TempDir
    Path dir;
    TestStore store;
    H2Database db;
    CatalogServiceImpl catalog;

    @BeforeEach
    void open() throws Exception {
        store = new TestStore(dir, "HKD");
        db = store.openDatabase();
        catalog = new CatalogServiceImpl(HK, db, store);
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** Closes the database and opens it again with a fresh catalog, as a restart of the box does. */
    private void restart() throws Exception {
        db.close();
        db = store.openDatabase();
        catalog = new CatalogServiceImpl(HK, db, store);
    }

    private static Product product(String sku, String name, String price, String... barcodes) {
        Product p = new Product();
        p.sku = sku;
        p.name = name;
        p.price = new BigDecimal(price);
        p.taxClass = "standard";
        p.barcodes = new ArrayList<>(List.of(barcodes));
        return p;
    }

    private StoreboxException invalid(Runnable r) {
        StoreboxException e = assertThrows(StoreboxException.class, r::run);
        assertEquals(StoreboxException.Kind.INVALID, e.kind(), e.getMessage());
        return e;
    }

    private int rows(String table) {
        return db.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private String ownerInTable(String code) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT sku FROM barcode WHERE code = ?")) {
                ps.setString(1, code);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    @Test
    void checkDigitsOfEan13Ean8AndUpcA() {
        assertTrue(Barcodes.valid(EAN13));
        assertTrue(Barcodes.valid(EAN8));
        assertTrue(Barcodes.valid(UPCA));
        assertFalse(Barcodes.valid("4006381333932"), "EAN-13 with a wrong check digit");
        assertFalse(Barcodes.valid("96385070"), "EAN-8 with a wrong check digit");
        assertFalse(Barcodes.valid("036000291453"), "UPC-A with a wrong check digit");
        assertFalse(Barcodes.valid("40063813339"), "11 digits");
        assertFalse(Barcodes.valid("40063813339A1"), "a letter");
        assertFalse(Barcodes.valid(""));
        assertFalse(Barcodes.valid(null));
    }

    @Test
    void acceptsEveryBarcodeKindAndFindsEach() {
        assertTrue(catalog.put(product("A1", "Apple", "5", EAN13, EAN8, UPCA)));
        for (String code : List.of(EAN13, EAN8, UPCA)) {
            assertEquals("A1", catalog.findByBarcode(code).orElseThrow().sku, code);
        }
    }

    @Test
    void refusesAWrongCheckDigitAndSaysWhy() {
        StoreboxException e = invalid(() -> catalog.put(product("A1", "Apple", "5", "4006381333932")));
        assertTrue(e.getMessage().contains("4006381333932") && e.getMessage().contains("check digit"), e.getMessage());
        assertEquals(0, catalog.size());
        assertEquals(0, rows("product"));
    }

    @Test
    void putGetAndFindByBarcode() {
        Product p = product("VITA-LT-250", "維他檸檬茶 250ml", "6.5", EAN13);
        p.category = "drinks";
        assertTrue(catalog.put(p), "created");
        Product got = catalog.get("VITA-LT-250").orElseThrow();
        assertEquals("維他檸檬茶 250ml", got.name);
        assertEquals(new BigDecimal("6.50"), got.price, "stored at the currency's scale");
        assertEquals(List.of(EAN13), got.barcodes);
        assertEquals("standard", got.taxClass);
        assertEquals(Boolean.TRUE, got.active);
        assertEquals("drinks", got.category);
        assertEquals("VITA-LT-250", catalog.findByBarcode(EAN13).orElseThrow().sku);
        assertTrue(catalog.get("NOPE").isEmpty());
        assertTrue(catalog.findByBarcode(EAN8).isEmpty());
        assertEquals(1, catalog.size());

        p.price = new BigDecimal("7.00");
        assertFalse(catalog.put(p), "replaced");
        assertEquals(new BigDecimal("7.00"), catalog.get("VITA-LT-250").orElseThrow().price);
        assertEquals(1, catalog.size());
    }

    @Test
    void chineseAndMalayNamesSurviveARestart() throws Exception {
        catalog.put(product("HK1", "維他檸檬茶 250ml", "6.50", EAN13));
        catalog.put(product("MY1", "Teh Tarik Segera 3 dalam 1", "12.90", EAN8));
        Product inactive = product("OLD", "舊貨", "1");
        inactive.active = false;
        catalog.put(inactive);

        restart();

        assertEquals(3, catalog.size());
        assertEquals("維他檸檬茶 250ml", catalog.findByBarcode(EAN13).orElseThrow().name);
        assertEquals("Teh Tarik Segera 3 dalam 1", catalog.get("MY1").orElseThrow().name);
        assertEquals(new BigDecimal("12.90"), catalog.get("MY1").orElseThrow().price);
        assertEquals(Boolean.FALSE, catalog.get("OLD").orElseThrow().active);
    }

    @Test
    void returnsCopiesThatCannotChangeTheCatalog() {
        catalog.put(product("A1", "Apple", "5", EAN13));
        Product got = catalog.get("A1").orElseThrow();
        got.name = "changed";
        got.barcodes.add(EAN8);
        assertEquals("Apple", catalog.get("A1").orElseThrow().name);
        assertTrue(catalog.findByBarcode(EAN8).isEmpty());
        assertEquals(List.of(EAN13), catalog.get("A1").orElseThrow().barcodes);
    }

    @Test
    void replacingAProductMovesItsBarcodes() throws Exception {
        catalog.put(product("A1", "Apple", "5", EAN13, EAN8));
        catalog.put(product("A1", "Apple", "5", UPCA));

        assertTrue(catalog.findByBarcode(EAN13).isEmpty());
        assertTrue(catalog.findByBarcode(EAN8).isEmpty());
        assertEquals("A1", catalog.findByBarcode(UPCA).orElseThrow().sku);
        assertEquals(List.of(UPCA), catalog.get("A1").orElseThrow().barcodes);

        // The freed barcode can now go to another product.
        assertTrue(catalog.put(product("B1", "Banana", "3", EAN13)));
        assertEquals("B1", catalog.findByBarcode(EAN13).orElseThrow().sku);

        restart();
        assertTrue(catalog.findByBarcode(EAN8).isEmpty());
        assertEquals("A1", catalog.findByBarcode(UPCA).orElseThrow().sku);
        assertEquals("B1", catalog.findByBarcode(EAN13).orElseThrow().sku);
    }

    @Test
    void aBarcodeOfAnotherSkuIsRefusedAndNothingChanges() {
        catalog.put(product("A1", "Apple", "5", EAN13));
        StoreboxException e = invalid(() -> catalog.put(product("B1", "Banana", "3", EAN8, EAN13)));
        assertTrue(e.getMessage().contains(EAN13) && e.getMessage().contains("A1"), e.getMessage());

        assertTrue(catalog.get("B1").isEmpty());
        assertTrue(catalog.findByBarcode(EAN8).isEmpty());
        assertEquals("A1", catalog.findByBarcode(EAN13).orElseThrow().sku);
        assertEquals(1, rows("product"));
        assertEquals(1, rows("barcode"));
        assertEquals("A1", ownerInTable(EAN13));
    }

    @Test
    void theTableDecidesBarcodeOwnershipEvenWhenTheCacheIsBehind() {
        // A second catalog on the same database loaded before A1 existed: its cache does not know the barcode.
        CatalogServiceImpl stale = new CatalogServiceImpl(HK, db, store);
        catalog.put(product("A1", "Apple", "5", EAN13));
        StoreboxException e = invalid(() -> stale.put(product("B1", "Banana", "3", EAN13)));
        assertTrue(e.getMessage().contains("A1"), e.getMessage());
        assertEquals("A1", ownerInTable(EAN13));
        assertEquals(1, rows("product"));
        assertTrue(stale.get("B1").isEmpty());
    }

    @Test
    void refusesBadFieldsWithWhatToFix() {
        assertTrue(invalid(() -> catalog.put(product("A 1", "Apple", "5"))).getMessage().contains("sku"));
        assertTrue(invalid(() -> catalog.put(product("A".repeat(65), "Apple", "5"))).getMessage().contains("sku"));
        assertTrue(invalid(() -> catalog.put(product("A1", " ", "5"))).getMessage().contains("name"));
        assertTrue(invalid(() -> catalog.put(product("A1", "x".repeat(201), "5"))).getMessage().contains("200"));
        assertTrue(invalid(() -> catalog.put(product("A1", "Apple", "-1"))).getMessage().contains("negative"));
        Product noPrice = product("A1", "Apple", "1");
        noPrice.price = null;
        assertTrue(invalid(() -> catalog.put(noPrice)).getMessage().contains("price"));
        assertTrue(invalid(() -> catalog.put(product("A1", "Apple", "5", EAN13, EAN13))).getMessage()
                .contains("twice"));
        Product longCategory = product("A1", "Apple", "5");
        longCategory.category = "c".repeat(65);
        assertTrue(invalid(() -> catalog.put(longCategory)).getMessage().contains("category"));
        assertEquals(0, catalog.size());
        assertEquals(0, rows("product"));

        // At the limits is fine.
        assertTrue(catalog.put(product("A".repeat(64), "名".repeat(200), "0")));
    }

    @Test
    void aPriceWithMoreDecimalsThanTheCurrencyIsRefused() {
        StoreboxException e = invalid(() -> catalog.put(product("A1", "Apple", "1.234")));
        assertTrue(e.getMessage().contains("1.234") && e.getMessage().contains("HKD"), e.getMessage());
        assertTrue(catalog.get("A1").isEmpty());

        // Trailing zeros are not decimals that matter.
        catalog.put(product("A1", "Apple", "1.2300"));
        assertEquals(new BigDecimal("1.23"), catalog.get("A1").orElseThrow().price);
    }

    @Test
    void yenHasNoMinorUnit() throws Exception {
        db.close();
        store = new TestStore(dir, "JPY");
        db = store.openDatabase();
        catalog = new CatalogServiceImpl(HK, db, store);
        invalid(() -> catalog.put(product("J1", "おにぎり", "150.5")));
        catalog.put(product("J1", "おにぎり", "150.0"));
        assertEquals(new BigDecimal("150"), catalog.get("J1").orElseThrow().price);
    }

    @Test
    void anUnknownTaxClassIsRefusedListingTheConfiguredOnes() {
        Product p = product("A1", "Apple", "5");
        p.taxClass = "luxury";
        StoreboxException e = invalid(() -> catalog.put(p));
        assertTrue(e.getMessage().contains("luxury") && e.getMessage().contains("standard")
                && e.getMessage().contains("zero"), e.getMessage());
        p.taxClass = null;
        invalid(() -> catalog.put(p));
        assertEquals(0, catalog.size());
    }

    @Test
    void hongKongDefaultsHaveNoTax() {
        List<TaxClass> classes = catalog.taxClasses();
        assertEquals(List.of("standard", "zero"), classes.stream().map(t -> t.name).toList());
        for (TaxClass t : classes) {
            assertEquals(0, t.rate.signum());
            assertTrue(t.inclusive);
        }
        assertTrue(catalog.taxClass("reduced").isEmpty());
    }

    @Test
    void malaysianSstClasses() {
        CatalogServiceImpl my = new CatalogServiceImpl(
                tax(false, "standard=0.10", "reduced=0.05", "exempt=0"), db, store);
        assertEquals(3, my.taxClasses().size());
        TaxClass reduced = my.taxClass("reduced").orElseThrow();
        assertEquals(0, new BigDecimal("0.05").compareTo(reduced.rate));
        assertFalse(reduced.inclusive);
        assertEquals(0, new BigDecimal("0.10").compareTo(my.taxClass("standard").orElseThrow().rate));
        // The copy handed out cannot change the configuration.
        reduced.rate = BigDecimal.ONE;
        assertEquals(0, new BigDecimal("0.05").compareTo(my.taxClass("reduced").orElseThrow().rate));
    }

    @Test
    void aBadTaxEntryStopsActivationNamingTheEntry() {
        for (String bad : List.of("standard", "standard=ten", "standard=10", "standard=-0.1", "=0.1", "a b=0.1")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new CatalogServiceImpl(tax(true, "zero=0", bad), db, store), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class,
                () -> new CatalogServiceImpl(tax(true, "zero=0", "zero=0.1"), db, store));
        assertThrows(IllegalArgumentException.class, () -> new CatalogServiceImpl(tax(true), db, store));
    }

    @Test
    void putAllIsAllOrNothing() {
        catalog.put(product("OLD", "Old", "1", UPCA));
        List<Product> list = List.of(
                product("P1", "One", "1", EAN13),
                product("P2", "Two", "2"),
                product("P3", "Three", "3.333"),
                product("P4", "Four", "4", EAN8));
        StoreboxException e = invalid(() -> catalog.putAll(list));
        assertTrue(e.getMessage().startsWith("product 3 (sku P3): "), e.getMessage());
        assertTrue(e.getMessage().contains("3.333"), e.getMessage());

        assertEquals(1, catalog.size());
        assertTrue(catalog.get("P1").isEmpty());
        assertTrue(catalog.findByBarcode(EAN13).isEmpty());
        assertEquals(1, rows("product"));
        assertEquals(1, rows("barcode"));
    }

    @Test
    void putAllRefusesDuplicatesAndTakenBarcodes() {
        catalog.put(product("OLD", "Old", "1", UPCA));
        StoreboxException dupSku = invalid(() -> catalog.putAll(List.of(
                product("P1", "One", "1"), product("P2", "Two", "2"), product("P1", "Again", "3"))));
        assertTrue(dupSku.getMessage().startsWith("product 3 (sku P1): "), dupSku.getMessage());

        StoreboxException dupCode = invalid(() -> catalog.putAll(List.of(
                product("P1", "One", "1", EAN13), product("P2", "Two", "2", EAN13))));
        assertTrue(dupCode.getMessage().startsWith("product 2 (sku P2): "), dupCode.getMessage());
        assertTrue(dupCode.getMessage().contains(EAN13), dupCode.getMessage());

        StoreboxException taken = invalid(() -> catalog.putAll(List.of(
                product("P1", "One", "1", EAN13), product("P2", "Two", "2", UPCA))));
        assertTrue(taken.getMessage().startsWith("product 2 (sku P2): ") && taken.getMessage().contains("OLD"),
                taken.getMessage());

        assertEquals(1, rows("product"));
        assertEquals(1, catalog.size());
    }

    @Test
    void putAllMayMoveABarcodeBetweenItsOwnProducts() throws Exception {
        catalog.putAll(List.of(product("P1", "One", "1", EAN13), product("P2", "Two", "2", EAN8)));
        assertEquals(2, catalog.putAll(List.of(product("P1", "One", "1", EAN8), product("P2", "Two", "2", EAN13))));
        assertEquals("P1", catalog.findByBarcode(EAN8).orElseThrow().sku);
        assertEquals("P2", catalog.findByBarcode(EAN13).orElseThrow().sku);
        restart();
        assertEquals("P1", catalog.findByBarcode(EAN8).orElseThrow().sku);
        assertEquals("P2", catalog.findByBarcode(EAN13).orElseThrow().sku);
    }

    @Test
    void aPriceBookOf50000ProductsImports() throws Exception {
        int n = 50_000;
        List<Product> book = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String payload = String.format("489%09d", i);
            String code = payload + Barcodes.checkDigit(payload);
            book.add(product("SKU-" + i, "商品 " + i, (i % 1000) + ".90", code));
        }
        long start = System.nanoTime();
        assertEquals(n, catalog.putAll(book));
        System.out.printf("putAll of %,d new products: %d ms%n", n, (System.nanoTime() - start) / 1_000_000);

        // Re-importing the same book replaces every product (and every barcode).
        start = System.nanoTime();
        assertEquals(n, catalog.putAll(book));
        System.out.printf("putAll replacing %,d products: %d ms%n", n, (System.nanoTime() - start) / 1_000_000);

        assertEquals(n, catalog.size());
        String code = book.get(41_234).barcodes.get(0);
        assertEquals("SKU-41234", catalog.findByBarcode(code).orElseThrow().sku);
        assertEquals(new BigDecimal("234.90"), catalog.get("SKU-41234").orElseThrow().price);
        assertEquals(n, rows("product"));
        assertEquals(n, rows("barcode"));

        start = System.nanoTime();
        restart();
        System.out.printf("loading %,d products at activation: %d ms%n", n, (System.nanoTime() - start) / 1_000_000);
        assertEquals(n, catalog.size());
        assertEquals("SKU-41234", catalog.findByBarcode(code).orElseThrow().sku);
        assertNull(catalog.get("SKU-41234").orElseThrow().category);
    }

    private static TaxConfig tax(boolean inclusive, String... classes) {
        return TestStore.defaults(TaxConfig.class, Map.of("prices__include__tax", inclusive, "classes", classes));
    }
}
