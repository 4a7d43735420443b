package org.storebox.uplink.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.storebox.api.outbox.OutboxEvent;

class WireTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static OutboxEvent event(long seq, String data) {
        OutboxEvent e = new OutboxEvent();
        e.seq = seq;
        e.id = "6f1c-" + seq;
        e.type = "sale.completed";
        e.time = Instant.parse("2026-01-01T00:00:00Z");
        e.data = data == null ? null : data.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return e;
    }

    @Test
    void aBatchEmbedsEachEventsDataAsJsonNotAsAString() throws Exception {
        byte[] a = Wire.event(event(7, "{\"total\":\"12.50\",\"lines\":[{\"sku\":\"\u8336\"}]}"));
        byte[] b = Wire.event(event(8, "{}"));
        byte[] batch = Wire.batch("HK001", List.of(a, b));
        JsonNode n = JSON.readTree(batch);
        assertEquals("HK001", n.path("store").asText());
        assertEquals(2, n.path("events").size());
        JsonNode first = n.path("events").get(0);
        assertEquals(7, first.path("seq").asLong());
        assertEquals("6f1c-7", first.path("id").asText());
        assertEquals("sale.completed", first.path("type").asText());
        assertEquals("2026-01-01T00:00:00Z", first.path("time").asText());
        assertTrue(first.path("data").isObject(), "data is an object: " + first);
        assertEquals("\u8336", first.path("data").path("lines").get(0).path("sku").asText());
        assertEquals(Wire.batchBytes("HK001", 2, a.length + b.length), batch.length, "batch size is predicted exactly");
    }

    /** A batch's JSON text, inflated first when it came compressed (what HQ does). */
    static String text(byte[] payload) throws java.io.IOException {
        if (payload.length > 1 && (payload[0] & 0xff) == 0x1f && (payload[1] & 0xff) == 0x8b) {
            try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(payload))) {
                payload = in.readAllBytes();
            }
        }
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Test
    void aBatchFromTheThresholdOnGoesCompressedAndInflatesToTheSameBytes() throws Exception {
        List<byte[]> events = new java.util.ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            events.add(Wire.event(event(i, "{\"total\":\"12.50\",\"lines\":[{\"sku\":\"HK-TEA-250\",\"qty\":2}]}")));
        }
        byte[] batch = Wire.batch("HK001", events);
        byte[] sent = Wire.wire(batch, 1024);
        assertEquals(0x1f, sent[0] & 0xff, "gzip");
        assertTrue(sent.length * 5 < batch.length, "compressed " + batch.length + " -> " + sent.length);
        assertEquals(new String(batch, StandardCharsets.UTF_8), text(sent));
        assertSame(batch, Wire.wire(batch, batch.length + 1), "below the threshold: as it is");
        assertSame(batch, Wire.wire(batch, 0), "0: never compressed");
        assertEquals('{', Wire.wire(Wire.batch("HK001", events.subList(0, 1)), 1024)[0], "one small event: plain JSON");
    }

    @Test
    void theBacklogsCountOfAnEventIsItsLengthOnTheWire() {
        for (String data : List.of("{}", "{\"total\":\"12.50\"}",
                "{\"name\":\"\u7dad\u4ed6\u6ab8\u6aac\u8336 250ml\",\"note\":\"Teh tarik kurang manis\"}",
                "{\"emoji\":\"\ud83e\uddcb\",\"quote\":\"say \\\"hi\\\"\\n\"}")) {
            OutboxEvent e = event(12345, data);
            assertEquals(Wire.event(e).length, Wire.eventBytes(e), data);
        }
        OutboxEvent odd = event(1, "{}");
        odd.type = "weird \"type\"\t";
        odd.time = null;
        assertEquals(Wire.event(odd).length, Wire.eventBytes(odd), "escaped type, no time");
    }

    @Test
    void acknowledgements() {
        assertEquals(1234, Wire.ackUpTo("{\"up_to\": 1234}".getBytes(StandardCharsets.UTF_8)));
        for (String poison : new String[] {"", "garbage", "[]", "{}", "{\"up_to\":\"12\"}", "{\"up_to\":-1}",
                "{\"up_to\":1.5}", "{\"up_to\":99999999999999999999999}", "null"}) {
            assertThrows(IllegalArgumentException.class,
                    () -> Wire.ackUpTo(poison.getBytes(StandardCharsets.UTF_8)), poison);
        }
    }
}
