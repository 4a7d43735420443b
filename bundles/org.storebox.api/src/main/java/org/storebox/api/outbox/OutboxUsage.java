package org.storebox.api.outbox;

import java.time.Instant;
import java.util.Map;

/**
 * A snapshot of the outbox against its byte budget. Bytes are the UTF-8 bytes of the events' data as
 * stored; events HQ has acknowledged are gone and count for nothing.
 *
 * @since 1.1
 */
public class OutboxUsage {
    /** The budget in bytes ({@code budget_mb} times 1,048,576). */
    public long budgetBytes;
    /** Bytes of the events held for HQ (not yet acknowledged). */
    public long bytes;
    /** {@code bytes} as a whole percentage of the budget; above 100 when events that are never evicted fill it. */
    public long percent;
    /** Events held for HQ (not yet acknowledged); evicted events no longer count. */
    public long events;
    /** Of {@code bytes}, what is never evicted: sales, returns, voids, day closes, stock documents, eviction records. */
    public long keptBytes;
    /** Events evicted since the box started. */
    public long evictedEvents;
    /** Bytes evicted since the box started. */
    public long evictedBytes;
    /** Events evicted since the box started, by event type. */
    public Map<String, Long> evictedByType;
    /** When events were last evicted; null when never since the box started. */
    public Instant lastEvictionAt;
    /** Age in seconds of the oldest sale, return or void HQ has not acknowledged; 0 when none waits. */
    public long oldestUnsyncedSaleAgeS;
    /**
     * Events HQ has acknowledged that the outbox still keeps for holders (webhook targets behind HQ), see
     * {@link OutboxRetention}; not part of {@code events} or {@code bytes}.
     *
     * @since 1.2
     */
    public long retainedEvents;
    /**
     * Bytes of {@code retainedEvents} (their data as stored).
     *
     * @since 1.2
     */
    public long retainedBytes;
    /**
     * The limit of {@code retainedBytes} ({@code retain_mb} times 1,048,576); 0 when nothing is kept after HQ's
     * acknowledgement.
     *
     * @since 1.2
     */
    public long retainLimitBytes;
    /**
     * Events deleted since the box started although a holder still needed them, because the events kept for
     * holders exceeded {@code retain_mb} or were older than {@code retain_days}.
     *
     * @since 1.2
     */
    public long retainDroppedEvents;
    /**
     * When such events were last deleted; null when never since the box started.
     *
     * @since 1.2
     */
    public Instant lastRetainDropAt;
    /** When these figures were measured; null before the first measurement. */
    public Instant measuredAt;
}
