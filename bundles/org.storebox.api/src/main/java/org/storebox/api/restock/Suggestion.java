package org.storebox.api.restock;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** A suggestion to order a SKU, with the reasoning a manager can check. */
public class Suggestion {
    public String sku;
    /** The product's name when known. */
    public String name;
    /** Units to order: whole packs, rounded up (never beyond shelf capacity). */
    public BigDecimal qty;
    /** {@code open}, {@code ordered}, {@code snoozed} or {@code dismissed}. */
    public String state;
    /** Until when a snoozed suggestion stays quiet (it opens again on that day). */
    public LocalDate snoozedUntil;
    /** The earliest configured supplier order day from today on; null when any day will do. */
    public LocalDate orderBy;
    public Reasoning reasoning;
    public Instant createdAt;
    public Instant updatedAt;
}
