package org.storebox.peripherals.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.storebox.api.peripheral.PeripheralEvents;
import org.storebox.api.peripheral.PeripheralKind;
import org.storebox.json.Json;

import com.fasterxml.jackson.databind.JsonNode;

/** GET /api/v1/peripherals/events: event names and fields, catalog enrichment of scans, heartbeat and Last-Event-ID replay. */
class EventStreamTest {
    final Fakes.Config config = new Fakes.Config();
    final Fakes.MutableClock clock = new Fakes.MutableClock();
    PeripheralManager manager;
    PeripheralsServlet servlet;

    /** One parsed server-sent event. */
    record Sse(String id, String event, JsonNode data) {
    }

    @BeforeEach
    void start() {
        manager = new PeripheralManager(config, clock);
        manager.setCatalog(Fakes.catalog(Fakes.product("HK-TEA-250", "Jasmine tea 250g", "12.50", "4006381333931")));
        servlet = new PeripheralsServlet(manager, t -> t.equals("till") ? Optional.of(new String[] { "till-1", "terminal" })
                : Optional.empty());
    }

    @AfterEach
    void stop() {
        manager.deactivate();
    }

    Http connect(String lastEventId) throws Exception {
        Http h = Http.get("/events").token("till");
        if (lastEventId != null) {
            h.header("Last-Event-ID", lastEventId);
        }
        h.run(servlet);
        manager.awaitStreams();
        return h;
    }

    static List<Sse> events(Http h) throws Exception {
        List<Sse> out = new ArrayList<>();
        for (String frame : h.text().split("\n\n")) {
            String id = null;
            String event = null;
            String data = null;
            for (String line : frame.split("\n")) {
                if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = line.substring(6);
                }
            }
            if (event != null) {
                out.add(new Sse(id, event, Json.mapper().readTree(data)));
            }
        }
        return out;
    }

    void scan(String name, String code, boolean valid, String reason) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(PeripheralEvents.NAME, name);
        p.put(PeripheralEvents.KIND, "scanner");
        p.put(PeripheralEvents.BARCODE, code);
        p.put(PeripheralEvents.VALID, valid);
        if (reason != null) {
            p.put(PeripheralEvents.REASON, reason);
        }
        manager.handleEvent(new Event(PeripheralEvents.TOPIC_SCAN, p));
    }

    @Test
    void streamIsAnEventStreamAndCarriesScansEnrichedFromTheCatalog() throws Exception {
        Http h = connect(null);
        assertEquals(200, h.status);
        assertTrue(h.asyncStarted);
        assertEquals("text/event-stream", h.respType);
        assertEquals("no-store", h.respHeaders.get("Cache-Control"));
        assertTrue(h.text().startsWith("retry: 3000\n\n"), h.text());

        scan("scanner-1", "4006381333931", true, null);
        scan("scanner-1", "4006381333932", false, "check digit is 1, not 2");
        scan("scanner-1", "5012345678900", true, null);
        manager.awaitStreams();

        List<Sse> ev = events(h);
        assertEquals(3, ev.size(), h.text());
        Sse known = ev.get(0);
        assertEquals("scan", known.event());
        assertEquals("scanner-1", known.data().path("name").asText());
        assertEquals("4006381333931", known.data().path("barcode").asText());
        assertTrue(known.data().path("valid").asBoolean());
        assertEquals("HK-TEA-250", known.data().path("product").path("sku").asText());
        assertEquals("Jasmine tea 250g", known.data().path("product").path("name").asText());
        assertTrue(known.data().path("product").path("price").isTextual(), "price is a decimal string");
        assertEquals("12.50", known.data().path("product").path("price").asText());

        Sse invalid = ev.get(1);
        assertFalse(invalid.data().path("valid").asBoolean());
        assertEquals("check digit is 1, not 2", invalid.data().path("reason").asText());
        assertTrue(invalid.data().path("product").isNull());
        assertTrue(ev.get(2).data().path("product").isNull(), "a valid code the catalog does not know has no product");
    }

    @Test
    void drawerStatusAndDevicesEvents() throws Exception {
        Http h = connect(null);
        Fakes.Drawer d = new Fakes.Drawer("drawer-1");
        Map<String, Object> props = Fakes.props("drawer-1", PeripheralKind.DRAWER, "escpos", 0);
        manager.addPeripheral(d, props);
        manager.handleEvent(new Event(PeripheralEvents.TOPIC_DRAWER, Map.of(PeripheralEvents.NAME, "drawer-1", PeripheralEvents.KIND,
                "drawer", PeripheralEvents.OPEN, true)));
        manager.handleEvent(new Event(PeripheralEvents.TOPIC_DRAWER, Map.of(PeripheralEvents.NAME, "drawer-1", PeripheralEvents.KIND,
                "drawer", PeripheralEvents.OPEN, false)));
        manager.handleEvent(new Event(PeripheralEvents.TOPIC_STATUS, Map.of(PeripheralEvents.NAME, "front-printer", PeripheralEvents.KIND,
                "printer", PeripheralEvents.STATE, "error", PeripheralEvents.REASON, "paper out; load a new roll",
                PeripheralEvents.DETAIL, Map.of("paper", "out"))));
        manager.handleEvent(new Event(PeripheralEvents.TOPIC_STATUS, Map.of(PeripheralEvents.NAME, "front-printer", PeripheralEvents.KIND,
                "printer", PeripheralEvents.STATE, "offline", PeripheralEvents.REASON, "no answer")));
        manager.removePeripheral(d, props);
        manager.awaitStreams();

        List<Sse> ev = events(h);
        assertEquals(List.of("devices", "drawer", "drawer", "status", "status", "devices"), ev.stream().map(Sse::event).toList());
        assertEquals("added", ev.get(0).data().path("change").asText());
        assertEquals("drawer-1", ev.get(0).data().path("name").asText());
        assertEquals("drawer", ev.get(0).data().path("kind").asText());
        assertEquals("escpos", ev.get(0).data().path("driver").asText());
        assertEquals("open", ev.get(1).data().path("state").asText());
        assertTrue(ev.get(1).data().path("open").asBoolean());
        assertEquals("closed", ev.get(2).data().path("state").asText());
        assertEquals("error", ev.get(3).data().path("state").asText());
        assertEquals("paper out; load a new roll", ev.get(3).data().path("reason").asText());
        assertEquals("out", ev.get(3).data().path("detail").path("paper").asText());
        assertEquals("offline", ev.get(4).data().path("state").asText());
        assertEquals("removed", ev.get(5).data().path("change").asText());
    }

    @Test
    void reconnectWithLastEventIdReplaysWhatWasMissed() throws Exception {
        Http first = connect(null);
        scan("s", "1", true, null);
        scan("s", "2", true, null);
        manager.awaitStreams();
        List<Sse> seen = events(first);
        assertEquals(2, seen.size());
        String last = seen.get(1).id();
        first.disconnect();
        manager.awaitStreams();
        assertEquals(0, manager.streamCount());

        // While the terminal is away.
        scan("s", "3", true, null);
        scan("s", "4", true, null);

        Http again = connect(last);
        scan("s", "5", true, null);
        manager.awaitStreams();
        List<Sse> ev = events(again);
        assertEquals(List.of("3", "4", "5"), ev.stream().map(e -> e.data().path("barcode").asText()).toList(), again.text());
        assertFalse(again.text().contains("event: reset"));

        // Ids increase and are unique.
        assertTrue(seq(ev.get(0).id()) > seq(last));
        assertEquals(seq(ev.get(0).id()) + 1, seq(ev.get(1).id()));
    }

    @Test
    void reconnectAfterTheBufferOverflowedOrFromAnotherRunSaysReset() throws Exception {
        Http first = connect(null);
        scan("s", "0", true, null);
        manager.awaitStreams();
        String last = events(first).get(0).id();
        first.disconnect();
        for (int i = 1; i <= config.eventsBuffer + 2; i++) {
            scan("s", Integer.toString(i), true, null);
        }
        Http again = connect(last);
        List<Sse> ev = events(again);
        assertEquals("reset", ev.get(0).event());
        assertEquals(config.eventsBuffer + 1, ev.size(), "reset, then the whole buffer");
        assertEquals("3", ev.get(1).data().path("barcode").asText());

        Http foreign = connect("zzz.12");
        ev = events(foreign);
        assertEquals("reset", ev.get(0).event());
        assertEquals(config.eventsBuffer + 1, ev.size());
    }

    @Test
    void newConnectionWithoutLastEventIdGetsOnlyNewEvents() throws Exception {
        scan("s", "old", true, null);
        Http h = connect(null);
        scan("s", "new", true, null);
        manager.awaitStreams();
        List<Sse> ev = events(h);
        assertEquals(1, ev.size());
        assertEquals("new", ev.get(0).data().path("barcode").asText());
    }

    @Test
    void heartbeatIsACommentAndAClosedStreamIsDropped() throws Exception {
        Http a = connect(null);
        Http b = connect(null);
        assertEquals(2, manager.streamCount());
        manager.heartbeat();
        assertTrue(a.text().endsWith(": keep-alive\n\n"), a.text());
        assertTrue(events(a).isEmpty());

        b.completed = true; // the terminal went away without the container telling us yet
        scan("s", "1", true, null);
        manager.awaitStreams();
        assertEquals(1, manager.streamCount());
        assertEquals(1, events(a).size());
    }

    @Test
    void deactivateEndsEveryStream() throws Exception {
        Http a = connect(null);
        manager.deactivate();
        assertTrue(a.completed);
    }

    private static long seq(String id) {
        Matcher m = Pattern.compile("\\.(\\d+)$").matcher(id);
        assertTrue(m.find(), id);
        return Long.parseLong(m.group(1));
    }
}
