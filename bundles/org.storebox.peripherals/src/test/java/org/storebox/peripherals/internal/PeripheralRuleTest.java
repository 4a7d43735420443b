package org.storebox.peripherals.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.storebox.api.alert.AlertCondition;
import org.storebox.api.alert.Severity;
import org.storebox.api.peripheral.PeripheralEvents;
import org.storebox.api.peripheral.PeripheralKind;
import org.storebox.api.peripheral.PeripheralStatus;

/** The device alert rule: offline, error, paper, drawer left open (with an injected clock) and name clashes. */
class PeripheralRuleTest {
    final Fakes.Config config = new Fakes.Config();
    final Fakes.MutableClock clock = new Fakes.MutableClock();
    PeripheralManager manager;
    PeripheralRule rule;
    Fakes.Printer printer;
    Fakes.Hanging hanging;

    @BeforeEach
    void start() {
        manager = new PeripheralManager(config, clock);
        rule = new PeripheralRule(manager);
        printer = new Fakes.Printer("front-printer");
        manager.addPeripheral(printer, Fakes.props("front-printer", PeripheralKind.PRINTER, "escpos", 0));
    }

    @AfterEach
    void stop() {
        if (hanging != null) {
            hanging.release.countDown();
        }
        manager.deactivate();
    }

    Map<String, AlertCondition> conditions() {
        Map<String, AlertCondition> m = new TreeMap<>();
        for (AlertCondition c : rule.evaluate()) {
            m.put(c.key, c);
        }
        return m;
    }

    void drawer(String name, boolean open) {
        manager.handleEvent(new Event(PeripheralEvents.TOPIC_DRAWER, Map.of(PeripheralEvents.NAME, name, PeripheralEvents.KIND, "drawer",
                PeripheralEvents.OPEN, open)));
    }

    @Test
    void sourceIsPeripheralAndAllWellIsNoCondition() {
        assertEquals("peripheral", rule.source());
        assertTrue(conditions().isEmpty());
    }

    @Test
    void offlineAndErrorAreWarningsPerDevice() {
        printer.status = PeripheralStatus.offline("no answer on /dev/ttyUSB0; check the USB cable");
        Map<String, AlertCondition> c = conditions();
        AlertCondition off = c.get("offline:front-printer");
        assertEquals(Severity.WARNING, off.severity);
        assertEquals("peripheral.offline", off.code);
        assertEquals("front-printer", off.subject);
        assertEquals("front-printer (printer) is offline. No answer on /dev/ttyUSB0; check the USB cable.", off.message);
        assertTrue(off.params.contains("\"driver\":\"escpos\""), off.params);

        printer.status = PeripheralStatus.error("cover open; close it", Map.of());
        c = conditions();
        assertEquals(List.of("error:front-printer"), List.copyOf(c.keySet()));
        assertEquals("peripheral.error", c.get("error:front-printer").code);

        printer.status = PeripheralStatus.online(Map.of());
        assertTrue(conditions().isEmpty(), "the condition ends, so the store clears it");
    }

    @Test
    void paperNearEndIsInfoAndPaperOutAWarningWithoutADuplicateError() {
        printer.status = PeripheralStatus.online(Map.of("paper", "near_end"));
        Map<String, AlertCondition> c = conditions();
        assertEquals(Severity.INFO, c.get("paper_near_end:front-printer").severity);
        assertEquals("peripheral.paper_near_end", c.get("paper_near_end:front-printer").code);
        assertEquals(1, c.size());

        printer.status = PeripheralStatus.error("paper out; load a new roll", Map.of("paper", "out"));
        c = conditions();
        assertEquals(List.of("paper_out:front-printer"), List.copyOf(c.keySet()));
        assertEquals(Severity.WARNING, c.get("paper_out:front-printer").severity);
        assertEquals("peripheral.paper_out", c.get("paper_out:front-printer").code);
    }

    @Test
    void aDriverThatThrowsOrHangsIsAnErrorOfThatDeviceOnly() throws Exception {
        manager.addPeripheral(new Fakes.Throwing("scanner-1"), Fakes.props("scanner-1", PeripheralKind.SCANNER, "scanner", 0));
        hanging = new Fakes.Hanging("stuck");
        manager.addPeripheral(hanging, Fakes.props("stuck", PeripheralKind.PRINTER, "javapos", 0));
        Map<String, AlertCondition> c = conditions();
        assertEquals(List.of("error:scanner-1", "error:stuck"), List.copyOf(c.keySet()));
        assertTrue(c.get("error:stuck").message.contains("did not answer"), c.get("error:stuck").message);
    }

    @Test
    void drawerLeftOpenAlertsAfterTheConfiguredTimeAndClearsWhenClosed() {
        drawer("drawer-1", true);
        clock.advance(Duration.ofSeconds(119));
        assertTrue(conditions().isEmpty(), "not yet");
        clock.advance(Duration.ofSeconds(1));
        AlertCondition open = conditions().get("drawer_open:drawer-1");
        assertEquals(Severity.WARNING, open.severity);
        assertEquals("peripheral.drawer_open", open.code);
        assertTrue(open.message.contains("open for 120 s"), open.message);
        assertTrue(open.params.contains("\"open_since\":\"2026-11-22T10:00:00Z\""), open.params);

        // A second open event while open keeps the first time.
        drawer("drawer-1", true);
        assertTrue(conditions().containsKey("drawer_open:drawer-1"));

        drawer("drawer-1", false);
        assertTrue(conditions().isEmpty());

        drawer("drawer-1", true);
        clock.advance(Duration.ofSeconds(60));
        assertTrue(conditions().isEmpty(), "the time counts from the last opening");
    }

    @Test
    void drawerOpenSeenOnlyInStatusDetailIsTimedFromWhenFirstSeen() {
        Fakes.Drawer d = new Fakes.Drawer("drawer-2");
        d.status = PeripheralStatus.online(Map.of("drawer", "open"));
        manager.addPeripheral(d, Fakes.props("drawer-2", PeripheralKind.DRAWER, "javapos", 0));
        assertTrue(conditions().isEmpty());
        clock.advance(Duration.ofSeconds(config.drawerOpenAlertS));
        assertTrue(conditions().containsKey("drawer_open:drawer-2"));
        d.status = PeripheralStatus.online(Map.of("drawer", "closed"));
        assertTrue(conditions().isEmpty());
    }

    @Test
    void drawerOpenInAStatusEventOfADrawerIsTimedButAPrintersDrawerDetailIsNot() {
        printer.status = PeripheralStatus.online(Map.of("drawer", "open"));
        manager.handleEvent(new Event(PeripheralEvents.TOPIC_STATUS, Map.of(PeripheralEvents.NAME, "drawer-3", PeripheralEvents.KIND,
                "drawer", PeripheralEvents.STATE, "online", PeripheralEvents.DETAIL, Map.of("drawer", "open"))));
        manager.handleEvent(new Event(PeripheralEvents.TOPIC_STATUS, Map.of(PeripheralEvents.NAME, "front-printer", PeripheralEvents.KIND,
                "printer", PeripheralEvents.STATE, "online", PeripheralEvents.DETAIL, Map.of("drawer", "open"))));
        clock.advance(Duration.ofSeconds(config.drawerOpenAlertS));
        assertEquals(List.of("drawer_open:drawer-3"), List.copyOf(conditions().keySet()));
    }

    @Test
    void nameClashIsAWarning() {
        manager.addPeripheral(new Fakes.Printer("front-printer"), Fakes.props("front-printer", PeripheralKind.PRINTER, "javapos", 5));
        AlertCondition c = conditions().get("clash:front-printer");
        assertEquals(Severity.WARNING, c.severity);
        assertEquals("peripheral.name_clash", c.code);
        assertTrue(c.message.contains("the box uses the javapos one"), c.message);
    }
}
