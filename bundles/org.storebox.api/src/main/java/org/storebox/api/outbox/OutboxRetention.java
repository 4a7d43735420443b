package org.storebox.api.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Keeps outbox events after HQ has acknowledged them, for other consumers of the outbox that read at
 * their own pace (webhook targets). Each such consumer is a <em>holder</em> with a durable hold: the
 * lowest sequence number it still needs. The outbox deletes an event only once HQ has acknowledged it
 * <em>and</em> every holder has moved past it; with no hold it deletes on HQ's acknowledgement, as it
 * always did. HQ's figures ({@link OutboxService#backlog()}, {@link OutboxService#acknowledgedSeq()},
 * {@link OutboxUsage#events}) do not count events kept only for holders; {@link OutboxUsage#retainedEvents}
 * does.
 * <p>
 * Holds are bounded: events kept only for holders take at most {@code retain_mb} megabytes and
 * {@code retain_days} days (PID {@code org.storebox.outbox}); past that the oldest are deleted anyway,
 * counted in {@link OutboxUsage#retainDroppedEvents}, and a holder that comes to them finds a gap in the
 * sequence numbers. Events a holder has passed are deleted by the outbox's own thread within
 * {@code check_interval_s}, never on the holder's or a sale's thread.
 *
 * @since 1.2
 */
@ProviderType
public interface OutboxRetention {

    /**
     * Sets {@code holder}'s hold inside the caller's write transaction: every event from {@code neededFrom}
     * on is kept for it. A hold only moves forward: a lower {@code neededFrom} than the holder's current one
     * is ignored. A hold set for a new holder cannot bring back events already deleted.
     *
     * @param holder a name unique among holders, 1 to 120 characters, for example {@code webhook:erp}
     * @param neededFrom the lowest sequence number the holder still needs (its last one done plus 1)
     * @throws org.storebox.api.common.StoreboxException of kind {@code INVALID} for a bad holder name or a
     *         negative sequence number
     */
    void hold(Connection connection, String holder, long neededFrom) throws SQLException;

    /**
     * Removes {@code holder}'s hold in a write of its own; the events only it kept are deleted soon after.
     * Nothing happens for a holder without a hold.
     *
     * @return whether there was a hold
     */
    boolean release(String holder);

    /** The lowest sequence number {@code holder} still needs, or -1 when it holds nothing. */
    long heldFrom(String holder);

    /**
     * Up to {@code max} events the outbox still keeps from sequence {@code fromSeq} on, in order: those HQ
     * has not acknowledged and those kept for a holder. A sequence number missing between two returned
     * events was evicted (see {@link OutboxBudget}) or deleted past the retention limits.
     *
     * @throws org.storebox.api.common.StoreboxException of kind {@code INVALID} when {@code max} is below 1
     */
    List<OutboxEvent> readKept(long fromSeq, int max);
}
