package org.storebox.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalTime;

import org.junit.jupiter.api.Test;

class CompactionHoursTest {

    @Test
    void nightHoursHoldTheirStartAndNotTheirEnd() {
        CompactionHours h = CompactionHours.parse("01:00-06:00");
        assertFalse(h.contains(LocalTime.of(0, 59)));
        assertTrue(h.contains(LocalTime.of(1, 0)));
        assertTrue(h.contains(LocalTime.of(5, 59)));
        assertFalse(h.contains(LocalTime.of(6, 0)));
        assertFalse(h.contains(LocalTime.NOON));
        assertEquals(Duration.ofHours(13), h.untilOpen(LocalTime.NOON), "from noon: until 01:00 the next day");
        assertEquals(Duration.ofMinutes(30), h.untilOpen(LocalTime.of(0, 30)));
        assertEquals(Duration.ZERO, h.untilOpen(LocalTime.of(3, 0)));
    }

    @Test
    void hoursAcrossMidnight() {
        CompactionHours h = CompactionHours.parse(" 22:00 - 04:30 ");
        assertTrue(h.contains(LocalTime.of(23, 0)));
        assertTrue(h.contains(LocalTime.of(0, 0)));
        assertTrue(h.contains(LocalTime.of(4, 29)));
        assertFalse(h.contains(LocalTime.of(4, 30)));
        assertFalse(h.contains(LocalTime.of(21, 59)));
        assertEquals(Duration.ofHours(2), h.untilOpen(LocalTime.of(20, 0)));
        assertEquals("22:00-04:30", h.toString());
    }

    @Test
    void emptyMeansAnyTime() {
        for (String any : new String[] { "", "  ", null }) {
            CompactionHours h = CompactionHours.parse(any);
            assertTrue(h.anyTime());
            assertTrue(h.contains(LocalTime.NOON));
            assertTrue(h.contains(LocalTime.MIDNIGHT));
            assertEquals(Duration.ZERO, h.untilOpen(LocalTime.of(23, 59)));
        }
    }

    @Test
    void anythingElseIsRefusedWithWhatToWrite() {
        for (String bad : new String[] { "1-6", "01:00", "01:00-06:00-07:00", "25:00-06:00", "03:00-03:00", "night" }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CompactionHours.parse(bad), bad);
            assertTrue(e.getMessage().contains("HH:MM-HH:MM (for example 01:00-06:00"), e.getMessage());
            assertTrue(e.getMessage().contains("\"" + bad + "\""), e.getMessage());
        }
    }
}
