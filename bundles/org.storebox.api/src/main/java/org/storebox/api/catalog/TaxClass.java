package org.storebox.api.catalog;

import java.math.BigDecimal;

/** A configured tax class: its name, rate (0.10 is 10 %) and whether prices include the tax. */
public class TaxClass {
    public String name;
    public BigDecimal rate;
    /** True: the price contains the tax (Hong Kong style shelf price); false: tax is added on top (Malaysian SST). */
    public boolean inclusive;

    public TaxClass() {
    }

    public TaxClass(String name, BigDecimal rate, boolean inclusive) {
        this.name = name;
        this.rate = rate;
        this.inclusive = inclusive;
    }
}
