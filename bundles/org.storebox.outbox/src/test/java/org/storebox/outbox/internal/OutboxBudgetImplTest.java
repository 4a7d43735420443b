package org.storebox.outbox.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storebox.api.alert.AlertCondition;
import org.storebox.api.alert.Severity;
import org.storebox.api.outbox.OutboxBudget;
import org.storebox.api.outbox.OutboxEvent;
import org.storebox.api.outbox.OutboxUsage;
import org.storebox.json.Json;
import org.storebox.store.internal.H2Database;

import com.fasterxml.jackson.databind.JsonNode;
import org.storebox.store.testing.TestStore;

/** Eviction against a real H2 outbox: only evictable events go, oldest first, each run leaving a record. */
class OutboxBudgetImplTest {
    private static final int KIB = 1024;

    @TempDir
    Path dir;
    H2Database h2;
    CountingDatabase db;
    OutboxServiceImpl outbox;

    @BeforeEach
    void open() throws Exception {
        h2 = new TestStore(dir, "HKD").openDatabase();
        db = new CountingDatabase(h2);
        outbox = new OutboxServiceImpl(h2);
    }

    @AfterEach
    void close() {
        h2.close();
    }

    /** A JSON object of exactly {@code bytes} UTF-8 bytes. */
    static String payload(int bytes, int n) {
        String head = "{\"n\":" + n + ",\"pad\":\"";
        return head + "x".repeat(bytes - head.length() - 2) + "\"}";
    }

    private long append(String type, int bytes, int n) {
        return h2.write(c -> outbox.append(c, type, payload(bytes, n)));
    }

    private Map<Long, OutboxEvent> all() {
        Map<Long, OutboxEvent> m = new TreeMap<>();
        long from = 1;
        List<OutboxEvent> page;
        while (!(page = outbox.readFrom(from, 1000)).isEmpty()) {
            page.forEach(e -> m.put(e.seq, e));
            from = page.get(page.size() - 1).seq + 1;
        }
        return m;
    }

    /** Every record's run is missing but for the record itself, and holds only evictable types. */
    private static Map<String, Long> checkRecords(Map<Long, OutboxEvent> now, Map<Long, OutboxEvent> before) {
        Map<String, Long> byType = new TreeMap<>();
        for (OutboxEvent e : now.values()) {
            if (!e.type.equals(OutboxBudget.EVICTED)) {
                continue;
            }
            JsonNode d = Json.read(e.dataText(), JsonNode.class);
            assertEquals(e.seq, d.get("last_seq").asLong(), e.dataText());
            long first = d.get("first_seq").asLong();
            assertEquals(e.seq - first + 1, d.get("events").asLong(), e.dataText());
            Map<String, Long> runTypes = new TreeMap<>();
            long bytes = 0;
            for (long s = first; s <= e.seq; s++) {
                if (s < e.seq) {
                    assertFalse(now.containsKey(s), "seq " + s + " evicted by the record at " + e.seq);
                }
                OutboxEvent original = before.get(s);
                if (original != null) {
                    assertTrue(original.type.startsWith("telemetry."), "evicted " + original.type + " at " + s);
                    runTypes.merge(original.type, 1L, Long::sum);
                    bytes += original.dataText().length();
                }
            }
            if (!before.isEmpty()) {
                assertEquals(runTypes.toString(), d.get("by_type").toString().replace("\"", "").replace(":", "="),
                        e.dataText());
                assertEquals(bytes, d.get("bytes").asLong(), e.dataText());
            }
            d.get("by_type").fields().forEachRemaining(f -> byType.merge(f.getKey(), f.getValue().asLong(), Long::sum));
        }
        return byType;
    }

    @Test
    void overTheBudgetOnlyTelemetryGoesOldestFirstInOneWriteWithARecord() {
        OutboxBudgetImpl budget = new OutboxBudgetImpl(new BudgetSettings().budgetMb(1), db, java.time.Clock.systemUTC(),
                false);
        // 12 blocks of 8 telemetry events (20 KiB) and a sale (10 KiB) or a day close: 2 MB, twice the budget.
        for (int b = 0; b < 12; b++) {
            for (int t = 0; t < 8; t++) {
                append("telemetry.temperature", 20 * KIB, b * 8 + t);
            }
            append(b % 4 == 3 ? "day.closed" : "sale.completed", 10 * KIB, b);
        }
        Map<Long, OutboxEvent> before = all();
        assertEquals(108, before.size());
        int writes = db.writes.get();

        budget.check();

        assertEquals(writes + 1, db.writes.get(), "one write evicts");
        Map<Long, OutboxEvent> after = all();
        OutboxUsage u = budget.usage();
        long stored = after.values().stream().mapToLong(e -> e.dataText().length()).sum();
        assertEquals(stored, u.bytes, "the figures are what the outbox holds");
        assertTrue(u.bytes <= 1024 * KIB * 90 / 100, "down to 90 % of the budget: " + u.bytes);
        assertTrue(u.bytes > 1024 * KIB * 70 / 100, "no more than needed: " + u.bytes);
        assertEquals(after.size(), u.events);

        // Business events are intact and keep their numbers; so does every event that was not evicted.
        for (OutboxEvent e : before.values()) {
            OutboxEvent now = after.get(e.seq);
            if (!e.type.startsWith("telemetry.")) {
                assertNotNull(now, e.type + " at seq " + e.seq + " was evicted");
            }
            if (now != null && !now.type.equals(OutboxBudget.EVICTED)) {
                assertEquals(e.id, now.id);
                assertEquals(e.type, now.type);
                assertEquals(e.dataText(), now.dataText());
            }
        }
        // Oldest first: every telemetry event still there is newer than every one evicted.
        long newestGone = before.values().stream().filter(e -> !after.containsKey(e.seq)
                || after.get(e.seq).type.equals(OutboxBudget.EVICTED)).mapToLong(e -> e.seq).max().orElseThrow();
        long oldestKept = after.values().stream().filter(e -> e.type.startsWith("telemetry."))
                .mapToLong(e -> e.seq).min().orElseThrow();
        assertTrue(newestGone < oldestKept, "evicted up to " + newestGone + ", kept from " + oldestKept);

        Map<String, Long> recorded = checkRecords(after, before);
        long gone = before.size() - after.values().stream().filter(e -> !e.type.equals(OutboxBudget.EVICTED)).count();
        assertEquals(Map.of("telemetry.temperature", gone), recorded, "the records account for every evicted event");
        assertEquals(gone, u.evictedEvents);
        assertEquals(Map.of("telemetry.temperature", gone), u.evictedByType);
        assertNotNull(u.lastEvictionAt);
        assertTrue(after.values().stream().anyMatch(e -> e.type.equals(OutboxBudget.EVICTED)));

        // Under the budget now: a second check changes nothing.
        budget.check();
        assertEquals(after.keySet(), all().keySet());
        assertEquals(writes + 1, db.writes.get());
    }

    @Test
    void businessEventsAloneOverTheBudgetAreAllKeptWithACriticalAlert() {
        OutboxBudgetImpl budget = new OutboxBudgetImpl(new BudgetSettings().budgetMb(1), db, java.time.Clock.systemUTC(),
                false);
        OutboxBudgetRule rule = new OutboxBudgetRule(budget);
        String[] types = { "sale.completed", "return.completed", "sale.voided", "day.closed", "stock.received",
            "stock.counted" };
        for (int i = 0; i < 60; i++) {
            append(types[i % types.length], 20 * KIB, i);
        }
        Map<Long, OutboxEvent> before = all();
        int writes = db.writes.get();

        budget.check();

        assertEquals(writes, db.writes.get(), "nothing to evict, nothing written");
        Map<Long, OutboxEvent> after = all();
        assertEquals(before.keySet(), after.keySet());
        OutboxUsage u = budget.usage();
        assertEquals(0, u.evictedEvents);
        assertEquals(u.bytes, u.keptBytes);
        assertTrue(u.percent > 100, "" + u.percent);
        List<AlertCondition> alerts = rule.evaluate();
        AlertCondition full = alerts.stream().filter(a -> a.key.equals("full")).findFirst().orElseThrow();
        assertEquals(Severity.CRITICAL, full.severity);
        assertEquals("outbox.budget_full", full.code);
        assertTrue(full.message.contains("connect the box to HQ") && full.message.contains("free disk space"),
                full.message);
        assertEquals(Severity.CRITICAL, alerts.stream().filter(a -> a.key.equals("budget")).findFirst().orElseThrow()
                .severity);

        outbox.acknowledge(outbox.lastSeq());
        budget.check();
        assertEquals(List.of(), rule.evaluate(), "both clear once HQ has everything");
    }

    @Test
    void acknowledgedEventsLeftBehindByACatchUpAreDeletedOnceHqHasCaughtUp() {
        OutboxBudgetImpl budget = new OutboxBudgetImpl(new BudgetSettings(), db, java.time.Clock.systemUTC(), false);
        long total = OutboxServiceImpl.CATCHING_UP + 205;
        h2.write(c -> {
            for (int i = 0; i < total; i++) {
                outbox.append(c, "sale.completed", payload(200, i));
            }
            return null;
        });
        outbox.acknowledge(100);
        budget.check();
        assertEquals(total, rows(), "HQ is catching up: the budget thread leaves the acknowledged rows too");
        assertEquals(100, budget.usage().retainedEvents);

        outbox.acknowledge(1000);
        budget.check();
        assertEquals(total - 1000, rows(), "caught up: the rows left behind are deleted");
        assertEquals(0, budget.usage().retainedEvents);
        assertEquals(total - 1000, all().size());
    }

    private long rows() {
        return OutboxServiceImplTest.rows(h2);
    }

    @Test
    void smallTelemetryBetweenSalesStaysWhenEvictingItWouldFreeNothing() {
        OutboxBudgetImpl budget = new OutboxBudgetImpl(new BudgetSettings().budgetMb(1), db, java.time.Clock.systemUTC(),
                false);
        for (int i = 0; i < 80; i++) {
            append("sale.completed", 16 * KIB, i);
            append("telemetry.ping", 100, i);
        }
        Map<Long, OutboxEvent> before = all();
        budget.check();
        assertEquals(before.keySet(), all().keySet(), "a record would take more than a lone 100-byte event");
        assertEquals(0, budget.usage().evictedEvents);
    }

    @Test
    void evictionsConcurrentWithAppendsKeepEveryCommittedBusinessEvent() throws Exception {
        OutboxBudgetImpl budget = new OutboxBudgetImpl(new BudgetSettings().budgetMb(1).maxPerWrite(7), db,
                java.time.Clock.systemUTC(), false);
        int writers = 4;
        int perWriter = 150;
        Map<Long, String> sales = new ConcurrentHashMap<>();
        AtomicInteger telemetry = new AtomicInteger();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        try {
            Future<Integer> checker = pool.submit(() -> {
                int checks = 0;
                while (writing.get()) {
                    budget.check();
                    checks++;
                }
                return checks;
            });
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        int n = writer * perWriter + i;
                        if (i % 3 == 0) {
                            String data = payload(4 * KIB, n);
                            long seq = h2.write(c -> outbox.append(c, "sale.completed", data));
                            sales.put(seq, data);
                        } else {
                            h2.write(c -> outbox.append(c, "telemetry.load", payload(12 * KIB, n)));
                            telemetry.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
            writing.set(false);
            assertTrue(checker.get(2, TimeUnit.MINUTES) > 0);
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < 100 && (i == 0 || budget.usage().bytes > 1024 * KIB); i++) {
            budget.check();
        }

        Map<Long, OutboxEvent> after = all();
        for (Map.Entry<Long, String> s : sales.entrySet()) {
            OutboxEvent e = after.get(s.getKey());
            assertNotNull(e, "sale at seq " + s.getKey() + " lost");
            assertEquals("sale.completed", e.type);
            assertEquals(s.getValue(), e.dataText());
        }
        OutboxUsage u = budget.usage();
        assertTrue(u.evictedEvents > 0, "the test must have evicted something");
        assertTrue(u.bytes <= 1024 * KIB, "under the budget after the last check: " + u.bytes);
        Map<String, Long> recorded = checkRecords(after, Map.of());
        long left = after.values().stream().filter(e -> e.type.equals("telemetry.load")).count();
        assertEquals(telemetry.get(), left + recorded.getOrDefault("telemetry.load", 0L),
                "every telemetry event is either there or in a record");
        assertEquals(u.evictedEvents, recorded.getOrDefault("telemetry.load", 0L));
        assertEquals(outbox.lastSeq(), sales.size() + telemetry.get(), "no append lost its number");
    }

    @Test
    void figuresFollowAcknowledgementsAndTheOldestSale() {
        java.time.Clock later = java.time.Clock.offset(java.time.Clock.systemUTC(), java.time.Duration.ofSeconds(120));
        OutboxBudgetImpl budget = new OutboxBudgetImpl(new BudgetSettings(), db, later, false);
        assertNull(budget.usage().measuredAt, "not measured before the first check");
        append("telemetry.x", 1000, 1);
        append("sale.completed", 2000, 2);
        append("alert.raised", 500, 3);
        budget.check();
        OutboxUsage u = budget.usage();
        assertEquals(3500, u.bytes);
        assertEquals(2000, u.keptBytes);
        assertEquals(3, u.events);
        assertEquals(256L * 1024 * 1024, u.budgetBytes);
        assertNotNull(u.measuredAt);
        assertTrue(u.oldestUnsyncedSaleAgeS >= 119 && u.oldestUnsyncedSaleAgeS < 180, "" + u.oldestUnsyncedSaleAgeS);
        outbox.acknowledge(2);
        budget.check();
        u = budget.usage();
        assertEquals(500, u.bytes);
        assertEquals(0, u.keptBytes);
        assertEquals(0, u.oldestUnsyncedSaleAgeS);
    }

    @Test
    void businessTypesCannotBeMadeEvictable() {
        for (String bad : new String[] { "sale.*", "sale.completed", "day.closed", "stock.*", "outbox.evicted",
            "return.completed", "*", "telemetry.*.x", "" + "goods.received" }) {
            BudgetSettings s = new BudgetSettings();
            s.evictable = new String[] { "telemetry.*", bad };
            assertThrows(IllegalArgumentException.class, () -> new OutboxBudgetImpl(s, db, java.time.Clock.systemUTC(),
                    false), bad);
        }
        EventTypes t = new EventTypes(new String[] { "log_x.*", "restock.suggested" });
        assertTrue(t.evictable("log_x.error"));
        assertFalse(t.evictable("logAx.error"), "_ is not a wildcard");
        assertTrue(t.evictable("restock.suggested"));
        assertFalse(t.evictable("restock.other"));
        assertFalse(t.evictable("sale.completed"));
        append("log_x.error", 100, 1);
        append("logAx.error", 100, 2);
        append("restock.suggested", 100, 3);
        long matched = h2.read(c -> {
            try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM outbox WHERE " + t.sql())) {
                int i = 1;
                for (String p : t.sqlParams()) {
                    ps.setString(i++, p);
                }
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        assertEquals(2, matched, "the SQL condition agrees: _ is not a wildcard there either");
    }
}
