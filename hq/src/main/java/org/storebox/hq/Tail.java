package org.storebox.hq;

import java.io.PrintStream;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * {@code tail}: prints events as boxes send them, one line each. A plain (not shared) subscription with
 * a session that ends with the connection, so it takes nothing away from ingest.
 */
final class Tail implements AutoCloseable {
    /** Characters of {@code data} shown per line. */
    static final int DATA_CHARS = 100;

    private final MqttSettings mqtt;
    private final PrintStream out;
    private final CountDownLatch remaining;
    private MqttAsyncClient client;

    /** @param max events to print before {@link #await} returns; 0 for no limit */
    Tail(MqttSettings mqtt, PrintStream out, long max) {
        this.mqtt = mqtt;
        this.out = out;
        this.remaining = new CountDownLatch(max > 0 ? (int) Math.min(max, Integer.MAX_VALUE) : Integer.MAX_VALUE);
    }

    void start(String store) throws MqttException {
        client = mqtt.client();
        client.setCallback((OnMessage) (topic, msg) -> print(Topics.store(topic), msg.getPayload()));
        client.connect(mqtt.options(0)).waitForCompletion(30_000);
        client.subscribe(Topics.events(store == null ? "+" : store), 1).waitForCompletion(30_000);
    }

    private void print(String store, byte[] payload) {
        List<Event> events;
        try {
            events = Event.parseMessage(store, payload);
        } catch (Event.Poison p) {
            out.println(store + " ? poison: " + p.getMessage());
            out.flush();
            return;
        }
        for (Event e : events) {
            out.println(line(e));
            remaining.countDown();
        }
        out.flush();
    }

    static String line(Event e) {
        String data = e.data() == null ? "" : e.data();
        if (data.length() > DATA_CHARS) {
            data = data.substring(0, DATA_CHARS - 3) + "...";
        }
        return e.store() + " " + e.seq() + " " + e.type() + " " + DateTimeFormatter.ISO_INSTANT.format(e.time()) + " "
                + data;
    }

    /** Waits until the event limit is reached, or forever without one. */
    boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return remaining.await(timeout, unit);
    }

    @Override
    public void close() throws MqttException {
        if (client != null) {
            if (client.isConnected()) {
                client.disconnect(5_000).waitForCompletion(5_000);
            }
            client.close(true);
        }
    }
}
