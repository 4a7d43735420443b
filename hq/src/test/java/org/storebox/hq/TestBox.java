package org.storebox.hq;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.storebox.json.Json;

/** A stand-in for a store's uplink: publishes events messages and follows HQ's acknowledgements. */
final class TestBox implements AutoCloseable {
    final String store;
    private final MqttAsyncClient client;
    private volatile long ackedUpTo = -1;

    TestBox(String broker, String store) throws MqttException {
        this.store = store;
        client = new MqttAsyncClient(broker, "box-" + store, new MemoryPersistence());
        client.setCallback((OnMessage) (topic, msg) -> {
            JsonNode n = Json.mapper().readTree(msg.getPayload());
            synchronized (this) {
                ackedUpTo = Math.max(ackedUpTo, n.get("up_to").asLong());
                notifyAll();
            }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        client.connect(o).waitForCompletion(10_000);
        client.subscribe(Topics.ack(store), 1).waitForCompletion(10_000);
    }

    /** One message with events {@code from..to} (the id of seq n is stable, so a resend is a true duplicate). */
    void send(long from, long to) throws MqttException {
        raw(batch(from, to));
    }

    /** The same, gzip-compressed as a box sends its larger batches. */
    void sendCompressed(long from, long to) throws MqttException, java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(batch(from, to).getBytes(StandardCharsets.UTF_8));
        }
        raw(out.toByteArray());
    }

    private String batch(long from, long to) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("store", store);
        ArrayNode events = root.putArray("events");
        for (long seq = from; seq <= to; seq++) {
            ObjectNode e = events.addObject();
            e.put("seq", seq);
            e.put("id", id(seq));
            e.put("type", "sale.completed");
            e.put("time", Instant.parse("2026-11-03T10:00:00Z").plusSeconds(seq).toString());
            e.putObject("data").put("total", "12." + (seq % 100)).put("lines", 2);
        }
        return Json.write(root);
    }

    void raw(String payload) throws MqttException {
        raw(payload.getBytes(StandardCharsets.UTF_8));
    }

    void raw(byte[] payload) throws MqttException {
        client.publish(Topics.events(store), payload, 1, false).waitForCompletion(10_000);
    }

    String id(long seq) {
        return UUID.nameUUIDFromBytes((store + "/" + seq).getBytes(StandardCharsets.UTF_8)).toString();
    }

    long ackedUpTo() {
        return ackedUpTo;
    }

    /** Waits until HQ acknowledged exactly {@code upTo}, failing if it does not within the timeout. */
    synchronized void awaitAck(long upTo, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ackedUpTo != upTo) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("store " + store + ": expected ack up to " + upTo + ", have " + ackedUpTo);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    @Override
    public void close() throws MqttException {
        client.disconnect().waitForCompletion(5_000);
        client.close();
    }
}
