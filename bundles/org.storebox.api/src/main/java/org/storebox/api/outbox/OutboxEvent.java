package org.storebox.api.outbox;

import java.time.Instant;

/** One event of the store's outbox: {@code {"seq", "id", "type", "time", "data"}}. */
public class OutboxEvent {
    /** The store's sequence number: 1, 2, 3, ... with no gaps. */
    public long seq;
    /** A UUID that names the event everywhere. */
    public String id;
    /** For example {@code sale.completed}, {@code return.completed}, {@code sale.voided}, {@code day.closed}. */
    public String type;
    public Instant time;
    /** The event's payload as a JSON object text. */
    public String data;
}
