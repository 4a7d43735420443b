package org.storebox.uplink.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import org.storebox.store.testing.Poll;

/**
 * What the box sends when HQ was not listening: a broker drops a QoS 1 publish that no subscription matches
 * (Mosquitto 2.0.11 also after a restart for an ingest's shared subscription it restored), so the box must
 * send again within ack_retry_ms of HQ's return, and at once when HQ announces its ack after subscribing.
 */
class ResendTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void hqThatSubscribesLateAndAnnouncesItsAckGetsTheBacklogAtOnce() throws Exception {
        // Only HQ's announcement can bring the events back within WAIT: the retry after silence is a minute.
        check(Map.of("ack__retry__ms", 60_000), true);
    }

    @Test
    void hqThatSubscribesLateWithoutAWordGetsTheBacklogAfterAShortSilence() throws Exception {
        // The first unacknowledged event goes again every 500 ms until HQ answers.
        check(Map.of("ack__retry__ms", 500), false);
    }

    private void check(Map<String, Object> settings, boolean announce) throws Exception {
        String store = "R-" + UUID.randomUUID().toString().substring(0, 8);
        FakeOutbox outbox = new FakeOutbox();
        for (int i = 0; i < 50; i++) {
            outbox.add("sale.completed", "{\"i\":" + i + "}", Instant.now());
        }
        Map<String, Object> values = new java.util.HashMap<>(settings);
        values.put("batch__max__events", 10);
        MqttUplink uplink = new MqttUplink(MqttUplinkTest.config(TestBroker.get().url, values), outbox, store,
                "0.0.0.test", List::of, Clock.systemUTC(), k -> null);
        Hq hq = new Hq(store);
        try {
            Poll.until(WAIT, () -> uplink.status().connected, () -> "connected: " + uplink.status().lastError);
            // The first message went to no subscriber (the broker dropped it): no ack can have come.
            Poll.until(WAIT, () -> uplink.sent() > 0, () -> "the box sent something");
            assertEquals(0, outbox.acknowledgedSeq());
            hq.subscribe(announce);
            Poll.until(WAIT, () -> outbox.acknowledgedSeq() == 50,
                    () -> "HQ acknowledged all 50 events, acked " + outbox.acknowledgedSeq() + ", HQ has " + hq.seqs());
            List<Long> seqs = hq.seqs();
            assertEquals(50, seqs.stream().distinct().count(), "HQ received every seq: " + seqs);
        } finally {
            uplink.deactivate();
            hq.close();
        }
    }

    @Test
    void anEventAfterAnIdleSpellIsSentOnce() throws Exception {
        String store = "I-" + UUID.randomUUID().toString().substring(0, 8);
        FakeOutbox outbox = new FakeOutbox();
        // A retry after 300 ms of silence: the idle spell below is longer before the next event is written.
        MqttUplink uplink = new MqttUplink(MqttUplinkTest.config(TestBroker.get().url,
                Map.of("ack__retry__ms", 300, "linger__ms", 0)), outbox, store, "0.0.0.test", List::of,
                Clock.systemUTC(), k -> null);
        Hq hq = new Hq(store);
        try {
            hq.subscribe(false);
            Poll.until(WAIT, () -> uplink.status().connected, () -> "connected: " + uplink.status().lastError);
            outbox.add("sale.completed", "{\"i\":1}", Instant.now());
            Poll.until(WAIT, () -> outbox.acknowledgedSeq() == 1, () -> "seq 1 acknowledged");
            long idleUntil = System.nanoTime() + Duration.ofMillis(1500).toNanos();
            Poll.until(WAIT, () -> System.nanoTime() > idleUntil, () -> "idle");
            outbox.add("sale.completed", "{\"i\":2}", Instant.now());
            Poll.until(WAIT, () -> outbox.acknowledgedSeq() == 2, () -> "seq 2 acknowledged");
            outbox.add("sale.completed", "{\"i\":3}", Instant.now());
            Poll.until(WAIT, () -> outbox.acknowledgedSeq() == 3, () -> "seq 3 acknowledged");
            // Messages of one connection arrive in order: a second copy of seq 2 would be before seq 3.
            assertEquals(List.of(1L, 2L, 3L), hq.seqs());
        } finally {
            uplink.deactivate();
            hq.close();
        }
    }

    @Test
    void aCommittedSaleLeavesAtOnceWhateverTheLinger() throws Exception {
        String store = "L-" + UUID.randomUUID().toString().substring(0, 8);
        FakeOutbox outbox = new FakeOutbox();
        // A linger of a minute: polling alone would hold the event that long.
        MqttUplink uplink = new MqttUplink(MqttUplinkTest.config(TestBroker.get().url, Map.of("linger__ms", 60_000)),
                outbox, store, "0.0.0.test", List::of, Clock.systemUTC(), k -> null);
        Hq hq = new Hq(store);
        try {
            hq.subscribe(false);
            Poll.until(WAIT, () -> uplink.status().connected, () -> "connected: " + uplink.status().lastError);
            for (long seq = 1; seq <= 3; seq++) {
                outbox.add("sale.completed", "{\"i\":" + seq + "}", Instant.now());
                uplink.handleEvent(new org.osgi.service.event.Event("org/storebox/sales/COMMITTED", Map.of()));
                long s = seq;
                Poll.until(WAIT, () -> outbox.acknowledgedSeq() == s, () -> "seq " + s + " acknowledged");
            }
            assertEquals(List.of(1L, 2L, 3L), hq.seqs());
        } finally {
            uplink.deactivate();
            hq.close();
        }
    }

    @Test
    void aSlowHqMakesTheBoxWaitLongerBeforeSendingAgain() throws Exception {
        String store = "W-" + UUID.randomUUID().toString().substring(0, 8);
        FakeOutbox outbox = new FakeOutbox();
        for (int i = 0; i < 30; i++) {
            outbox.add("sale.completed", "{\"i\":" + i + "}", Instant.now());
        }
        // HQ stores everything but answers each message only after 800 ms; the box first waits 300 ms.
        Hq hq = new Hq(store, true, 800);
        hq.subscribe(false);
        MqttUplink uplink = new MqttUplink(MqttUplinkTest.config(TestBroker.get().url,
                Map.of("ack__retry__ms", 300, "batch__max__events", 10)), outbox, store, "0.0.0.test", List::of,
                Clock.systemUTC(), k -> null);
        try {
            Poll.until(WAIT, () -> outbox.acknowledgedSeq() == 30, () -> "all 30 acknowledged, acked "
                    + outbox.acknowledgedSeq() + ", HQ has " + hq.seqs());
            assertTrue(uplink.retryMillis() >= 600, "the box learnt that HQ is slow: waits " + uplink.retryMillis()
                    + " ms, HQ got " + hq.messages());
        } finally {
            uplink.deactivate();
            hq.close();
        }
    }

    @Test
    void whileHqIsSilentOnlyTheFirstUnacknowledgedEventGoesAgain() throws Exception {
        String store = "S-" + UUID.randomUUID().toString().substring(0, 8);
        FakeOutbox outbox = new FakeOutbox();
        for (int i = 0; i < 50; i++) {
            outbox.add("sale.completed", "{\"i\":" + i + "}", Instant.now());
        }
        Hq hq = new Hq(store, false);
        hq.subscribe(false);
        MqttUplink uplink = new MqttUplink(MqttUplinkTest.config(TestBroker.get().url, Map.of("ack__retry__ms", 200)),
                outbox, store, "0.0.0.test", List::of, Clock.systemUTC(), k -> null);
        try {
            Poll.until(WAIT, () -> hq.messages().size() >= 4, () -> "four messages, have " + hq.messages());
            for (List<Long> m : hq.messages()) {
                assertEquals(List.of(1L), m, "every message is seq 1 alone: " + hq.messages());
            }
        } finally {
            uplink.deactivate();
            hq.close();
        }
    }

    /** HQ as the box meets it: stores seqs, acknowledges the contiguous prefix live (not retained), or not at all. */
    private static final class Hq implements OnMessage {
        private final String store;
        private final boolean acks;
        private final long ackDelayMs;
        private final java.util.concurrent.ScheduledExecutorService later =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        private final MqttAsyncClient client;
        private final List<Long> seqs = new ArrayList<>();
        private final List<List<Long>> messages = new ArrayList<>();
        private long contiguous;

        Hq(String store) throws MqttException {
            this(store, true);
        }

        Hq(String store, boolean acks) throws MqttException {
            this(store, acks, 0);
        }

        /** @param ackDelayMs how long HQ takes to answer each message */
        Hq(String store, boolean acks, long ackDelayMs) throws MqttException {
            this.store = store;
            this.acks = acks;
            this.ackDelayMs = ackDelayMs;
            client = new MqttAsyncClient(TestBroker.get().url, "hq-" + store, new MemoryPersistence());
            client.setCallback(this);
            client.connect().waitForCompletion(10_000);
        }

        void subscribe(boolean announce) throws MqttException {
            client.subscribe("storebox/v1/" + store + "/events", 1).waitForCompletion(10_000);
            if (announce) {
                ack();
            }
        }

        synchronized List<Long> seqs() {
            return List.copyOf(seqs);
        }

        synchronized List<List<Long>> messages() {
            return List.copyOf(messages);
        }

        private void ack() throws MqttException {
            long upTo;
            synchronized (this) {
                upTo = contiguous;
            }
            client.publish("storebox/v1/" + store + "/ack",
                    ("{\"up_to\":" + upTo + "}").getBytes(StandardCharsets.UTF_8), 1, false);
        }

        @Override
        public void messageArrived(String topic, MqttMessage m) throws Exception {
            JsonNode batch = CommandDispatcherTest.read(WireTest.text(m.getPayload()));
            synchronized (this) {
                List<Long> message = new ArrayList<>();
                for (JsonNode e : batch.get("events")) {
                    long seq = e.get("seq").asLong();
                    seqs.add(seq);
                    message.add(seq);
                    if (seq == contiguous + 1) {
                        contiguous = seq;
                    }
                }
                messages.add(message);
            }
            if (acks && ackDelayMs > 0) {
                long upTo;
                synchronized (this) {
                    upTo = contiguous;
                }
                later.schedule(() -> {
                    client.publish("storebox/v1/" + store + "/ack",
                            ("{\"up_to\":" + upTo + "}").getBytes(StandardCharsets.UTF_8), 1, false);
                    return null;
                }, ackDelayMs, java.util.concurrent.TimeUnit.MILLISECONDS);
            } else if (acks) {
                ack();
            }
        }

        void close() throws MqttException {
            later.shutdownNow();
            client.disconnect().waitForCompletion(5_000);
            client.close();
        }
    }
}
