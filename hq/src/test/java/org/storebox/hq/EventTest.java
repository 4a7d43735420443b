package org.storebox.hq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

/** What ingest accepts of an events message, and the sentence it keeps a poison message with. */
class EventTest {
    private static final String EVENT = "{\"seq\":%s,\"id\":\"e-1\",\"type\":\"sale.completed\",\"time\":\"2026-11-03T18:00:00+08:00\"%s}";

    private static List<Event> parse(String json) {
        return Event.parseMessage("S1", json.getBytes(StandardCharsets.UTF_8));
    }

    private static String poison(String json) {
        return assertThrows(Event.Poison.class, () -> parse(json)).getMessage();
    }

    private static String message(String... events) {
        return "{\"store\":\"S1\",\"events\":[" + String.join(",", events) + "]}";
    }

    @Test
    void readsEachEventAndKeepsItsDataExactlyAsSent() throws Exception {
        String data = "{\"total\": \"12.50\", \"lines\": [{\"sku\": \"維他檸檬茶\", \"qty\": 2}], \"note\": null}";
        String json = "{\"extra\":{\"a\":[1,2]},\"events\":[" + EVENT.formatted("7", ",\"data\":" + data + ",\"later\":true")
                + "," + EVENT.formatted("8.0", ",\"data\":null") + "," + EVENT.formatted("9", ",\"data\":\"text\"") + "]}";
        List<Event> events = parse(json);
        assertEquals(3, events.size());
        Event first = events.get(0);
        assertEquals("S1", first.store());
        assertEquals(7, first.seq());
        assertEquals("e-1", first.id());
        assertEquals("sale.completed", first.type());
        assertEquals("2026-11-03T10:00Z", first.time().toString());
        assertEquals(data, first.data(), "the data's own bytes, spaces and all");
        assertEquals(8, events.get(1).seq(), "8.0 is a whole number");
        assertNull(events.get(1).data());
        assertEquals("\"text\"", events.get(2).data());

        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(events, Event.parseMessage("S1", gz.toByteArray()), "the same message compressed");
    }

    @Test
    void refusesWhatCannotBeStoredWithTheReason() {
        assertEquals("not JSON", poison(message(EVENT.formatted("1", ""), "{\"seq\":")).substring(0, 8));
        assertEquals("not a JSON object", poison("[]"));
        assertEquals("no \"events\" array", poison("{\"store\":\"S1\"}"));
        assertEquals("no \"events\" array", poison("{\"events\":{}}"));
        assertEquals("\"store\" is \"S2\" but the topic names store S1", poison("{\"store\":\"S2\",\"events\":[]}"));
        assertEquals("events[1] is not an object", poison(message(EVENT.formatted("1", ""), "[]")));
        for (String seq : new String[] {"0", "-3", "1.5", "\"2\"", "null", "99999999999999999999"}) {
            assertEquals("events[0].seq must be a whole number from 1 up", poison(message(EVENT.formatted(seq, ""))), seq);
        }
        assertEquals("events[0].id must be a non-empty string",
                poison(message("{\"seq\":1,\"id\":\"\",\"type\":\"t\",\"time\":\"2026-11-03T10:00:00Z\"}")));
        assertEquals("events[0].type is longer than 100 characters", poison(message("{\"seq\":1,\"id\":\"e\",\"type\":\""
                + "t".repeat(101) + "\",\"time\":\"2026-11-03T10:00:00Z\"}")));
        assertEquals("events[0].time is not an ISO-8601 instant: yesterday",
                poison(message("{\"seq\":1,\"id\":\"e\",\"type\":\"t\",\"time\":\"yesterday\"}")));
        assertEquals("events[0].time must be a non-empty string", poison(message("{\"seq\":1,\"id\":\"e\",\"type\":\"t\"}")));
    }
}
