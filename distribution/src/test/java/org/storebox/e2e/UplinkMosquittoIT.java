package org.storebox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The uplink against Debian's Mosquitto started by the test: a drain through a broker killed with
 * -9 and restarted and a box restarted, a wrong password, and TLS with a CA, a server and a client
 * certificate the test generates.
 */
class UplinkMosquittoIT {

    @BeforeAll
    static void mosquittoInstalled() {
        assumeTrue(UplinkBrokers.mosquittoBinary() != null,
                "mosquitto is not installed (Debian package mosquitto; ./test.sh installs it as root): Mosquitto tests skipped");
    }

    /**
     * Sells with the broker down, starts it, kills it with -9 in the middle of the drain (again and
     * again with {@code -Duplink.kills=N}), starts it again, restarts the box in the middle of the
     * drain, and checks that HQ holds every sale once with no gap. {@code -Duplink.sales=N} (default
     * 150) sells more before the broker starts: the long fault run, e.g.
     * {@code mvn -pl distribution verify -Dit.test=UplinkMosquittoIT -Duplink.sales=20000 -Duplink.kills=10}.
     */
    @Test
    void drainSurvivesABrokerKilledMidDrainAndABoxRestart() throws Exception {
        int salesOffline = Integer.getInteger("uplink.sales", 150);
        int kills = Integer.getInteger("uplink.kills", 1);
        int port = Appliance.freePort();
        try (UplinkBrokers.Mosquitto broker = new UplinkBrokers.Mosquitto(port, null);
                Appliance box = Appliance.builder("uplink-mosquitto").storeId("MQT1")
                        .config("org.storebox.uplink.mqtt", UplinkChecks.config(broker.url())).start()) {
            Store store = new Store(box);
            String lane = UplinkChecks.prepare(store);
            List<String> sales = new ArrayList<>(UplinkChecks.sell(store, lane, salesOffline));
            assertFalse(UplinkChecks.uplink(store).path("connected").asBoolean(true));
            long step = Math.max(1, store.lastSeq() / (kills + 2));

            broker.start();
            UplinkHq hq = new UplinkHq(broker.url());
            try {
                for (int k = 1; k <= kills; k++) {
                    long held = k * step;
                    hq.ackLimit(held);
                    UplinkHq.await(Duration.ofSeconds(60), "HQ acknowledged " + held + " and holds more",
                            () -> "HQ contiguous " + hq.contiguous("MQT1") + ", box " + UplinkChecks.uplink(store),
                            () -> UplinkChecks.uplink(store).path("last_ack_seq").asLong() == held
                                    && hq.received("MQT1") > held);

                    // kill -9 of the broker in the middle of the drain: the box notices and keeps selling.
                    broker.kill();
                    UplinkHq.await(Duration.ofSeconds(30), "the box sees the broker gone",
                            () -> UplinkChecks.uplink(store).toString(),
                            () -> !UplinkChecks.uplink(store).path("connected").asBoolean(true));
                    sales.addAll(UplinkChecks.sell(store, lane, 10));
                    assertTrue(UplinkChecks.uplink(store).path("last_error").asText("").length() > 0);
                    broker.start();
                }
                long held = (kills + 1) * step;
                hq.ackLimit(held);
                UplinkHq.await(Duration.ofSeconds(60), "HQ acknowledged " + held + " after the broker came back",
                        () -> "HQ contiguous " + hq.contiguous("MQT1") + ", box " + UplinkChecks.uplink(store),
                        () -> UplinkChecks.uplink(store).path("last_ack_seq").asLong() == held);

                // The box restarts in the middle of the drain.
                box.restart();
                hq.ackLimit(Long.MAX_VALUE);
                UplinkChecks.awaitDrained(store, hq, Duration.ofSeconds(60 + salesOffline / 500));
                UplinkChecks.assertEverySaleOnceNoGap(store, hq, sales);
                assertTrue(UplinkChecks.uplink(store).path("connected").asBoolean());
            } finally {
                hq.close();
            }
        }
    }

    @Test
    void aWrongPasswordIsAClearStateNeverACrash() throws Exception {
        int port = Appliance.freePort();
        List<String> conf = List.of("listener " + port + " 127.0.0.1", "allow_anonymous false",
                "password_file passwords");
        try (UplinkBrokers.Mosquitto broker = new UplinkBrokers.Mosquitto(port, conf)) {
            broker.run("mosquitto_passwd", "-b", "-c", broker.dir.resolve("passwords").toString(), "box", "right-one");
            broker.start();
            try (Appliance box = Appliance.builder("uplink-password").storeId("PWD1")
                    .config("org.storebox.uplink.mqtt", UplinkChecks.config(""))
                    .env("STOREBOX_MQTT_URL", broker.url())
                    .env("STOREBOX_MQTT_USER", "box")
                    .env("STOREBOX_MQTT_PASSWORD", "wrong-one-Zq8")
                    .start()) {
                Store store = new Store(box);
                String lane = UplinkChecks.prepare(store);
                UplinkHq.await(Duration.ofSeconds(20), "a refused connection in last_error",
                        () -> UplinkChecks.uplink(store).toString(),
                        () -> UplinkChecks.uplink(store).path("last_error").asText("").toLowerCase()
                                .matches(".*(not authori[sz]ed|bad user name or password).*"));
                List<String> sales = UplinkChecks.sell(store, lane, 5);
                JsonNode u = UplinkChecks.uplink(store);
                assertFalse(u.path("connected").asBoolean(true), u::toString);
                assertEquals(store.lastSeq(), u.path("backlog").asLong(), u::toString);
                assertEquals(5, sales.size());
                assertTrue(box.isAlive(), "the box runs on");
                assertEquals(200, box.call("GET", "/health", null, null).status(), "healthy without its uplink");
                assertFalse(box.log().contains("wrong-one-Zq8"), "the password never reaches the log");
                assertFalse(UplinkChecks.uplink(store).toString().contains("wrong-one-Zq8"));
            }
        }
    }

    @Test
    void tlsWithATestCaAndAClientCertificate() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed: TLS test skipped");
        int plain = Appliance.freePort();
        int tls = Appliance.freePort();
        // One plain listener for the test's HQ, one TLS listener that wants a client certificate for the box.
        List<String> conf = List.of("per_listener_settings false", "allow_anonymous true",
                "listener " + plain + " 127.0.0.1",
                "listener " + tls + " 127.0.0.1", "cafile ca.crt", "certfile server.crt", "keyfile server.key",
                "require_certificate true");
        try (UplinkBrokers.Mosquitto broker = new UplinkBrokers.Mosquitto(plain, conf)) {
            Path d = broker.dir;
            broker.run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                    "/CN=storebox test CA", "-keyout", "ca.key", "-out", "ca.crt");
            Files.writeString(d.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
            broker.run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
                    "-keyout", "server.key", "-out", "server.csr");
            broker.run("openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                    "-CAcreateserial", "-days", "2", "-extfile", "server.ext", "-out", "server.crt");
            broker.run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=storebox-TLS1",
                    "-keyout", "client.key", "-out", "client.csr");
            broker.run("openssl", "x509", "-req", "-in", "client.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                    "-CAcreateserial", "-days", "2", "-out", "client.crt");
            broker.start();
            UplinkBrokers.awaitListening(tls, Duration.ofSeconds(10));
            try (UplinkHq hq = new UplinkHq(broker.url());
                    Appliance box = Appliance.builder("uplink-tls").storeId("TLS1")
                            .config("org.storebox.uplink.mqtt", UplinkChecks.config("ssl://127.0.0.1:" + tls,
                                    "ca_file=" + d.resolve("ca.crt"), "client_cert_file=" + d.resolve("client.crt"),
                                    "client_key_file=" + d.resolve("client.key")))
                            .start()) {
                Store store = new Store(box);
                String lane = UplinkChecks.prepare(store);
                List<String> sales = UplinkChecks.sell(store, lane, 20);
                UplinkChecks.awaitDrained(store, hq, Duration.ofSeconds(30));
                UplinkChecks.assertEverySaleOnceNoGap(store, hq, sales);
                JsonNode u = UplinkChecks.uplink(store);
                assertTrue(u.path("connected").asBoolean(), u::toString);
                assertEquals("ssl://127.0.0.1:" + tls, u.path("broker").asText());
            }
        }
    }
}
