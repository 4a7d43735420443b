package org.storebox.outbox.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storebox.api.alert.AlertCondition;
import org.storebox.api.alert.Severity;
import org.storebox.store.internal.H2Database;

/** The budget alerts against real unacknowledged events in H2, at 50, 80 and 95 %, and clearing on acknowledgement. */
class OutboxBudgetRuleTest {
    @TempDir
    Path dir;

    private Instant now = Instant.parse("2026-11-22T02:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    };

    @Test
    void theBudgetAlertsRiseWithTheBacklogAndClearWhenHqAcknowledges() throws Exception {
        H2Database db = new TestStore(dir, "HKD").openDatabase();
        try {
            OutboxServiceImpl outbox = new OutboxServiceImpl(db);
            OutboxBudgetRule rule = new OutboxBudgetRule((Budget) () -> 1, db, clock);
            String payload = "{\"pad\":\"" + "x".repeat(100 * 1024 - 10) + "\"}";   // 100 KiB an event
            assertEquals(List.of(), rule.evaluate());
            long last = 0;
            int[] steps = { 6, 3, 2 };
            Severity[] expected = { Severity.INFO, Severity.WARNING, Severity.CRITICAL };
            for (int i = 0; i < steps.length; i++) {
                for (int k = 0; k < steps[i]; k++) {
                    last = db.write(c -> outbox.append(c, "sale.completed", payload));
                }
                now = now.plus(Duration.ofMinutes(1));
                List<AlertCondition> c = rule.evaluate();
                assertEquals(1, c.size(), c.toString());
                assertEquals("outbox.budget", c.get(0).code);
                assertEquals(expected[i], c.get(0).severity, "after " + (i + 1) + " steps: " + c.get(0).message);
            }
            assertTrue(rule.evaluate().get(0).message.contains("%"));
            outbox.acknowledge(last);
            assertEquals(1, rule.evaluate().size(), "measured at most once a minute");
            now = now.plus(Duration.ofMinutes(1));
            assertEquals(List.of(), rule.evaluate(), "acknowledged events leave the budget");
        } finally {
            db.close();
        }
    }

    @FunctionalInterface
    private interface Budget extends OutboxBudgetRule.Config {
        @Override
        default Class<? extends Annotation> annotationType() {
            return OutboxBudgetRule.Config.class;
        }
    }
}
