package org.storebox.api.sale;

import java.math.BigDecimal;

/** A payment: {@code {"type": "cash" | "card" | "voucher", "amount": "30.00", "reference": ...}}. */
public class TenderRequest {
    public String type;
    public BigDecimal amount;
    /** Card authorisation code or voucher number. */
    public String reference;
}
