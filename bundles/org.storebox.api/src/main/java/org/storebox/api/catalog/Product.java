package org.storebox.api.catalog;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A product, keyed by its unified SKU. On the wire: {@code sku, name, price, barcodes, tax_class,
 * active, category}.
 */
public class Product {
    /** Unified SKU: 1 to 64 characters of letters, digits, '-', '_' and '.'. */
    public String sku;
    /** Display and receipt name; any script (Chinese, Malay, ...). */
    public String name;
    /** Unit price in the store currency, with at most the currency's minor-unit digits. */
    public BigDecimal price;
    /** EAN-13, EAN-8 or UPC-A codes with valid check digits. */
    public List<String> barcodes = new ArrayList<>();
    /** Name of a configured tax class. */
    public String taxClass;
    /** Inactive products cannot be sold. */
    public Boolean active = Boolean.TRUE;
    /** Optional category, used by restock rules and reports. */
    public String category;
}
