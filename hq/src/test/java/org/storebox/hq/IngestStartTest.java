package org.storebox.hq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** How {@code ingest} starts when its broker is not there yet, or does not let it in (Debian's Mosquitto). */
class IngestStartTest {
    @TempDir
    Path dir;
    String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void ingestStartedBeforeItsBrokerWaitsAndThenStoresEvents() throws Exception {
        assumeTrue(TestMosquitto.installed(), "Mosquitto is not installed (./test.sh installs it as root): test skipped");
        int port = TestMosquitto.freePort();
        String jdbc = "jdbc:h2:file:" + dir.resolve("hq") + ";AUTO_SERVER=TRUE";
        EventStore db = new EventStore(jdbc, null, null);
        Ingest ingest = new Ingest(new MqttSettings("tcp://127.0.0.1:" + port, null, null, "wait-" + run), db, 60,
                "hq-" + run);
        CompletableFuture<Boolean> started = CompletableFuture.supplyAsync(() -> {
            try {
                return ingest.start(new CountDownLatch(1));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        TestMosquitto mosquitto = null;
        try {
            // Still waiting a while later: the start neither failed nor gave up without a broker.
            Poll.until(Duration.ofSeconds(10), () -> ingest.connectAttempts.get() >= 3,
                    () -> "three attempts to reach the broker, saw " + ingest.connectAttempts.get());
            assertFalse(started.isDone(), "start returned without a broker: " + started);
            mosquitto = new TestMosquitto(dir, "", port);
            assertEquals(true, started.get(10, TimeUnit.SECONDS), "connected once the broker listened");
            try (TestBox box = new TestBox(mosquitto.url, "W-" + run)) {
                box.send(1, 3);
                box.awaitAck(3, Duration.ofSeconds(15));
            }
            try (Connection c = DriverManager.getConnection(jdbc);
                    ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM hq_event")) {
                rs.next();
                assertEquals(3, rs.getLong(1));
            }
        } finally {
            ingest.close(true);
            db.close();
            if (mosquitto != null) {
                mosquitto.close();
            }
        }
    }

    @Test
    void afterItsBrokerWasDownAWhileIngestIsBackWithinSecondsOfIt() throws Exception {
        assumeTrue(TestMosquitto.installed(), "Mosquitto is not installed (./test.sh installs it as root): test skipped");
        int port = TestMosquitto.freePort();
        String jdbc = "jdbc:h2:file:" + dir.resolve("hq") + ";AUTO_SERVER=TRUE";
        TestMosquitto mosquitto = new TestMosquitto(dir, "", port);
        EventStore db = new EventStore(jdbc, null, null);
        Ingest ingest = new Ingest(new MqttSettings(mosquitto.url, null, null, "back-" + run), db, 60, "hq-" + run);
        try {
            ingest.start(new CountDownLatch(1));
            mosquitto.close();
            // Down for 12 s: with Paho's own back-off (1, 2, 4, 8 s ...) the next attempt would be up to 16 s away.
            long down = System.nanoTime();
            Poll.until(Duration.ofSeconds(20), () -> System.nanoTime() - down > TimeUnit.SECONDS.toNanos(12),
                    () -> "12 s passed");
            assertFalse(ingest.connected(), "connected without a broker");
            assertFalse(ingest.ackConnected(), "ack connection up without a broker");
            mosquitto = new TestMosquitto(dir, "", port);
            Poll.until(Duration.ofSeconds(5), ingest::connected, () -> "ingest reconnected within 5 s of its broker");
            Poll.until(Duration.ofSeconds(5), ingest::ackConnected, () -> "ack connection back within 5 s of the broker");
            try (TestBox box = new TestBox(mosquitto.url, "B-" + run)) {
                box.send(1, 2);
                box.awaitAck(2, Duration.ofSeconds(15));
            }
        } finally {
            ingest.close(true);
            db.close();
            mosquitto.close();
        }
    }

    @Test
    void stopWhileWaitingForTheBrokerEndsTheStart() throws Exception {
        int port = TestMosquitto.freePort();
        EventStore db = new EventStore("jdbc:h2:file:" + dir.resolve("hq"), null, null);
        Ingest ingest = new Ingest(new MqttSettings("tcp://127.0.0.1:" + port, null, null, "stop-" + run), db, 60,
                "hq-" + run);
        CountDownLatch stop = new CountDownLatch(1);
        CompletableFuture<Boolean> started = CompletableFuture.supplyAsync(() -> {
            try {
                return ingest.start(stop);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Poll.until(Duration.ofSeconds(10), () -> ingest.connectAttempts.get() >= 1, () -> "a first attempt");
        stop.countDown();
        assertEquals(false, started.get(5, TimeUnit.SECONDS), "gave up waiting when asked to stop");
        ingest.close(true);
        db.close();
    }

    @Test
    @Timeout(60) // a refusal taken for an absent broker would be retried for ever
    void aBrokerThatRefusesTheCredentialsFailsTheStart() throws Exception {
        assumeTrue(TestMosquitto.installed(), "Mosquitto is not installed (./test.sh installs it as root): test skipped");
        Path passwords = dir.resolve("passwd");
        Process p = new ProcessBuilder("mosquitto_passwd", "-b", "-c", passwords.toString(), "hq", "right")
                .redirectErrorStream(true).start();
        assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mosquitto_passwd is not available");
        Path wrong = dir.resolve("wrong-password");
        Files.writeString(wrong, "wrong\n");
        try (TestMosquitto mosquitto = new TestMosquitto(dir, "allow_anonymous false\npassword_file " + passwords
                + "\nuser " + System.getProperty("user.name") + "\n");
                EventStore db = new EventStore("jdbc:h2:file:" + dir.resolve("hq"), null, null)) {
            Ingest ingest = new Ingest(new MqttSettings(mosquitto.url, "hq", wrong, "refused-" + run), db, 60,
                    "hq-" + run);
            try {
                MqttException e = assertThrows(MqttException.class, () -> ingest.start(new CountDownLatch(1)));
                assertEquals(1, ingest.connectAttempts.get(), "refused once, not retried: " + e);
            } finally {
                ingest.close(true);
            }
        }
    }

    @Test
    void onlyAnUnreachableBrokerIsWaitedFor() {
        assertEquals(true, Ingest.unreachable(new MqttException(MqttClientException.REASON_CODE_SERVER_CONNECT_ERROR,
                new ConnectException("Connection refused"))));
        assertEquals(true, Ingest.unreachable(new MqttException(MqttClientException.REASON_CODE_CLIENT_TIMEOUT)));
        assertEquals(false, Ingest.unreachable(new MqttException(0x86))); // bad user name or password
        assertEquals(false, Ingest.unreachable(new MqttException(0x87))); // not authorized
    }
}
