package org.storebox.api.sale;

/** A sale and whether this call created it ({@code false}: the id was posted before with the same body). */
public final class SaleResult {
    public final Sale sale;
    public final boolean created;

    public SaleResult(Sale sale, boolean created) {
        this.sale = sale;
        this.created = created;
    }
}
