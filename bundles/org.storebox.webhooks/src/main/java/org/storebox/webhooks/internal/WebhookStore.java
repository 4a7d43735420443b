package org.storebox.webhooks.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.storebox.api.outbox.OutboxRetention;
import org.storebox.api.store.Database;

/** The webhook tables of migration V4: a cursor per target and the parked (or re-queued) deliveries. */
final class WebhookStore {
    static final String PARKED = "PARKED";
    static final String QUEUED = "QUEUED";

    private final Database db;
    private final Clock clock;
    /** Holds the outbox for each target's cursor; null where only figures are read. */
    private final OutboxRetention retention;

    /** A parked or re-queued delivery, with the body as first sent. */
    record Parked(long id, long seq, String eventId, String type, String body, int attempts) {
    }

    /** A target's figures for the admin API and the alert rule. */
    record Figures(String target, long cursor, long parked, long queued, long missed, String lastMissed,
            Integer lastStatus, String lastError) {
    }

    WebhookStore(Database db, Clock clock) {
        this(db, clock, null);
    }

    WebhookStore(Database db, Clock clock, OutboxRetention retention) {
        this.db = db;
        this.clock = clock;
        this.retention = retention;
    }

    /** The target's outbox hold: the events after its cursor stay in the outbox, also once HQ has them. */
    static String holder(String target) {
        return "webhook:" + target;
    }

    private void hold(Connection c, String target, long cursor) throws SQLException {
        if (retention != null) {
            retention.hold(c, holder(target), cursor + 1);
        }
    }

    /** The target's cursor; a new target starts at {@code initial}. */
    long cursor(String target, long initial) {
        return db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT delivered_seq FROM webhook_cursor WHERE target = ?")) {
                p.setString(1, target);
                try (ResultSet rs = p.executeQuery()) {
                    if (rs.next()) {
                        long cursor = rs.getLong(1);
                        hold(c, target, cursor);
                        return cursor;
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO webhook_cursor (target, delivered_seq, updated_at) VALUES (?, ?, ?)")) {
                p.setString(1, target);
                p.setLong(2, initial);
                p.setObject(3, now());
                p.executeUpdate();
            }
            hold(c, target, initial);
            return initial;
        });
    }

    /** Moves the cursor forward to {@code seq} (never back). */
    void advance(String target, long seq) {
        db.write(c -> {
            advance(c, target, seq);
            return null;
        });
    }

    /** Moves the cursor over events the outbox no longer holds and counts them as missed. */
    void missed(String target, long fromSeq, long toSeq) {
        db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE webhook_cursor SET delivered_seq = ?, updated_at = ?, "
                    + "missed_events = missed_events + ?, last_missed = ? WHERE target = ? AND delivered_seq < ?")) {
                p.setLong(1, toSeq);
                p.setObject(2, now());
                p.setLong(3, toSeq - fromSeq + 1);
                p.setString(4, "seq " + fromSeq + " to " + toSeq + " at " + now());
                p.setString(5, target);
                p.setLong(6, toSeq);
                p.executeUpdate();
            }
            hold(c, target, toSeq);
            return null;
        });
    }

    /** Parks a delivery of a new event and moves the cursor past it, in one transaction. */
    void park(String target, long seq, String eventId, String type, String body, int attempts, Integer status,
            String error) {
        db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("MERGE INTO webhook_parked (target, seq, event_id, event_type, "
                    + "body, state, attempts, last_status, last_error, parked_at) KEY (target, seq) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                p.setString(1, target);
                p.setLong(2, seq);
                p.setString(3, eventId);
                p.setString(4, type);
                p.setString(5, body);
                p.setString(6, PARKED);
                p.setInt(7, attempts);
                p.setObject(8, status);
                p.setString(9, clip(error));
                p.setObject(10, now());
                p.executeUpdate();
            }
            advance(c, target, seq);
            return null;
        });
    }

    /** Parks a re-queued delivery again after it failed once more. */
    void repark(long id, int attempts, Integer status, String error) {
        db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE webhook_parked SET state = ?, attempts = ?, "
                    + "last_status = ?, last_error = ?, parked_at = ? WHERE id = ?")) {
                p.setString(1, PARKED);
                p.setInt(2, attempts);
                p.setObject(3, status);
                p.setString(4, clip(error));
                p.setObject(5, now());
                p.setLong(6, id);
                p.executeUpdate();
            }
            return null;
        });
    }

    /** A re-queued delivery went through. */
    void delivered(long id) {
        db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM webhook_parked WHERE id = ?")) {
                p.setLong(1, id);
                p.executeUpdate();
            }
            return null;
        });
    }

    /** The oldest re-queued delivery of a target, or null. */
    Parked nextQueued(String target) {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT id, seq, event_id, event_type, body, attempts "
                    + "FROM webhook_parked WHERE target = ? AND state = ? ORDER BY seq LIMIT 1")) {
                p.setString(1, target);
                p.setString(2, QUEUED);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? new Parked(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getInt(6)) : null;
                }
            }
        });
    }

    /** Puts every parked delivery of a target back in line; returns how many. */
    int requeue(String target) {
        return db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE webhook_parked SET state = ?, requeued_at = ? "
                    + "WHERE target = ? AND state = ?")) {
                p.setString(1, QUEUED);
                p.setObject(2, now());
                p.setString(3, target);
                p.setString(4, PARKED);
                return p.executeUpdate();
            }
        });
    }

    /** Deletes every parked delivery of a target, and forgets its missed events; returns how many deliveries. */
    int dismiss(String target) {
        return db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE webhook_cursor SET missed_events = 0, last_missed = NULL "
                    + "WHERE target = ?")) {
                p.setString(1, target);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("DELETE FROM webhook_parked WHERE target = ? AND state = ?")) {
                p.setString(1, target);
                p.setString(2, PARKED);
                return p.executeUpdate();
            }
        });
    }

    /** Figures of every target known to the database (configured now or not). */
    List<Figures> figures() {
        return db.read(c -> {
            List<Figures> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT k.target, k.delivered_seq, k.missed_events, k.last_missed, "
                    + "(SELECT COUNT(*) FROM webhook_parked w WHERE w.target = k.target AND w.state = 'PARKED'), "
                    + "(SELECT COUNT(*) FROM webhook_parked w WHERE w.target = k.target AND w.state = 'QUEUED'), "
                    + "(SELECT w.last_status FROM webhook_parked w WHERE w.target = k.target ORDER BY w.parked_at DESC, "
                    + "w.id DESC LIMIT 1), "
                    + "(SELECT w.last_error FROM webhook_parked w WHERE w.target = k.target ORDER BY w.parked_at DESC, "
                    + "w.id DESC LIMIT 1) "
                    + "FROM webhook_cursor k ORDER BY k.target"); ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new Figures(rs.getString(1), rs.getLong(2), rs.getLong(5), rs.getLong(6), rs.getLong(3),
                            rs.getString(4), (Integer) rs.getObject(7), rs.getString(8)));
                }
            }
            return out;
        });
    }

    private void advance(Connection c, String target, long seq) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE webhook_cursor SET delivered_seq = ?, updated_at = ? "
                + "WHERE target = ? AND delivered_seq < ?")) {
            p.setLong(1, seq);
            p.setObject(2, now());
            p.setString(3, target);
            p.setLong(4, seq);
            p.executeUpdate();
        }
        // In the cursor's transaction: the outbox never drops an event this target has not passed.
        hold(c, target, seq);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    static String clip(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 997) + "...";
    }
}
