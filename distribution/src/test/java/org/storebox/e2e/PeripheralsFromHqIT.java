package org.storebox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.storebox.peripheral.escpos.internal.PrinterSimulator;
import org.storebox.peripheral.serial.testing.SocatPair;

/**
 * HQ configures a store's receipt printer over MQTT ({@code devices} command, docs/commands.md):
 * the printer on a socat pseudo-terminal comes online without anyone touching the box, a refused
 * command is answered with what to fix and changes nothing (also when the driver itself refuses the
 * settings, and likewise for the {@code config} command), and HQ can remove the device again.
 */
class PeripheralsFromHqIT {

    @Test
    void hqConfiguresAndRemovesAPrinter() throws Exception {
        Path dir = Files.createTempDirectory("storebox-devices-hq");
        try (SocatPair port = SocatPair.start(dir.resolve("printer"));
                PrinterSimulator printer = new PrinterSimulator(port.sim(), Charset.forName("CP437"));
                UplinkBrokers.HiveMq broker = new UplinkBrokers.HiveMq(Appliance.freePort())) {
            broker.start();
            try (Appliance box = Appliance.builder("devices-hq").storeId("HK-DEV")
                    .config("org.storebox.uplink.mqtt", UplinkChecks.config(broker.url())).start();
                    HqCommands hq = new HqCommands(broker.url())) {
                String token = new Store(box).terminalToken("lane-1");

                JsonNode refused = hq.command("HK-DEV", "devices", """
                        {"request_id": "%s", "devices": [{"driver": "org.storebox.uplink.mqtt", "name": "x",
                         "settings": {"url": "tcp://evil:1883"}}]}""");
                assertEquals("error", refused.path("status").asText(), refused::toString);
                assertTrue(refused.path("error").asText().contains("org.storebox.peripheral.escpos.printer"),
                        "the refusal names the drivers HQ may configure: " + refused);

                // Settings the driver itself refuses: the command fails with its reason and leaves no device behind.
                JsonNode badCharset = hq.command("HK-DEV", "devices", """
                        {"request_id": "%s", "devices": [{"driver": "org.storebox.peripheral.escpos.printer",
                         "name": "hq-printer", "settings": {"port": "/dev/null", "charset": "Klingon"}}]}""");
                assertEquals("error", badCharset.path("status").asText(), badCharset::toString);
                assertTrue(badCharset.path("error").asText().contains("charset 'Klingon' is not supported")
                        && badCharset.path("error").asText().contains("back as it was"),
                        "the refusal is the driver's own reason, and says nothing stayed: " + badCharset);
                assertEquals(null, state(box, token, "hq-printer"), "no device was left configured");
                assertHealthyComponents(box);

                // The same for the config command: a value the alerts refuse is undone, a good one is kept.
                JsonNode badInterval = hq.command("HK-DEV", "config", """
                        {"request_id": "%s", "settings": {"org.storebox.alerts": {"interval_s": 0}}}""");
                assertEquals("error", badInterval.path("status").asText(), badInterval::toString);
                assertTrue(badInterval.path("error").asText().contains("interval_s must be at least 1"), badInterval::toString);
                assertHealthyComponents(box);
                JsonNode goodInterval = hq.command("HK-DEV", "config", """
                        {"request_id": "%s", "settings": {"org.storebox.alerts": {"interval_s": 5}}}""");
                assertEquals("ok", goodInterval.path("status").asText(), goodInterval::toString);
                assertEquals(200, box.call("GET", "/api/v1/alerts", token, null).status(), "the alerts still answer");

                JsonNode applied = hq.command("HK-DEV", "devices", """
                        {"request_id": "%s", "devices": [{"driver": "org.storebox.peripheral.escpos.printer",
                         "name": "hq-printer", "settings": {"port": "%s", "status_poll_ms": 200}}]}"""
                        .replace("%s\", \"status", port.dev() + "\", \"status"));
                assertEquals("ok", applied.path("status").asText(), applied::toString);
                await(box, "the printer HQ configured online", () -> "online".equals(state(box, token, "hq-printer")));

                JsonNode removed = hq.command("HK-DEV", "devices", """
                        {"request_id": "%s", "remove": [{"driver": "org.storebox.peripheral.escpos.printer",
                         "name": "hq-printer"}]}""");
                assertEquals("ok", removed.path("status").asText(), removed::toString);
                await(box, "the printer gone", () -> state(box, token, "hq-printer") == null);
            }
        } finally {
            Appliance.deleteTree(dir);
        }
    }

    /** /health's components check: no component failed, so a refused setting left nothing broken behind. */
    private static void assertHealthyComponents(Appliance box) {
        Appliance.Response health = box.call("GET", "/health", null, null);
        for (JsonNode c : health.json().path("checks")) {
            if (c.path("name").asText().equals("components")) {
                assertEquals("OK", c.path("status").asText(), () -> "no component left failed: " + health);
                return;
            }
        }
        fail("no components check in " + health);
    }

    private static String state(Appliance box, String token, String name) {
        for (JsonNode d : box.call("GET", "/api/v1/peripherals", token, null).json().path("peripherals")) {
            if (name.equals(d.path("name").asText())) {
                return d.path("state").asText();
            }
        }
        return null;
    }

    private static void await(Appliance box, String what, java.util.function.BooleanSupplier done) {
        box.await(what, Duration.ofSeconds(30), done::getAsBoolean, Boolean::booleanValue);
    }
}
