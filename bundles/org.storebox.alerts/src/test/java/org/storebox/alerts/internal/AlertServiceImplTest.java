package org.storebox.alerts.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storebox.api.alert.Alert;
import org.storebox.api.alert.AlertCondition;
import org.storebox.api.alert.AlertRule;
import org.storebox.api.alert.Severity;
import org.storebox.api.common.StoreboxException;
import org.storebox.api.outbox.OutboxEvent;
import org.storebox.outbox.internal.OutboxServiceImpl;
import org.storebox.store.internal.H2Database;
import org.storebox.store.testing.TestStore;

/** The alert store on a real H2 database: raise, aggregate, clear, reopen, acknowledge, isolate failing rules. */
class AlertServiceImplTest {
    @TempDir
    Path dir;
    H2Database db;
    OutboxServiceImpl outbox;
    AlertServiceImpl alerts;
    final List<AlertCondition> holding = new ArrayList<>();

    /** A rule whose conditions the test sets. */
    final AlertRule settable = new AlertRule() {
        @Override
        public String source() {
            return "test";
        }

        @Override
        public List<AlertCondition> evaluate() {
            return new ArrayList<>(holding);
        }
    };

    @BeforeEach
    void open() throws Exception {
        db = new TestStore(dir, "HKD").openDatabase();
        outbox = new OutboxServiceImpl(db);
        alerts = new AlertServiceImpl(new Config(), db, outbox);
        alerts.addRule(settable);
    }

    @AfterEach
    void close() {
        alerts.deactivate();
        db.close();
    }

    private static AlertCondition cond(String key, Severity s) {
        return new AlertCondition(key, s, "test.code", "condition " + key, key, null);
    }

    private List<String> outboxTypes() {
        return outbox.readFrom(1, 100).stream().map(e -> e.type).toList();
    }

    @Test
    void repeatsAggregateClearAndReopenOneRowWithACount() {
        holding.add(cond("a", Severity.WARNING));
        alerts.evaluate();
        alerts.evaluate();
        List<Alert> open = alerts.list(false);
        assertEquals(1, open.size());
        Alert a = open.get(0);
        assertEquals("test", a.source);
        assertEquals(1, a.count);
        assertEquals("open", a.state);
        assertTrue(!a.lastSeen.isBefore(a.firstSeen));

        holding.clear();
        alerts.evaluate();
        assertTrue(alerts.list(false).isEmpty());
        Alert cleared = alerts.get(a.id).orElseThrow();
        assertEquals("cleared", cleared.state);
        assertNotNull(cleared.clearedAt);

        holding.add(cond("a", Severity.CRITICAL));
        alerts.evaluate();
        Alert again = alerts.list(false).get(0);
        assertEquals(a.id, again.id);
        assertEquals(2, again.count);
        assertEquals(Severity.CRITICAL, again.severity);
        assertEquals(a.firstSeen, again.firstSeen);
        assertEquals(List.of("alert.raised", "alert.cleared", "alert.raised"), outboxTypes());
        OutboxEvent raised = outbox.readFrom(1, 1).get(0);
        assertTrue(raised.dataText().contains("\"source\":\"test\""), raised.dataText());
    }

    @Test
    void acknowledgementHoldsWhileTheConditionHoldsAndResetsWhenItComesBack() {
        holding.add(cond("b", Severity.INFO));
        alerts.evaluate();
        long id = alerts.list(false).get(0).id;
        Alert ack = alerts.acknowledge(id, "mgr-1");
        assertEquals("acknowledged", ack.state);
        assertEquals("mgr-1", ack.acknowledgedBy);
        alerts.evaluate();
        assertEquals("acknowledged", alerts.get(id).orElseThrow().state);
        holding.clear();
        alerts.evaluate();
        assertEquals(StoreboxException.Kind.CONFLICT, assertThrows(StoreboxException.class, () -> alerts.acknowledge(id, "x")).kind());
        holding.add(cond("b", Severity.INFO));
        alerts.evaluate();
        Alert back = alerts.get(id).orElseThrow();
        assertEquals("open", back.state);
        assertNull(back.acknowledgedAt);
        assertEquals(StoreboxException.Kind.NOT_FOUND, assertThrows(StoreboxException.class, () -> alerts.acknowledge(999, "x")).kind());
    }

    @Test
    void aFailingRuleKeepsItsAlertsAndDoesNotStopTheOthers() {
        List<AlertCondition> other = new ArrayList<>();
        boolean[] fail = { false };
        AlertRule flaky = new AlertRule() {
            @Override
            public String source() {
                return "flaky";
            }

            @Override
            public List<AlertCondition> evaluate() {
                if (fail[0]) {
                    throw new IllegalStateException("sensor unplugged");
                }
                return new ArrayList<>(other);
            }
        };
        alerts.addRule(flaky);
        other.add(cond("f", Severity.WARNING));
        holding.add(cond("t", Severity.WARNING));
        alerts.evaluate();
        assertEquals(2, alerts.list(false).size());
        fail[0] = true;
        holding.clear();
        alerts.evaluate();
        List<Alert> open = alerts.list(false);
        assertEquals(1, open.size());
        assertEquals("flaky", open.get(0).source);
        alerts.removeRule(flaky);
    }

    /** The configuration's defaults. */
    static final class Config implements AlertsConfig {
        @Override
        public Class<? extends Annotation> annotationType() {
            return AlertsConfig.class;
        }

        @Override
        public int interval__s() {
            return 3600;
        }

        @Override
        public int health__hold__s() {
            return 120;
        }

        @Override
        public double refund__void__rate() {
            return 0.2;
        }

        @Override
        public int rate__min__sales() {
            return 10;
        }

        @Override
        public int uplink__backlog__age__s() {
            return 900;
        }

        @Override
        public int uplink__offline__s() {
            return 600;
        }
    }
}
