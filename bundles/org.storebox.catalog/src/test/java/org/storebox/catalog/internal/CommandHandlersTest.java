package org.storebox.catalog.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storebox.api.catalog.Product;
import org.storebox.api.command.CommandResult;
import org.storebox.api.common.StoreboxException;
import org.storebox.store.internal.H2Database;
import org.storebox.store.testing.TestStore;
import org.storebox.store.testing.FakeConfigAdmin;
import org.storebox.store.testing.FakeSettings;

/** The catalog, prices and tax command handlers against the real H2 database (and ConfigAdmin in memory). */
class CommandHandlersTest {
    private static final TaxConfig HK = tax(true, "standard=0", "zero=0");

    @TempDir
    Path dir;
    TestStore store;
    H2Database db;
    CatalogServiceImpl catalog;
    CatalogCommandHandler catalogHandler;
    PricesCommandHandler pricesHandler;

    @BeforeEach
    void open() throws Exception {
        store = new TestStore(dir, "HKD");
        db = store.openDatabase();
        start();
    }

    private void start() {
        catalog = new CatalogServiceImpl(HK, db, store);
        catalogHandler = new CatalogCommandHandler(catalog);
        pricesHandler = new PricesCommandHandler(catalog);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static String product(String sku, String price) {
        return "{\"sku\":\"" + sku + "\",\"name\":\"Tea " + sku + "\",\"price\":\"" + price + "\",\"tax_class\":\"standard\"}";
    }

    private static String catalogCommand(String id, long version, String mode, String products, String extra) {
        return "{\"request_id\":\"" + id + "\",\"version\":" + version + ",\"mode\":\"" + mode + "\",\"products\":["
                + products + "]" + extra + "}";
    }

    private StoreboxException refused(StoreboxException.Kind kind, Runnable r) {
        StoreboxException e = assertThrows(StoreboxException.class, r::run);
        assertEquals(kind, e.kind(), e.getMessage());
        return e;
    }

    private BigDecimal price(String sku) {
        return catalog.get(sku).orElseThrow().price;
    }

    @Test
    void aFullCatalogCreatesReplacesDeactivatesTheRestAndStoresItsVersion() throws Exception {
        CommandResult r = catalogHandler.handle("r1", catalogCommand("r1", 1, "full",
                product("A", "10.00") + "," + product("B", "20.00") + "," + product("C", "30.00"), ""));
        assertEquals(3, r.data.get("created"), r.message);
        assertEquals(Optional.of(1L), catalog.appliedVersion("catalog"));

        r = catalogHandler.handle("r2", catalogCommand("r2", 2, "full", product("A", "11.00") + "," + product("B", "20.00"), ""));
        assertEquals(0, r.data.get("created"));
        assertEquals(2, r.data.get("replaced"));
        assertEquals(1, r.data.get("deactivated"));
        assertFalse(catalog.get("C").orElseThrow().active, "C is not in the full catalog");
        assertEquals(new BigDecimal("11.00"), price("A"));

        // What the cache says is what the database says after a restart.
        db.close();
        db = store.openDatabase();
        start();
        assertFalse(catalog.get("C").orElseThrow().active);
        assertEquals(new BigDecimal("11.00"), price("A"));
        assertEquals(Optional.of(2L), catalog.appliedVersion("catalog"));
    }

    @Test
    void aDeltaChangesWhatItNamesAndRefusesAnUnknownSkuWhole() {
        catalogHandler.handle("r1", catalogCommand("r1", 1, "full", product("A", "10.00") + "," + product("B", "20.00"), ""));
        StoreboxException e = refused(StoreboxException.Kind.INVALID, () -> catalogHandler.handle("r2",
                catalogCommand("r2", 2, "delta", product("A", "12.00"), ",\"deactivate\":[\"B\",\"NOPE\"]")));
        assertTrue(e.getMessage().contains("NOPE"), e.getMessage());
        assertEquals(new BigDecimal("10.00"), price("A"), "nothing of the refused delta was applied");
        assertTrue(catalog.get("B").orElseThrow().active);
        assertEquals(Optional.of(1L), catalog.appliedVersion("catalog"));

        CommandResult r = catalogHandler.handle("r3", catalogCommand("r3", 2, "delta", product("D", "5.00"),
                ",\"deactivate\":[\"B\"]"));
        assertEquals(1, r.data.get("created"));
        assertEquals(1, r.data.get("deactivated"));
        assertTrue(catalog.get("D").isPresent());
        assertFalse(catalog.get("B").orElseThrow().active);
        assertTrue(catalog.get("A").orElseThrow().active, "a delta leaves the others alone");
    }

    @Test
    void anOlderOrEqualVersionNeverOverwritesANewerOne() {
        catalogHandler.handle("r5", catalogCommand("r5", 5, "full", product("A", "10.00"), ""));
        StoreboxException e = refused(StoreboxException.Kind.CONFLICT, () -> catalogHandler.handle("r4",
                catalogCommand("r4", 4, "full", product("A", "99.00"), "")));
        assertTrue(e.getMessage().contains("version 4 is not newer than version 5"), e.getMessage());
        refused(StoreboxException.Kind.CONFLICT, () -> catalogHandler.handle("r5b",
                catalogCommand("r5b", 5, "full", product("A", "99.00"), "")));
        assertEquals(new BigDecimal("10.00"), price("A"));

        pricesHandler.handle("p9", "{\"request_id\":\"p9\",\"version\":9,\"prices\":{\"A\":\"11.00\"}}");
        e = refused(StoreboxException.Kind.CONFLICT, () -> pricesHandler.handle("p8",
                "{\"request_id\":\"p8\",\"version\":8,\"prices\":{\"A\":\"1.00\"}}"));
        assertTrue(e.getMessage().startsWith("prices version 8 is not newer than version 9"), e.getMessage());
        assertEquals(new BigDecimal("11.00"), price("A"));
    }

    @Test
    void theSameRequestAgainAfterACrashIsReportedAsAppliedAndChangesNothing() {
        catalogHandler.handle("r1", catalogCommand("r1", 1, "full", product("A", "10.00"), ""));
        // The dispatcher lost its record (crash between the write and the record): the version table knows.
        CommandResult again = catalogHandler.handle("r1", catalogCommand("r1", 1, "full", product("A", "10.00"), ""));
        assertEquals(Boolean.TRUE, again.data.get("already_applied"), again.message);
    }

    @Test
    void pricesRefuseUnknownSkusNegativeAndTooPrecisePricesWhole() {
        catalogHandler.handle("r1", catalogCommand("r1", 1, "full", product("A", "10.00") + "," + product("B", "20.00"), ""));
        StoreboxException e = refused(StoreboxException.Kind.INVALID, () -> pricesHandler.handle("p1",
                "{\"request_id\":\"p1\",\"version\":1,\"mode\":\"delta\",\"prices\":{\"A\":\"1.00\",\"ZZ\":\"2.00\"}}"));
        assertTrue(e.getMessage().contains("ZZ"), e.getMessage());
        e = refused(StoreboxException.Kind.INVALID, () -> pricesHandler.handle("p2",
                "{\"request_id\":\"p2\",\"version\":1,\"prices\":{\"A\":\"1.00\",\"B\":\"-0.50\"}}"));
        assertEquals("price of B -0.50 is negative; a price is 0 or more", e.getMessage());
        e = refused(StoreboxException.Kind.INVALID, () -> pricesHandler.handle("p3",
                "{\"request_id\":\"p3\",\"version\":1,\"prices\":{\"A\":\"1.001\"}}"));
        assertTrue(e.getMessage().contains("round it to 2 decimals"), e.getMessage());
        assertEquals(new BigDecimal("10.00"), price("A"), "nothing applied");
        assertEquals(Optional.empty(), catalog.appliedVersion("prices"));

        CommandResult r = pricesHandler.handle("p4",
                "{\"request_id\":\"p4\",\"version\":1,\"mode\":\"delta\",\"prices\":{\"A\":\"1.5\",\"B\":20.00}}");
        assertEquals(1, r.data.get("changed"), r.message);
        assertEquals(new BigDecimal("1.50"), price("A"));
        assertEquals(new BigDecimal("20.00"), price("B"));
    }

    @Test
    void aFullPriceBookMustPriceEveryActiveProduct() {
        catalogHandler.handle("r1", catalogCommand("r1", 1, "full", product("A", "10.00") + "," + product("B", "20.00"), ""));
        StoreboxException e = refused(StoreboxException.Kind.INVALID, () -> pricesHandler.handle("p1",
                "{\"request_id\":\"p1\",\"version\":1,\"mode\":\"full\",\"prices\":{\"A\":\"1.00\"}}"));
        assertTrue(e.getMessage().contains("1 have none in it (B)"), e.getMessage());
        pricesHandler.handle("p2", "{\"request_id\":\"p2\",\"version\":1,\"mode\":\"full\",\"prices\":{\"A\":\"1.00\",\"B\":\"2.00\"}}");
        assertEquals(new BigDecimal("2.00"), price("B"));
    }

    @Test
    void malformedCommandsSayWhatToFix() {
        StoreboxException e = refused(StoreboxException.Kind.INVALID, () -> catalogHandler.handle("x",
                "{\"request_id\":\"x\",\"version\":1,\"mode\":\"full\",\"products\":[{\"sku\":\"A\",\"colour\":\"red\"}]}"));
        assertTrue(e.getMessage().startsWith("field 'products[0].colour' is not known"), e.getMessage());
        e = refused(StoreboxException.Kind.INVALID, () -> catalogHandler.handle("x",
                "{\"request_id\":\"x\",\"mode\":\"full\",\"products\":[]}"));
        assertTrue(e.getMessage().startsWith("version is missing"), e.getMessage());
        e = refused(StoreboxException.Kind.INVALID, () -> catalogHandler.handle("x",
                "{\"request_id\":\"x\",\"version\":1,\"mode\":\"everything\",\"products\":[]}"));
        assertTrue(e.getMessage().contains("\"full\" or \"delta\""), e.getMessage());
        e = refused(StoreboxException.Kind.INVALID, () -> catalogHandler.handle("x",
                catalogCommand("x", 1, "full", "", "")));
        assertTrue(e.getMessage().contains("would deactivate every product"), e.getMessage());
        e = refused(StoreboxException.Kind.INVALID, () -> pricesHandler.handle("x",
                "{\"request_id\":\"x\",\"version\":1,\"prices\":{\"A\":\"one\"}}"));
        assertTrue(e.getMessage().startsWith("field 'prices.A' has a wrong value"), e.getMessage());
    }

    @Test
    void taxClassesGoToConfigAdminAndAClassInUseCannotBeDropped() {
        FakeConfigAdmin cm = new FakeConfigAdmin();
        TaxCommandHandler tax = new TaxCommandHandler(new FakeSettings(cm), catalog);
        catalogHandler.handle("r1", catalogCommand("r1", 1, "full", product("A", "10.00"), ""));

        CommandResult r = tax.handle("t1", "{\"request_id\":\"t1\",\"classes\":{\"standard\":\"0.10\",\"reduced\":\"0.05\"},"
                + "\"prices_include_tax\":false}");
        assertEquals(Boolean.TRUE, r.data.get("changed"), r.message);
        assertArrayEquals(new String[] {"standard=0.10", "reduced=0.05"}, (String[]) cm.properties(TaxConfig.PID).get("classes"));
        assertEquals(Boolean.FALSE, cm.properties(TaxConfig.PID).get("prices_include_tax"));
        // What was stored is what the catalog accepts at its next start.
        assertEquals(2, CatalogServiceImpl.parseTaxClasses(TaxCommandHandler.config(
                (String[]) cm.properties(TaxConfig.PID).get("classes"), false)).size());

        StoreboxException e = refused(StoreboxException.Kind.INVALID, () -> tax.handle("t2",
                "{\"request_id\":\"t2\",\"classes\":{\"reduced\":\"0.05\"},\"prices_include_tax\":false}"));
        assertTrue(e.getMessage().startsWith("products still name tax class standard"), e.getMessage());
        e = refused(StoreboxException.Kind.INVALID, () -> tax.handle("t3",
                "{\"request_id\":\"t3\",\"classes\":{\"standard\":\"10\"},\"prices_include_tax\":false}"));
        assertTrue(e.getMessage().contains("write 10 % as 0.10"), e.getMessage());
        e = refused(StoreboxException.Kind.INVALID, () -> tax.handle("t4", "{\"request_id\":\"t4\",\"classes\":{\"standard\":\"0.1\"}}"));
        assertTrue(e.getMessage().startsWith("prices_include_tax is missing"), e.getMessage());
        assertEquals(1, cm.updates, "refused commands changed nothing");
        CommandResult again = tax.handle("t5", "{\"request_id\":\"t5\",\"classes\":{\"standard\":\"0.10\","
                + "\"reduced\":\"0.05\"},\"prices_include_tax\":false}");
        assertEquals(Boolean.FALSE, again.data.get("changed"), again.message);
        assertEquals(1, cm.updates, "the same classes again are not written again");
        assertNull(cm.properties("org.storebox.other"));
        assertEquals(List.of("standard"), List.copyOf(catalog.taxClassesInUse()));
    }

    /** HQ's example payload files (hq/examples), with the request id push adds. */
    private static String example(String name, String requestId) throws Exception {
        String json = Files.readString(Path.of("../../hq/examples", name));
        return "{\"request_id\":\"" + requestId + "\"," + json.strip().substring(1);
    }

    @Test
    void hqsExamplePayloadsApplyInOrder() throws Exception {
        FakeConfigAdmin cm = new FakeConfigAdmin();
        TaxCommandHandler tax = new TaxCommandHandler(new FakeSettings(cm), catalog);
        assertEquals(Boolean.TRUE, tax.handle("e0", example("tax.json", "e0")).data.get("changed"));
        assertEquals(2, catalogHandler.handle("e1", example("catalog.json", "e1")).data.get("created"));
        CommandResult delta = catalogHandler.handle("e2", example("catalog-delta.json", "e2"));
        assertEquals(1, delta.data.get("created"), delta.message);
        assertEquals(1, delta.data.get("deactivated"));
        assertEquals(2, pricesHandler.handle("e3", example("prices.json", "e3")).data.get("changed"));
        assertEquals(new BigDecimal("24.90"), price("HK-TEA-250"));
        assertEquals(Optional.of(14L), catalog.appliedVersion("prices"));
        assertEquals(Optional.of(13L), catalog.appliedVersion("catalog"));
    }

    private static TaxConfig tax(boolean inclusive, String... classes) {
        return TestStore.defaults(TaxConfig.class, Map.of("prices__include__tax", inclusive, "classes", classes));
    }
}
