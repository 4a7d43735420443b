package org.storebox.uplink.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storebox.api.alert.AlertCondition;
import org.storebox.api.command.CommandResult;
import org.storebox.api.common.StoreboxException;
import org.storebox.json.Json;
import org.storebox.store.internal.H2Database;
import org.storebox.store.testing.TestStore;
import org.storebox.store.testing.FakeConfigAdmin;
import org.storebox.store.testing.FakeSettings;

/** The dispatcher against the real H2 database: replies, idempotency, quarantine and its alert. */
class CommandDispatcherTest {
    static final CommandsConfig CONFIG = TestStore.defaults(CommandsConfig.class, Map.of());

    @TempDir
    Path dir;
    H2Database db;
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-22T09:00:00Z"));
    final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };
    CommandDispatcher dispatcher;
    final List<String> applied = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        db = new TestStore(dir, "HKD", "S1").openDatabase();
        dispatcher = new CommandDispatcher(CONFIG, db, "S1", clock);
        dispatcher.add("echo", (id, payload) -> {
            JsonNode n = read(payload);
            if (n.has("fail")) {
                throw StoreboxException.invalid(n.get("fail").asText());
            }
            if (n.has("boom")) {
                throw new IllegalStateException("boom");
            }
            if (n.has("gone")) {
                // What a handler whose bundle was refreshed under it throws.
                throw new NoClassDefFoundError("org/storebox/catalog/internal/Gone");
            }
            applied.add(id);
            return new CommandResult("echoed " + id, Map.of("n", applied.size()));
        });
    }

    @AfterEach
    void close() {
        db.close();
    }

    static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private CommandDispatcher.Outcome send(String topic, String payload, String propertyId) {
        return dispatcher.dispatch(topic, payload.getBytes(StandardCharsets.UTF_8), propertyId);
    }

    private int rows(String table) {
        return db.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    @Test
    void aCommandIsAppliedOnceAndTheSameRequestIdGetsTheStoredReply() {
        CommandDispatcher.Outcome first = send("storebox/v1/S1/cmd/echo", "{\"request_id\":\"r-1\",\"x\":1}", null);
        assertTrue(first.ok(), first.text());
        assertEquals("storebox/v1/S1/reply/r-1", first.replyTopic());
        JsonNode reply = read(first.text());
        assertEquals("ok", reply.get("status").asText());
        assertEquals("echoed r-1", reply.get("message").asText());
        assertEquals("S1", reply.get("store").asText());
        assertEquals(1, reply.get("result").get("n").asInt());

        now.set(now.get().plusSeconds(60));
        CommandDispatcher.Outcome again = send("storebox/v1/all/cmd/echo", "{\"request_id\":\"r-1\",\"x\":1}", null);
        assertArrayEquals(first.reply(), again.reply(), "the stored outcome, byte for byte");
        assertEquals(List.of("r-1"), applied, "applied once");
        assertEquals(1, rows("command_processed"));

        CommandDispatcher.Outcome reused = send("storebox/v1/S1/cmd/echo", "{\"request_id\":\"r-1\",\"x\":2}", null);
        assertFalse(reused.ok());
        assertEquals("conflict", read(reused.text()).get("code").asText());
        assertTrue(read(reused.text()).get("error").asText().contains("give every command its own request_id"));
        assertEquals(List.of("r-1"), applied);
    }

    @Test
    void aPoisonMessageIsRefusedQuarantinedAndAlertedAndTheNextOneIsApplied() {
        CommandDispatcher.Outcome poison = send("storebox/v1/S1/cmd/echo", "{\"request_id\": \"r-2\", oops", "r-2");
        assertFalse(poison.ok());
        assertEquals("storebox/v1/S1/reply/r-2", poison.replyTopic(), "addressed by the id in the MQTT properties");
        JsonNode reply = read(poison.text());
        assertEquals("error", reply.get("status").asText());
        assertEquals("invalid", reply.get("code").asText());
        assertTrue(reply.get("error").asText().startsWith("the payload is not JSON"), reply.toString());

        CommandDispatcher.Outcome good = send("storebox/v1/S1/cmd/echo", "{\"request_id\":\"r-3\"}", "r-3");
        assertTrue(good.ok(), good.text());

        db.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT topic, request_id, payload, reason, received_at FROM command_quarantine")) {
                assertTrue(rs.next());
                assertEquals("storebox/v1/S1/cmd/echo", rs.getString(1));
                assertEquals("r-2", rs.getString(2), "the id HQ knows it by, from the MQTT properties");
                assertEquals("{\"request_id\": \"r-2\", oops", rs.getString(3));
                assertTrue(rs.getString(4).startsWith("the payload is not JSON"));
                assertEquals(now.get(), rs.getObject(5, java.time.OffsetDateTime.class).toInstant());
                assertFalse(rs.next());
            }
            return null;
        });

        QuarantineRule rule = new QuarantineRule(CONFIG, db, clock);
        assertEquals("command", rule.source());
        List<AlertCondition> conditions = rule.evaluate();
        assertEquals(1, conditions.size());
        assertEquals("command.quarantined", conditions.get(0).code);
        assertTrue(conditions.get(0).message.contains("the payload is not JSON"), conditions.get(0).message);
        assertEquals("echo", conditions.get(0).subject);
        now.set(now.get().plusSeconds(CONFIG.quarantine__alert__hours() * 3600L + 1));
        assertEquals(List.of(), rule.evaluate(), "the alert clears after the window");
    }

    @Test
    void everyKindOfBadMessageIsAnsweredWithWhatToFix() {
        assertEquals("request_id is missing: add \"request_id\": \"<a new UUID>\" to the command",
                read(send("storebox/v1/S1/cmd/echo", "{\"x\":1}", null).text()).get("error").asText());
        CommandDispatcher.Outcome noId = send("storebox/v1/S1/cmd/echo", "[1,2]", null);
        assertEquals("storebox/v1/S1/reply/unknown", noId.replyTopic());
        assertEquals("the payload must be one JSON object with a request_id", read(noId.text()).get("error").asText());
        assertTrue(read(send("storebox/v1/S1/cmd/echo", "{\"request_id\":\"a/b\"}", null).text()).get("error").asText()
                .contains("must be 1 to 64 letters"));

        CommandDispatcher.Outcome unknown = send("storebox/v1/all/cmd/launch", "{\"request_id\":\"r-4\"}", null);
        assertEquals("unknown command 'launch'; this box applies echo", read(unknown.text()).get("error").asText());
        assertEquals("storebox/v1/S1/reply/r-4", unknown.replyTopic(), "a broadcast is answered under the box's own id");

        CommandDispatcher.Outcome refused = send("storebox/v1/S1/cmd/echo", "{\"request_id\":\"r-5\",\"fail\":\"price -1 is negative\"}", null);
        assertEquals("price -1 is negative", read(refused.text()).get("error").asText());
        int quarantined = rows("command_quarantine");
        assertArrayEquals(refused.reply(), send("storebox/v1/S1/cmd/echo",
                "{\"request_id\":\"r-5\",\"fail\":\"price -1 is negative\"}", null).reply(), "the stored refusal");
        assertEquals(quarantined, rows("command_quarantine"), "the same request again is not quarantined again");

        CommandDispatcher.Outcome failed = send("storebox/v1/S1/cmd/echo", "{\"request_id\":\"r-6\",\"boom\":true}", null);
        assertEquals("unavailable", read(failed.text()).get("code").asText());
        assertTrue(read(failed.text()).get("error").asText().contains("IllegalStateException: boom"));
        CommandDispatcher.Outcome gone = send("storebox/v1/S1/cmd/echo", "{\"request_id\":\"r-7\",\"gone\":true}", null);
        assertEquals("unavailable", read(gone.text()).get("code").asText());
        assertEquals(7, rows("command_quarantine"));
        assertTrue(applied.isEmpty());
        // A failure of the box itself and an unknown command are not remembered (the same request may be
        // tried again once the handler is there); refusals by a handler are.
        assertEquals(1, rows("command_processed"), "r-5 only");
    }

    @Test
    void configSetsOnlyAllowedKeysAndRefusesOthersByName() {
        FakeConfigAdmin cm = new FakeConfigAdmin();
        ConfigCommandHandler config = new ConfigCommandHandler(CONFIG, new FakeSettings(cm));
        CommandResult r = config.handle("c1", "{\"request_id\":\"c1\",\"settings\":{\"org.storebox.restock\":"
                + "{\"window_days\":28,\"service_level\":0.97,\"order_days\":[\"MON\"]}}}");
        assertEquals(3, r.data.get("keys"), r.message);
        assertEquals(28L, cm.properties("org.storebox.restock").get("window_days"));
        assertEquals("0.97", cm.properties("org.storebox.restock").get("service_level"));
        assertArrayEquals(new String[] {"MON"}, (String[]) cm.properties("org.storebox.restock").get("order_days"));

        StoreboxException e = assertThrows(StoreboxException.class, () -> config.handle("c2",
                "{\"request_id\":\"c2\",\"settings\":{\"org.storebox.restock\":{\"window_days\":7},"
                        + "\"org.storebox.uplink.mqtt\":{\"url\":\"tcp://evil:1883\"}}}"));
        assertEquals(StoreboxException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().startsWith("HQ may not set org.storebox.uplink.mqtt:url; nothing was changed."), e.getMessage());
        assertEquals(28L, cm.properties("org.storebox.restock").get("window_days"), "nothing of it applied");
        assertNull(cm.properties("org.storebox.uplink.mqtt"));

        config.handle("c3", "{\"request_id\":\"c3\",\"settings\":{\"org.storebox.restock\":{\"window_days\":null}}}");
        assertNull(cm.properties("org.storebox.restock").get("window_days"), "null goes back to the default");
        assertThrows(IllegalArgumentException.class, () -> new ConfigCommandHandler(TestStore.defaults(CommandsConfig.class,
                Map.of("config__allowed", new String[] {"org.storebox.commands:config_allowed"})), new FakeSettings(cm)));
    }

    @Test
    void hqsExampleConfigIsAllowedByDefault() throws Exception {
        FakeConfigAdmin cm = new FakeConfigAdmin();
        String json = Files.readString(Path.of("../../hq/examples/config.json"));
        CommandResult r = new ConfigCommandHandler(CONFIG, new FakeSettings(cm)).handle("e1", "{\"request_id\":\"e1\"," + json.strip().substring(1));
        assertEquals(3, r.data.get("keys"), r.message);
        assertEquals("0.15", cm.properties("org.storebox.alerts").get("refund_void_rate"));
    }
}
