package org.storebox.outbox.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the outbox's byte budget (PID {@code org.storebox.outbox}). */
@ObjectClassDefinition(name = "storebox outbox", description = "The outbox's budget on disk for events HQ has not "
        + "acknowledged, and which events may be evicted to stay under it.")
public @interface OutboxBudgetConfig {
    /** The configuration PID. */
    String PID = "org.storebox.outbox";

    @AttributeDefinition(description = "Megabytes of unacknowledged events (their data as stored) that make 100 % "
            + "of the budget.")
    int budget__mb() default 256;

    @AttributeDefinition(description = "Event types that may be evicted, oldest first, when the budget is exceeded: "
            + "a type (restock.suggested) or a prefix ending in .* (telemetry.*). Sales, returns, voids, day closes, "
            + "goods receipts, stock documents and eviction records (sale.*, return.*, void.*, day.*, stock.*, "
            + "goods.*, outbox.*) can never be named here.")
    String[] evictable__types() default { "telemetry.*", "log.*", "restock.*", "alert.*" };

    @AttributeDefinition(description = "Once over the budget, evict until the events take at most this percentage "
            + "of it (so that eviction does not run again for every few events).")
    int evict__to__percent() default 90;

    @AttributeDefinition(description = "Seconds between two measurements of the outbox (on the outbox's own thread, "
            + "never a sale's).")
    int check__interval__s() default 10;

    @AttributeDefinition(description = "Most events evicted in one database write; more take several writes, so "
            + "that sales never wait long behind an eviction.")
    int max__evict__per__write() default 1000;

    @AttributeDefinition(description = "Megabytes of events HQ has already acknowledged that the outbox keeps for "
            + "webhook targets behind HQ (their data as stored). Past it the oldest are deleted anyway and a target "
            + "that comes to them counts them as missed. 0: keep nothing after HQ's acknowledgement.")
    int retain__mb() default 256;

    @AttributeDefinition(description = "Days after it was written that an event HQ has acknowledged is kept at most "
            + "for webhook targets behind HQ; older ones are deleted and counted as missed by the target.")
    int retain__days() default 7;
}
