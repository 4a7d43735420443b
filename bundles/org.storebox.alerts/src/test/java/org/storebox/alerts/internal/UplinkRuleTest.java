package org.storebox.alerts.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.storebox.api.alert.AlertCondition;
import org.storebox.api.uplink.UplinkStatus;

/** The uplink rule against status snapshots: backlog age and time without a broker. */
class UplinkRuleTest {
    private static final Instant T0 = Instant.parse("2026-11-22T02:00:00Z");

    @Test
    void oldBacklogAlertsAndAFreshOneDoesNot() {
        UplinkStatus s = status(true);
        s.backlog = 12;
        s.oldestUnsyncedAgeS = 899;
        assertEquals(List.of(), codes(rule(T0, s)));
        s.oldestUnsyncedAgeS = 901;
        List<AlertCondition> c = rule(T0, s).evaluate();
        assertEquals(List.of("uplink.backlog_old"), c.stream().map(x -> x.code).toList());
        assertTrue(c.get(0).message.contains("12 events"), c.get(0).message);
    }

    @Test
    void aConfiguredBrokerOutOfReachAlertsAfterTheHoldWithItsError() {
        UplinkStatus s = status(false);
        s.lastConnectedAt = T0;
        s.lastError = "Not authorized (135)";
        assertEquals(List.of(), codes(rule(T0.plusSeconds(600), s)), "not yet: ten minutes are allowed");
        List<AlertCondition> c = rule(T0.plusSeconds(601), s).evaluate();
        assertEquals(List.of("uplink.offline"), c.stream().map(x -> x.code).toList());
        assertTrue(c.get(0).message.contains("Not authorized"), c.get(0).message);
        s.connected = true;
        assertEquals(List.of(), codes(rule(T0.plusSeconds(601), s)), "connected again: the alert clears");
    }

    @Test
    void noBrokerConfiguredMeansOfflineByChoiceNotAnAlert() {
        UplinkStatus s = status(false);
        s.broker = null;
        assertEquals(List.of(), codes(rule(T0.plusSeconds(86_400), s)));
    }

    @Test
    void settingsBelowOneSecondAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new UplinkRule(new Config(0), Clock.systemUTC(), null));
    }

    private static UplinkStatus status(boolean connected) {
        UplinkStatus s = new UplinkStatus();
        s.connected = connected;
        s.broker = "ssl://mqtt.example:8883";
        return s;
    }

    /** A rule whose box started at T0, judged at {@code now}. */
    private static UplinkRule rule(Instant now, UplinkStatus s) {
        UplinkRule r = new UplinkRule(new Config(900), new Clock() {
            private Instant at = T0;

            @Override
            public Instant instant() {
                Instant i = at;
                at = now;
                return i;
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        }, () -> s);
        return r;
    }

    private static List<String> codes(UplinkRule r) {
        return r.evaluate().stream().map(c -> c.code).toList();
    }

    private record Config(int backlogAge) implements AlertsConfig {
        @Override
        public Class<? extends Annotation> annotationType() {
            return AlertsConfig.class;
        }

        @Override
        public int interval__s() {
            return 30;
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
            return backlogAge;
        }

        @Override
        public int uplink__offline__s() {
            return 600;
        }
    }
}
