package org.storebox.api.stock;

import java.math.BigDecimal;

/** The on-hand quantity of a SKU: {@code {"sku": "A1", "on_hand": 98}}. */
public class StockLevel {
    public String sku;
    public BigDecimal onHand;

    public StockLevel() {
    }

    public StockLevel(String sku, BigDecimal onHand) {
        this.sku = sku;
        this.onHand = onHand;
    }
}
