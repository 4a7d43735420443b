package org.storebox.hq;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.storebox.json.Json;

/**
 * {@code push}: one command to some stores or all, with a fresh {@code request_id}; optionally waits for
 * the boxes' replies on {@code storebox/v1/{store}/reply/{request_id}} and reports each store.
 */
final class Push {
    private static final Logger LOG = System.getLogger(Push.class.getName());

    /** What became of one store. */
    record Outcome(String store, String result, String detail) {
        String line() {
            return store + " " + result + (detail == null || detail.isEmpty() ? "" : ": " + detail);
        }
    }

    private final MqttSettings mqtt;

    Push(MqttSettings mqtt) {
        this.mqtt = mqtt;
    }

    /** Reads the payload file: a JSON object, to which {@code request_id} is added. */
    static ObjectNode payload(Path file) {
        JsonNode n;
        try {
            n = Json.mapper().readTree(Files.readAllBytes(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new Args.UsageException("payload file " + file + " does not exist");
        } catch (IOException e) {
            throw new Args.UsageException("cannot read " + file + " as JSON: " + Event.firstLine(e.getMessage()));
        }
        if (n == null || !n.isObject()) {
            throw new Args.UsageException(file + " must hold a JSON object");
        }
        return (ObjectNode) n;
    }

    /**
     * Publishes and, when {@code waitS} is above 0, collects replies until every expected store answered
     * or the time is up.
     *
     * @param stores  the stores addressed, or empty for {@code storebox/v1/all/cmd/{name}}
     * @param expected for a broadcast, the stores whose silence is reported (may be empty)
     */
    List<Outcome> push(List<String> stores, List<String> expected, String command, ObjectNode payload, long waitS,
            PrintStream out) throws MqttException, InterruptedException {
        return push(stores, expected, command, payload, waitS, out, UUID.randomUUID().toString());
    }

    /** As above, with HQ's own request id (the same id again gets each box's stored outcome). */
    List<Outcome> push(List<String> stores, List<String> expected, String command, ObjectNode payload, long waitS,
            PrintStream out, String requestId) throws MqttException, InterruptedException {
        ObjectNode body = payload.deepCopy();
        body.put("request_id", requestId);
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        boolean all = stores.isEmpty();
        Map<String, Outcome> replies = new LinkedHashMap<>();
        Object lock = new Object();

        MqttAsyncClient client = mqtt.client();
        client.setCallback((OnMessage) (topic, msg) -> {
            Outcome o = outcome(Topics.store(topic), msg.getPayload());
            synchronized (lock) {
                replies.putIfAbsent(o.store(), o);
                lock.notifyAll();
            }
        });
        try {
            client.connect(mqtt.options(0)).waitForCompletion(30_000);
            if (waitS > 0) {
                // Subscribe before publishing, or a fast box's reply is lost.
                List<MqttSubscription> subs = new ArrayList<>();
                if (all) {
                    subs.add(new MqttSubscription(Topics.reply("+", requestId), 1));
                } else {
                    for (String s : stores) {
                        subs.add(new MqttSubscription(Topics.reply(s, requestId), 1));
                    }
                }
                client.subscribe(subs.toArray(new MqttSubscription[0])).waitForCompletion(30_000);
            }
            List<String> targets = all ? List.of(Topics.ALL) : stores;
            for (String s : targets) {
                MqttMessage m = new MqttMessage(bytes, 1, false, new MqttProperties());
                m.getProperties().setContentType("application/json");
                m.getProperties().setCorrelationData(requestId.getBytes(StandardCharsets.UTF_8));
                m.getProperties().setUserProperties(List.of(new UserProperty("request_id", requestId)));
                if (!all) {
                    m.getProperties().setResponseTopic(Topics.reply(s, requestId));
                }
                client.publish(Topics.command(s, command), m).waitForCompletion(30_000);
                LOG.log(Level.DEBUG, "published {0} to {1}", requestId, Topics.command(s, command));
            }
            out.println("request " + requestId + ": " + command + " published to "
                    + (all ? "all stores" : String.join(",", stores)));
            out.flush();
            if (waitS <= 0) {
                return List.of();
            }
            long deadline = System.nanoTime() + waitS * 1_000_000_000L;
            List<String> waitFor = all ? expected : stores;
            synchronized (lock) {
                while (true) {
                    boolean complete = !waitFor.isEmpty() && replies.keySet().containsAll(waitFor);
                    long left = deadline - System.nanoTime();
                    if (complete || left <= 0) {
                        break;
                    }
                    lock.wait(Math.max(1, left / 1_000_000));
                }
            }
            List<Outcome> result = new ArrayList<>();
            synchronized (lock) {
                for (String s : waitFor) {
                    result.add(replies.getOrDefault(s, new Outcome(s, "no answer", "within " + waitS + " s")));
                }
                for (Outcome o : replies.values()) {
                    if (!waitFor.contains(o.store())) {
                        result.add(o);
                    }
                }
            }
            for (Outcome o : result) {
                out.println(o.line());
            }
            return result;
        } finally {
            try {
                if (client.isConnected()) {
                    client.disconnect(5_000).waitForCompletion(5_000);
                }
                client.close(true);
            } catch (MqttException e) {
                LOG.log(Level.DEBUG, "closing the push client failed", e);
            }
        }
    }

    /**
     * Reads a reply (the box's: {@code {"request_id", "store", "command", "ok", "status", "message" |
     * "code" + "error", "result", "time"}}, docs/commands.md): {@code {"ok": true}} or
     * {@code {"status": "ok"}} is a success; {@code "ok": false}, {@code "status": "error"} or an
     * {@code "error"} field is a failure, with its {@code error} or {@code message} as the detail.
     */
    static Outcome outcome(String store, byte[] payload) {
        JsonNode n;
        try {
            n = Json.mapper().readTree(payload);
        } catch (IOException e) {
            n = null;
        }
        if (n == null || !n.isObject()) {
            return new Outcome(store, "error", "reply is not a JSON object");
        }
        String detail = n.hasNonNull("error") ? n.get("error").asText()
                : n.hasNonNull("message") ? n.get("message").asText() : null;
        JsonNode ok = n.get("ok");
        JsonNode status = n.get("status");
        boolean success;
        if (ok != null && ok.isBoolean()) {
            success = ok.asBoolean();
        } else if (status != null && status.isTextual()) {
            success = status.asText().equalsIgnoreCase("ok");
        } else {
            success = !n.hasNonNull("error");
        }
        return new Outcome(store, success ? "ok" : "error", detail);
    }
}
