package org.storebox.peripheral.escpos.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.storebox.peripheral.escpos.internal.Events.await;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storebox.api.common.StoreboxException;
import org.storebox.api.peripheral.PeripheralEvents;
import org.storebox.api.peripheral.PeripheralException;
import org.storebox.api.peripheral.PeripheralStatus.State;
import org.storebox.peripheral.serial.testing.SocatPair;

class EscPosLineDisplayTest {

    @TempDir
    Path dir;

    private SocatPair pair;
    private DisplaySimulator sim;
    private EscPosLineDisplay display;
    private final Events events = new Events();

    @AfterEach
    void tearDown() throws Exception {
        if (display != null) {
            display.stop();
        }
        if (sim != null) {
            sim.close();
            assertEquals(List.of(), sim.problems(), "the simulator understood every byte");
        }
        if (pair != null) {
            pair.close();
        }
    }

    private void start(String charset) throws Exception {
        pair = SocatPair.start(dir);
        TestConfigs.Display config = new TestConfigs.Display(pair.dev().toString());
        config.charset = charset;
        sim = new DisplaySimulator(pair.sim(), Charset.forName(charset), 20);
        display = new EscPosLineDisplay(config, events);
        display.start();
        await("online", () -> display.status().state() == State.ONLINE);
        await("initialised", () -> sim.inits() == 1 && sim.overwrite());
    }

    @Test
    void showsTwoLinesCutAndPadded() throws Exception {
        start("CP437");
        display.show("Milk 1L", "TOTAL           12.50 and more");
        await("shown", () -> sim.line(1).equals("Milk 1L             "));
        assertEquals("TOTAL           12.5", sim.line(2));
        display.show(null, "Thank you");
        await("shown again", () -> sim.line(2).equals("Thank you           "));
        assertEquals("                    ", sim.line(1));
        assertEquals(20, display.columns());
        assertTrue(display.selfTest().passed());
        assertEquals("display", events.status("front-display").get(0).get(PeripheralEvents.KIND));
    }

    @Test
    void wideCharactersCountTwoColumns() throws Exception {
        start("Big5");
        display.show("多謝惠顧 HK$ 38.00", "總數一二三四五六七八九十");
        // 4 wide characters = 8 columns, then 12 columns of ASCII
        await("shown", () -> sim.line(1).equals("多謝惠顧 HK$ 38.00  "));
        // 10 wide characters fill 20 columns exactly; the eleventh is cut
        assertEquals("總數一二三四五六七八", sim.line(2));
        assertEquals("多謝惠顧 HK$ 38.00  ", EscPosCharset.fit("多謝惠顧 HK$ 38.00", 20));
        assertEquals("一二三四五六七八九 ", EscPosCharset.fit("一二三四五六七八九十", 19));
    }

    @Test
    void unplugIsOfflineAndReplugShowsTheTextAgain() throws Exception {
        start("CP437");
        display.show("Hello", "World");
        await("shown", () -> sim.line(1).startsWith("Hello"));
        pair.unplug();
        await("offline", () -> display.status().state() == State.OFFLINE);
        assertTrue(display.status().reason().contains(pair.dev().toString()), display.status().reason());
        PeripheralException e = assertThrows(PeripheralException.class, () -> display.show("a", "b"));
        assertEquals(StoreboxException.Kind.UNAVAILABLE, e.kind());
        assertFalse(display.selfTest().passed());

        pair.replug();
        await("online again", () -> display.status().state() == State.ONLINE);
        await("re-initialised and shown again", () -> sim.inits() >= 2 && sim.line(2).startsWith("World"));
        List<String> states = events.status("front-display").stream().map(p -> (String) p.get(PeripheralEvents.STATE)).toList();
        assertEquals(List.of("online", "offline", "online"), states);
    }

    @Test
    void textTheCharsetCannotEncodeIsInvalid() throws Exception {
        start("CP437");
        PeripheralException e = assertThrows(PeripheralException.class, () -> display.show("總數", "ok"));
        assertEquals(StoreboxException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("總 (U+7E3D)"), e.getMessage());
    }
}
