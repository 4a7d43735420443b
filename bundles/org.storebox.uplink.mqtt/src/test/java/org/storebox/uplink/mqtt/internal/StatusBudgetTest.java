package org.storebox.uplink.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.storebox.api.outbox.OutboxBudget;
import org.storebox.api.outbox.OutboxUsage;

import com.fasterxml.jackson.databind.JsonNode;
import org.storebox.store.testing.Poll;

/** The retained status message carries the outbox budget beside the backlog fields it always had. */
class StatusBudgetTest {

    @Test
    void theStatusMessageReportsTheOutboxBudget() throws Exception {
        String store = "B-" + UUID.randomUUID().toString().substring(0, 8);
        FakeOutbox outbox = new FakeOutbox();
        OutboxUsage usage = new OutboxUsage();
        usage.budgetBytes = 268435456;
        usage.bytes = 214748364;
        usage.percent = 80;
        usage.events = 20;
        usage.keptBytes = 1000;
        usage.evictedEvents = 7;
        usage.evictedBytes = 70000;
        usage.evictedByType = Map.of("telemetry.temperature", 7L);
        usage.lastEvictionAt = Instant.parse("2026-11-22T10:00:00Z");
        usage.oldestUnsyncedSaleAgeS = 42;
        AtomicReference<JsonNode> status = new AtomicReference<>();
        MqttAsyncClient hq = new MqttAsyncClient(TestBroker.get().url, "hq-" + store, new MemoryPersistence());
        hq.setCallback((OnMessage) (topic, m) -> status.set(
                CommandDispatcherTest.read(new String(m.getPayload(), StandardCharsets.UTF_8))));
        hq.connect().waitForCompletion(10_000);
        hq.subscribe("storebox/v1/" + store + "/status", 1).waitForCompletion(10_000);
        MqttUplink uplink = new MqttUplink(MqttUplinkTest.config(TestBroker.get().url), outbox, store, "0.0.0.test",
                List::of, Clock.systemUTC(), k -> null);
        try {
            uplink.budget = () -> usage;
            Poll.until(Duration.ofSeconds(20), () -> uplink.status().connected, () -> "connected: "
                    + uplink.status().lastError);
            // A notable change of the backlog sends a status now.
            for (int i = 0; i < 20; i++) {
                outbox.add("sale.completed", "{\"i\":" + i + "}", Instant.now());
            }
            Poll.until(Duration.ofSeconds(20), () -> status.get() != null && status.get().has("outbox_budget"),
                    () -> "a status with the budget, have " + status.get());
            JsonNode s = status.get();
            assertTrue(s.has("backlog") && s.has("backlog_bytes") && s.has("oldest_unsynced_age_s"), s.toString());
            assertEquals(42, s.get("oldest_unsynced_sale_age_s").asLong());
            JsonNode b = s.get("outbox_budget");
            assertEquals(268435456L, b.get("budget_bytes").asLong());
            assertEquals(214748364L, b.get("bytes").asLong());
            assertEquals(80, b.get("percent").asInt());
            assertEquals(7, b.get("evicted_events").asLong());
            assertEquals(7, b.get("evicted_by_type").get("telemetry.temperature").asLong());
            assertEquals("2026-11-22T10:00:00Z", b.get("last_eviction_at").asText());
        } finally {
            uplink.deactivate();
            hq.disconnect().waitForCompletion(5_000);
            hq.close();
        }
    }
}
