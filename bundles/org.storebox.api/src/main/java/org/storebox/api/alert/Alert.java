package org.storebox.api.alert;

import java.time.Instant;

/** A stored alert: one row per condition (source and key), repeats counted instead of duplicated. */
public class Alert {
    /** The box's id of the alert. */
    public long id;
    /** The rule that raised it, for example {@code stock} or {@code disk}. */
    public String source;
    /** What the condition is about within its source, for example {@code out_of_stock:HK-TEA-250}. */
    public String key;
    public Severity severity;
    /** A message code for translation, for example {@code stock.out}. */
    public String code;
    /** An English sentence that says what is wrong and what to do. */
    public String message;
    /** What the alert is about: a SKU, a terminal, a path; null when the whole box. */
    public String subject;
    /** The condition's parameters as text (for the page's translations), for example {@code {"on_hand":"0"}}. */
    public String params;
    public Instant firstSeen;
    public Instant lastSeen;
    /** How many times the condition was raised: a condition that clears and comes back counts again. */
    public long count;
    /** When a manager acknowledged it (null while not). */
    public Instant acknowledgedAt;
    public String acknowledgedBy;
    /** When the condition ended (null while it holds). */
    public Instant clearedAt;
    /** {@code open}, {@code acknowledged} or {@code cleared}. */
    public String state;
}
