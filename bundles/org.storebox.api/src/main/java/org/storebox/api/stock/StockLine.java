package org.storebox.api.stock;

import java.math.BigDecimal;

/** A SKU and a quantity, as in a goods receipt or a count: {@code {"sku": "A1", "qty": 100}}. */
public class StockLine {
    public String sku;
    /** Positive for receipts; the counted quantity (zero or more) for counts. Decimal for weighed goods. */
    public BigDecimal qty;

    public StockLine() {
    }

    public StockLine(String sku, BigDecimal qty) {
        this.sku = sku;
        this.qty = qty;
    }
}
