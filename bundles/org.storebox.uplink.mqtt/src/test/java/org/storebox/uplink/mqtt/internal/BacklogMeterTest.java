package org.storebox.uplink.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.storebox.api.outbox.OutboxEvent;

class BacklogMeterTest {
    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    private final FakeOutbox outbox = new FakeOutbox();

    private long wire(OutboxEvent e) {
        return Wire.event(e).length;
    }

    @Test
    void countsBytesAndAgeOfUnacknowledgedEventsAndForgetsAcknowledgedOnes() {
        OutboxEvent a = outbox.add("sale.completed", "{\"total\":\"1.00\"}", t0);
        OutboxEvent b = outbox.add("sale.completed", "{\"total\":\"22.00\",\"x\":[1,2,3]}", t0.plusSeconds(30));
        OutboxEvent c = outbox.add("day.closed", "{}", t0.plusSeconds(60));
        BacklogMeter m = new BacklogMeter(outbox, Clock.fixed(t0.plusSeconds(100), ZoneOffset.UTC));

        BacklogMeter.Figures f = m.refresh();
        assertEquals(3, f.backlog());
        assertEquals(wire(a) + wire(b) + wire(c), f.bytes());
        assertEquals(100, f.oldestAgeS());

        outbox.acknowledge(2);
        f = m.refresh();
        assertEquals(1, f.backlog());
        assertEquals(wire(c), f.bytes());
        assertEquals(40, f.oldestAgeS());
        assertEquals(2, f.ackedSeq());

        outbox.acknowledge(3);
        f = m.refresh();
        assertEquals(0, f.backlog());
        assertEquals(0, f.bytes());
        assertEquals(0, f.oldestAgeS());
    }

    @Test
    void readsEachEventOnceAndTakesOverWhatTheUplinkReadAnyway() {
        for (int i = 0; i < 2500; i++) {
            outbox.add("sale.completed", "{\"n\":" + i + "}", t0);
        }
        BacklogMeter m = new BacklogMeter(outbox, Clock.fixed(t0, ZoneOffset.UTC));
        long bytes = m.refresh().bytes();
        int reads = outbox.reads;
        assertEquals(3, reads, "2,500 events in pages of 1,000, then nothing more to read");
        assertEquals(bytes, m.refresh().bytes());
        assertEquals(reads, outbox.reads, "a second refresh with nothing new reads no event");

        OutboxEvent e = outbox.add("sale.completed", "{\"n\":\"new\"}", t0);
        m.observe(List.of(e), new int[] {Wire.event(e).length});
        int before = outbox.reads;
        assertEquals(bytes + wire(e), m.refresh().bytes());
        assertEquals(before, outbox.reads, "an observed event is not read again");
    }

    @Test
    void anAcknowledgementBeyondWhatWasCountedStartsAfterIt() {
        for (int i = 0; i < 10; i++) {
            outbox.add("sale.completed", "{}", t0);
        }
        BacklogMeter m = new BacklogMeter(outbox, Clock.fixed(t0, ZoneOffset.UTC));
        m.refresh();
        outbox.acknowledge(10);
        OutboxEvent e = outbox.add("sale.completed", "{\"late\":true}", t0);
        BacklogMeter.Figures f = m.refresh();
        assertEquals(1, f.backlog());
        assertEquals(wire(e), f.bytes());
    }
}
