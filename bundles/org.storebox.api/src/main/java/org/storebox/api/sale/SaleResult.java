package org.storebox.api.sale;

/** A sale and whether this call created it ({@code false}: the id was posted before with the same body). */
public final class SaleResult {
    public final Sale sale;
    public final boolean created;
    /**
     * The sale as stored: its JSON document, the same fields as {@link #sale} in the shared JSON mapping. A
     * terminal's answer is these bytes, so a sale is serialized once. {@code null} when the service did not
     * keep it; then answer with {@link #sale}.
     *
     * @since 1.2
     */
    public final String document;

    public SaleResult(Sale sale, boolean created) {
        this(sale, created, null);
    }

    /** @since 1.2 */
    public SaleResult(Sale sale, boolean created, String document) {
        this.sale = sale;
        this.created = created;
        this.document = document;
    }
}
