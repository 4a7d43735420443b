package org.storebox.outbox.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SeqQueueTest {
    @Test
    void keepsOrderAndValuesThroughGrowthAndCompaction() {
        SeqQueue q = new SeqQueue();
        for (long s = 1; s <= 1000; s++) {
            q.add(s, s * 10);
        }
        assertEquals(900 * 901 / 2 * 10, q.dropUpTo(900));
        for (long s = 1001; s <= 2000; s++) {
            q.add(s, s * 10);
        }
        assertEquals(1100, q.size());
        for (int i = 0; i < q.size(); i++) {
            assertEquals(901 + i, q.seq(i));
            assertEquals((901 + i) * 10L, q.value(i));
        }
        assertEquals(0, q.dropUpTo(900));
        q.dropUpTo(2000);
        assertEquals(0, q.size());
    }
}
