package org.storebox.uplink.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.storebox.api.uplink.UplinkStatus;

class MqttUplinkTest {
    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

    /** The configuration's defaults, with the URL given. */
    static MqttUplinkConfig config(String url) {
        return config(url, Map.of());
    }

    /** The configuration's defaults, with the URL given and some methods' values (by method name) replaced. */
    static MqttUplinkConfig config(String url, Map<String, Object> values) {
        return new Defaults(url, values).proxy();
    }

    @Test
    void withoutABrokerTheBoxTradesOfflineAndStillCountsTheBacklog() {
        FakeOutbox outbox = new FakeOutbox();
        outbox.add("sale.completed", "{\"a\":1}", t0);
        outbox.add("sale.completed", "{\"a\":2}", t0.plusSeconds(5));
        MqttUplink u = new MqttUplink(config(""), outbox, "S1", "1.0", List::of,
                Clock.fixed(t0.plusSeconds(65), ZoneOffset.UTC), k -> null);
        UplinkStatus s = u.status();
        assertFalse(s.connected);
        assertNull(s.broker);
        assertEquals(2, s.backlog);
        assertTrue(s.backlogBytes > 20);
        assertEquals(65, s.oldestUnsyncedAgeS);
        assertNull(s.lastError);
        u.deactivate();
    }

    @Test
    void aBrokerThatNeverAnswersTheConnectDoesNotHoldUpAStop() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            silent.setSoTimeout(10_000);
            MqttUplink u = new MqttUplink(config("tcp://127.0.0.1:" + silent.getLocalPort(), Map.of("connect__timeout__s", 30)),
                    new FakeOutbox(), "S1", "1.0", List::of, Clock.systemUTC(), k -> null);
            try (Socket connecting = silent.accept()) {
                // The uplink's CONNECT is on its way and will never be answered.
                long t0 = System.nanoTime();
                u.deactivate();
                long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertTrue(took < 2_000, "a stop while connecting waits for no CONNACK (connect_timeout_s 30); took " + took + " ms");
                assertFalse(u.status().connected);
            }
        }
    }

    @Test
    void aBadUrlFailsActivation() {
        FakeOutbox outbox = new FakeOutbox();
        for (String bad : new String[] {"hq.example:1883", "http://hq.example", "tcp://user:pw@hq.example:1883",
                "tcp://", "tcp://hq example"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new MqttUplink(config(bad), outbox, "S1", "1.0", List::of, Clock.systemUTC(), k -> null),
                    bad);
            assertFalse(e.getMessage().contains("pw@"), "no password in the message: " + e.getMessage());
        }
    }

    @Test
    void theEnvironmentGivesTheUrlWhenTheConfigurationDoesNot() {
        FakeOutbox outbox = new FakeOutbox();
        Map<String, String> env = Map.of("STOREBOX_MQTT_URL", "tcp://127.0.0.1:1", "STOREBOX_MQTT_PASSWORD", "s3cret");
        MqttUplink u = new MqttUplink(config(""), outbox, "S1", "1.0", List::of, Clock.systemUTC(), env::get);
        try {
            assertEquals("tcp://127.0.0.1:1", u.status().broker);
            assertFalse(u.status().connected);
        } finally {
            u.deactivate();
        }
    }

    @Test
    void aPasswordUnderThePublicKeyStillConnectsButOnlyThePrivateKeyIsQuiet() {
        assertTrue(MqttUplink.publicPassword(Map.of("password", "s3cret")));
        assertFalse(MqttUplink.publicPassword(Map.of(".password", "s3cret")));
        assertFalse(MqttUplink.publicPassword(Map.of("password", "")));
        assertEquals("s3cret", MqttUplink.environment(Map.of("password", "s3cret")).apply("STOREBOX_MQTT_PASSWORD"));
        assertEquals(System.getenv("STOREBOX_MQTT_PASSWORD"),
                MqttUplink.environment(Map.of(".password", "x")).apply("STOREBOX_MQTT_PASSWORD"));
    }

    @Test
    void thePasswordKeyIsPrivate() throws Exception {
        // DS maps the method _password to the key .password; keys with a leading dot are never service properties.
        assertNotNull(MqttUplinkConfig.class.getMethod("_password"));
        assertThrows(NoSuchMethodException.class, () -> MqttUplinkConfig.class.getMethod("password"));
    }

    @Test
    void brokerUrlsAreShownWithoutCredentials() {
        assertEquals("ssl://hq.example:8883", MqttUplink.checkUrl("ssl://hq.example:8883"));
        assertEquals("tcp://10.0.0.1:1883", MqttUplink.checkUrl("TCP://10.0.0.1:1883"));
        assertEquals("wss://hq.example:443/mqtt", MqttUplink.checkUrl("wss://hq.example:443/mqtt?x=1"));
    }

    /** Builds a config proxy returning each method's default, except url. */
    private record Defaults(String url, Map<String, Object> values) {
        MqttUplinkConfig proxy() {
            return (MqttUplinkConfig) java.lang.reflect.Proxy.newProxyInstance(MqttUplinkConfig.class.getClassLoader(),
                    new Class<?>[] {MqttUplinkConfig.class}, (p, m, args) -> {
                        if (m.getName().equals("url")) {
                            return url;
                        }
                        if (values.containsKey(m.getName())) {
                            return values.get(m.getName());
                        }
                        if (m.getName().equals("annotationType")) {
                            return MqttUplinkConfig.class;
                        }
                        Object d = m.getDefaultValue();
                        if (d == null) {
                            throw new IllegalStateException("no default for " + m.getName());
                        }
                        return d;
                    });
        }
    }
}
