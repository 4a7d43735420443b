package org.storebox.uplink.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesUpToTheMaximumBetweenHalfAndAllOfTheCeiling() {
        Backoff low = new Backoff(500, 30000, () -> 0.0);
        Backoff high = new Backoff(500, 30000, () -> 0.999999);
        long[] ceilings = {500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
        for (long c : ceilings) {
            assertEquals(c / 2, low.next());
            long h = high.next();
            assertTrue(h <= c && h >= c - 1, "high end near " + c + ": " + h);
        }
        low.reset();
        assertEquals(250, low.next());
    }

    @Test
    void jitterSpreadsAFleetThatFailedTogether() {
        Random r = new Random(42);
        Set<Long> delays = new HashSet<>();
        for (int box = 0; box < 100; box++) {
            Backoff b = new Backoff(1000, 60000, r::nextDouble);
            for (int i = 0; i < 5; i++) {
                b.next();
            }
            delays.add(b.next());
        }
        assertTrue(delays.size() > 90, "100 boxes pick distinct delays: " + delays.size());
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(0, 10, () -> 0));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(100, 10, () -> 0));
        Backoff b = new Backoff(1000, Long.MAX_VALUE / 2, () -> 1.0);
        for (int i = 0; i < 80; i++) {
            assertTrue(b.next() > 0, "no overflow after many failures");
        }
    }
}
