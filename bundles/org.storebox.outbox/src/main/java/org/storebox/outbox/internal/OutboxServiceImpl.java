package org.storebox.outbox.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.common.StoreboxException;
import org.storebox.api.outbox.OutboxEvent;
import org.storebox.api.outbox.OutboxRetention;
import org.storebox.api.outbox.OutboxService;
import org.storebox.api.store.Database;
import org.storebox.json.Json;

/**
 * The outbox as rows of the store's database, numbered from the {@code outbox_seq} counter; rows HQ has
 * acknowledged stay while a hold in {@code outbox_hold} still needs them, or while HQ is still catching up on a
 * backlog ({@link OutboxBudgetImpl} deletes them once the holders have moved on, or HQ has caught up).
 */
@Component
public class OutboxServiceImpl implements OutboxService, OutboxRetention {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxServiceImpl.class);
    private static final int MAX_TYPE = 64;
    private static final int MAX_HOLDER = 120;
    /** The lowest sequence number any holder still needs; NULL without holds. */
    static final String HELD_FROM = "SELECT MIN(needed_from) FROM outbox_hold";
    /** One statement: increments the counter and reads the new value, inside the caller's savepoint. */
    private static final String NEXT_SEQ =
            "SELECT val FROM FINAL TABLE (UPDATE counter SET val = val + 1 WHERE name = 'outbox_seq')";
    private static final String INSERT = "INSERT INTO outbox (seq, id, type, at, data) VALUES (?, ?, ?, ?, ?)";
    /**
     * Events still to send past which HQ is catching up on a backlog: acknowledged events then stay in the table
     * until HQ has caught up, and go together.
     */
    static final long CATCHING_UP = 1000;
    private static final String COUNTERS =
            "SELECT name, val FROM counter WHERE name IN ('outbox_seq', 'outbox_acked')";

    private final Database database;

    @Activate
    public OutboxServiceImpl(@Reference Database database) {
        this.database = database;
        Counters c = counters();
        LOG.debug("Outbox at seq {}, acknowledged up to {}", c.last, c.acked);
    }

    @Override
    public long append(Connection connection, String type, String json) throws SQLException {
        if (type == null || type.isBlank() || type.length() > MAX_TYPE) {
            throw StoreboxException.invalid("an outbox event type is 1 to " + MAX_TYPE
                    + " characters, for example sale.completed; got " + (type == null ? "none" : "'" + type + "'"));
        }
        // Checked here, once, so that every uplink can send the stored bytes as they are.
        if (json == null || !Json.isObject(json)) {
            throw StoreboxException.invalid("an outbox event of type " + type + " needs one JSON object as data, {...}; got "
                    + (json == null ? "none" : "'" + (json.length() > 40 ? json.substring(0, 40) + "..." : json) + "'"));
        }
        long seq;
        try (PreparedStatement next = connection.prepareStatement(NEXT_SEQ); ResultSet rs = next.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the counter outbox_seq is missing from table counter");
            }
            seq = rs.getLong(1);
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setLong(1, seq);
            insert.setString(2, UUID.randomUUID().toString());
            insert.setString(3, type);
            insert.setObject(4, OffsetDateTime.now(ZoneOffset.UTC));
            insert.setString(5, json);
            insert.executeUpdate();
        }
        return seq;
    }

    @Override
    public List<OutboxEvent> readFrom(long fromSeq, int max) {
        return read(fromSeq, max, true);
    }

    @Override
    public List<OutboxEvent> readKept(long fromSeq, int max) {
        return read(fromSeq, max, false);
    }

    private List<OutboxEvent> read(long fromSeq, int max, boolean unacknowledgedOnly) {
        if (max < 1) {
            throw StoreboxException.invalid("max is " + max + "; ask for at least 1 event");
        }
        return database.read(c -> {
            List<OutboxEvent> events = new ArrayList<>(Math.min(max, 1000));
            // The acknowledged mark is read first, not as a subquery in the condition, which H2 evaluates per row.
            long from = unacknowledgedOnly ? Math.max(fromSeq, counters(c).acked + 1) : fromSeq;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT seq, id, type, at, data FROM outbox WHERE seq >= ? ORDER BY seq LIMIT ?")) {
                ps.setLong(1, from);
                ps.setInt(2, max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        OutboxEvent e = new OutboxEvent();
                        e.seq = rs.getLong(1);
                        e.id = rs.getString(2);
                        e.type = rs.getString(3);
                        e.time = rs.getObject(4, OffsetDateTime.class).toInstant();
                        e.data = rs.getBytes(5);
                        events.add(e);
                    }
                }
            }
            return events;
        });
    }

    @Override
    public void acknowledge(long upToSeq) {
        boolean moved = database.write(c -> {
            Counters counters = counters(c);
            if (upToSeq > counters.last) {
                throw StoreboxException.invalid("cannot acknowledge up to seq " + upToSeq
                        + ": the last event written is seq " + counters.last);
            }
            if (upToSeq <= counters.acked) {
                // Late or repeated acknowledgement: already done.
                return false;
            }
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE counter SET val = ? WHERE name = 'outbox_acked'")) {
                update.setLong(1, upToSeq);
                update.executeUpdate();
            }
            // Events a holder (a webhook target behind HQ) still needs stay; the budget thread deletes them later.
            long heldFrom = heldFrom(c);
            if (upToSeq == counters.last && heldFrom > upToSeq) {
                // HQ has every event and nothing else needs one: empty the table at once. TRUNCATE drops the
                // rows' pages without reading them (30,000 events of 2 KB: 7 ms, against 3.1 s for a DELETE,
                // which reads every row and records it for undo). H2 treats it as DDL and commits the open
                // transaction with it, the writes grouped before this one included: they are complete, and durable
                // with the group's sync as always.
                try (Statement truncate = c.createStatement()) {
                    truncate.executeUpdate("TRUNCATE TABLE outbox");
                }
            } else if (counters.last - upToSeq <= CATCHING_UP) {
                // Trading connected: the few events this acknowledgement covers.
                try (PreparedStatement delete = c.prepareStatement("DELETE FROM outbox WHERE seq > ? AND seq <= ?")) {
                    delete.setLong(1, counters.acked);
                    delete.setLong(2, Math.min(upToSeq, heldFrom - 1));
                    delete.executeUpdate();
                }
            }
            // Else HQ is catching up on a backlog: deleting row by row would take more time than sending. The rows
            // go at once with the acknowledgement that completes it, or the budget thread deletes them afterwards.
            return true;
        });
        LOG.debug("Acknowledge up to seq {}: {}", upToSeq, moved ? "done" : "already acknowledged");
    }

    @Override
    public void hold(Connection connection, String holder, long neededFrom) throws SQLException {
        checkHolder(holder);
        if (neededFrom < 0) {
            throw StoreboxException.invalid("holder " + holder + " cannot hold from seq " + neededFrom
                    + "; sequence numbers start at 1");
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE outbox_hold SET needed_from = ?, updated_at = ? WHERE holder = ? AND needed_from < ?")) {
            update.setLong(1, neededFrom);
            update.setObject(2, now);
            update.setString(3, holder);
            update.setLong(4, neededFrom);
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM outbox_hold WHERE holder = ?")) {
            exists.setString(1, holder);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return; // a hold only moves forward
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO outbox_hold (holder, needed_from, updated_at) VALUES (?, ?, ?)")) {
            insert.setString(1, holder);
            insert.setLong(2, neededFrom);
            insert.setObject(3, now);
            insert.executeUpdate();
        }
        LOG.debug("Outbox hold {} from seq {}", holder, neededFrom);
    }

    @Override
    public boolean release(String holder) {
        checkHolder(holder);
        boolean released = database.write(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM outbox_hold WHERE holder = ?")) {
                delete.setString(1, holder);
                return delete.executeUpdate() > 0;
            }
        });
        if (released) {
            LOG.info("Outbox hold {} released: the events only it kept are deleted", holder);
        }
        return released;
    }

    @Override
    public long heldFrom(String holder) {
        checkHolder(holder);
        return database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT needed_from FROM outbox_hold WHERE holder = ?")) {
                ps.setString(1, holder);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : -1L;
                }
            }
        });
    }

    private static void checkHolder(String holder) {
        if (holder == null || holder.isBlank() || holder.length() > MAX_HOLDER) {
            throw StoreboxException.invalid("an outbox holder is named by 1 to " + MAX_HOLDER
                    + " characters, for example webhook:erp; got " + (holder == null ? "none" : "'" + holder + "'"));
        }
    }

    /** The lowest sequence number any holder still needs; {@code Long.MAX_VALUE} without holds. */
    static long heldFrom(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(HELD_FROM)) {
            rs.next();
            long v = rs.getLong(1);
            return rs.wasNull() ? Long.MAX_VALUE : v;
        }
    }

    @Override
    public long backlog() {
        Counters c = counters();
        return c.last - c.acked;
    }

    @Override
    public long lastSeq() {
        return counters().last;
    }

    @Override
    public long acknowledgedSeq() {
        return counters().acked;
    }

    private Counters counters() {
        return database.read(OutboxServiceImpl::counters);
    }

    /** Both outbox counters, read in one statement. */
    static Counters counters(Connection c) throws SQLException {
        long last = -1;
        long acked = -1;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(COUNTERS)) {
            while (rs.next()) {
                if ("outbox_seq".equals(rs.getString(1))) {
                    last = rs.getLong(2);
                } else {
                    acked = rs.getLong(2);
                }
            }
        }
        if (last < 0 || acked < 0) {
            throw new SQLException("the counters outbox_seq and outbox_acked are missing from table counter");
        }
        return new Counters(last, acked);
    }

    /** The two outbox counters read together. */
    record Counters(long last, long acked) {
    }
}
