package org.storebox.hq;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

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
        String store = null;
        List<Fields> events = null;
        // Streamed, not read into a tree: each event's data is kept as the exact bytes the box sent, without
        // building its nodes and writing them out again (that was a third of ingest's CPU in a drain).
        try (JsonParser p = Json.mapper().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new Poison("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals("store")) {
                    store = t == JsonToken.VALUE_NULL ? null : t.isScalarValue() ? p.getText() : raw(p, json);
                } else if (name.equals("events") && t == JsonToken.START_ARRAY) {
                    events = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        events.add(Fields.read(p, json));
                    }
                } else {
                    if (name.equals("events")) {
                        events = null;
                    }
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new Poison("not JSON: " + firstLine(e.getMessage()));
        }
        if (store != null && !topicStore.equals(store)) {
            throw new Poison("\"store\" is \"" + store + "\" but the topic names store " + topicStore);
        }
        if (events == null) {
            throw new Poison("no \"events\" array");
        }
        List<Event> out = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            out.add(events.get(i).event(topicStore, i));
        }
        return out;
    }

    /**
     * The JSON text of the value at the parser's current token: an object, array or number exactly as sent, a
     * string written out again (with Jackson's escapes); the parser moves past it.
     */
    private static String raw(JsonParser p, byte[] json) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return Json.mapper().writeValueAsString(p.getText());
        }
        if (p.currentToken().isScalarValue()) {
            return p.getText();
        }
        long from = p.currentTokenLocation().getByteOffset();
        p.skipChildren();
        long to = p.currentLocation().getByteOffset();
        return new String(json, (int) from, (int) (to - from), StandardCharsets.UTF_8);
    }

    /** One element of "events" as read, checked only once the whole message has proved to be JSON. */
    private record Fields(boolean object, Long seq, String id, String type, String time, String data) {
        static Fields read(JsonParser p, byte[] json) throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                return new Fields(false, null, null, null, null, null);
            }
            Long seq = null;
            String id = null;
            String type = null;
            String time = null;
            String data = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "seq" -> seq = whole(p);
                    case "id" -> id = t == JsonToken.VALUE_STRING ? p.getText() : skip(p);
                    case "type" -> type = t == JsonToken.VALUE_STRING ? p.getText() : skip(p);
                    case "time" -> time = t == JsonToken.VALUE_STRING ? p.getText() : skip(p);
                    case "data" -> data = t == JsonToken.VALUE_NULL ? null : raw(p, json);
                    default -> p.skipChildren();
                }
            }
            return new Fields(true, seq, id, type, time, data);
        }

        /** A whole number that fits a long (5 and 5.0 alike), else null. */
        private static Long whole(JsonParser p) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                try {
                    return p.getDecimalValue().longValueExact();
                } catch (ArithmeticException notWhole) {
                    return null;
                }
            }
            return skip(p);
        }

        private static <T> T skip(JsonParser p) throws IOException {
            p.skipChildren();
            return null;
        }

        Event event(String store, int index) {
            String where = "events[" + index + "]";
            if (!object) {
                throw new Poison(where + " is not an object");
            }
            if (seq == null || seq < 1) {
                throw new Poison(where + ".seq must be a whole number from 1 up");
            }
            text(id, "id", where, 64);
            text(type, "type", where, 100);
            String timeText = text(time, "time", where, 64);
            OffsetDateTime at;
            try {
                at = OffsetDateTime.parse(timeText).withOffsetSameInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException ex) {
                throw new Poison(where + ".time is not an ISO-8601 instant: " + timeText);
            }
            return new Event(store, seq, id, type, at, data);
        }

        private static String text(String v, String field, String where, int max) {
            if (v == null || v.isEmpty()) {
                throw new Poison(where + "." + field + " must be a non-empty string");
            }
            if (v.length() > max) {
                throw new Poison(where + "." + field + " is longer than " + max + " characters");
            }
            return v;
        }
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
