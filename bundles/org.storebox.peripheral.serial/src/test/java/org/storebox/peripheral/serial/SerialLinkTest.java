package org.storebox.peripheral.serial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storebox.peripheral.serial.testing.SimEnd;
import org.storebox.peripheral.serial.testing.SocatPair;

class SerialLinkTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private SocatPair pair;
    private SerialLink link;
    private SimEnd sim;
    private final Recorder recorder = new Recorder();

    @AfterEach
    void tearDown() throws IOException {
        if (link != null) {
            link.close();
        }
        if (sim != null) {
            sim.close();
        }
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void connectsAndCarriesDataBothWays() throws Exception {
        pair = SocatPair.start(dir);
        sim = SimEnd.open(pair.sim());
        link = new SerialLink("test", SerialSettings.of(pair.dev().toString(), 9600), recorder);
        link.start();
        await("connected", () -> recorder.events.contains("connected"));
        assertTrue(link.isConnected());

        link.write("hello device".getBytes(StandardCharsets.US_ASCII));
        assertEquals("hello device", new String(sim.readAtLeast(12, DEADLINE), StandardCharsets.US_ASCII));

        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        sim.write(all);
        await("256 bytes received", () -> recorder.received.size() >= 256);
        assertArrayEquals(all, recorder.received.toByteArray());
        assertEquals(List.of("connected"), recorder.events);
    }

    @Test
    void flowControlSettingsOpenAndCarryData() throws Exception {
        pair = SocatPair.start(dir);
        sim = SimEnd.open(pair.sim());
        link = new SerialLink("test", new SerialSettings(pair.dev().toString(), 9600, 8, "none", 1, Duration.ofSeconds(1), "xon_xoff"), recorder);
        link.start();
        await("connected", () -> recorder.events.contains("connected"));
        link.write("flow".getBytes(StandardCharsets.US_ASCII));
        assertEquals("flow", new String(sim.readAtLeast(4, DEADLINE), StandardCharsets.US_ASCII));
    }

    @Test
    void unplugIsReportedOnceAndReplugReconnectsByItself() throws Exception {
        pair = SocatPair.start(dir);
        link = new SerialLink("test", SerialSettings.of(pair.dev().toString(), 9600), recorder);
        link.start();
        await("connected", () -> recorder.events.contains("connected"));

        pair.unplug();
        await("disconnected", () -> recorder.events.size() == 2);
        assertTrue(recorder.events.get(1).startsWith("disconnected: serial port " + pair.dev()), recorder.events.get(1));
        assertFalse(link.isConnected());
        IOException e = assertThrows(IOException.class, () -> link.write(new byte[] { 1 }));
        assertTrue(e.getMessage().contains("is not connected"), e.getMessage());
        assertTrue(e.getMessage().contains(pair.dev().toString()), e.getMessage());

        pair.replug();
        await("reconnected", () -> recorder.events.size() == 3);
        assertEquals("connected", recorder.events.get(2));
        sim = SimEnd.open(pair.sim());
        link.write("again".getBytes(StandardCharsets.US_ASCII));
        assertEquals("again", new String(sim.readAtLeast(5, DEADLINE), StandardCharsets.US_ASCII));
        assertEquals(3, recorder.events.size(), recorder.events.toString());
    }

    @Test
    void missingPortIsReportedOnceWithItsPath() throws Exception {
        Path missing = dir.resolve("no-such-port");
        link = new SerialLink("test", SerialSettings.of(missing.toString(), 9600), recorder);
        link.start();
        await("disconnected", () -> !recorder.events.isEmpty());
        assertTrue(recorder.events.get(0).contains(missing.toString()), recorder.events.get(0));
        assertTrue(recorder.events.get(0).contains("does not exist"), recorder.events.get(0));
        IOException e = assertThrows(IOException.class, () -> link.write(new byte[] { 1 }));
        assertTrue(e.getMessage().contains(missing + " (test) is not connected"), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());

        // the port appears later: the link finds it on its own
        pair = SocatPair.start(dir);
        link.close();
        link = new SerialLink("test2", SerialSettings.of(pair.dev().toString(), 9600), recorder);
        link.start();
        await("connected", () -> recorder.events.contains("connected"));
        assertEquals(2, recorder.events.size(), recorder.events.toString());
    }

    @Test
    void portThatAppearsLaterIsPickedUp() throws Exception {
        pair = SocatPair.start(dir);
        pair.unplug();
        link = new SerialLink("test", SerialSettings.of(pair.dev().toString(), 9600), recorder);
        link.start();
        await("disconnected", () -> !recorder.events.isEmpty());
        pair.replug();
        await("connected", () -> recorder.events.contains("connected"));
        assertEquals(2, recorder.events.size(), recorder.events.toString());
    }

    @Test
    void closeIsIdempotentAndRefusesWrites() throws Exception {
        pair = SocatPair.start(dir);
        link = new SerialLink("test", SerialSettings.of(pair.dev().toString(), 9600), recorder);
        link.start();
        await("connected", () -> link.isConnected());
        link.close();
        link.close();
        assertFalse(link.isConnected());
        IOException e = assertThrows(IOException.class, () -> link.write(new byte[] { 1 }));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, link::start);
    }

    @Test
    void settingsAreValidated() {
        Duration t = Duration.ofSeconds(1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SerialSettings(" ", 9600, 8, "none", 1, t))
                .getMessage().contains("device path"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SerialSettings("/dev/x", 0, 8, "none", 1, t))
                .getMessage().contains("baud rate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SerialSettings("/dev/x", 9600, 9, "none", 1, t))
                .getMessage().contains("data bits"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SerialSettings("/dev/x", 9600, 8, "mark", 1, t))
                .getMessage().contains("parity"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SerialSettings("/dev/x", 9600, 8, "none", 3, t))
                .getMessage().contains("stop bits"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SerialSettings("/dev/x", 9600, 8, "none", 1, Duration.ZERO))
                .getMessage().contains("write timeout"));
        assertEquals("even", new SerialSettings("/dev/x", 9600, 7, "EVEN", 1, t).parity());
        assertEquals("none", new SerialSettings("/dev/x", 9600, 7, "EVEN", 1, t).flowControl());
        assertEquals("rts_cts", new SerialSettings("/dev/x", 9600, 8, "none", 1, t, "RTS_CTS").flowControl());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SerialSettings("/dev/x", 9600, 8, "none", 1, t, "dtr_dsr"))
                .getMessage().contains("flow control must be none, rts_cts or xon_xoff"));
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + DEADLINE + ": " + what);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    /** Records what the link reports. */
    static final class Recorder implements SerialLink.Listener {
        final List<String> events = new CopyOnWriteArrayList<>();
        final ByteArrayOutputStream received = new ByteArrayOutputStream();

        @Override
        public void connected() {
            events.add("connected");
        }

        @Override
        public void disconnected(String reason) {
            events.add("disconnected: " + reason);
        }

        @Override
        public synchronized void received(byte[] data, int length) {
            received.write(data, 0, length);
        }
    }
}
