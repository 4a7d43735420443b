package org.storebox.alerts.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storebox.api.alert.AlertCondition;
import org.storebox.store.internal.H2Database;
import org.storebox.store.testing.TestStore;

/** The share of voids and returns per terminal today, on a real H2 database, counted at most every ten seconds. */
class TerminalRatesRuleTest {
    @TempDir
    Path dir;
    H2Database db;
    TestStore store;
    final MovableClock clock = new MovableClock(Instant.parse("2026-12-02T04:00:00Z"));
    long seq;

    @BeforeEach
    void open() throws Exception {
        store = new TestStore(dir, "HKD");
        db = store.openDatabase();
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void raisesForATerminalOverTheShareAndCountsAgainOnlyAfterTenSeconds() {
        TerminalRatesRule rule = new TerminalRatesRule(new AlertServiceImplTest.Config(), db, store, clock);
        sales("lane-1", "sale", "completed", 8);
        sales("lane-1", "sale", "voided", 2);
        sales("lane-1", "return", "completed", 1);
        sales("lane-2", "sale", "completed", 10);
        List<AlertCondition> raised = rule.evaluate();
        assertEquals(1, raised.size(), raised.toString());
        assertEquals("rate:lane-1", raised.get(0).key);
        assertEquals("Terminal lane-1 voided 2 and returned 1 of 10 sales today (30%); check with the cashier.",
                raised.get(0).message);

        // lane-2 crosses the share (3 of 13), but within ten seconds the rule answers with its last count.
        sales("lane-2", "sale", "voided", 3);
        clock.now = clock.now.plusSeconds(9);
        assertEquals(List.of("rate:lane-1"), keys(rule.evaluate()));
        clock.now = clock.now.plusSeconds(1);
        assertEquals(List.of("rate:lane-1", "rate:lane-2"), keys(rule.evaluate()));
    }

    @Test
    void countsOnlyTodaysSalesInTheStoresZone() {
        TerminalRatesRule rule = new TerminalRatesRule(new AlertServiceImplTest.Config(), db, store, clock);
        sales("lane-1", "sale", "voided", 10);
        // 23:30 in Hong Kong is the next business day there: yesterday's voids no longer count.
        clock.now = Instant.parse("2026-12-02T16:30:00Z");
        assertEquals(List.of(), keys(rule.evaluate()));
    }

    private static List<String> keys(List<AlertCondition> conditions) {
        return conditions.stream().map(c -> c.key).sorted().toList();
    }

    /** Stores n sales rows of the clock's business day in Hong Kong, as the sale path would. */
    private void sales(String terminal, String kind, String status, int n) {
        LocalDate day = LocalDate.ofInstant(clock.now, store.zone());
        db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO sale(id, kind, status, terminal_id, business_day, created_at, "
                    + "total, tax, discount_total, rounding, points, request_hash, seq, document) VALUES (?, ?, ?, ?, ?, ?, 10, 0, 0, 0, 0, 'h', ?, '{}')")) {
                for (int i = 0; i < n; i++) {
                    p.setString(1, UUID.randomUUID().toString());
                    p.setString(2, kind);
                    p.setString(3, status);
                    p.setString(4, terminal);
                    p.setDate(5, Date.valueOf(day));
                    p.setTimestamp(6, Timestamp.from(clock.now));
                    p.setLong(7, ++seq);
                    p.executeUpdate();
                }
            }
            return null;
        });
    }

    static final class MovableClock extends Clock {
        Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
