package org.storebox.outbox.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.common.StoreboxException;
import org.storebox.api.outbox.OutboxBudget;
import org.storebox.api.outbox.OutboxUsage;
import org.storebox.api.store.Database;
import org.storebox.json.Json;

/**
 * Keeps the outbox under its byte budget: measures the events HQ has not acknowledged (each read once,
 * see {@link Ledger}) and, past the budget, evicts the oldest evictable ones until they take at most
 * {@code evict_to_percent} of it. Runs on its own thread ({@code storebox-outbox-budget}), never on a
 * sale's; each eviction is one database write that deletes a run of events and puts an
 * {@value OutboxBudget#EVICTED} record at the run's last sequence number, so HQ reads the gap before it
 * as deliberate and the uplink, which sends in sequence order, reaches the record right after the gap.
 *
 * <p>The same thread deletes the events HQ has acknowledged once no hold in {@code outbox_hold} needs
 * them any more (a webhook target moved past them, or its hold was released), and bounds what holds keep:
 * at most {@code retain_mb} megabytes and {@code retain_days} days, past which the oldest go anyway.
 */
@Component(configurationPid = OutboxBudgetConfig.PID, service = OutboxBudget.class)
@Designate(ocd = OutboxBudgetConfig.class)
public class OutboxBudgetImpl implements OutboxBudget {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxBudgetImpl.class);
    private static final int READ_CHUNK = 5000;
    /** Eviction writes in one check at most; the next check goes on. */
    private static final int MAX_WRITES_PER_CHECK = 20;
    private static final String ACKED = "SELECT val FROM counter WHERE name = 'outbox_acked'";

    private final Database db;
    private final Clock clock;
    private final EventTypes types;
    private final long budget;
    private final long target;
    private final int maxPerWrite;
    private final int intervalS;
    private final ScheduledExecutorService executor;
    private final String deleteSql;
    private final String recordSql;
    private final long retainLimit;
    private final int retainDays;

    // The budget thread's own state.
    private Ledger ledger;
    private final Map<String, Long> evictedByType = new TreeMap<>();
    private long evictedEvents;
    private long evictedBytes;
    private Instant lastEviction;
    private final Retained retained = new Retained();
    private boolean retainedLoaded;
    private long retainDropped;
    private Instant lastRetainDrop;

    /** The figures of the last check, for any thread. */
    private volatile Snapshot snapshot;

    private record Snapshot(long bytes, long events, long keptBytes, long evictedEvents, long evictedBytes,
            Map<String, Long> evictedByType, Instant lastEviction, long oldestSaleMillis, long retainedEvents,
            long retainedBytes, long retainDropped, Instant lastRetainDrop, Instant measured) {
    }

    @Activate
    public OutboxBudgetImpl(OutboxBudgetConfig config, @Reference Database db) {
        this(config, db, Clock.systemUTC(), true);
    }

    /** @param schedule false for tests, which call {@link #check()} themselves */
    OutboxBudgetImpl(OutboxBudgetConfig config, Database db, Clock clock, boolean schedule) {
        if (config.budget__mb() < 1) {
            throw new IllegalArgumentException("budget_mb must be at least 1");
        }
        if (config.evict__to__percent() < 1 || config.evict__to__percent() > 100) {
            throw new IllegalArgumentException("evict_to_percent is 1 to 100; got " + config.evict__to__percent());
        }
        if (config.check__interval__s() < 1 || config.max__evict__per__write() < 1) {
            throw new IllegalArgumentException("check_interval_s and max_evict_per_write must be at least 1");
        }
        if (config.retain__mb() < 0) {
            throw new IllegalArgumentException("retain_mb is 0 (keep nothing after HQ's acknowledgement) or more; got "
                    + config.retain__mb());
        }
        if (config.retain__days() < 1) {
            throw new IllegalArgumentException("retain_days must be at least 1; got " + config.retain__days());
        }
        this.db = db;
        this.clock = clock;
        this.types = new EventTypes(config.evictable__types());
        this.budget = config.budget__mb() * 1024L * 1024L;
        this.target = budget * config.evict__to__percent() / 100;
        this.maxPerWrite = config.max__evict__per__write();
        this.intervalS = config.check__interval__s();
        this.retainLimit = config.retain__mb() * 1024L * 1024L;
        this.retainDays = config.retain__days();
        this.ledger = new Ledger(types);
        this.deleteSql = "DELETE FROM outbox WHERE seq >= ? AND seq < ? AND " + types.sql();
        this.recordSql = "UPDATE outbox SET id = ?, type = ?, at = ?, data = ? WHERE seq = ? AND " + types.sql();
        if (schedule) {
            executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "storebox-outbox-budget");
                t.setDaemon(true);
                return t;
            });
            executor.scheduleWithFixedDelay(this::checkQuietly, 0, intervalS, TimeUnit.SECONDS);
        } else {
            executor = null;
        }
        LOG.debug("Outbox budget {} bytes, evicting {} down to {} bytes", budget, types, target);
    }

    @Deactivate
    public void deactivate() {
        if (executor == null) {
            return;
        }
        // Never interrupted: the thread may be inside a database write, which must not see an interrupt.
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("The outbox budget thread did not stop within 30 s; left to finish on its own");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public OutboxUsage usage() {
        Snapshot s = snapshot;
        OutboxUsage u = new OutboxUsage();
        u.budgetBytes = budget;
        if (s == null) {
            u.evictedByType = Map.of();
            return u;
        }
        u.bytes = s.bytes;
        u.percent = s.bytes * 100 / budget;
        u.events = s.events;
        u.keptBytes = s.keptBytes;
        u.evictedEvents = s.evictedEvents;
        u.evictedBytes = s.evictedBytes;
        u.evictedByType = s.evictedByType;
        u.lastEvictionAt = s.lastEviction;
        u.retainLimitBytes = retainLimit;
        u.retainedEvents = s.retainedEvents;
        u.retainedBytes = s.retainedBytes;
        u.retainDroppedEvents = s.retainDropped;
        u.lastRetainDropAt = s.lastRetainDrop;
        u.oldestUnsyncedSaleAgeS = s.oldestSaleMillis < 0 ? 0 : Math.max(0, (clock.millis() - s.oldestSaleMillis) / 1000);
        u.measuredAt = s.measured;
        return u;
    }

    /** The budget in bytes. */
    long budgetBytes() {
        return budget;
    }

    private void checkQuietly() {
        try {
            check();
        } catch (StoreboxException e) {
            LOG.warn("Outbox budget not checked now (the database is unavailable): {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Outbox budget check failed; trying again in {} s", intervalS, e);
        }
    }

    /** Reads what is new, forgets what HQ acknowledged, evicts when over the budget, and publishes the figures. */
    synchronized void check() {
        refresh();
        int writes = 0;
        while (ledger.bytes() > budget && writes < MAX_WRITES_PER_CHECK) {
            List<Ledger.Run> plan = ledger.plan(ledger.bytes() - target, maxPerWrite, r -> recordBytes(r));
            if (plan.isEmpty()) {
                break;
            }
            writes++;
            if (!evict(plan)) {
                refresh();
                break;
            }
            // Acknowledgements may have come meanwhile.
            refresh();
        }
        release();
        snapshot = new Snapshot(ledger.bytes(), ledger.events(), ledger.keptBytes(), evictedEvents, evictedBytes,
                Map.copyOf(evictedByType), lastEviction, ledger.oldestSaleMillis(), retained.events(),
                retained.bytes(), retainDropped, lastRetainDrop, clock.instant());
    }

    private void refresh() {
        long acked = db.read(OutboxBudgetImpl::acked);
        if (!retainedLoaded) {
            loadRetained(acked);
            retainedLoaded = true;
        }
        ledger.forget(acked, retained);
        while (true) {
            long from = ledger.countedUpTo();
            int read = db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT seq, type, OCTET_LENGTH(data), at FROM outbox"
                        + " WHERE seq > ? ORDER BY seq LIMIT ?")) {
                    ps.setLong(1, from);
                    ps.setInt(2, READ_CHUNK);
                    int n = 0;
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ledger.add(rs.getLong(1), rs.getString(2), (int) Math.min(Integer.MAX_VALUE, rs.getLong(3)),
                                    rs.getObject(4, OffsetDateTime.class).toInstant().toEpochMilli());
                            n++;
                        }
                    }
                    return n;
                }
            });
            if (read < READ_CHUNK) {
                return;
            }
        }
    }

    /** One write: each run's events but the last deleted, the last replaced by the record; false when refused. */
    private boolean evict(List<Ledger.Run> plan) {
        Instant now = clock.instant();
        List<Ledger.Run> done;
        try {
            done = db.write(c -> {
                long acked = acked(c);
                List<Ledger.Run> out = new ArrayList<>();
                for (Ledger.Run run : plan) {
                    if (run.firstSeq() <= acked) {
                        continue; // HQ acknowledged it meanwhile: nothing to evict
                    }
                    int deleted = 0;
                    if (run.lastSeq() > run.firstSeq()) {
                        try (PreparedStatement ps = c.prepareStatement(deleteSql)) {
                            ps.setLong(1, run.firstSeq());
                            ps.setLong(2, run.lastSeq());
                            bind(ps, 3);
                            deleted = ps.executeUpdate();
                        }
                    }
                    int replaced;
                    try (PreparedStatement ps = c.prepareStatement(recordSql)) {
                        ps.setString(1, UUID.randomUUID().toString());
                        ps.setString(2, EVICTED);
                        ps.setObject(3, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                        ps.setString(4, record(run));
                        ps.setLong(5, run.lastSeq());
                        bind(ps, 6);
                        replaced = ps.executeUpdate();
                    }
                    if (deleted != run.lastSeq() - run.firstSeq() || replaced != 1) {
                        // The outbox is not what the ledger says: undo this write and read it all again.
                        throw new IllegalStateException("seq " + run.firstSeq() + "-" + run.lastSeq() + " held "
                                + (deleted + replaced) + " evictable events, not " + run.events());
                    }
                    out.add(run);
                }
                return out;
            });
        } catch (IllegalStateException e) {
            LOG.warn("Eviction undone, the outbox is read again: {}", e.getMessage());
            // Rebuilt from the database by the next refresh; the eviction counters stay.
            ledger = new Ledger(types);
            return false;
        }
        long events = 0;
        long bytes = 0;
        Map<String, Long> byType = new TreeMap<>();
        for (Ledger.Run run : done) {
            ledger.evicted(run, recordBytes(run));
            events += run.events();
            bytes += run.bytes();
            run.byType().forEach((t, n) -> byType.merge(t, n, Long::sum));
        }
        if (events > 0) {
            evictedEvents += events;
            evictedBytes += bytes;
            byType.forEach((t, n) -> evictedByType.merge(t, n, Long::sum));
            lastEviction = now;
            LOG.info("Outbox over its budget of {} MB: evicted {} events ({} bytes: {}) in {} runs from seq {} to {}",
                    budget / (1024 * 1024), events, bytes, byType, done.size(), done.get(0).firstSeq(),
                    done.get(done.size() - 1).lastSeq());
        }
        return !done.isEmpty();
    }

    /** Once at the start: the acknowledged events the outbox still keeps from before (for holders). */
    private void loadRetained(long acked) {
        while (true) {
            long from = Math.max(0, retained.lastSeq());
            int read = db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT seq, OCTET_LENGTH(data) FROM outbox"
                        + " WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?")) {
                    ps.setLong(1, from);
                    ps.setLong(2, acked);
                    ps.setInt(3, READ_CHUNK);
                    int n = 0;
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            retained.add(rs.getLong(1), (int) Math.min(Integer.MAX_VALUE, rs.getLong(2)));
                            n++;
                        }
                    }
                    return n;
                }
            });
            if (read < READ_CHUNK) {
                return;
            }
        }
    }

    /** What the outbox holds beside the events waiting for HQ: acknowledged seq, lowest held seq, oldest seq, last seq. */
    private record Held(long acked, long heldFrom, long firstSeq, long lastSeq) {
    }

    /**
     * Deletes the acknowledged events that no holder needs any more, and those past {@code retain_mb} or
     * {@code retain_days} even though a holder still needs them (counted, and logged with the holders).
     */
    private void release() {
        Held held = db.read(c -> {
            long firstSeq;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT MIN(seq) FROM outbox")) {
                rs.next();
                firstSeq = rs.getLong(1);
                if (rs.wasNull()) {
                    firstSeq = Long.MAX_VALUE;
                }
            }
            OutboxServiceImpl.Counters counters = OutboxServiceImpl.counters(c);
            return new Held(counters.acked(), OutboxServiceImpl.heldFrom(c), firstSeq, counters.last());
        });
        // Rows the acknowledgement deleted itself (nothing held them).
        retained.dropUpTo(Math.min(held.acked(), held.firstSeq() - 1));
        if (retained.firstSeq() < 0) {
            return;
        }
        long free = retainLimit == 0 ? held.acked() : Math.min(held.acked(), held.heldFrom() - 1);
        if (held.lastSeq() - held.acked() > OutboxServiceImpl.CATCHING_UP) {
            // HQ is catching up on a backlog: the acknowledgement that completes it empties the table at once,
            // and deleting row by row meanwhile would only slow the catching up. Only the limits force deletions.
            free = -1;
        }
        long forced = Math.max(retained.cutForBytes(retainLimit), tooOld(held.acked()));
        long upTo = Math.max(free, forced);
        if (upTo < retained.firstSeq()) {
            return;
        }
        boolean force = forced > free;
        long needed = force ? retained.count(held.heldFrom(), upTo) : 0;
        List<String> holders = force ? db.read(c -> holdersUpTo(c, upTo)) : List.of();
        for (int writes = 0; retained.firstSeq() >= 0 && retained.firstSeq() <= upTo
                && writes < MAX_WRITES_PER_CHECK; writes++) {
            long batchEnd = retained.batchEnd(upTo, maxPerWrite);
            db.write(c -> {
                // Never an event HQ has not acknowledged; and, unless a limit forces it, none a holder still needs
                // (a holder may have been added since the figures above were read).
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM outbox WHERE seq <= ? AND seq <= "
                        + "(SELECT val FROM counter WHERE name = 'outbox_acked')" + (force ? ""
                        : " AND seq < COALESCE((" + OutboxServiceImpl.HELD_FROM + "), " + Long.MAX_VALUE + ")"))) {
                    ps.setLong(1, batchEnd);
                    return ps.executeUpdate();
                }
            });
            retained.dropUpTo(batchEnd);
        }
        if (needed > 0) {
            retainDropped += needed;
            lastRetainDrop = clock.instant();
            if (retainLimit == 0) {
                LOG.debug("retain_mb is 0: {} acknowledged events deleted although {} still needed them", needed,
                        holders);
            } else {
                LOG.warn("Events kept for {} after HQ's acknowledgement exceeded retain_mb {} or retain_days {}: {} "
                        + "events up to seq {} were deleted, and those holders will count them as missed", holders,
                        retainLimit / (1024 * 1024), retainDays, needed, upTo);
            }
        }
    }

    /** The highest acknowledged seq written more than {@code retain_days} ago (oldest first), or -1. */
    private long tooOld(long acked) {
        OffsetDateTime cutoff = OffsetDateTime.ofInstant(clock.instant().minus(java.time.Duration.ofDays(retainDays)),
                ZoneOffset.UTC);
        long last = -1;
        long from = retained.firstSeq() - 1;
        int limit = MAX_WRITES_PER_CHECK * maxPerWrite;
        for (int seen = 0; seen < limit;) {
            long after = Math.max(from, last);
            long[] step = db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT seq, at FROM outbox WHERE seq > ? AND seq <= ? "
                        + "ORDER BY seq LIMIT ?")) {
                    ps.setLong(1, after);
                    ps.setLong(2, acked);
                    ps.setInt(3, READ_CHUNK);
                    long old = -1;
                    long n = 0;
                    boolean young = false;
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            n++;
                            if (!rs.getObject(2, OffsetDateTime.class).isBefore(cutoff)) {
                                young = true;
                                break;
                            }
                            old = rs.getLong(1);
                        }
                    }
                    return new long[] { old, n, young ? 1 : 0 };
                }
            });
            if (step[0] >= 0) {
                last = step[0];
            }
            seen += (int) step[1];
            if (step[2] == 1 || step[1] < READ_CHUNK) {
                break;
            }
        }
        return last;
    }

    private static List<String> holdersUpTo(Connection c, long seq) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT holder FROM outbox_hold WHERE needed_from <= ? "
                + "ORDER BY holder")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private void bind(PreparedStatement ps, int from) throws SQLException {
        int i = from;
        for (String p : types.sqlParams()) {
            ps.setString(i++, p);
        }
    }

    /** The record that replaces a run: small, and the same text whenever it is built for the same run. */
    private String record(Ledger.Run run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("first_seq", run.firstSeq());
        m.put("last_seq", run.lastSeq());
        m.put("events", run.events());
        m.put("bytes", run.bytes());
        m.put("by_type", new TreeMap<>(run.byType()));
        m.put("budget_bytes", budget);
        return Json.write(m);
    }

    private int recordBytes(Ledger.Run run) {
        return record(run).getBytes(StandardCharsets.UTF_8).length;
    }

    private static long acked(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(ACKED)) {
            if (!rs.next()) {
                throw new SQLException("the counter outbox_acked is missing from table counter");
            }
            return rs.getLong(1);
        }
    }
}
