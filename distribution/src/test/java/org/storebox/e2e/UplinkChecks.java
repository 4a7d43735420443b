package org.storebox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;

/** What the uplink tests share: a box set up to sell, selling many sales, reading the uplink status, the final check. */
final class UplinkChecks {
    private UplinkChecks() {
    }

    /** The uplink configuration lines of the tests: small batches and a short ack timeout, so drains have a middle. */
    static String[] config(String url, String... more) {
        List<String> lines = new ArrayList<>(List.of("url=" + url, "batch_max_events=7", "max_inflight=4",
                "max_unacked_events=40", "ack_retry_ms=1000", "backoff_initial_ms=100", "backoff_max_ms=800",
                "linger_ms=5", "status_interval_s=2"));
        lines.addAll(List.of(more));
        return lines.toArray(new String[0]);
    }

    /** A product with stock and a terminal token. */
    static String prepare(Store store) {
        store.putProduct("UP-1", "Uplink tea", "5.00", Store.ean13("489000000999"));
        store.receive("UP-1", 100000);
        return store.terminalToken("uplink-lane");
    }

    /** Sells {@code n} sales over four connections; returns their ids. */
    static List<String> sell(Store store, String token, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> f = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                f.add(pool.submit(() -> {
                    String id = Store.newId();
                    store.sell(token, Store.sale(id, List.of(Store.line("UP-1", 1)), List.of(Store.card("5.00", "c"))));
                    return id;
                }));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> x : f) {
                ids.add(x.get());
            }
            return ids;
        } finally {
            pool.shutdown();
        }
    }

    static JsonNode uplink(Store store) {
        JsonNode u = store.status().path("uplink");
        assertTrue(u.isObject(), "status has an uplink object");
        return u;
    }

    /** Waits until HQ has acknowledged everything: backlog 0 in the status, and HQ holds 1..last_seq. */
    static void awaitDrained(Store store, UplinkHq hq, Duration timeout) {
        long last = store.lastSeq();
        String id = store.box.storeId();
        UplinkHq.await(timeout, "HQ holds seq 1.." + last + " and the box's backlog is 0",
                () -> "HQ contiguous " + hq.contiguous(id) + ", received " + hq.received(id) + ", uplink "
                        + uplink(store) + "\nbox log:\n" + store.box.logTail(15),
                () -> hq.contiguous(id) >= last && uplink(store).path("backlog").asLong(-1) == 0);
    }

    /**
     * Every event HQ stored: seq 1..last with no gap and nothing beyond, each sale of {@code saleIds}
     * exactly once (by its sale.completed event), each event's data a JSON object.
     */
    static void assertEverySaleOnceNoGap(Store store, UplinkHq hq, List<String> saleIds) {
        long last = store.lastSeq();
        TreeMap<Long, JsonNode> events = hq.events(store.box.storeId());
        assertEquals(last, events.size(), "HQ holds exactly seq 1.." + last);
        assertEquals(1L, events.firstKey());
        assertEquals(last, events.lastKey().longValue());
        Map<String, Integer> seen = new HashMap<>();
        for (JsonNode e : events.values()) {
            assertTrue(e.path("data").isObject(), () -> "event data is a JSON object: " + e);
            assertTrue(e.path("id").isTextual() && e.path("time").isTextual() && e.path("type").isTextual(), e::toString);
            if ("sale.completed".equals(e.path("type").asText())) {
                seen.merge(e.path("data").path("id").asText(), 1, Integer::sum);
            }
        }
        for (String id : saleIds) {
            assertEquals(1, seen.getOrDefault(id, 0), "sale " + id + " reached HQ exactly once");
        }
        assertEquals(saleIds.size(), seen.size(), "no other sales at HQ");
    }
}
