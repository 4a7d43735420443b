package org.storebox.hq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two ingest processes (here two instances) in one share group, on one database, behind Mosquitto. Not the
 * embedded HiveMQ CE of the other tests: once in about twenty runs it handed every message of the group to one
 * member and none to the other for the whole 30 s (a member left idle, as in hivemq-community-edition#558),
 * which says nothing about the ingest.
 */
class SharedIngestTest {
    static final int BOXES = 8;
    static final int EVENTS = 150;
    static final int BATCH = 10;

    @TempDir
    Path dir;

    @Test
    void twoIngestsTogetherStoreEveryEventExactlyOnce() throws Exception {
        assumeTrue(TestMosquitto.installed(), "Mosquitto is not installed (./test.sh installs it as root): test skipped");
        String run = UUID.randomUUID().toString().substring(0, 8);
        String jdbc = "jdbc:h2:file:" + dir.resolve("hq") + ";AUTO_SERVER=TRUE";
        TestMosquitto mosquitto = new TestMosquitto(dir, "");
        String broker = mosquitto.url;
        EventStore dbOne = new EventStore(jdbc, null, null);
        EventStore dbTwo = new EventStore(jdbc, null, null);
        Ingest one = new Ingest(new MqttSettings(broker, null, null, "one-" + run), dbOne, 60, "hq-" + run);
        Ingest two = new Ingest(new MqttSettings(broker, null, null, "two-" + run), dbTwo, 60, "hq-" + run);
        List<TestBox> boxes = new ArrayList<>();
        try {
            one.start(new CountDownLatch(1));
            two.start(new CountDownLatch(1));
            for (int b = 0; b < BOXES; b++) {
                boxes.add(new TestBox(broker, "X" + b + "-" + run));
            }
            // Resend the first batch, as a reconnecting box would, until both members have been handed
            // messages (a broker may learn the group's members with a delay); only then does the load
            // below test the sharing.
            Poll.until(Duration.ofSeconds(30), () -> {
                if (one.messages.get() > 0 && two.messages.get() > 0) {
                    return true;
                }
                for (TestBox box : boxes) {
                    try {
                        box.send(1, BATCH);
                    } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                        throw new IllegalStateException("resending the first batch failed", e);
                    }
                }
                return false;
            }, () -> "both members of the share group received messages: one " + one.counters() + "; two " + two.counters());
            for (int from = 1; from <= EVENTS; from += BATCH) {
                for (TestBox box : boxes) {
                    box.send(from, from + BATCH - 1);
                    if (from > BATCH && from % (3 * BATCH) == 1) {
                        // A resend of the previous batch, as after a reconnect: it may reach the other process.
                        box.send(from - BATCH, from - 1);
                    }
                }
            }
            for (TestBox box : boxes) {
                box.awaitAck(EVENTS, Duration.ofSeconds(60));
            }
            try (Connection c = DriverManager.getConnection(jdbc); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT store), MIN(seq), MAX(seq)"
                        + " FROM hq_event WHERE store LIKE 'X%-" + run + "'")) {
                    rs.next();
                    assertEquals(BOXES * EVENTS, rs.getLong(1));
                    assertEquals(BOXES, rs.getLong(2));
                    assertEquals(1, rs.getLong(3));
                    assertEquals(EVENTS, rs.getLong(4));
                }
                try (ResultSet rs = s.executeQuery("SELECT SUM(events_stored), MIN(contiguous_seq), MAX(max_seq)"
                        + " FROM hq_store WHERE store LIKE 'X%-" + run + "'")) {
                    rs.next();
                    assertEquals(BOXES * EVENTS, rs.getLong(1), "each event counted as stored once");
                    assertEquals(EVENTS, rs.getLong(2));
                    assertEquals(EVENTS, rs.getLong(3));
                }
            }
            assertEquals(BOXES * EVENTS, one.eventsStored.get() + two.eventsStored.get(),
                    "one: " + one.counters() + "; two: " + two.counters());
            assertTrue(one.messages.get() > 0 && two.messages.get() > 0,
                    "both shared the load: one " + one.counters() + "; two " + two.counters());
            assertTrue(one.duplicates.get() + two.duplicates.get() >= BOXES * 4L * BATCH, "resends were dropped");
        } finally {
            for (TestBox box : boxes) {
                box.close();
            }
            one.close(true);
            two.close(true);
            dbOne.close();
            dbTwo.close();
            mosquitto.close();
        }
    }
}
