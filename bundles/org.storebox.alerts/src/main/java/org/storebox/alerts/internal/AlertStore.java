package org.storebox.alerts.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.storebox.api.alert.Alert;
import org.storebox.api.alert.AlertCondition;
import org.storebox.api.alert.Severity;
import org.storebox.api.common.StoreboxException;
import org.storebox.api.outbox.OutboxService;
import org.storebox.api.store.Database;
import org.storebox.json.Json;

/**
 * The alert table: merges what the rules report into one row per condition, raising, reopening
 * (count + 1) and clearing, with an outbox event for every raise and clear in the same write.
 */
final class AlertStore {
    private static final String COLUMNS = "id, source, alert_key, severity, code, message, subject, params, first_seen, "
            + "last_seen, raised_count, acknowledged_at, acknowledged_by, cleared_at";

    /** How stale last_seen may get before an unchanged condition is written again. */
    static final java.time.Duration TOUCH = java.time.Duration.ofSeconds(60);

    private final Database db;
    private final OutboxService outbox;

    AlertStore(Database db, OutboxService outbox) {
        this.db = db;
        this.outbox = outbox;
    }

    /** What one evaluation changed. */
    record Outcome(int raised, int cleared, int updated) {
        boolean changed() {
            return raised + cleared + updated > 0;
        }
    }

    /**
     * Stores the conditions each answering rule reports now; alerts of those sources that are not
     * reported any more are cleared. Sources not in the map (their rule failed) are left alone.
     */
    Outcome merge(Map<String, List<AlertCondition>> bySource, Instant now) {
        if (bySource.isEmpty()) {
            return new Outcome(0, 0, 0);
        }
        // Read first: most evaluations change nothing and must not cost a write (and a disk sync)
        // next to the sales. Only the alert thread changes these columns, so the rows stay current.
        Map<String, Alert> current = db.read(c -> {
            Map<String, Alert> m = new HashMap<>();
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM alert"); ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    Alert a = row(rs);
                    if (bySource.containsKey(a.source)) {
                        m.put(a.source + "\u0000" + a.key, a);
                    }
                }
            }
            return m;
        });
        if (!needsWrite(bySource, current, now)) {
            return new Outcome(0, 0, 0);
        }
        return db.write(c -> {
            int raised = 0;
            int cleared = 0;
            int updated = 0;
            Map<String, Alert> existing = new HashMap<>(current);
            List<Alert> touch = new ArrayList<>();
            for (Map.Entry<String, List<AlertCondition>> e : bySource.entrySet()) {
                Map<String, AlertCondition> unique = new LinkedHashMap<>();
                for (AlertCondition cond : e.getValue()) {
                    if (cond != null && cond.key != null && cond.severity != null) {
                        unique.put(cond.key, cond);
                    }
                }
                for (AlertCondition cond : unique.values()) {
                    Alert a = existing.remove(e.getKey() + "\u0000" + cond.key);
                    if (a == null) {
                        insert(c, e.getKey(), cond, now);
                        raised++;
                    } else if (a.clearedAt != null) {
                        reopen(c, a, cond, now);
                        raised++;
                    } else {
                        boolean differs = a.severity != cond.severity || !Objects.equals(a.message, text(cond.message, 500))
                                || !Objects.equals(a.params, cond.params);
                        a.severity = cond.severity;
                        a.code = code(cond);
                        a.message = text(cond.message, 500);
                        a.subject = cond.subject;
                        a.params = cond.params;
                        touch.add(a);
                        if (differs) {
                            updated++;
                        }
                    }
                }
            }
            if (!touch.isEmpty()) {
                try (PreparedStatement p = c.prepareStatement("UPDATE alert SET last_seen = ?, severity = ?, code = ?, message = ?, "
                        + "subject = ?, params = ? WHERE id = ?")) {
                    for (Alert a : touch) {
                        p.setTimestamp(1, Timestamp.from(now));
                        p.setString(2, a.severity.name());
                        p.setString(3, a.code);
                        p.setString(4, a.message);
                        p.setString(5, a.subject);
                        p.setString(6, a.params);
                        p.setLong(7, a.id);
                        p.addBatch();
                    }
                    p.executeBatch();
                }
            }
            for (Alert gone : existing.values()) {
                if (gone.clearedAt == null) {
                    try (PreparedStatement p = c.prepareStatement("UPDATE alert SET cleared_at = ? WHERE id = ?")) {
                        p.setTimestamp(1, Timestamp.from(now));
                        p.setLong(2, gone.id);
                        p.executeUpdate();
                    }
                    gone.clearedAt = now;
                    gone.state = "cleared";
                    outbox.append(c, "alert.cleared", Json.write(gone));
                    cleared++;
                }
            }
            return new Outcome(raised, cleared, updated);
        });
    }

    /** Whether anything is new, changed, gone, or seen again after {@link #TOUCH} since it was last stored. */
    private static boolean needsWrite(Map<String, List<AlertCondition>> bySource, Map<String, Alert> current, Instant now) {
        int reported = 0;
        for (Map.Entry<String, List<AlertCondition>> e : bySource.entrySet()) {
            for (AlertCondition cond : e.getValue()) {
                if (cond == null || cond.key == null || cond.severity == null) {
                    continue;
                }
                reported++;
                Alert a = current.get(e.getKey() + "\u0000" + cond.key);
                if (a == null || a.clearedAt != null || a.severity != cond.severity || !Objects.equals(a.message, text(cond.message, 500))
                        || !Objects.equals(a.params, cond.params) || a.lastSeen.plus(TOUCH).isBefore(now)) {
                    return true;
                }
            }
        }
        long open = current.values().stream().filter(a -> a.clearedAt == null).count();
        return open > reported;
    }

    private void insert(Connection c, String source, AlertCondition cond, Instant now) throws SQLException {
        long id;
        try (PreparedStatement p = c.prepareStatement("INSERT INTO alert(source, alert_key, severity, code, message, subject, params, "
                + "first_seen, last_seen, raised_count) VALUES (?,?,?,?,?,?,?,?,?,1)", new String[] { "ID" })) {
            p.setString(1, text(source, 64));
            p.setString(2, text(cond.key, 200));
            p.setString(3, cond.severity.name());
            p.setString(4, code(cond));
            p.setString(5, text(cond.message, 500));
            p.setString(6, text(cond.subject, 200));
            p.setString(7, text(cond.params, 2000));
            p.setTimestamp(8, Timestamp.from(now));
            p.setTimestamp(9, Timestamp.from(now));
            p.executeUpdate();
            try (ResultSet rs = p.getGeneratedKeys()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        outbox.append(c, "alert.raised", Json.write(load(c, id).orElseThrow()));
    }

    /** A condition that had cleared holds again: the same row counts one more, and needs a new acknowledgement. */
    private void reopen(Connection c, Alert a, AlertCondition cond, Instant now) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE alert SET severity = ?, code = ?, message = ?, subject = ?, params = ?, "
                + "last_seen = ?, raised_count = raised_count + 1, acknowledged_at = NULL, acknowledged_by = NULL, cleared_at = NULL WHERE id = ?")) {
            p.setString(1, cond.severity.name());
            p.setString(2, code(cond));
            p.setString(3, text(cond.message, 500));
            p.setString(4, text(cond.subject, 200));
            p.setString(5, text(cond.params, 2000));
            p.setTimestamp(6, Timestamp.from(now));
            p.setLong(7, a.id);
            p.executeUpdate();
        }
        outbox.append(c, "alert.raised", Json.write(load(c, a.id).orElseThrow()));
    }

    List<Alert> list(boolean includeCleared) {
        return db.read(c -> {
            List<Alert> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM alert"
                    + (includeCleared ? "" : " WHERE cleared_at IS NULL")
                    + " ORDER BY CASE severity WHEN 'CRITICAL' THEN 0 WHEN 'WARNING' THEN 1 ELSE 2 END, last_seen DESC, id DESC");
                    ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        });
    }

    Optional<Alert> get(long id) {
        return db.read(c -> load(c, id));
    }

    Alert acknowledge(long id, String by, Instant now) {
        return db.write(c -> {
            Alert a = load(c, id).orElseThrow(() -> StoreboxException.notFound("no alert with id " + id));
            if (a.clearedAt != null) {
                throw StoreboxException.conflict("alert " + id + " has cleared already; nothing to acknowledge");
            }
            if (a.acknowledgedAt == null) {
                try (PreparedStatement p = c.prepareStatement("UPDATE alert SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ?")) {
                    p.setTimestamp(1, Timestamp.from(now.truncatedTo(ChronoUnit.MILLIS)));
                    p.setString(2, text(by, 200));
                    p.setLong(3, id);
                    p.executeUpdate();
                }
            }
            return load(c, id).orElseThrow();
        });
    }

    private static Optional<Alert> load(Connection c, long id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM alert WHERE id = ?")) {
            p.setLong(1, id);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static Alert row(ResultSet rs) throws SQLException {
        Alert a = new Alert();
        a.id = rs.getLong(1);
        a.source = rs.getString(2);
        a.key = rs.getString(3);
        a.severity = Severity.valueOf(rs.getString(4));
        a.code = rs.getString(5);
        a.message = rs.getString(6);
        a.subject = rs.getString(7);
        a.params = rs.getString(8);
        a.firstSeen = instant(rs.getTimestamp(9));
        a.lastSeen = instant(rs.getTimestamp(10));
        a.count = rs.getLong(11);
        a.acknowledgedAt = instant(rs.getTimestamp(12));
        a.acknowledgedBy = rs.getString(13);
        a.clearedAt = instant(rs.getTimestamp(14));
        a.state = a.clearedAt != null ? "cleared" : a.acknowledgedAt != null ? "acknowledged" : "open";
        return a;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static String code(AlertCondition cond) {
        return text(cond.code == null ? "generic" : cond.code, 64);
    }

    private static String text(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
