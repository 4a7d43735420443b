package org.storebox.uplink.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;

import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storebox.api.alert.AlertCondition;
import org.storebox.catalog.internal.CatalogCommandHandler;
import org.storebox.catalog.internal.CatalogServiceImpl;
import org.storebox.catalog.internal.PricesCommandHandler;
import org.storebox.catalog.internal.TaxConfig;
import org.storebox.store.internal.H2Database;
import org.storebox.store.testing.TestStore;
import org.storebox.store.testing.Poll;

/**
 * Two boxes (their own H2, catalog, dispatcher and MQTT uplink) and HQ on an embedded HiveMQ: commands
 * to one store and to all, a stale version, a poison message before a good one, the same request twice.
 */
class CommandsBrokerTest {
    @TempDir
    Path dir;
    final String run = UUID.randomUUID().toString().substring(0, 8);
    final List<Box> boxes = new ArrayList<>();
    Hq hq;

    /** One store: database, catalog, command handlers, dispatcher and uplink, wired as DS would. */
    final class Box implements AutoCloseable {
        final String id;
        final H2Database db;
        final CatalogServiceImpl catalog;
        final CommandDispatcher dispatcher;
        final MqttUplink uplink;

        Box(String id) throws Exception {
            this.id = id;
            TestStore store = new TestStore(dir.resolve(id), "HKD", id);
            db = store.openDatabase();
            TaxConfig tax = TestStore.defaults(TaxConfig.class, Map.of());
            catalog = new CatalogServiceImpl(tax, db, store);
            dispatcher = new CommandDispatcher(CommandDispatcherTest.CONFIG, db, id, Clock.systemUTC());
            dispatcher.add("catalog", new CatalogCommandHandler(catalog));
            dispatcher.add("prices", new PricesCommandHandler(catalog));
            uplink = new MqttUplink(MqttUplinkTest.config(TestBroker.get().url), new FakeOutbox(), id, "0.0.0.test",
                    List::of, Clock.systemUTC(), k -> null, dispatcher);
            Poll.until(Duration.ofSeconds(20), () -> uplink.status().connected, () -> id + " connected: " + uplink.status().lastError);
        }

        Optional<BigDecimal> price(String sku) {
            return catalog.get(sku).map(p -> p.price);
        }

        int quarantined() {
            return db.read(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM command_quarantine")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
        }

        @Override
        public void close() {
            uplink.deactivate();
            db.close();
        }
    }

    /** HQ's side, sending as {@code hq push} does and collecting the replies by topic. */
    static final class Hq implements AutoCloseable {
        final MqttAsyncClient client;
        final Map<String, List<JsonNode>> replies = new ConcurrentHashMap<>();

        Hq(String run) throws MqttException {
            client = new MqttAsyncClient(TestBroker.get().url, "hq-" + run, new MemoryPersistence());
            client.setCallback((OnMessage) (topic, message) -> replies.computeIfAbsent(topic,
                    t -> new CopyOnWriteArrayList<>())
                    .add(CommandDispatcherTest.read(new String(message.getPayload(), StandardCharsets.UTF_8))));
            client.connect().waitForCompletion(10_000);
            client.subscribe("storebox/v1/+/reply/#", 1).waitForCompletion(10_000);
        }

        /** Publishes a payload text as it is, with the request id in the MQTT 5 properties (as push does). */
        void send(String store, String command, String requestId, String payload) throws MqttException {
            MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, false, new MqttProperties());
            m.getProperties().setCorrelationData(requestId.getBytes(StandardCharsets.UTF_8));
            m.getProperties().setUserProperties(List.of(new UserProperty("request_id", requestId)));
            client.publish("storebox/v1/" + store + "/cmd/" + command, m).waitForCompletion(10_000);
        }

        List<JsonNode> await(String store, String requestId, int count) {
            String topic = "storebox/v1/" + store + "/reply/" + requestId;
            Poll.until(Duration.ofSeconds(20), () -> replies.getOrDefault(topic, List.of()).size() >= count,
                    () -> count + " replies on " + topic + ", have " + replies.getOrDefault(topic, List.of()));
            return replies.get(topic);
        }

        @Override
        public void close() throws MqttException {
            client.disconnect().waitForCompletion(5_000);
            client.close();
        }
    }

    @BeforeEach
    void start() throws Exception {
        boxes.add(new Box("S1-" + run));
        boxes.add(new Box("S2-" + run));
        hq = new Hq(run);
    }

    @AfterEach
    void stop() throws Exception {
        hq.close();
        for (Box b : boxes) {
            b.close();
        }
    }

    private static String catalog(String requestId, long version, String price) {
        return "{\"request_id\":\"" + requestId + "\",\"version\":" + version + ",\"mode\":\"full\",\"products\":["
                + "{\"sku\":\"HK-TEA-250\",\"name\":\"Jasmine tea 250 g\",\"price\":\"" + price + "\","
                + "\"barcodes\":[\"4006381333931\"],\"tax_class\":\"standard\"}]}";
    }

    @Test
    void catalogToOneStoreThenAllThenAStaleVersion() throws Exception {
        Box s1 = boxes.get(0);
        Box s2 = boxes.get(1);
        String one = UUID.randomUUID().toString();
        hq.send(s1.id, "catalog", one, catalog(one, 1, "25.00"));
        JsonNode r = hq.await(s1.id, one, 1).get(0);
        assertTrue(r.get("ok").asBoolean(), r.toString());
        assertEquals("catalog version 1 (full) applied: 1 created, 0 replaced, 0 deactivated", r.get("message").asText());
        assertEquals(Optional.of(new BigDecimal("25.00")), s1.price("HK-TEA-250"));
        assertEquals(Optional.empty(), s2.price("HK-TEA-250"), "S2 was not addressed");

        String all = UUID.randomUUID().toString();
        hq.send("all", "catalog", all, catalog(all, 2, "26.50"));
        for (Box b : boxes) {
            JsonNode reply = hq.await(b.id, all, 1).get(0);
            assertTrue(reply.get("ok").asBoolean(), reply.toString());
            assertEquals(b.id, reply.get("store").asText());
            assertEquals(Optional.of(new BigDecimal("26.50")), b.price("HK-TEA-250"));
            assertEquals(Optional.of(2L), Optional.ofNullable(b.db.read(c -> {
                try (ResultSet rs = c.createStatement().executeQuery(
                        "SELECT version FROM command_version WHERE name = 'catalog'")) {
                    return rs.next() ? rs.getLong(1) : null;
                }
            })));
        }

        String stale = UUID.randomUUID().toString();
        hq.send(s1.id, "catalog", stale, catalog(stale, 1, "1.00"));
        JsonNode refused = hq.await(s1.id, stale, 1).get(0);
        assertFalse(refused.get("ok").asBoolean());
        assertEquals("conflict", refused.get("code").asText());
        assertTrue(refused.get("error").asText().contains("send a version above 2"), refused.toString());
        assertEquals(Optional.of(new BigDecimal("26.50")), s1.price("HK-TEA-250"));
        assertEquals(1, s1.quarantined());
    }

    @Test
    void aPoisonMessageThenAGoodOneAndTheSameRequestTwice() throws Exception {
        Box s1 = boxes.get(0);
        String first = UUID.randomUUID().toString();
        hq.send(s1.id, "catalog", first, catalog(first, 1, "25.00"));
        assertTrue(hq.await(s1.id, first, 1).get(0).get("ok").asBoolean());

        String poison = UUID.randomUUID().toString();
        hq.send(s1.id, "prices", poison, "{\"request_id\":\"" + poison + "\",\"version\":2,\"prices\":{\"HK-TEA-250\":");
        String negative = UUID.randomUUID().toString();
        hq.send(s1.id, "prices", negative, "{\"request_id\":\"" + negative + "\",\"version\":2,\"prices\":{\"HK-TEA-250\":\"-1.00\"}}");
        String unknownSku = UUID.randomUUID().toString();
        hq.send(s1.id, "prices", unknownSku, "{\"request_id\":\"" + unknownSku + "\",\"version\":2,\"mode\":\"delta\",\"prices\":{\"NOPE\":\"1.00\"}}");
        String good = UUID.randomUUID().toString();
        String goodPayload = "{\"request_id\":\"" + good + "\",\"version\":2,\"mode\":\"delta\",\"prices\":{\"HK-TEA-250\":\"24.00\"}}";
        hq.send(s1.id, "prices", good, goodPayload);

        assertTrue(hq.await(s1.id, poison, 1).get(0).get("error").asText().startsWith("the payload is not JSON"));
        assertEquals("price of HK-TEA-250 -1.00 is negative; a price is 0 or more",
                hq.await(s1.id, negative, 1).get(0).get("error").asText());
        assertTrue(hq.await(s1.id, unknownSku, 1).get(0).get("error").asText().contains("NOPE"));
        JsonNode ok = hq.await(s1.id, good, 1).get(0);
        assertTrue(ok.get("ok").asBoolean(), ok.toString());
        assertEquals(Optional.of(new BigDecimal("24.00")), s1.price("HK-TEA-250"));
        assertEquals(3, s1.quarantined());
        List<AlertCondition> alerts = new QuarantineRule(CommandDispatcherTest.CONFIG, s1.db).evaluate();
        assertEquals(3, alerts.size());
        assertTrue(alerts.stream().anyMatch(a -> a.message.contains("the payload is not JSON")), alerts.toString());

        // A newer book, then the old request again: its stored reply, and the newer price stays.
        String newer = UUID.randomUUID().toString();
        hq.send(s1.id, "prices", newer, "{\"request_id\":\"" + newer + "\",\"version\":3,\"prices\":{\"HK-TEA-250\":\"23.00\"}}");
        assertTrue(hq.await(s1.id, newer, 1).get(0).get("ok").asBoolean());
        hq.send(s1.id, "prices", good, goodPayload);
        List<JsonNode> twice = hq.await(s1.id, good, 2);
        assertEquals(twice.get(0), twice.get(1), "the same request id gets the stored outcome");
        assertEquals(Optional.of(new BigDecimal("23.00")), s1.price("HK-TEA-250"));
        assertEquals(3, s1.quarantined(), "a repeated request is not a poison message");
    }

    @Test
    void commandsAreSubscribedAgainAfterAReconnectThatLostTheSession() throws Exception {
        Box s1 = boxes.get(0);
        Instant before = s1.uplink.status().lastConnectedAt;
        // Another client with the box's id and a clean start takes the connection over and discards the
        // session, subscriptions included: only the box's own subscribe after reconnecting brings commands back.
        MqttAsyncClient impostor = new MqttAsyncClient(TestBroker.get().url, "storebox-" + s1.id, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setSessionExpiryInterval(0L);
        impostor.connect(o).waitForCompletion(10_000);
        try {
            impostor.disconnect().waitForCompletion(5_000);
        } catch (MqttException e) {
            // The box came back first and took the connection over: fine.
        }
        impostor.close(true);
        Poll.until(Duration.ofSeconds(30), () -> s1.uplink.status().connected
                && s1.uplink.status().lastConnectedAt.isAfter(before), () -> "reconnected: " + s1.uplink.status().lastError);

        String id = UUID.randomUUID().toString();
        hq.send(s1.id, "catalog", id, catalog(id, 1, "25.00"));
        assertTrue(hq.await(s1.id, id, 1).get(0).get("ok").asBoolean());
        String all = UUID.randomUUID().toString();
        hq.send("all", "catalog", all, catalog(all, 2, "25.50"));
        assertTrue(hq.await(s1.id, all, 1).get(0).get("ok").asBoolean());
        assertEquals(Optional.of(new BigDecimal("25.50")), s1.price("HK-TEA-250"));
    }
}
