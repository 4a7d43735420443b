package org.storebox.peripheral.scale.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;
import org.storebox.api.common.StoreboxException;
import org.storebox.api.peripheral.PeripheralEvents;
import org.storebox.api.peripheral.PeripheralException;
import org.storebox.api.peripheral.PeripheralStatus;
import org.storebox.api.peripheral.SelfTest;
import org.storebox.api.peripheral.Weight;
import org.storebox.peripheral.scale.internal.SicsScaleSimulator.Mode;
import org.storebox.peripheral.serial.testing.SocatPair;

/** The MT-SICS driver against a simulated scale over a real socat pseudo-terminal pair. */
class SicsScaleTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String STATUS = PeripheralEvents.TOPIC_STATUS;
    /** Short, so that the silent cases stay quick; the simulator answers in a few milliseconds. */
    private static final int RESPONSE_MS = 300;

    @TempDir
    Path dir;
    SocatPair pair;
    SicsScaleSimulator sim;
    SicsScale scale;
    final RecordingEventAdmin events = new RecordingEventAdmin();

    @AfterEach
    void stop() throws Exception {
        if (scale != null) {
            scale.close();
        }
        if (sim != null) {
            sim.close();
        }
        if (pair != null) {
            pair.close();
        }
    }

    private void start(Map<String, Object> settings) throws Exception {
        pair = SocatPair.start(dir.resolve("pty"));
        sim = new SicsScaleSimulator(pair.sim());
        Map<String, Object> values = new HashMap<>(settings);
        values.put("name", "deli-scale");
        values.put("port", pair.dev().toString());
        values.putIfAbsent("response__timeout__ms", RESPONSE_MS);
        values.putIfAbsent("poll__interval__ms", 20);
        values.putIfAbsent("probe__interval__ms", 200);
        scale = new SicsScale(TestConfigs.of(ScaleConfig.class, values), events);
        awaitState("online", 0);
    }

    private Event awaitState(String state, int skip) throws InterruptedException {
        Event e = events.awaitMatch(STATUS, skip, ev -> state.equals(ev.getProperty(PeripheralEvents.STATE)), WAIT);
        assertEquals("deli-scale", e.getProperty(PeripheralEvents.NAME));
        assertEquals("scale", e.getProperty(PeripheralEvents.KIND));
        return e;
    }

    @Test
    void aStableWeightComesBackExactlyAsSent() throws Exception {
        start(Map.of());
        assertEquals(PeripheralStatus.State.ONLINE, scale.status().state());
        Weight w = scale.weigh(Duration.ofSeconds(2));
        assertEquals(Weight.stable(new BigDecimal("0.345"), "kg"), w);
        assertEquals(3, w.value().scale());

        sim.weight("12.500", "kg");
        Weight w2 = scale.weigh(Duration.ofSeconds(2));
        assertEquals("12.500", w2.value().toPlainString(), "the trailing zeros are the scale's resolution");
        assertTrue(sim.commands().contains("SI"), "weighs by polling SI: " + sim.commands());
        assertFalse(sim.commands().contains("S"), "never sends S, whose wait the scale decides: " + sim.commands());
    }

    @Test
    void overloadUnderloadAndNegativeWeightsAreStatesNotNumbers() throws Exception {
        start(Map.of());
        sim.mode(Mode.OVERLOAD);
        assertEquals(Weight.of(Weight.State.OVERLOAD), scale.weigh(Duration.ofSeconds(2)));
        sim.mode(Mode.UNDERLOAD);
        assertEquals(Weight.of(Weight.State.UNDER_ZERO), scale.weigh(Duration.ofSeconds(2)));
        sim.mode(Mode.STABLE);
        sim.weight("-0.010", "kg");
        Weight negative = scale.weigh(Duration.ofSeconds(2));
        assertEquals(Weight.of(Weight.State.UNDER_ZERO), negative);
        assertNull(negative.value());
    }

    @Test
    void aLoadThatSettlesDuringWeighIsReturnedStable() throws Exception {
        start(Map.of());
        sim.settleAfter(4);
        int before = sim.commands().size();
        assertEquals(Weight.stable(new BigDecimal("0.345"), "kg"), scale.weigh(Duration.ofSeconds(5)));
        List<String> sent = sim.commands().subList(before, sim.commands().size());
        assertEquals(List.of("SI", "SI", "SI", "SI", "SI"), sent, "four answers in motion, then the stable one");
    }

    @Test
    void aLoadStillMovingAtTheTimeoutIsMotion() throws Exception {
        start(Map.of());
        sim.mode(Mode.MOTION);
        long t0 = System.nanoTime();
        assertEquals(Weight.of(Weight.State.MOTION), scale.weigh(Duration.ofMillis(400)));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 300 && ms < 400 + RESPONSE_MS + 500, "took " + ms + " ms");
        assertTrue(sim.commands().stream().filter("SI"::equals).count() > 3, "polled SI: " + sim.commands());
        assertEquals(PeripheralStatus.State.ONLINE, scale.status().state(), "a moving load is no fault of the scale");
    }

    @Test
    void aSilentScaleFailsUnavailableWithinTheTimeoutThenRecovers() throws Exception {
        start(Map.of());
        int before = events.on(STATUS).size();
        sim.mode(Mode.SILENT);
        long t0 = System.nanoTime();
        PeripheralException e = assertThrows(PeripheralException.class, () -> scale.weigh(Duration.ofSeconds(5)));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(StoreboxException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("deli-scale did not answer SI within " + RESPONSE_MS + " ms"), e.getMessage());
        assertTrue(ms < RESPONSE_MS + 700, "took " + ms + " ms, the response timeout is " + RESPONSE_MS);
        Event offline = awaitState("offline", before);
        assertTrue(((String) offline.getProperty(PeripheralEvents.REASON)).contains("did not answer"));
        SelfTest test = scale.selfTest();
        assertFalse(test.passed());
        assertTrue(test.message().contains("did not answer I4"), test.message());

        int offlineAt = events.on(STATUS).size();
        sim.mode(Mode.STABLE);
        // the driver's own probe finds the scale again, without a weigh
        awaitState("online", offlineAt);
        assertEquals(Weight.stable(new BigDecimal("0.345"), "kg"), scale.weigh(Duration.ofSeconds(2)));
    }

    @Test
    void aZeroTimeoutAsksOnce() throws Exception {
        start(Map.of());
        int before = sim.commands().size();
        assertEquals(Weight.stable(new BigDecimal("0.345"), "kg"), scale.weigh(Duration.ZERO));
        sim.mode(Mode.MOTION);
        assertEquals(Weight.of(Weight.State.MOTION), scale.weigh(Duration.ZERO));
        assertEquals(List.of("SI", "SI"), sim.commands().subList(before, sim.commands().size()));
    }

    @Test
    void aSilentScaleGetsTheFullResponseTimeoutEvenForAShortWeigh() throws Exception {
        start(Map.of());
        sim.mode(Mode.SILENT);
        long t0 = System.nanoTime();
        PeripheralException e = assertThrows(PeripheralException.class, () -> scale.weigh(Duration.ofMillis(50)));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= RESPONSE_MS - 20 && ms < RESPONSE_MS + 700, "took " + ms + " ms");
        assertTrue(e.getMessage().contains("did not answer SI within " + RESPONSE_MS + " ms"), e.getMessage());
    }

    @Test
    void garbledAnswersAreErrorsNeverNumbers() throws Exception {
        start(Map.of());
        int before = events.on(STATUS).size();
        sim.mode(Mode.GARBAGE);
        PeripheralException e = assertThrows(PeripheralException.class, () -> scale.weigh(Duration.ofSeconds(2)));
        assertEquals(StoreboxException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("'S S      0.3#5 kg', which is not an MT-SICS response"), e.getMessage());
        Event error = awaitState("error", before);
        assertTrue(((String) error.getProperty(PeripheralEvents.REASON)).contains("baud rate"));

        sim.garbage("S S      0.345 k\u00ff");
        e = assertThrows(PeripheralException.class, () -> scale.weigh(Duration.ofSeconds(2)));
        assertTrue(e.getMessage().contains("k\\xFF"), e.getMessage());

        sim.garbage("S S      0.345");
        e = assertThrows(PeripheralException.class, () -> scale.weigh(Duration.ofSeconds(2)));
        assertTrue(e.getMessage().contains("'S S      0.345', which is not"), e.getMessage());

        int errorAt = events.on(STATUS).size();
        sim.mode(Mode.STABLE);
        assertEquals(Weight.stable(new BigDecimal("0.345"), "kg"), scale.weigh(Duration.ofSeconds(2)));
        awaitState("online", errorAt);
    }

    @Test
    void aTruncatedAnswerTimesOutAndSaysWhatCame() throws Exception {
        start(Map.of());
        sim.mode(Mode.TRUNCATED);
        PeripheralException e = assertThrows(PeripheralException.class, () -> scale.weigh(Duration.ofSeconds(2)));
        assertEquals(StoreboxException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("it sent 'S S      0.' without the closing CR LF"), e.getMessage());
    }

    @Test
    void errorCodesAndBusyAreReportedInWords() throws Exception {
        start(Map.of());
        sim.mode(Mode.TRANSMISSION_ERROR);
        PeripheralException et = assertThrows(PeripheralException.class, () -> scale.weigh(Duration.ofSeconds(2)));
        assertTrue(et.getMessage().contains("ET (transmission error"), et.getMessage());
        sim.mode(Mode.BUSY);
        PeripheralException busy = assertThrows(PeripheralException.class, () -> scale.weigh(Duration.ofMillis(300)));
        assertTrue(busy.getMessage().contains("'S I'"), busy.getMessage());
        assertEquals(PeripheralStatus.State.ONLINE, scale.status().state(), "a busy scale answers, so it is online");
        assertEquals(StoreboxException.Kind.INVALID,
                assertThrows(PeripheralException.class, () -> scale.weigh(Duration.ofMillis(-1))).kind());
    }

    @Test
    void anotherUnitThanConfiguredIsRefused() throws Exception {
        start(Map.of());
        sim.weight("345", "g");
        PeripheralException e = assertThrows(PeripheralException.class, () -> scale.weigh(Duration.ofSeconds(2)));
        assertTrue(e.getMessage().contains("weighs in g but its configuration expects kg"), e.getMessage());
    }

    @Test
    void anEmptyUnitAcceptsWhatTheScaleSends() throws Exception {
        start(Map.of("unit", ""));
        sim.weight("345", "g");
        assertEquals(Weight.stable(new BigDecimal("345"), "g"), scale.weigh(Duration.ofSeconds(2)));
    }

    @Test
    void zeroResetAndSelfTest() throws Exception {
        start(Map.of());
        scale.zero();
        assertEquals(SicsScaleSimulator.SERIAL, scale.reset());
        SelfTest ok = scale.selfTest();
        assertTrue(ok.passed(), ok.message());
        assertTrue(ok.message().contains(SicsScaleSimulator.SERIAL), ok.message());
        sim.mode(Mode.MOTION);
        assertEquals(StoreboxException.Kind.UNAVAILABLE, assertThrows(PeripheralException.class, scale::zero).kind());
        sim.mode(Mode.OVERLOAD);
        assertEquals(StoreboxException.Kind.INVALID, assertThrows(PeripheralException.class, scale::zero).kind());
        assertTrue(sim.commands().containsAll(List.of("Z", "@", "I4")), sim.commands().toString());
    }

    @Test
    void unplugGoesOfflineAndReplugComesBackOnlineByItself() throws Exception {
        start(Map.of());
        int before = events.on(STATUS).size();
        pair.unplug();
        Event offline = awaitState("offline", before);
        assertTrue(((String) offline.getProperty(PeripheralEvents.REASON)).contains(pair.dev().toString()), offline.toString());
        assertEquals(PeripheralStatus.State.OFFLINE, scale.status().state());
        long t0 = System.nanoTime();
        PeripheralException e = assertThrows(PeripheralException.class, () -> scale.weigh(Duration.ofSeconds(5)));
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 1_000, "an unplugged scale fails at once");
        assertTrue(e.getMessage().contains("not connected"), e.getMessage());
        assertFalse(scale.selfTest().passed());

        int offlineAt = events.on(STATUS).size();
        pair.replug();
        sim.reopen();
        awaitState("online", offlineAt);
        assertEquals(Weight.stable(new BigDecimal("0.345"), "kg"), scale.weigh(Duration.ofSeconds(2)));
    }

    @Test
    void badSettingsFailActivationWithTheReason() {
        RecordingEventAdmin none = new RecordingEventAdmin();
        IllegalArgumentException noName = assertThrows(IllegalArgumentException.class,
                () -> new SicsScale(TestConfigs.of(ScaleConfig.class, Map.of("port", "/dev/null")), none));
        assertTrue(noName.getMessage().contains("name is required"), noName.getMessage());
        IllegalArgumentException parity = assertThrows(IllegalArgumentException.class, () -> new SicsScale(
                TestConfigs.of(ScaleConfig.class, Map.of("name", "s", "port", "/dev/null", "parity", "mark")), none));
        assertTrue(parity.getMessage().contains("parity must be none, even or odd"), parity.getMessage());
        IllegalArgumentException flow = assertThrows(IllegalArgumentException.class, () -> new SicsScale(
                TestConfigs.of(ScaleConfig.class, Map.of("name", "s", "port", "/dev/null", "flow__control", "dtr_dsr")), none));
        assertTrue(flow.getMessage().contains("flow control must be none, rts_cts or xon_xoff"), flow.getMessage());
        assertTrue(none.on(STATUS).isEmpty());
    }
}
