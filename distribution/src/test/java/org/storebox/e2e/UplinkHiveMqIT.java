package org.storebox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

/**
 * The uplink against HiveMQ CE in this JVM: sales made with the broker down reach HQ once each, in
 * order, with no gap, across a restart of the box in the middle of the drain; garbled
 * acknowledgements are ignored; the status, the retained status message and the metrics say so.
 */
class UplinkHiveMqIT {

    @Test
    void offlineSalesDrainOnceEachAcrossABoxRestartMidDrain() throws Exception {
        int port = Appliance.freePort();
        try (UplinkBrokers.HiveMq broker = new UplinkBrokers.HiveMq(port);
                Appliance box = Appliance.builder("uplink-hivemq").storeId("HQT1")
                        .config("org.storebox.uplink.mqtt", UplinkChecks.config(broker.url())).start()) {
            Store store = new Store(box);
            String lane = UplinkChecks.prepare(store);
            List<String> sales = new ArrayList<>(UplinkChecks.sell(store, lane, 150));

            // Broker down: the box trades, counts its backlog, and says why it is not connected.
            JsonNode u = UplinkChecks.uplink(store);
            assertFalse(u.path("connected").asBoolean(true), u::toString);
            assertEquals(store.lastSeq(), u.path("backlog").asLong(), u::toString);
            assertTrue(u.path("backlog_bytes").asLong() > 150 * 100, u::toString);
            assertTrue(u.path("oldest_unsynced_age_s").canConvertToLong(), u::toString);
            assertEquals("tcp://127.0.0.1:" + port, u.path("broker").asText());
            UplinkHq.await(Duration.ofSeconds(10), "a last_error while the broker is down", u::toString,
                    () -> UplinkChecks.uplink(store).path("last_error").asText("").contains("cannot connect"));
            String metrics = box.call("GET", "/metrics", null, null).body();
            assertTrue(metrics.contains("storebox_uplink_connected 0"), metrics);
            assertTrue(metrics.contains("storebox_outbox_backlog_bytes " + UplinkChecks.uplink(store).path("backlog_bytes").asLong()),
                    metrics);
            assertTrue(metrics.contains("storebox_oldest_unsynced_age_seconds "), metrics);

            broker.start();
            try (UplinkHq hq = new UplinkHq(broker.url())) {
                hq.ackLimit(50);
                UplinkHq.await(Duration.ofSeconds(30), "HQ acknowledged 50 and holds more",
                        () -> "HQ contiguous " + hq.contiguous("HQT1") + ", box " + UplinkChecks.uplink(store),
                        () -> UplinkChecks.uplink(store).path("last_ack_seq").asLong() == 50 && hq.received("HQT1") > 50);
                JsonNode mid = UplinkChecks.uplink(store);
                assertTrue(mid.path("connected").asBoolean(), mid::toString);
                assertTrue(mid.path("backlog").asLong() > 0, "the drain is held in the middle: " + mid);

                // Poison on the ack topic: logged and ignored, the loop goes on.
                hq.publishAck("HQT1", "this is not JSON");
                hq.publishAck("HQT1", "{\"up_to\": \"many\"}");
                hq.publishAck("HQT1", "{\"up_to\": 99999999}");
                UplinkHq.await(Duration.ofSeconds(10), "the garbled acknowledgements logged and ignored",
                        () -> box.logTail(10), () -> box.log().contains("Ignored an acknowledgement")
                                && box.log().contains("which this box never wrote"));
                assertEquals(50, UplinkChecks.uplink(store).path("last_ack_seq").asLong());

                // The box restarts in the middle of the drain and sells more on the way.
                box.restart();
                store.forgetTokens();
                lane = store.terminalToken("uplink-lane-2");
                sales.addAll(UplinkChecks.sell(store, lane, 20));
                hq.ackLimit(Long.MAX_VALUE);
                UplinkChecks.awaitDrained(store, hq, Duration.ofSeconds(60));
                UplinkChecks.assertEverySaleOnceNoGap(store, hq, sales);
                assertTrue(hq.compressed.get() > 0, "the backlog's batches of several sales went gzip-compressed: "
                        + hq.compressed.get() + " of " + hq.batches.get());

                JsonNode done = UplinkChecks.uplink(store);
                assertTrue(done.path("connected").asBoolean(), done::toString);
                assertEquals(0, done.path("backlog_bytes").asLong(), done::toString);
                assertEquals(0, done.path("oldest_unsynced_age_s").asLong(), done::toString);
                assertEquals(store.lastSeq(), done.path("last_ack_seq").asLong(), done::toString);
                assertTrue(done.path("last_connected_at").isTextual(), done::toString);
                String after = box.call("GET", "/metrics", null, null).body();
                assertTrue(after.contains("storebox_uplink_connected 1"), after);
                assertTrue(after.contains("storebox_outbox_backlog_bytes 0"), after);

                // The retained status: online, version, bundles, backlog figures.
                UplinkHq.await(Duration.ofSeconds(10), "a retained online status with backlog 0",
                        () -> String.valueOf(hq.status.get("HQT1")),
                        () -> hq.status.get("HQT1") != null && hq.status.get("HQT1").path("backlog").asLong(-1) == 0);
                JsonNode s = hq.status.get("HQT1");
                assertEquals("online", s.path("state").asText(), s::toString);
                assertTrue(s.path("version").isTextual(), s::toString);
                assertTrue(s.path("bundles").toString().contains("org.storebox.uplink.mqtt"), s::toString);
                assertTrue(s.has("backlog_bytes") && s.has("oldest_unsynced_age_s") && s.has("time"), s::toString);

                // SIGTERM: the box says goodbye itself, with its figures (the broker's will carries none).
                box.stop();
                UplinkHq.await(Duration.ofSeconds(10), "a retained offline status with the backlog after SIGTERM",
                        () -> String.valueOf(hq.status.get("HQT1")),
                        () -> "offline".equals(hq.status.get("HQT1").path("state").asText())
                                && hq.status.get("HQT1").path("backlog").asLong(-1) == 0);
            }
        }
    }
}
