package org.storebox.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/** HQ's side of a command: publish to the store's cmd topic, wait for the reply on reply/{request_id}. */
final class HqCommands implements AutoCloseable {
    private final MqttClient client;

    HqCommands(String url) throws Exception {
        client = new MqttClient(url, "test-hq-cmd-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        client.connect(o);
    }

    /** Sends the command ({@code %s} in the payload is the request id) and returns the box's reply. */
    JsonNode command(String store, String name, String payload) throws Exception {
        String id = UUID.randomUUID().toString();
        BlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();
        client.subscribe(new org.eclipse.paho.mqttv5.common.MqttSubscription[] {
            new org.eclipse.paho.mqttv5.common.MqttSubscription("storebox/v1/" + store + "/reply/" + id, 1) },
                new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {
                    (topic, m) -> replies.add(Appliance.JSON.readTree(m.getPayload())) });
        MqttMessage m = new MqttMessage(payload.replaceFirst("%s", id).getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        // The box subscribes to commands once connected: resend until it answers.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            client.publish("storebox/v1/" + store + "/cmd/" + name, m);
            JsonNode reply = replies.poll(2, TimeUnit.SECONDS);
            if (reply != null) {
                client.unsubscribe("storebox/v1/" + store + "/reply/" + id);
                return reply;
            }
        }
        return fail("no reply to " + name + " " + id + " within 30 s");
    }

    @Override
    public void close() throws Exception {
        client.disconnect();
        client.close();
    }
}
