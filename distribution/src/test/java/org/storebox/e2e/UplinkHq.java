package org.storebox.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A stand-in for HQ's ingest: subscribes to every store's events and status, stores events by
 * (store, seq) dropping duplicates, and acknowledges the highest contiguous sequence number it holds
 * (never above {@link #ackLimit(long)}, so a test can hold a drain in the middle). Reconnects by
 * itself when its broker goes away.
 */
final class UplinkHq implements AutoCloseable {
    private final MqttAsyncClient client;
    private final ExecutorService acker = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-hq-acker"));
    /** store -> seq -> event. */
    final Map<String, TreeMap<Long, JsonNode>> stored = new ConcurrentHashMap<>();
    final Map<String, JsonNode> status = new ConcurrentHashMap<>();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong batches = new AtomicLong();
    /** Batches that came gzip-compressed (the box compresses from compress_min_bytes on). */
    final AtomicLong compressed = new AtomicLong();
    private final AtomicLong limit = new AtomicLong(Long.MAX_VALUE);

    UplinkHq(String url) throws MqttException {
        client = new MqttAsyncClient(url, "test-hq-" + System.nanoTime(), new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage m) throws Exception {
                String[] t = topic.split("/");
                byte[] payload = m.getPayload();
                if (payload.length > 1 && (payload[0] & 0xff) == 0x1f && (payload[1] & 0xff) == 0x8b) {
                    // A batch the box compressed (compress_min_bytes).
                    try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(
                            new java.io.ByteArrayInputStream(payload))) {
                        payload = in.readAllBytes();
                    }
                    compressed.incrementAndGet();
                }
                JsonNode n = Appliance.JSON.readTree(payload);
                if (topic.endsWith("/status")) {
                    status.put(t[2], n);
                    return;
                }
                batches.incrementAndGet();
                String store = n.path("store").asText();
                TreeMap<Long, JsonNode> events = stored.computeIfAbsent(store, k -> new TreeMap<>());
                synchronized (events) {
                    for (JsonNode e : n.path("events")) {
                        if (events.putIfAbsent(e.path("seq").asLong(), e) != null) {
                            duplicates.incrementAndGet();
                        }
                    }
                }
                acker.execute(() -> ack(store));
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                if (reconnect) {
                    acker.execute(UplinkHq.this::subscribe);
                }
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, 1);
        o.setConnectionTimeout(5);
        client.connect(o).waitForCompletion(10_000);
        subscribe();
    }

    private void subscribe() {
        try {
            client.subscribe(new MqttSubscription[] {new MqttSubscription("storebox/v1/+/events", 1),
                new MqttSubscription("storebox/v1/+/status", 1)}).waitForCompletion(10_000);
        } catch (MqttException e) {
            System.err.println("test HQ: subscribe failed: " + e);
        }
    }

    /** Acknowledges no further than {@code seq} (Long.MAX_VALUE: everything); acknowledges at once what it can. */
    void ackLimit(long seq) {
        limit.set(seq);
        for (String store : stored.keySet()) {
            acker.execute(() -> ack(store));
        }
    }

    /**
     * Like HQ's ingest: after every batch, duplicates included, and retained, so that a box that missed an
     * ack (it was still subscribing after a broker restart) gets it from its resend or its subscription.
     */
    private void ack(String store) {
        long upTo = Math.min(contiguous(store), limit.get());
        if (upTo <= 0) {
            return;
        }
        try {
            client.publish("storebox/v1/" + store + "/ack", ("{\"up_to\": " + upTo + "}").getBytes(StandardCharsets.UTF_8),
                    1, true).waitForCompletion(5_000);
        } catch (MqttException e) {
            // Broker away: the next batch or the box's resend brings another chance.
        }
    }

    /** Publishes any payload on a store's ack topic (poison tests). */
    void publishAck(String store, String payload) throws MqttException {
        client.publish("storebox/v1/" + store + "/ack", payload.getBytes(StandardCharsets.UTF_8), 1, false)
                .waitForCompletion(5_000);
    }

    /** The highest n such that seq 1..n are all stored for the store (0 when none). */
    long contiguous(String store) {
        TreeMap<Long, JsonNode> events = stored.get(store);
        if (events == null) {
            return 0;
        }
        synchronized (events) {
            long n = 0;
            for (long seq : events.keySet()) {
                if (seq != n + 1) {
                    break;
                }
                n = seq;
            }
            return n;
        }
    }

    TreeMap<Long, JsonNode> events(String store) {
        TreeMap<Long, JsonNode> events = stored.getOrDefault(store, new TreeMap<>());
        synchronized (events) {
            return new TreeMap<>(events);
        }
    }

    long received(String store) {
        TreeMap<Long, JsonNode> events = stored.get(store);
        if (events == null) {
            return 0;
        }
        synchronized (events) {
            return events.size();
        }
    }

    @Override
    public void close() {
        acker.shutdown();
        try {
            client.disconnectForcibly(0, 1000, false);
        } catch (MqttException e) {
            // closing anyway
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // closing anyway
        }
    }

    /** Polls {@code done} until true, failing with {@code what} and its state after {@code timeout}. */
    static void await(Duration timeout, String what, Supplier<String> state, BooleanSupplier done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Object lock = new Object();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("within " + timeout.toSeconds() + " s: " + what + "; now: " + state.get());
            }
            synchronized (lock) {
                try {
                    lock.wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted waiting for " + what);
                }
            }
        }
    }
}
