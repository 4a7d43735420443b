package org.storebox.hq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ingest} against a real broker (embedded HiveMQ) and a real H2 file database. Each test has its
 * own share group: HiveMQ caches a group's members for a second, so a message published just after a
 * member left can wait in the group's queue until the next one arrives.
 */
class IngestTest {
    static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    String jdbc;
    String run = UUID.randomUUID().toString().substring(0, 8);
    EventStore db;
    Ingest ingest;

    @BeforeEach
    void start() throws Exception {
        jdbc = "jdbc:h2:file:" + dir.resolve("hq") + ";AUTO_SERVER=TRUE";
        db = new EventStore(jdbc, null, null);
        ingest = new Ingest(new MqttSettings(TestBroker.get().url, null, null, "ingest-" + run), db, 60, "hq-" + run);
        ingest.start(new CountDownLatch(1));
    }

    @AfterEach
    void stop() {
        ingest.close(true);
        db.close();
    }

    @Test
    void storesEventsAndAcknowledgesTheContiguousPrefix() throws Exception {
        try (TestBox box = new TestBox(TestBroker.get().url, "A-" + run)) {
            box.send(1, 3);
            box.send(4, 5);
            box.awaitAck(5, WAIT);
            assertEquals(5, count("SELECT COUNT(*) FROM hq_event WHERE store = '" + box.store + "'"));
            assertEquals(box.id(4), text("SELECT event_id FROM hq_event WHERE store = '" + box.store + "' AND seq = 4"));
            assertEquals("{\"total\":\"12.4\",\"lines\":2}",
                    text("SELECT event_data FROM hq_event WHERE store = '" + box.store + "' AND seq = 4"));
            String[] row = storesRow(box.store);
            assertEquals("5", row[5], "events stored");
            assertEquals("5", row[6], "acked up to");
            assertEquals("-", row[7], "gaps");
            assertEquals("2026-11-03T10:00:05Z", row[10], "last event time");
        }
    }

    @Test
    void duplicatesAreDroppedAndCounted() throws Exception {
        try (TestBox box = new TestBox(TestBroker.get().url, "D-" + run)) {
            box.send(1, 3);
            box.awaitAck(3, WAIT);
            box.send(2, 4); // a resend after a reconnect: 2 and 3 again, 4 new
            box.send(1, 4);
            box.awaitAck(4, WAIT);
            Poll.until(WAIT, () -> storesRow(box.store)[8].equals("6"), () -> "duplicates: " + storesRow(box.store)[8]);
            assertEquals(4, count("SELECT COUNT(*) FROM hq_event WHERE store = '" + box.store + "'"));
            assertEquals("4", storesRow(box.store)[5]);
        }
    }

    @Test
    void gapHoldsTheAckUntilFilled() throws Exception {
        try (TestBox box = new TestBox(TestBroker.get().url, "G-" + run)) {
            box.send(1, 2);
            box.awaitAck(2, WAIT);
            box.send(5, 6);
            box.send(9, 9);
            Poll.until(WAIT, () -> storesRow(box.store)[5].equals("5"), () -> "events: " + storesRow(box.store)[5]);
            String[] row = storesRow(box.store);
            assertEquals("2", row[6], "acked up to");
            assertEquals("3-4,7-8", row[7], "gaps");
            assertEquals(2, box.ackedUpTo(), "the box was never told more than the contiguous prefix");

            box.send(3, 4);
            box.awaitAck(6, WAIT);
            assertEquals("7-8", storesRow(box.store)[7]);
            box.send(7, 8);
            box.awaitAck(9, WAIT);
            assertEquals("-", storesRow(box.store)[7]);
            assertEquals(9, count("SELECT COUNT(*) FROM hq_event WHERE store = '" + box.store + "'"));
        }
    }

    @Test
    void poisonMessagesAreSetAsideAndIngestCarriesOn() throws Exception {
        try (TestBox box = new TestBox(TestBroker.get().url, "P-" + run)) {
            box.raw("this is not JSON");
            box.raw("{\"store\": \"" + box.store + "\", \"events\": \"not an array\"}");
            box.raw("{\"store\": \"someone-else\", \"events\": []}");
            box.raw("{\"events\": [{\"seq\": 1, \"id\": \"x\", \"type\": \"sale.completed\", \"time\": \"yesterday\"}]}");
            box.send(1, 2);
            box.awaitAck(2, WAIT);
            Poll.until(WAIT, () -> storesRow(box.store)[9].equals("4"), () -> "poison: " + storesRow(box.store)[9]);
            assertEquals(2, count("SELECT COUNT(*) FROM hq_event WHERE store = '" + box.store + "'"));
            assertEquals(1, count("SELECT COUNT(*) FROM hq_poison WHERE payload = 'this is not JSON' AND topic = '"
                    + Topics.events(box.store) + "'"));
            assertTrue(ingest.poison.get() >= 4);
        }
    }

    @Test
    void compressedBatchesAreStoredAndADamagedOneIsPoison() throws Exception {
        try (TestBox box = new TestBox(TestBroker.get().url, "Z-" + run)) {
            box.sendCompressed(1, 3);
            box.raw(new byte[] {0x1f, (byte) 0x8b, 8, 0, 'n', 'o', 't', ' ', 'g', 'z', 'i', 'p'});
            box.send(4, 5);
            box.awaitAck(5, WAIT);
            assertEquals(5, count("SELECT COUNT(*) FROM hq_event WHERE store = '" + box.store + "'"));
            Poll.until(WAIT, () -> storesRow(box.store)[9].equals("1"), () -> "poison: " + storesRow(box.store)[9]);
            assertEquals(1, count("SELECT COUNT(*) FROM hq_poison WHERE reason LIKE 'damaged gzip payload%' AND topic = '"
                    + Topics.events(box.store) + "'"));
        }
    }

    @Test
    void statusIsKept() throws Exception {
        String store = "S-" + run;
        try (TestBox box = new TestBox(TestBroker.get().url, store)) {
            publishStatuses(store, "{\"state\":\"online\",\"version\":\"0.1.0\",\"bundles\":[\"a\"],"
                    + "\"backlog\":7,\"backlog_bytes\":4096,\"oldest_unsynced_age_s\":12,"
                    + "\"time\":\"2026-11-03T10:00:00Z\"}",
                    // An older status (a late duplicate) does not overwrite the newer one.
                    "{\"state\":\"offline\",\"time\":\"2026-11-03T09:00:00Z\"}");
            Poll.until(WAIT, () -> ingest.statuses.get() >= 2, () -> "statuses: " + ingest.statuses.get());
            String[] row = storesRow(store);
            assertEquals("online", row[1]);
            assertEquals("0.1.0", row[2]);
            assertEquals("7", row[3]);
            assertEquals("12", row[4]);
        }
    }

    @Test
    void aNewStoreWithABacklogHearsThatHqListens() throws Exception {
        String store = "N-" + run;
        try (TestBox box = new TestBox(TestBroker.get().url, store)) {
            publishStatuses(store, "{\"state\":\"online\",\"backlog\":3}");
            // Its uplink's first events may have been dropped by a broker before ingest subscribed: up_to 0 says
            // "send from seq 1" without waiting for the uplink's own retry.
            box.awaitAck(0, WAIT);
            box.send(1, 3);
            box.awaitAck(3, WAIT);
        }
    }

    /** Publishes each status retained, as a box does, then clears the retained one. */
    void publishStatuses(String store, String... statuses) throws Exception {
        var client = new MqttSettings(TestBroker.get().url, null, null, "status-" + run).client();
        client.connect().waitForCompletion(10_000);
        for (String status : statuses) {
            client.publish(Topics.status(store), status.getBytes(StandardCharsets.UTF_8), 1, true).waitForCompletion(10_000);
        }
        client.publish(Topics.status(store), new byte[0], 1, true).waitForCompletion(10_000);
        client.disconnect().waitForCompletion(10_000);
        client.close();
    }

    String[] storesRow(String store) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = Main.run(List.of("stores", "--jdbc", jdbc), new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        assertEquals(0, rc);
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols[0].equals(store)) {
                return cols;
            }
        }
        return new String[] {store, "-", "-", "-", "-", "0", "0", "-", "0", "0", "-"};
    }

    long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbc); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    String text(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbc); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
