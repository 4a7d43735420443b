package org.storebox.api.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The durable event log. Business operations append inside their own transaction, so an event
 * exists exactly when the operation committed; uplinks read in sequence order and acknowledge.
 */
@ProviderType
public interface OutboxService {

    /**
     * Appends an event inside the caller's write transaction and assigns the store's next sequence number.
     *
     * @param json the payload, a JSON object text
     * @return the event's sequence number
     */
    long append(Connection connection, String type, String json) throws SQLException;

    /** Up to {@code max} unacknowledged events from sequence {@code fromSeq} on, in order. */
    List<OutboxEvent> readFrom(long fromSeq, int max);

    /** Marks every event up to and including {@code upToSeq} as stored by HQ. */
    void acknowledge(long upToSeq);

    /** Events written but not yet acknowledged. */
    long backlog();

    /** The highest sequence number assigned so far (0 when none). */
    long lastSeq();

    /** The highest acknowledged sequence number (0 when none). */
    long acknowledgedSeq();
}
