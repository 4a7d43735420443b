package org.storebox.hq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@link EventStore#store} keeps each store's contiguous prefix, duplicates and gaps: messages in order (taken
 * without reading the stored events) and out of order, with holes and resends in between; and a box's outbox.evicted
 * records, whose declared gap does not hold the ack while any other gap still does.
 */
class EventStoreTest {
    @TempDir
    Path dir;
    EventStore db;

    @BeforeEach
    void open() throws Exception {
        db = new EventStore("jdbc:h2:file:" + dir.resolve("hq"), null, null);
        db.createSchema();
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static Event sale(long seq) {
        return new Event("S1", seq, UUID.nameUUIDFromBytes(("S1/" + seq).getBytes()).toString(), "sale.completed",
                OffsetDateTime.of(2026, 11, 22, 10, 0, 0, 0, ZoneOffset.UTC).plusSeconds(seq), "{\"total\":\"1.00\"}");
    }

    private static Event record(long first, long seq) {
        return new Event("S1", seq, UUID.randomUUID().toString(), EventStore.EVICTED,
                OffsetDateTime.of(2026, 11, 22, 11, 0, 0, 0, ZoneOffset.UTC), "{\"first_seq\":" + first
                        + ",\"last_seq\":" + seq + ",\"events\":" + (seq - first + 1)
                        + ",\"bytes\":90000,\"by_type\":{\"telemetry.temperature\":" + (seq - first + 1) + "}}");
    }

    private static List<Event> events(Event... e) {
        return new ArrayList<>(List.of(e));
    }

    private EventStore.Stored store(long... seqs) throws Exception {
        return db.store("S1", Arrays.stream(seqs).mapToObj(EventStoreTest::sale).toList());
    }

    private EventStore.StoreInfo info() throws Exception {
        return db.stores().stream().filter(s -> s.store().equals("S1")).findFirst().orElseThrow();
    }

    @Test
    void thePrefixAndTheDuplicatesInAndOutOfOrder() throws Exception {
        EventStore.Stored r = store(1, 2, 3);
        assertEquals(List.of(3L, 3L, 0L), List.of(r.contiguous(), (long) r.inserted(), (long) r.duplicates()));
        r = store(4, 5);
        assertEquals(5, r.contiguous(), "in order");
        r = store(7, 8);
        assertEquals(5, r.contiguous(), "6 is missing");
        assertEquals("6", EventStore.formatGaps(r.gaps()));
        r = store(9, 11);
        assertEquals(5, r.contiguous(), "a message with a hole of its own");
        assertEquals("6,10", EventStore.formatGaps(r.gaps()));
        r = store(6);
        assertEquals(9, r.contiguous(), "6 filled: up to the next hole");
        assertEquals("10", EventStore.formatGaps(r.gaps()));
        r = store(10, 11, 12);
        assertEquals(12, r.contiguous());
        assertEquals(List.of(2, 1), List.of(r.inserted(), r.duplicates()), "11 was stored before");
        r = store(12, 13, 13, 14);
        assertEquals(14, r.contiguous(), "in order again, after everything was filled");
        assertEquals(List.of(2, 2), List.of(r.inserted(), r.duplicates()), "12 stored before, 13 twice in the message");
        r = store(15, 17);
        assertEquals(15, r.contiguous(), "a message that continues the prefix but has a hole of its own");
        assertEquals("16", EventStore.formatGaps(r.gaps()));
        r = store(16);
        assertEquals(17, r.contiguous());
        r = store(2, 3);
        assertEquals(List.of(0, 2), List.of(r.inserted(), r.duplicates()), "a resend of old events");
        assertEquals(17, r.contiguous());
        assertEquals(17, info().eventsStored());
    }

    @Test
    void aDeclaredEvictionIsNoGapAndTheAckMovesPastIt() throws Exception {
        EventStore.Stored r = db.store("S1", events(sale(1), sale(2)));
        assertEquals(2, r.contiguous());
        // seq 3..6 evicted on the box, the record took 7's place.
        r = db.store("S1", events(record(3, 7), sale(8)));
        assertEquals(8, r.contiguous(), "the ack is not held by the evicted range");
        assertEquals(List.of(), r.gaps());
        assertEquals(1, r.evictions().size());
        assertTrue(r.evictions().get(0).contains("5 events (seq 3-7)"), r.evictions().get(0));
        assertEquals(5, info().evicted());
        assertEquals("-", EventStore.formatGaps(info().gaps()));
        assertTrue(r.conflicts().isEmpty());

        // The same record again (the box resent after a reconnect) is a duplicate and changes nothing.
        r = db.store("S1", events(record(3, 7)));
        assertEquals(1, r.duplicates());
        assertEquals(List.of(), r.evictions());
        assertEquals(5, info().evicted());
    }

    @Test
    void aLostMessageNextToAnEvictionIsStillAGap() throws Exception {
        db.store("S1", events(sale(1)));
        // 2..3 evicted (record at 4), 5..6 lost in transit, 7 here.
        EventStore.Stored r = db.store("S1", events(record(2, 4), sale(7)));
        assertEquals(4, r.contiguous());
        assertEquals("5-6", EventStore.formatGaps(r.gaps()));
        r = db.store("S1", events(sale(5), sale(6)));
        assertEquals(7, r.contiguous());
        assertEquals(List.of(), r.gaps());
    }

    @Test
    void aRecordResentOverTheEvictedEventHqAlreadyHadStillDeclaresTheGap() throws Exception {
        // The box sent 1..5 as they were; 3 and 4 were lost; then its outbox evicted 2..5 (record at 5).
        Event telemetry5 = new Event("S1", 5, UUID.randomUUID().toString(), "telemetry.temperature",
                OffsetDateTime.of(2026, 11, 22, 10, 0, 5, 0, ZoneOffset.UTC), "{\"c\":4.5}");
        Event telemetry2 = new Event("S1", 2, UUID.randomUUID().toString(), "telemetry.temperature",
                OffsetDateTime.of(2026, 11, 22, 10, 0, 2, 0, ZoneOffset.UTC), "{\"c\":4.4}");
        EventStore.Stored r = db.store("S1", events(sale(1), telemetry2, telemetry5));
        assertEquals(2, r.contiguous());
        assertEquals("3-4", EventStore.formatGaps(r.gaps()));
        // After the reconnect the box sends from 3 on: the record at 5 over the stored telemetry event.
        r = db.store("S1", events(record(2, 5), sale(6)));
        assertEquals(6, r.contiguous(), "the record's range counts although HQ kept the first event at 5");
        assertEquals(List.of(), r.gaps());
        assertEquals(1, r.duplicates());
        assertTrue(r.conflicts().isEmpty(), "a record over an evicted event is no conflict: " + r.conflicts());
    }

    @Test
    void anInvalidRecordDeclaresNothing() throws Exception {
        db.store("S1", events(sale(1)));
        Event bad = new Event("S1", 4, UUID.randomUUID().toString(), EventStore.EVICTED,
                OffsetDateTime.of(2026, 11, 22, 11, 0, 0, 0, ZoneOffset.UTC), "{\"first_seq\":2,\"last_seq\":9}");
        EventStore.Stored r = db.store("S1", events(bad));
        assertEquals(1, r.contiguous());
        assertEquals("2-3", EventStore.formatGaps(r.gaps()));
        assertEquals(0, info().evicted());
    }

    @Test
    void uncoveredParts() {
        List<long[]> ev = List.of(new long[] {3, 4}, new long[] {4, 6}, new long[] {10, 12});
        assertEquals("-", EventStore.formatGaps(EventStore.uncovered(ev, 3, 6)));
        assertEquals("2,7-9", EventStore.formatGaps(EventStore.uncovered(ev, 2, 9)));
        assertEquals("7-9,13", EventStore.formatGaps(EventStore.uncovered(ev, 5, 13)));
        assertEquals("20", EventStore.formatGaps(EventStore.uncovered(ev, 20, 20)));
    }
}
