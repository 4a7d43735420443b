package org.storebox.hq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storebox.json.Json;

/** {@code push} against boxes stood in for by test subscribers that reply (or stay silent). */
class PushTest {
    @TempDir
    Path dir;
    String run = UUID.randomUUID().toString().substring(0, 8);

    /** A store that answers commands: ok, or an error when {@code error} is set. */
    static final class Responder implements AutoCloseable {
        final String store;
        final List<String> topics = Collections.synchronizedList(new ArrayList<>());
        final List<JsonNode> payloads = Collections.synchronizedList(new ArrayList<>());
        private final MqttAsyncClient client;

        Responder(String store, String error) throws Exception {
            this(store, error, "{\"ok\":true}");
        }

        /** Answers every command with {@code okReply} (with "%s" for the request id) unless {@code error} is set. */
        Responder(String store, String error, String okReply) throws Exception {
            this.store = store;
            client = new MqttAsyncClient(TestBroker.get().url, "responder-" + store, new MemoryPersistence());
            client.setCallback((OnMessage) (topic, msg) -> {
                JsonNode body = Json.mapper().readTree(msg.getPayload());
                topics.add(topic);
                payloads.add(body);
                String reply = error == null ? okReply.replace("%s", body.get("request_id").asText())
                        : "{\"ok\":false,\"error\":\"" + error + "\"}";
                // Not waiting: this is Paho's callback thread.
                client.publish(Topics.reply(store, body.get("request_id").asText()),
                        reply.getBytes(StandardCharsets.UTF_8), 1, false);
            });
            client.connect().waitForCompletion(10_000);
            client.subscribe(new String[] {Topics.command(store, "#"), Topics.command(Topics.ALL, "#")},
                    new int[] {1, 1}).waitForCompletion(10_000);
        }

        @Override
        public void close() throws Exception {
            client.disconnect().waitForCompletion(5_000);
            client.close();
        }
    }

    @Test
    void pushReportsOkErrorAndNoAnswerPerStore() throws Exception {
        Path file = Files.writeString(dir.resolve("prices.json"), "{\"version\": 7, \"prices\": {\"4006381333931\": \"1.99\"}}");
        String a = "A-" + run;
        String b = "B-" + run;
        String c = "C-" + run;
        try (Responder ra = new Responder(a, null); Responder rb = new Responder(b, "price book 7 is older than 9")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int rc = Main.run(List.of("push", "--broker", TestBroker.get().url, "--stores", a + "," + b + "," + c,
                    "--command", "prices", "--file", file.toString(), "--wait-s", "2"),
                    new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
            String text = out.toString(StandardCharsets.UTF_8);
            assertEquals(3, rc, text);
            assertTrue(text.contains("\n" + a + " ok\n"), text);
            assertTrue(text.contains("\n" + b + " error: price book 7 is older than 9\n"), text);
            assertTrue(text.contains("\n" + c + " no answer: within 2 s\n"), text);

            assertEquals(List.of(Topics.command(a, "prices")), ra.topics);
            assertEquals(List.of(Topics.command(b, "prices")), rb.topics);
            JsonNode sent = ra.payloads.get(0);
            assertEquals(7, sent.get("version").asInt());
            assertEquals("1.99", sent.get("prices").get("4006381333931").asText());
            String requestId = sent.get("request_id").asText();
            assertTrue(text.startsWith("request " + requestId + ": prices published to "), text);
            assertEquals(requestId, rb.payloads.get(0).get("request_id").asText(), "one request id per push");
        }
    }

    @Test
    void pushToAllUsesTheBroadcastTopicAndExpectsTheKnownStores() throws Exception {
        Path file = Files.writeString(dir.resolve("config.json"), "{\"receipt_footer\": \"Thank you\"}");
        String jdbc = "jdbc:h2:file:" + dir.resolve("hq");
        String a = "A-" + run;
        String b = "B-" + run;
        String silent = "Q-" + run;
        try (EventStore db = new EventStore(jdbc, null, null)) {
            db.createSchema();
            for (String s : List.of(a, b, silent)) {
                db.status(s, Json.mapper().readTree("{\"state\":\"online\"}"));
            }
        }
        try (Responder ra = new Responder(a, null); Responder rb = new Responder(b, null)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int rc = Main.run(List.of("push", "--broker", TestBroker.get().url, "--all", "--command", "config",
                    "--file", file.toString(), "--wait-s", "2", "--jdbc", jdbc),
                    new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
            String text = out.toString(StandardCharsets.UTF_8);
            assertEquals(3, rc, text);
            assertTrue(text.contains("\n" + a + " ok\n"), text);
            assertTrue(text.contains("\n" + b + " ok\n"), text);
            assertTrue(text.contains("\n" + silent + " no answer"), text);
            assertEquals(List.of(Topics.command(Topics.ALL, "config")), ra.topics);
            assertEquals(List.of(Topics.command(Topics.ALL, "config")), rb.topics);
            assertEquals("Thank you", ra.payloads.get(0).get("receipt_footer").asText());
        }
    }

    @Test
    void usageErrorsSayWhatToFix() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Main.run(List.of("push", "--broker", "tcp://127.0.0.1:1", "--command", "prices", "--file", "x.json"),
                System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, rc);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("either --stores S1,S2 or --all"));
        ByteArrayOutputStream help = new ByteArrayOutputStream();
        assertEquals(0, Main.run(List.of("--help"), new PrintStream(help, true, StandardCharsets.UTF_8), System.err));
        Set<String> commands = new TreeSet<>();
        for (String c : List.of("ingest", "push", "stores", "tail")) {
            if (help.toString(StandardCharsets.UTF_8).contains("  " + c + " ")) {
                commands.add(c);
            }
        }
        assertEquals(Set.of("ingest", "push", "stores", "tail"), commands);
    }

    @Test
    void theBoxesRepliesArePrintedWithTheirMessageAndARequestIdCanBeAskedAgain() throws Exception {
        Path file = Path.of("examples", "prices.json");
        String a = "A-" + run;
        String boxReply = "{\"request_id\":\"%s\",\"store\":\"" + a + "\",\"command\":\"prices\",\"ok\":true,"
                + "\"status\":\"ok\",\"message\":\"price book 14 (delta) applied: 2 prices, 2 changed\","
                + "\"result\":{\"prices\":2,\"changed\":2},\"time\":\"2026-11-22T09:00:00Z\"}";
        try (Responder ra = new Responder(a, null, boxReply)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int rc = Main.run(List.of("push", "--broker", TestBroker.get().url, "--stores", a, "--command", "prices",
                    "--file", file.toString(), "--wait-s", "5", "--request-id", "again-1"),
                    new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
            String text = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, rc, text);
            assertTrue(text.startsWith("request again-1: prices published to " + a + "\n"), text);
            assertTrue(text.contains("\n" + a + " ok: price book 14 (delta) applied: 2 prices, 2 changed\n"), text);
            assertEquals("again-1", ra.payloads.get(0).get("request_id").asText());
            assertEquals("24.90", ra.payloads.get(0).get("prices").get("HK-TEA-250").asText(), "money as decimal text");
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, Main.run(List.of("push", "--broker", TestBroker.get().url, "--stores", a, "--command", "prices",
                "--file", file.toString(), "--request-id", "a/b"), System.out, new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--request-id 'a/b' must be"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyExamplePayloadIsAnObjectWithoutARequestId() throws Exception {
        List<String> names = new ArrayList<>();
        try (var files = Files.list(Path.of("examples"))) {
            for (Path f : files.sorted().toList()) {
                JsonNode n = Push.payload(f);
                assertTrue(n.isObject(), f.toString());
                assertTrue(n.get("request_id") == null, f + ": push adds the request_id");
                names.add(f.getFileName().toString());
            }
        }
        assertEquals(List.of("catalog-delta.json", "catalog.json", "config.json", "devices.json", "prices.json", "restock-rules.json",
                "tax.json"), names);
    }
}
