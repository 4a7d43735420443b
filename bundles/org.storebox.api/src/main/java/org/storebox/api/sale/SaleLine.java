package org.storebox.api.sale;

import java.math.BigDecimal;

/** A priced line of a stored sale or return. */
public class SaleLine {
    public int lineNo;
    public String sku;
    public String name;
    public BigDecimal qty;
    public BigDecimal unitPrice;
    /** Discount taken off this line. */
    public BigDecimal discount;
    /** qty x unit price - discount, rounded to the currency. */
    public BigDecimal amount;
    public String taxClass;
    public BigDecimal taxRate;
    /** True when the amount contains the tax; false when the tax is added on top. */
    public boolean taxInclusive;
    /** This line's share of the tax. */
    public BigDecimal tax;
}
