package org.storebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;
import org.storebox.api.auth.ClientRegistry;
import org.storebox.api.catalog.CatalogService;
import org.storebox.api.outbox.OutboxService;
import org.storebox.api.sale.SaleService;
import org.storebox.api.stock.StockService;
import org.storebox.api.store.Database;
import org.storebox.api.store.StoreInfo;

/** Declarative Services brings up every service a terminal's request passes through. */
@ExtendWith(ServiceExtension.class)
class ServicesIT {
    @InjectService(timeout = Await.TIMEOUT_MS)
    Database database;
    @InjectService(timeout = Await.TIMEOUT_MS)
    StoreInfo store;
    @InjectService(timeout = Await.TIMEOUT_MS)
    CatalogService catalog;
    @InjectService(timeout = Await.TIMEOUT_MS)
    StockService stock;
    @InjectService(timeout = Await.TIMEOUT_MS)
    OutboxService outbox;
    @InjectService(timeout = Await.TIMEOUT_MS)
    SaleService sales;
    @InjectService(timeout = Await.TIMEOUT_MS)
    ClientRegistry clients;

    @Test
    void servicesAreRegistered() {
        assertNotNull(catalog);
        assertNotNull(stock);
        assertNotNull(sales);
        assertTrue(database.healthy(), "the database answers");
        assertTrue(outbox.lastSeq() >= 0, "the outbox answers");
        assertNotNull(clients.list(), "the client registry answers");
    }

    @Test
    void storeTakesItsSettingsFromTheEnvironment() {
        // itest.bndrun passes STOREBOX_STORE_ID and STOREBOX_DATA to the framework's JVM with -runenv.
        assertEquals("ITEST-1", store.storeId());
        assertTrue(store.dataDirectory().endsWith("itest-data"),
                () -> "the data directory should be target/itest-data, not " + store.dataDirectory());
    }
}
