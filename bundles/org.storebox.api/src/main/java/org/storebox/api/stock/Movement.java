package org.storebox.api.stock;

import java.math.BigDecimal;

/** One entry of the stock ledger: a signed quantity change of one SKU, with its cause. */
public class Movement {
    /** Why stock moved. */
    public enum Kind { SALE, RETURN, VOID, RECEIPT, COUNT }

    public String sku;
    /** Signed: negative leaves the store, positive arrives. */
    public BigDecimal qty;
    public Kind kind;
    /** The sale, return, receipt or count that caused it. */
    public String reference;

    public Movement() {
    }

    public Movement(String sku, BigDecimal qty, Kind kind, String reference) {
        this.sku = sku;
        this.qty = qty;
        this.kind = kind;
        this.reference = reference;
    }
}
