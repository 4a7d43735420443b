package org.storebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.storebox.itest.Shop.assertAmount;

import java.util.Arrays;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.storebox.api.catalog.CatalogService;
import org.storebox.api.sale.Sale;
import org.storebox.api.sale.SaleResult;
import org.storebox.api.sale.SaleService;
import org.storebox.api.stock.StockService;
import org.storebox.api.store.Database;

/**
 * A technician restarts the store bundle on a running box: the database closes and opens again,
 * every component above it comes back, and nothing that was sold is lost.
 */
@ExtendWith(BundleContextExtension.class)
class RestartIT {
    @InjectBundleContext
    BundleContext context;

    @Test
    void storeBundleRestartsWithItsData() throws Exception {
        String sku = Shop.newSku("RESTART");
        Await.service(context, CatalogService.class, null).put(Shop.product(sku, "Dim sum tray", "38.00"));
        Await.service(context, StockService.class, null).receive(Shop.receipt(sku, 4));
        String before = UUID.randomUUID().toString();
        Sale first = Await.service(context, SaleService.class, null)
                .sell("lane-it-3", Shop.cashSale(before, sku, 1, "50.00")).sale;

        Bundle store = Arrays.stream(context.getBundles())
                .filter(b -> "org.storebox.store".equals(b.getSymbolicName()))
                .findFirst().orElseThrow(() -> new AssertionError("org.storebox.store is not installed"));
        try {
            store.stop();
            Await.until(context, "the database and the sales service to go away",
                    () -> Await.reference(context, Database.class, null) == null
                            && Await.reference(context, SaleService.class, null) == null);
        } finally {
            store.start();
        }
        assertEquals(Bundle.ACTIVE, store.getState(), "the store bundle is running again");
        Await.storeboxServices(context);

        SaleService sales = Await.service(context, SaleService.class, null);
        String after = UUID.randomUUID().toString();
        SaleResult second = sales.sell("lane-it-3", Shop.cashSale(after, sku, 1, "50.00"));
        assertTrue(second.created, "a sale after the restart is stored");
        assertAmount("38.00", second.sale.total, "total of the sale after the restart");

        Sale found = sales.get(before).orElse(null);
        assertNotNull(found, "the sale from before the restart is still stored");
        assertAmount(first.total.toPlainString(), found.total, "total of the sale from before the restart");
        assertAmount("2", Await.service(context, StockService.class, null).level(sku).onHand,
                "on hand: 4 received, 1 sold before and 1 after the restart");
        assertTrue(sales.trialBalance().balanced, "the journal balances after the restart");
    }
}
