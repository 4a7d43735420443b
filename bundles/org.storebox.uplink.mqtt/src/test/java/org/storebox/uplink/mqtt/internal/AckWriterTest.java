package org.storebox.uplink.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.storebox.store.testing.Poll;

class AckWriterTest {
    private static FakeOutbox outbox(int events) {
        FakeOutbox o = new FakeOutbox();
        for (int i = 0; i < events; i++) {
            o.add("sale.completed", "{}", Instant.now());
        }
        return o;
    }

    @Test
    void theHighestAcknowledgementIsStoredWhateverTheOrderTheyCameIn() {
        FakeOutbox outbox = outbox(10);
        AckWriter w = new AckWriter(outbox);
        try {
            for (long a : new long[] {5, 3, 9, 7, 2}) {
                w.offer(a);
            }
            Poll.until(Duration.ofSeconds(5), () -> outbox.acknowledgedSeq() == 9, () -> "acked " + outbox.acknowledgedSeq());
            w.flush(5_000);
            assertEquals(9, outbox.acknowledgedSeq(), "a lower one stored late must not move it back");
            assertTrue(outbox.ackWrites <= 3, "acknowledgements coming together are stored together: " + outbox.ackWrites);
        } finally {
            w.close(5_000);
        }
    }

    @Test
    void oneThatCannotBeStoredIsTriedAgain() {
        FakeOutbox outbox = outbox(10);
        outbox.failingAcks = 2;
        AckWriter w = new AckWriter(outbox);
        try {
            w.offer(4);
            Poll.until(Duration.ofSeconds(10), () -> outbox.acknowledgedSeq() == 4,
                    () -> "acked " + outbox.acknowledgedSeq() + " after " + outbox.ackWrites + " writes");
            assertEquals(3, outbox.ackWrites, "two failed, the third stored it");
        } finally {
            w.close(5_000);
        }
    }

    @Test
    void closingStoresWhatWasOffered() {
        FakeOutbox outbox = outbox(10);
        AckWriter w = new AckWriter(outbox);
        w.offer(6);
        w.close(5_000);
        assertEquals(6, outbox.acknowledgedSeq());
        w.offer(8);
        assertEquals(6, outbox.acknowledgedSeq(), "closed: nothing more is stored");
    }
}
