package org.storebox.outbox.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storebox.api.outbox.OutboxEvent;
import org.storebox.api.outbox.OutboxUsage;
import org.storebox.store.internal.H2Database;
import org.storebox.store.testing.TestStore;

/** Holds against the real H2 outbox: events HQ acknowledged stay while a holder needs them, within the limits. */
class OutboxRetentionTest {
    @TempDir
    Path dir;
    H2Database db;
    OutboxServiceImpl outbox;

    @BeforeEach
    void open() throws Exception {
        db = new TestStore(dir, "HKD").openDatabase();
        outbox = new OutboxServiceImpl(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private long sale(int n) {
        return db.write(c -> outbox.append(c, "sale.completed", "{\"sale_id\":\"s" + n + "\"}"));
    }

    private void hold(String holder, long from) {
        db.write(c -> {
            outbox.hold(c, holder, from);
            return null;
        });
    }

    private OutboxBudgetImpl budget(BudgetSettings settings) {
        return new OutboxBudgetImpl(settings, db, Clock.systemUTC(), false);
    }

    private long rows() {
        return db.read(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM outbox")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static List<Long> seqs(List<OutboxEvent> events) {
        return events.stream().map(e -> e.seq).toList();
    }

    @Test
    void withoutHoldsHqsAcknowledgementDeletesAsBefore() {
        for (int i = 1; i <= 5; i++) {
            sale(i);
        }
        outbox.acknowledge(3);
        assertEquals(2, rows());
        assertEquals(List.of(4L, 5L), seqs(outbox.readKept(0, 10)));
        OutboxBudgetImpl b = budget(new BudgetSettings());
        b.check();
        assertEquals(0, b.usage().retainedEvents);
    }

    @Test
    void aHoldKeepsAcknowledgedEventsUntilTheHolderMovesOn() {
        for (int i = 1; i <= 6; i++) {
            sale(i);
        }
        hold("webhook:erp", 2); // the target has done seq 1 only
        outbox.acknowledge(6);
        // HQ's view is unchanged: nothing waits for HQ.
        assertEquals(0, outbox.backlog());
        assertEquals(6, outbox.acknowledgedSeq());
        assertTrue(outbox.readFrom(0, 10).isEmpty());
        // The holder still reads what it needs.
        assertEquals(List.of(2L, 3L, 4L, 5L, 6L), seqs(outbox.readKept(0, 10)));
        assertEquals(2, outbox.heldFrom("webhook:erp"));

        OutboxBudgetImpl b = budget(new BudgetSettings());
        b.check();
        OutboxUsage u = b.usage();
        assertEquals(5, u.retainedEvents);
        assertTrue(u.retainedBytes > 0);
        assertEquals(0, u.events, "events held for HQ");

        // The holder moves on: the budget thread deletes what it has passed, not more.
        hold("webhook:erp", 5);
        hold("webhook:erp", 3); // never back
        assertEquals(5, outbox.heldFrom("webhook:erp"));
        b.check();
        assertEquals(List.of(5L, 6L), seqs(outbox.readKept(0, 10)));
        assertEquals(2, b.usage().retainedEvents);
        assertEquals(0, b.usage().retainDroppedEvents);

        // Released (its configuration removed): nothing keeps them any more.
        assertTrue(outbox.release("webhook:erp"));
        b.check();
        assertEquals(0, rows());
        assertEquals(0, b.usage().retainedEvents);
        assertEquals(-1, outbox.heldFrom("webhook:erp"));
    }

    @Test
    void unacknowledgedEventsStayWhateverTheHolds() {
        for (int i = 1; i <= 4; i++) {
            sale(i);
        }
        hold("webhook:erp", 5);
        outbox.acknowledge(2);
        OutboxBudgetImpl b = budget(new BudgetSettings());
        b.check();
        assertEquals(List.of(3L, 4L), seqs(outbox.readKept(0, 10)));
        assertEquals(2, outbox.backlog());
    }

    @Test
    void pastRetainMbTheOldestGoAnywayAndAreCounted() {
        String big = "{\"blob\":\"" + "x".repeat(300 * 1024) + "\"}";
        for (int i = 0; i < 6; i++) {
            db.write(c -> outbox.append(c, "sale.completed", big));
        }
        hold("webhook:dead", 1);
        outbox.acknowledge(6);
        BudgetSettings s = new BudgetSettings();
        s.retainMb = 1;
        OutboxBudgetImpl b = budget(s);
        b.check();
        OutboxUsage u = b.usage();
        // 6 x 300 KiB kept for a dead target against 1 MiB: the three oldest go.
        assertEquals(List.of(4L, 5L, 6L), seqs(outbox.readKept(0, 10)));
        assertEquals(3, u.retainDroppedEvents);
        assertNotNull(u.lastRetainDropAt);
        assertTrue(u.retainedBytes <= u.retainLimitBytes, u.retainedBytes + " > " + u.retainLimitBytes);
        // The hold itself stays: the holder finds the gap when it comes back.
        assertEquals(1, outbox.heldFrom("webhook:dead"));
    }

    @Test
    void heldEventsFromBeforeARestartAreStillBoundedAndReleased() throws Exception {
        for (int i = 1; i <= 4; i++) {
            sale(i);
        }
        hold("webhook:erp", 1);
        outbox.acknowledge(4);
        db.close();
        db = new TestStore(dir, "HKD").openDatabase();
        outbox = new OutboxServiceImpl(db);
        assertEquals(4, rows(), "the hold is durable");
        OutboxBudgetImpl b = budget(new BudgetSettings());
        b.check();
        assertEquals(4, b.usage().retainedEvents);
        hold("webhook:erp", 4);
        b.check();
        assertEquals(List.of(4L), seqs(outbox.readKept(0, 10)));
        assertEquals(1, b.usage().retainedEvents);
    }
}
