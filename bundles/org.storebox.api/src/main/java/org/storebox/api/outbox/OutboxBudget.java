package org.storebox.api.outbox;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The outbox's byte budget on disk: what the events HQ has not acknowledged take, against the
 * configured budget, and what was evicted to stay under it. Only event types configured as
 * evictable (telemetry, logs and other non-business events) are ever evicted, oldest first; sales,
 * returns, voids, day closes and stock documents never are.
 * <p>
 * Each evicted run of events leaves one event of type {@link #EVICTED} in the outbox, at the
 * sequence number of the run's last event, so the gap HQ sees before it is declared:
 * its data is {@code {"first_seq", "last_seq", "events", "bytes", "by_type": {type: count}}}, and
 * the events {@code first_seq} to {@code last_seq - 1} are missing on purpose.
 *
 * @since 1.1
 */
@ProviderType
public interface OutboxBudget {

    /** Type of the event that declares a run of evicted events; never evicted itself. */
    String EVICTED = "outbox.evicted";

    /**
     * The latest figures, measured by the outbox's own thread at most a few seconds ago (never on the
     * caller's thread).
     */
    OutboxUsage usage();
}
