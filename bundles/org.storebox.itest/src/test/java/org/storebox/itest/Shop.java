package org.storebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.math.BigDecimal;
import java.util.UUID;

import org.storebox.api.catalog.Product;
import org.storebox.api.sale.SaleLineRequest;
import org.storebox.api.sale.SaleRequest;
import org.storebox.api.sale.TenderRequest;
import org.storebox.api.stock.StockDocument;
import org.storebox.api.stock.StockLine;

/** Documents the tests post, built the way a terminal or a manager tool would send them. */
final class Shop {
    private Shop() {
    }

    /** A SKU no earlier test or run has used. */
    static String newSku(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An active product in the {@code standard} tax class. */
    static Product product(String sku, String name, String price) {
        Product p = new Product();
        p.sku = sku;
        p.name = name;
        p.price = new BigDecimal(price);
        p.taxClass = "standard";
        return p;
    }

    /** A goods receipt of one line. */
    static StockDocument receipt(String sku, int qty) {
        StockDocument d = new StockDocument();
        d.reference = "IT-" + sku;
        d.lines.add(new StockLine(sku, BigDecimal.valueOf(qty)));
        return d;
    }

    /** A sale of one line paid in cash; built afresh on every call, as a terminal's retry would be. */
    static SaleRequest cashSale(String id, String sku, int qty, String tendered) {
        SaleRequest r = new SaleRequest();
        r.id = id;
        SaleLineRequest line = new SaleLineRequest();
        line.sku = sku;
        line.qty = BigDecimal.valueOf(qty);
        r.lines.add(line);
        TenderRequest cash = new TenderRequest();
        cash.type = "cash";
        cash.amount = new BigDecimal(tendered);
        r.tenders.add(cash);
        return r;
    }

    /** Asserts an amount by value (2.5 equals 2.50), naming it in the failure. */
    static void assertAmount(String expected, BigDecimal actual, String what) {
        assertNotNull(actual, what + " is missing");
        assertEquals(0, new BigDecimal(expected).compareTo(actual),
                () -> what + ": expected " + expected + " but was " + actual.toPlainString());
    }
}
