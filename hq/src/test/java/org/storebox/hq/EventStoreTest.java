package org.storebox.hq;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contiguous prefix and the duplicates as messages arrive in order (which store() takes without reading the stored
 * events) and out of order, with holes and resends in between.
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

    private EventStore.Stored store(long... seqs) throws Exception {
        return db.store("S1", Arrays.stream(seqs).mapToObj(seq -> new Event("S1", seq,
                UUID.nameUUIDFromBytes(("S1/" + seq).getBytes()).toString(), "sale.completed",
                OffsetDateTime.of(2026, 12, 3, 10, 0, 0, 0, ZoneOffset.UTC).plusSeconds(seq), "{\"n\":" + seq + "}"))
                .toList());
    }

    private static String gaps(EventStore.Stored r) {
        return EventStore.formatGaps(r.gaps());
    }

    @Test
    void thePrefixAndTheDuplicatesInAndOutOfOrder() throws Exception {
        EventStore.Stored r = store(1, 2, 3);
        assertEquals(List.of(3L, 3L, 0L), List.of(r.contiguous(), (long) r.inserted(), (long) r.duplicates()));
        r = store(4, 5);
        assertEquals(5, r.contiguous(), "in order");
        r = store(7, 8);
        assertEquals(5, r.contiguous(), "6 is missing");
        assertEquals("6", gaps(r));
        r = store(9, 11);
        assertEquals(5, r.contiguous(), "a message with a hole of its own");
        assertEquals("6,10", gaps(r));
        r = store(6);
        assertEquals(9, r.contiguous(), "6 filled: up to the next hole");
        assertEquals("10", gaps(r));
        r = store(10, 11, 12);
        assertEquals(12, r.contiguous());
        assertEquals(List.of(2, 1), List.of(r.inserted(), r.duplicates()), "11 was stored before");
        r = store(12, 13, 13, 14);
        assertEquals(14, r.contiguous(), "in order again, after everything was filled");
        assertEquals(List.of(2, 2), List.of(r.inserted(), r.duplicates()), "12 stored before, 13 twice in the message");
        r = store(15, 17);
        assertEquals(15, r.contiguous(), "a message that continues the prefix but has a hole of its own");
        assertEquals("16", gaps(r));
        r = store(16);
        assertEquals(17, r.contiguous());
        r = store(2, 3);
        assertEquals(List.of(0, 2), List.of(r.inserted(), r.duplicates()), "a resend of old events");
        assertEquals(17, r.contiguous());
        assertEquals(17, db.stores().stream().filter(s -> s.store().equals("S1")).findFirst().orElseThrow().eventsStored());
    }
}
