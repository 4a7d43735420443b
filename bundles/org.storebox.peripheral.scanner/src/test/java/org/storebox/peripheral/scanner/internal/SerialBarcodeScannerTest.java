package org.storebox.peripheral.scanner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;
import org.storebox.api.peripheral.PeripheralEvents;
import org.storebox.api.peripheral.PeripheralKind;
import org.storebox.api.peripheral.PeripheralStatus;
import org.storebox.peripheral.serial.testing.SocatPair;

/** The scanner driver against a simulated scanner over a real socat pseudo-terminal pair. */
class SerialBarcodeScannerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String SCAN = PeripheralEvents.TOPIC_SCAN;
    private static final String STATUS = PeripheralEvents.TOPIC_STATUS;

    @TempDir
    Path dir;
    SocatPair pair;
    ScannerSimulator sim;
    SerialBarcodeScanner scanner;
    final RecordingEventAdmin events = new RecordingEventAdmin();

    @AfterEach
    void stop() throws Exception {
        if (scanner != null) {
            scanner.close();
        }
        if (sim != null) {
            sim.close();
        }
        if (pair != null) {
            pair.close();
        }
    }

    /** Starts socat, the simulator and the driver with these settings; waits until it is online. */
    private void start(Map<String, Object> settings) throws Exception {
        pair = SocatPair.start(dir.resolve("pty"));
        Map<String, Object> values = new HashMap<>(settings);
        values.put("name", "front-scanner");
        values.put("port", pair.dev().toString());
        ScannerConfig config = TestConfigs.of(ScannerConfig.class, values);
        sim = new ScannerSimulator(pair.sim(), config.prefix(), config.suffix(), 42);
        scanner = new SerialBarcodeScanner(config, events);
        Event online = events.awaitMatch(STATUS, 0, e -> "online".equals(e.getProperty(PeripheralEvents.STATE)), WAIT);
        assertEquals("front-scanner", online.getProperty(PeripheralEvents.NAME));
        assertEquals("scanner", online.getProperty(PeripheralEvents.KIND));
        assertEquals(PeripheralStatus.State.ONLINE, scanner.status().state());
    }

    /** A scan as "barcode|valid" for exact sequence comparisons. */
    private static String brief(Event e) {
        return e.getProperty(PeripheralEvents.BARCODE) + "|" + e.getProperty(PeripheralEvents.VALID);
    }

    private static List<String> briefs(List<Event> list) {
        List<String> out = new ArrayList<>();
        list.forEach(e -> out.add(brief(e)));
        return out;
    }

    @Test
    void scansBetweenRandomNoiseArriveInOrderWithTheirVerdicts() throws Exception {
        start(Map.of("prefix", "\\x02", "suffix", "\\r\\n"));
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        String[] codes = {
            "4006381333931",      // EAN-13, valid
            "4006381333932",      // EAN-13, wrong check digit
            "ABC-123/x",          // Code 128 text, valid
            "4006\u0000381333931", // garbled: a NUL inside
            "036000291452",       // UPC-A, valid
            "96385074",           // EAN-8, valid
        };
        for (String code : codes) {
            stream.writeBytes(sim.noise());
            stream.writeBytes(sim.frame(code));
        }
        // a frame cut short: the next prefix begins a new one, so the cut part is never a scan
        stream.writeBytes(new byte[] { 0x02, '4', '0', '0', '6' });
        stream.writeBytes(sim.frame("12345670"));
        stream.writeBytes(sim.noise());
        sim.send(stream.toByteArray());

        List<Event> scans = events.await(SCAN, 7, WAIT);
        // a last code flushes out any extra event the noise could have made
        sim.scan("END-MARK");
        scans = events.await(SCAN, 8, WAIT);
        assertEquals(List.of(
                "4006381333931|true",
                "4006381333932|false",
                "ABC-123/x|true",
                "4006\\x00381333931|false",
                "036000291452|true",
                "96385074|true",
                "12345670|true",
                "END-MARK|true"), briefs(scans), RecordingEventAdmin.describe(scans));
        Event bad = scans.get(1);
        assertEquals("front-scanner", bad.getProperty(PeripheralEvents.NAME));
        assertEquals(PeripheralKind.SCANNER.wire(), bad.getProperty(PeripheralEvents.KIND));
        assertTrue(((String) bad.getProperty(PeripheralEvents.REASON)).contains("check digit 2 but its digits give 1"));
        assertTrue(((String) scans.get(3).getProperty(PeripheralEvents.REASON)).contains("garbled"));
        assertFalse(scans.get(0).containsProperty(PeripheralEvents.REASON), "a valid scan has no reason");
    }

    @Test
    void withoutAPrefixNoiseLinesAreDroppedAndGarbledOrOverlongLinesAreInvalid() throws Exception {
        start(Map.of("max__length", 20));
        sim.raw("\r\n");                          // an empty line: nothing
        sim.raw("\u0000\u0011\u0013 \r\n");      // control bytes only: noise, nothing
        sim.scan("4006381333931");
        sim.raw("\u00ff\u00fe4006381333931\r\n"); // noise glued to a code: garbled, invalid
        sim.scan("X".repeat(50));                 // longer than max_length
        sim.scan("END-MARK");
        List<Event> scans = events.await(SCAN, 4, WAIT);
        assertEquals(List.of(
                "4006381333931|true",
                "\\xFF\\xFE4006381333931|false",
                "X".repeat(20) + "|false",
                "END-MARK|true"), briefs(scans), RecordingEventAdmin.describe(scans));
        assertTrue(((String) scans.get(2).getProperty(PeripheralEvents.REASON)).contains("longer than 20"));
    }

    @Test
    void aFragmentCutByTheInterCharacterTimeoutIsDroppedNotGluedToTheNextCode() throws Exception {
        start(Map.of("char__timeout__ms", 100));
        sim.raw("400638"); // the scanner stops mid-code
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (scanner.droppedFragments() < 1) {
            assertTrue(System.nanoTime() < deadline, "the fragment was not dropped");
            // polling interval only; the loop ends on the outcome or the deadline
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
        sim.scan("4006381333931");
        sim.scan("END-MARK");
        List<Event> scans = events.await(SCAN, 2, WAIT);
        assertEquals(List.of("4006381333931|true", "END-MARK|true"), briefs(scans), RecordingEventAdmin.describe(scans));
    }

    @Test
    void unplugGoesOfflineAndReplugComesBackOnlineByItself() throws Exception {
        start(Map.of());
        assertTrue(scanner.selfTest().passed(), scanner.selfTest().message());
        int before = events.on(STATUS).size();

        pair.unplug();
        Event offline = events.awaitMatch(STATUS, before, e -> "offline".equals(e.getProperty(PeripheralEvents.STATE)), WAIT);
        assertTrue(((String) offline.getProperty(PeripheralEvents.REASON)).contains(pair.dev().toString()), offline.toString());
        assertEquals(PeripheralStatus.State.OFFLINE, scanner.status().state());
        assertFalse(scanner.selfTest().passed());
        assertTrue(scanner.selfTest().message().contains(pair.dev().toString()), scanner.selfTest().message());

        int offlineAt = events.on(STATUS).size();
        pair.replug();
        sim.reopen();
        events.awaitMatch(STATUS, offlineAt, e -> "online".equals(e.getProperty(PeripheralEvents.STATE)), WAIT);
        assertEquals(PeripheralStatus.State.ONLINE, scanner.status().state());
        assertTrue(scanner.selfTest().passed());

        sim.scan("96385074");
        assertEquals(List.of("96385074|true"), briefs(events.await(SCAN, 1, WAIT)));
    }

    @Test
    void badSettingsFailActivationWithTheReason() {
        RecordingEventAdmin none = new RecordingEventAdmin();
        IllegalArgumentException noName = assertThrows(IllegalArgumentException.class,
                () -> new SerialBarcodeScanner(TestConfigs.of(ScannerConfig.class, Map.of("port", "/dev/null")), none));
        assertTrue(noName.getMessage().contains("name is required"), noName.getMessage());
        IllegalArgumentException badSuffix = assertThrows(IllegalArgumentException.class, () -> new SerialBarcodeScanner(
                TestConfigs.of(ScannerConfig.class, Map.of("name", "s", "port", "/dev/null", "suffix", "\\q")), none));
        assertTrue(badSuffix.getMessage().contains("unknown escape"), badSuffix.getMessage());
        IllegalArgumentException noPort = assertThrows(IllegalArgumentException.class,
                () -> new SerialBarcodeScanner(TestConfigs.of(ScannerConfig.class, Map.of("name", "s")), none));
        assertTrue(noPort.getMessage().contains("device path"), noPort.getMessage());
        assertTrue(none.on(STATUS).isEmpty());
    }
}
