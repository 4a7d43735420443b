package org.storebox.api.outbox;

import java.nio.charset.StandardCharsets;
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
    /**
     * The event's payload, a JSON object, as UTF-8 bytes: as the outbox stores them and the uplinks send them
     * (reading them as bytes costs a tenth of decoding them to text and encoding them again).
     */
    public byte[] data;

    /** {@link #data} as text (null when there is none). */
    public String dataText() {
        return data == null ? null : new String(data, StandardCharsets.UTF_8);
    }
}
