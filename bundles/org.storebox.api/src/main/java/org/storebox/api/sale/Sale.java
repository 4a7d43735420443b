package org.storebox.api.sale;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** A stored sale or return, as answered to the terminal and kept on the box. */
public class Sale {
    public String id;
    /** {@code sale} or {@code return}. */
    public String kind;
    /** {@code completed} or {@code voided}. */
    public String status;
    public String terminalId;
    public LocalDate businessDay;
    public Instant createdAt;
    public String currency;
    /** For a return: the sale it returns against. */
    public String originalSaleId;
    public String memberId;
    public List<SaleLine> lines = new ArrayList<>();
    public List<Tender> tenders = new ArrayList<>();
    /** Sum of line amounts, after line discounts. */
    public BigDecimal subtotal;
    public BigDecimal discountTotal;
    /** Tax contained in (inclusive classes) or added to (exclusive classes) the subtotal. */
    public BigDecimal tax;
    /** What the customer owes (a return: what is refunded), before cash rounding. */
    public BigDecimal total;
    /** Cash rounding adjustment (for example to 0.05 in Malaysia); zero when no cash changes hands. */
    public BigDecimal rounding;
    /** total + rounding: the amount the tenders settle. */
    public BigDecimal amountDue;
    public BigDecimal change;
    /** Loyalty points the member earned (negative on a return or void). */
    public long pointsEarned;
    public Receipt receipt;
    /** The store's outbox sequence number of the event this document wrote. */
    public long seq;
    /** When a manager voided the sale (null while it stands). */
    public Instant voidedAt;
    /** Why the goods came back (a return) or why the sale was voided. */
    public String reason;
}
