package org.storebox.api.sale;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/** A Z report: one terminal's business day, with the declared cash and its variance. */
public class DayReport {
    public String terminalId;
    public LocalDate businessDay;
    /** {@code open} (an X report, still trading) or {@code closed} (a Z report). */
    public String state;
    public Instant closedAt;
    public String currency;
    public long salesCount;
    public long returnsCount;
    public long voidsCount;
    /** Net sales (after discounts, including tax) of completed sales. */
    public BigDecimal salesTotal;
    public BigDecimal returnsTotal;
    public BigDecimal voidsTotal;
    public BigDecimal discountTotal;
    public BigDecimal taxTotal;
    public BigDecimal roundingTotal;
    /** Net takings per tender type (payments less change and refunds). */
    public Map<String, BigDecimal> tenders = new LinkedHashMap<>();
    /** Cash the drawer should hold from this day's trade. */
    public BigDecimal expectedCash;
    public BigDecimal declaredCash;
    /** declared - expected: negative when cash is missing. */
    public BigDecimal variance;
}
