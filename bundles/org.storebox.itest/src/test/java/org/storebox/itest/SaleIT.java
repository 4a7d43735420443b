package org.storebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.storebox.itest.Shop.assertAmount;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;
import org.storebox.api.catalog.CatalogService;
import org.storebox.api.outbox.OutboxService;
import org.storebox.api.sale.SaleResult;
import org.storebox.api.sale.SaleService;
import org.storebox.api.stock.StockLevel;
import org.storebox.api.stock.StockService;

/**
 * A sale through the services of the running bundles, with the defaults of a Hong Kong box: HKD,
 * prices include a zero tax, cash rounded to 0.10.
 */
@ExtendWith(ServiceExtension.class)
class SaleIT {
    @InjectService(timeout = Await.TIMEOUT_MS)
    CatalogService catalog;
    @InjectService(timeout = Await.TIMEOUT_MS)
    StockService stock;
    @InjectService(timeout = Await.TIMEOUT_MS)
    OutboxService outbox;
    @InjectService(timeout = Await.TIMEOUT_MS)
    SaleService sales;

    @Test
    void saleIsPricedStockedJournaledAndLoggedOnce() {
        String sku = Shop.newSku("SALE");
        long seq = outbox.lastSeq();

        assertTrue(catalog.put(Shop.product(sku, "Oolong tea 250 g", "12.34")), "a new product is created");
        assertEquals(seq, outbox.lastSeq(), "a catalog write is not an outbox event");

        StockLevel received = stock.receive(Shop.receipt(sku, 10)).get(0);
        assertAmount("10", received.onHand, "on hand after the goods receipt");
        assertEquals(seq + 1, outbox.lastSeq(), "a goods receipt writes one outbox event");

        String id = UUID.randomUUID().toString();
        SaleResult sold = sales.sell("lane-it-1", Shop.cashSale(id, sku, 2, "30.00"));
        assertTrue(sold.created, "the first post creates the sale");
        assertEquals(id, sold.sale.id);
        assertAmount("24.68", sold.sale.total, "total (2 x 12.34)");
        assertAmount("0", sold.sale.tax, "tax (standard class is 0 % by default)");
        assertAmount("24.70", sold.sale.amountDue, "amount due (HKD cash rounded to 0.10)");
        assertAmount("0.02", sold.sale.rounding, "cash rounding");
        assertAmount("5.30", sold.sale.change, "change from 30.00");
        assertAmount("8", stock.level(sku).onHand, "on hand after selling 2 of 10");
        assertEquals(seq + 2, outbox.lastSeq(), "a sale writes exactly one outbox event");
        assertTrue(sales.trialBalance().balanced, "the journal balances");

        SaleResult again = sales.sell("lane-it-1", Shop.cashSale(id, sku, 2, "30.00"));
        assertFalse(again.created, "posting the same sale again returns the stored one");
        assertEquals(id, again.sale.id);
        assertAmount("24.68", again.sale.total, "total of the replayed sale");
        assertAmount("5.30", again.sale.change, "change of the replayed sale");
        assertAmount("8", stock.level(sku).onHand, "a replay moves no stock");
        assertEquals(seq + 2, outbox.lastSeq(), "a replay writes no outbox event");
        assertTrue(sales.get(id).isPresent(), "the sale is stored");
    }
}
