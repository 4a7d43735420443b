package org.storebox.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.storebox.api.alert.AlertCondition;

/** Refused and failed transactions per terminal in the window, and the alerts they make. */
class TransactionWatchTest {
    private final MovingClock clock = new MovingClock();
    private final TransactionWatch watch = new TransactionWatch(new Config(), clock);

    @Test
    void manyRefusalsOfOneTerminalAlertAndAgeOut() {
        for (int i = 0; i < 10; i++) {
            watch.refused("lane-1", "unknown SKU X" + i);
        }
        watch.refused("lane-2", "short tender");
        assertEquals(List.of(), watch.evaluate(), "ten refusals are within the threshold");
        watch.refused("lane-1", "unknown SKU X10");
        List<AlertCondition> c = watch.evaluate();
        assertEquals(List.of("sale.refused_rate"), c.stream().map(x -> x.code).toList());
        assertEquals("lane-1", c.get(0).subject);
        assertTrue(c.get(0).message.contains("11 refused") && c.get(0).message.contains("X10"), c.get(0).message);
        clock.advance(Duration.ofMinutes(16));
        assertEquals(List.of(), watch.evaluate(), "out of the window, the alert clears");
    }

    @Test
    void oneFailureIsAnAlert() {
        watch.failed("lane-3", "the database did not confirm the write");
        List<AlertCondition> c = watch.evaluate();
        assertEquals(List.of("sale.failed"), c.stream().map(x -> x.code).toList());
        assertTrue(c.get(0).message.contains("did not confirm"), c.get(0).message);
    }

    private static final class Config implements TransactionWatch.Config {
        @Override
        public Class<? extends Annotation> annotationType() {
            return TransactionWatch.Config.class;
        }

        @Override
        public int window__s() {
            return 900;
        }

        @Override
        public int refused__threshold() {
            return 10;
        }
    }
}
