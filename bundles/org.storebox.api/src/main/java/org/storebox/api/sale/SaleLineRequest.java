package org.storebox.api.sale;

import java.math.BigDecimal;

/** A line of a sale or return request: by {@code sku} or by {@code barcode}, with a quantity. */
public class SaleLineRequest {
    public String sku;
    public String barcode;
    /** Above zero; decimal for weighed goods (kilograms). */
    public BigDecimal qty;
    /** Optional amount taken off this line, in the store currency. */
    public BigDecimal discount;
    /** Optional percentage taken off this line (0 to 100); not with {@code discount}. */
    public BigDecimal discountPercent;
}
