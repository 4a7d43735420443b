package org.storebox.api.sale;

import java.math.BigDecimal;

/** A stored payment or refund. */
public class Tender {
    public String type;
    /** What was handed over (cash) or charged. */
    public BigDecimal amount;
    public String reference;

    public Tender() {
    }

    public Tender(String type, BigDecimal amount, String reference) {
        this.type = type;
        this.amount = amount;
        this.reference = reference;
    }
}
