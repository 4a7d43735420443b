package org.storebox.outbox.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storebox.api.alert.AlertCondition;
import org.storebox.api.alert.Severity;
import org.storebox.store.internal.H2Database;
import org.storebox.store.testing.TestStore;

/** The budget alerts against real unacknowledged events in H2, at 50, 80 and 95 %, and clearing on acknowledgement. */
class OutboxBudgetRuleTest {
    @TempDir
    Path dir;

    @Test
    void theBudgetAlertsRiseWithTheBacklogAndClearWhenHqAcknowledges() throws Exception {
        H2Database db = new TestStore(dir, "HKD").openDatabase();
        try {
            OutboxServiceImpl outbox = new OutboxServiceImpl(db);
            OutboxBudgetImpl budget = new OutboxBudgetImpl(new BudgetSettings().budgetMb(1), db, Clock.systemUTC(),
                    false);
            OutboxBudgetRule rule = new OutboxBudgetRule(budget);
            assertThrows(IllegalStateException.class, rule::evaluate, "cannot tell before the first measurement");
            String payload = OutboxBudgetImplTest.payload(100 * 1024, 0);   // 100 KiB an event: 1 MB is 10.24 of them
            budget.check();
            assertEquals(List.of(), rule.evaluate());
            long[] seqs = new long[10];
            // 4 (39 %), 5 (48 %): nothing; 6 (58 %): info; 8 (78 %): info; 9 (87 %): warning; 10 (97 %): critical
            int[] after = { 4, 5, 6, 8, 9, 10 };
            Severity[] expected = { null, null, Severity.INFO, Severity.INFO, Severity.WARNING, Severity.CRITICAL };
            int written = 0;
            for (int i = 0; i < after.length; i++) {
                while (written < after[i]) {
                    seqs[written++] = db.write(c -> outbox.append(c, "sale.completed", payload));
                }
                budget.check();
                List<AlertCondition> c = rule.evaluate();
                if (expected[i] == null) {
                    assertEquals(List.of(), c, "after " + after[i] + " events");
                    continue;
                }
                assertEquals(1, c.size(), c.toString());
                assertEquals("outbox.budget", c.get(0).code);
                assertEquals("budget", c.get(0).key);
                assertEquals(expected[i], c.get(0).severity, "after " + after[i] + " events: " + c.get(0).message);
                assertTrue(c.get(0).message.contains(" % of the outbox budget"), c.get(0).message);
                assertTrue(c.get(0).params.contains("\"percent\":"), c.get(0).params);
            }
            // HQ acknowledges: critical drops to warning (9 left), then to info (6 left), then clears (4 left).
            outbox.acknowledge(seqs[0]);
            budget.check();
            assertEquals(Severity.WARNING, rule.evaluate().get(0).severity);
            outbox.acknowledge(seqs[3]);
            budget.check();
            assertEquals(Severity.INFO, rule.evaluate().get(0).severity);
            outbox.acknowledge(seqs[5]);
            budget.check();
            assertEquals(List.of(), rule.evaluate(), "acknowledged events leave the budget");
        } finally {
            db.close();
        }
    }
}
