package org.storebox.outbox.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storebox.api.common.StoreboxException;
import org.storebox.api.outbox.OutboxEvent;
import org.storebox.api.store.Database;
import org.storebox.store.internal.H2Database;
import org.storebox.store.testing.TestStore;

/** The outbox against a real H2 file database: gapless numbering, acknowledgements and restarts. */
class OutboxServiceImplTest {
    @TempDir
    Path dir;
    TestStore store;
    H2Database db;
    OutboxServiceImpl outbox;

    @BeforeEach
    void open() throws Exception {
        store = new TestStore(dir, "HKD");
        db = store.openDatabase();
        outbox = new OutboxServiceImpl(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private long append(String type, String json) {
        return db.write(c -> outbox.append(c, type, json));
    }

    private static List<Long> seqs(List<OutboxEvent> events) {
        return events.stream().map(e -> e.seq).toList();
    }

    @Test
    void appendNumbersEventsFromOneAndReadsThemBackInOrder() {
        assertEquals(0, outbox.lastSeq());
        assertEquals(0, outbox.backlog());
        Instant before = Instant.now().minusSeconds(1);
        assertEquals(1, append("sale.completed", "{\"id\":\"s1\"}"));
        assertEquals(2, append("sale.completed", "{\"id\":\"s2\"}"));
        assertEquals(3, append("day.closed", "{\"name\":\"維他檸檬茶 250ml\"}"));

        List<OutboxEvent> events = outbox.readFrom(1, 10);
        assertEquals(List.of(1L, 2L, 3L), seqs(events));
        OutboxEvent third = events.get(2);
        assertEquals("day.closed", third.type);
        assertEquals("{\"name\":\"維他檸檬茶 250ml\"}", third.dataText());
        assertNotNull(UUID.fromString(third.id));
        assertNotEquals(events.get(0).id, events.get(1).id);
        assertTrue(!third.time.isBefore(before) && !third.time.isAfter(Instant.now().plusSeconds(1)), "" + third.time);

        assertEquals(3, outbox.lastSeq());
        assertEquals(3, outbox.backlog());
        assertEquals(List.of(2L, 3L), seqs(outbox.readFrom(2, 10)));
        assertEquals(List.of(1L, 2L), seqs(outbox.readFrom(0, 2)));
        assertTrue(outbox.readFrom(4, 10).isEmpty());
    }

    @Test
    void appendRefusesDataThatIsNotOneJsonObjectAndTakesNoNumber() {
        assertEquals(1, append("sale.completed", "{\"id\":\"s1\"}"));
        for (String bad : Arrays.asList(null, "", "  ", "[1,2]", "\"text\"", "12", "{\"total\": ", "{} {}",
                "{\"a\":1}x", "{\"a\":}")) {
            StoreboxException e = assertThrows(StoreboxException.class, () -> append("sale.completed", bad), bad);
            assertEquals(StoreboxException.Kind.INVALID, e.kind(), bad);
            assertTrue(e.getMessage().contains("one JSON object"), e.getMessage());
        }
        assertEquals(1, outbox.lastSeq(), "no refused event took a number");
        assertEquals(2, append("sale.completed", " {\"id\":\"s2\",\"lines\":[{\"sku\":\"\u8336\"}]} "));
        assertEquals(List.of(1L, 2L), seqs(outbox.readFrom(1, 10)));
    }

    @Test
    void aCallerThatFailsAfterAppendingLeavesNoGap() {
        assertEquals(1, append("sale.completed", "{}"));
        IllegalStateException boom = new IllegalStateException("the sale failed after its event was appended");
        AtomicLong taken = new AtomicLong();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> db.write(c -> {
            taken.set(outbox.append(c, "sale.completed", "{\"lost\":true}"));
            throw boom;
        }));
        assertSame(boom, thrown, "the work's own exception comes back");
        assertEquals(2, taken.get(), "the failed work had appended its event");

        assertEquals(1, outbox.lastSeq(), "the rolled-back append took no number");
        assertEquals(2, append("sale.completed", "{}"));
        List<OutboxEvent> events = outbox.readFrom(1, 10);
        assertEquals(List.of(1L, 2L), seqs(events));
        assertTrue(events.stream().noneMatch(e -> e.dataText().contains("lost")));
    }

    @Test
    void concurrentWritersWithFailuresGetAGaplessSequence() throws Exception {
        int threads = 8;
        int perThread = 60;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Integer>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                int committed = 0;
                for (int n = 0; n < perThread; n++) {
                    int i = n;
                    boolean fail = (thread + i) % 3 == 0;
                    try {
                        db.write(c -> {
                            outbox.append(c, "test.event", "{\"thread\":" + thread + ",\"i\":" + i + "}");
                            if (fail) {
                                throw new IllegalStateException("rolled back");
                            }
                            return null;
                        });
                        committed++;
                    } catch (IllegalStateException e) {
                        // expected for the failing ones
                    }
                }
                return committed;
            }));
        }
        int committed = 0;
        for (Future<Integer> f : done) {
            committed += f.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();

        assertEquals(committed, outbox.lastSeq());
        List<OutboxEvent> events = outbox.readFrom(1, 10_000);
        assertEquals(committed, events.size());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1, events.get(i).seq, "no gap");
        }
    }

    @Test
    void acknowledgeTrimsTheBacklogAndIgnoresLateOrRepeatedAcks() {
        for (int i = 0; i < 5; i++) {
            append("sale.completed", "{}");
        }
        outbox.acknowledge(3);
        assertEquals(3, outbox.acknowledgedSeq());
        assertEquals(2, outbox.backlog());
        assertEquals(List.of(4L, 5L), seqs(outbox.readFrom(1, 10)), "acknowledged events are not read again");

        outbox.acknowledge(3);
        outbox.acknowledge(1);
        outbox.acknowledge(0);
        assertEquals(3, outbox.acknowledgedSeq(), "a late ack does not move the mark back");
        assertEquals(2, outbox.backlog());

        StoreboxException e = assertThrows(StoreboxException.class, () -> outbox.acknowledge(6));
        assertEquals(StoreboxException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("6") && e.getMessage().contains("5"), e.getMessage());
        assertEquals(3, outbox.acknowledgedSeq());

        outbox.acknowledge(5);
        assertEquals(0, outbox.backlog());
        assertEquals(5, outbox.lastSeq());
        assertTrue(outbox.readFrom(1, 10).isEmpty());
        assertEquals(6, append("sale.completed", "{}"), "numbering goes on after everything was acknowledged");
        assertEquals(1, outbox.backlog());
    }

    private long rows() {
        return rows(db);
    }

    /** Rows in the outbox table, acknowledged or not. */
    static long rows(Database db) {
        return db.read(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM outbox")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Test
    void acknowledgedRowsLeaveTheTableAndTheLastAcknowledgementEmptiesIt() {
        for (int i = 0; i < 5; i++) {
            append("sale.completed", "{}");
        }
        outbox.acknowledge(3);
        assertEquals(2, rows(), "trading connected, an acknowledgement deletes the events it covers");
        outbox.acknowledge(5);
        assertEquals(0, rows());
        assertEquals(6, append("sale.completed", "{}"), "numbering goes on after the table was emptied");
        assertEquals(List.of(6L), seqs(outbox.readFrom(1, 10)));
        assertEquals(1, outbox.backlog());
    }

    @Test
    void whileHqCatchesUpAcknowledgedRowsStayUntilItHasCaughtUp() {
        long total = OutboxServiceImpl.CATCHING_UP + 205;
        db.write(c -> {
            for (int i = 0; i < total; i++) {
                outbox.append(c, "sale.completed", "{\"n\":" + i + "}");
            }
            return null;
        });
        outbox.acknowledge(100);
        assertEquals(total, rows(), "more than CATCHING_UP events still to send: nothing deleted yet");
        assertEquals(total - 100, outbox.backlog());
        assertEquals(List.of(101L, 102L), seqs(outbox.readFrom(1, 2)), "acknowledged events are not read again");

        outbox.acknowledge(1000);
        assertEquals(total - 1000 + 100, rows(), "caught up to a few: the events this acknowledgement covers go");
        assertEquals(List.of(1001L), seqs(outbox.readFrom(1, 1)));

        outbox.acknowledge(total);
        assertEquals(0, rows(), "everything acknowledged: the table is emptied, the earlier rows too");
        assertEquals(0, outbox.backlog());
        assertEquals(total + 1, append("sale.completed", "{}"));
    }

    @Test
    void sequenceAndAcknowledgementSurviveARestart() throws Exception {
        append("a", "{}");
        append("b", "{}");
        append("c", "{}");
        outbox.acknowledge(2);

        db.close();
        db = store.openDatabase();
        outbox = new OutboxServiceImpl(db);

        assertEquals(3, outbox.lastSeq());
        assertEquals(2, outbox.acknowledgedSeq());
        assertEquals(List.of(3L), seqs(outbox.readFrom(1, 10)));
        assertEquals(4, append("d", "{}"));
    }

    @Test
    void refusesNonsense() {
        assertEquals(StoreboxException.Kind.INVALID,
                assertThrows(StoreboxException.class, () -> outbox.readFrom(1, 0)).kind());
        assertThrows(StoreboxException.class, () -> append("", "{}"));
        assertThrows(StoreboxException.class, () -> append("x".repeat(65), "{}"));
        assertThrows(StoreboxException.class, () -> append("sale.completed", null));
        assertEquals(0, outbox.lastSeq());
    }

    @Test
    void readingALongBacklogInPages() {
        db.write(c -> {
            for (int i = 0; i < 250; i++) {
                outbox.append(c, "bulk", "{\"i\":" + i + "}");
            }
            return null;
        });
        long next = 1;
        int pages = 0;
        List<OutboxEvent> page;
        while (!(page = outbox.readFrom(next, 100)).isEmpty()) {
            assertEquals(next, page.get(0).seq);
            next = page.get(page.size() - 1).seq + 1;
            pages++;
        }
        assertEquals(3, pages);
        assertEquals(251, next);
    }
}
