package org.storebox.hq;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;

import org.storebox.json.Json;

/** One event as a box sends it: {@code {"seq", "id", "type", "time", "data"}}, with the store from its topic. */
record Event(String store, long seq, String id, String type, OffsetDateTime time, String data) {

    /**
     * Reads an events message, {@code {"store": "S1", "events": [...]}}, as JSON or gzip-compressed JSON (a box
     * compresses its larger batches; gzip's first byte is 0x1f, JSON's is not). Unknown fields are tolerated so
     * that a newer box can add some; missing or mistyped known fields make the whole message poison.
     *
     * @throws Poison when the payload is not JSON or not of that shape
     */
    static List<Event> parseMessage(String topicStore, byte[] payload) {
        byte[] json = inflate(payload);
        JsonNode root;
        try {
            root = Json.mapper().readTree(json);
        } catch (Exception e) {
            throw new Poison("not JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new Poison("not a JSON object");
        }
        JsonNode store = root.get("store");
        if (store != null && !store.isNull() && !topicStore.equals(store.asText())) {
            throw new Poison("\"store\" is " + store + " but the topic names store " + topicStore);
        }
        JsonNode events = root.get("events");
        if (events == null || !events.isArray()) {
            throw new Poison("no \"events\" array");
        }
        List<Event> out = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            out.add(parse(topicStore, events.get(i), i));
        }
        return out;
    }

    /** A box's batch is at most a few hundred kilobytes of JSON; an inflated payload beyond this is refused. */
    static final int MAX_INFLATED = 64 << 20;

    /** The payload itself, or its gzip content. */
    static byte[] inflate(byte[] payload) {
        if (payload.length < 2 || (payload[0] & 0xff) != 0x1f || (payload[1] & 0xff) != 0x8b) {
            return payload;
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(payload), 8192)) {
            byte[] out = in.readNBytes(MAX_INFLATED + 1);
            if (out.length > MAX_INFLATED) {
                throw new Poison("gzip payload inflates to more than " + (MAX_INFLATED >> 20) + " MiB");
            }
            return out;
        } catch (IOException e) {
            throw new Poison("damaged gzip payload: " + firstLine(String.valueOf(e.getMessage())));
        }
    }

    /** For the poison table: the inflated text when the payload inflates, else the payload as it came. */
    static byte[] readable(byte[] payload) {
        try {
            return inflate(payload);
        } catch (Poison damaged) {
            return payload;
        }
    }

    private static Event parse(String store, JsonNode e, int index) {
        String where = "events[" + index + "]";
        if (!e.isObject()) {
            throw new Poison(where + " is not an object");
        }
        JsonNode seq = e.get("seq");
        if (seq == null || !seq.canConvertToExactIntegral() || !seq.canConvertToLong() || seq.asLong() < 1) {
            throw new Poison(where + ".seq must be a whole number from 1 up");
        }
        String id = text(e, "id", where, 64);
        String type = text(e, "type", where, 100);
        String timeText = text(e, "time", where, 64);
        OffsetDateTime time;
        try {
            time = OffsetDateTime.parse(timeText).withOffsetSameInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ex) {
            throw new Poison(where + ".time is not an ISO-8601 instant: " + timeText);
        }
        JsonNode data = e.get("data");
        return new Event(store, seq.asLong(), id, type, time, data == null || data.isNull() ? null : data.toString());
    }

    private static String text(JsonNode e, String field, String where, int max) {
        JsonNode v = e.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new Poison(where + "." + field + " must be a non-empty string");
        }
        if (v.asText().length() > max) {
            throw new Poison(where + "." + field + " is longer than " + max + " characters");
        }
        return v.asText();
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** A message that can never be stored, whatever the retry: logged, kept aside, acknowledged at MQTT level. */
    static final class Poison extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Poison(String reason) {
            super(reason);
        }
    }
}
