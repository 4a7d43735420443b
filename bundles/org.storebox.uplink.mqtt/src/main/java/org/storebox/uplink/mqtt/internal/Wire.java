package org.storebox.uplink.mqtt.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.storebox.api.outbox.OutboxEvent;

/**
 * The uplink's MQTT payloads: event batches {@code {"store", "events": [{"seq", "id", "type", "time", "data"}]}}
 * with each event's data embedded as the JSON object it is (gzip-compressed from a size on), acknowledgements
 * {@code {"up_to": N}}, and status.
 */
final class Wire {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** {@code {"store":"","events":[]}}: the bytes of a batch around its events. */
    private static final int BATCH_OVERHEAD = 24;

    private Wire() {
    }

    /**
     * One event as it appears inside a batch; its length is what the event costs on the wire. The outbox holds the
     * payload as the UTF-8 bytes of one JSON object (it refuses anything else when the event is appended): they are
     * embedded as they are, before the envelope's closing brace.
     */
    static byte[] event(OutboxEvent e) {
        byte[] envelope = envelope(e); // ..."data":} : the data goes before the closing brace
        byte[] data = e.data == null ? NULL : e.data;
        byte[] out = new byte[envelope.length + data.length];
        System.arraycopy(envelope, 0, out, 0, envelope.length - 1);
        System.arraycopy(data, 0, out, envelope.length - 1, data.length);
        out[out.length - 1] = '}';
        return out;
    }

    /** The length of {@link #event}, without copying the data: the backlog's bytes while the uplink is offline. */
    static int eventBytes(OutboxEvent e) {
        return envelope(e).length + (e.data == null ? NULL.length : e.data.length);
    }

    private static final byte[] NULL = "null".getBytes(StandardCharsets.UTF_8);

    /** The event without its data: {@code {"seq":1,"id":"..","type":"..","time":"..","data":}}. */
    private static byte[] envelope(OutboxEvent e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeNumberField("seq", e.seq);
            g.writeStringField("id", e.id);
            g.writeStringField("type", e.type);
            g.writeStringField("time", e.time == null ? null : e.time.toString());
            g.writeFieldName("data");
            g.writeRawValue("");
            g.writeEndObject();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return out.toByteArray();
    }

    /** Bytes of a batch of the given store around events whose encoded lengths sum to {@code eventBytes}. */
    static int batchBytes(String store, int events, long eventBytes) {
        return (int) Math.min(Integer.MAX_VALUE, BATCH_OVERHEAD + store.length() + eventBytes + Math.max(0, events - 1));
    }

    /** A batch of already encoded events. */
    static byte[] batch(String store, List<byte[]> events) {
        byte[] head = ("{\"store\":" + quote(store) + ",\"events\":[").getBytes(StandardCharsets.UTF_8);
        int size = head.length + 2 + Math.max(0, events.size() - 1);
        for (byte[] e : events) {
            size += e.length;
        }
        byte[] out = new byte[size];
        System.arraycopy(head, 0, out, 0, head.length);
        int p = head.length;
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                out[p++] = ',';
            }
            byte[] e = events.get(i);
            System.arraycopy(e, 0, out, p, e.length);
            p += e.length;
        }
        out[p++] = ']';
        out[p] = '}';
        return out;
    }

    /**
     * A batch as it goes on the wire: gzip-compressed (fastest level: the uplink shares two cores with the
     * terminals' sales) when it has at least {@code minBytes} bytes, else as it is; {@code minBytes} 0 never
     * compresses. HQ tells the two apart by their first byte: gzip's 0x1f, JSON's '{'.
     */
    static byte[] wire(byte[] batch, int minBytes) {
        if (minBytes <= 0 || batch.length < minBytes) {
            return batch;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(batch.length / 6 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            gz.write(batch);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The sequence number of an acknowledgement {@code {"up_to": N}}.
     *
     * @throws IllegalArgumentException when the payload is not such an object with a non-negative integer
     */
    static long ackUpTo(byte[] payload) {
        JsonNode n;
        try {
            n = MAPPER.readTree(payload);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonNode up = n.get("up_to");
        if (up == null || !up.isIntegralNumber() || !up.canConvertToLong() || up.asLong() < 0) {
            throw new IllegalArgumentException("up_to is not a non-negative integer");
        }
        return up.asLong();
    }

    /** A JSON document of a map (status messages). */
    static byte[] json(Map<String, Object> value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quote(String s) {
        try {
            return MAPPER.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
