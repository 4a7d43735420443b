package org.storebox.peripheral.javapos.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.storebox.peripheral.javapos.internal.Rig.FAKES;
import static org.storebox.peripheral.javapos.internal.Rig.entry;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;
import org.storebox.api.common.StoreboxException;
import org.storebox.api.peripheral.BarcodeScanner;
import org.storebox.api.peripheral.CashDrawer;
import org.storebox.api.peripheral.LineDisplay;
import org.storebox.api.peripheral.Peripheral;
import org.storebox.api.peripheral.PeripheralEvents;
import org.storebox.api.peripheral.PeripheralException;
import org.storebox.api.peripheral.PeripheralStatus.State;
import org.storebox.api.peripheral.PrintDocument;
import org.storebox.api.peripheral.ReceiptPrinter;
import org.storebox.api.peripheral.Scale;
import org.storebox.api.peripheral.Weight;

/**
 * End to end through the real JavaPOS controls of javapos 1.14.3: fake vendor services in a jar,
 * named by a jpos.xml, loaded by the bridge's vendor class loader.
 */
class JavaposBridgeTest {
    private static final String PRINTER = entry("printer", "POSPrinter", FAKES + "FakePrinter");
    private static final String SCANNER = entry("scanner", "Scanner", FAKES + "FakeScanner");
    private static final String DRAWER = entry("drawer", "CashDrawer", FAKES + "FakeDrawer");
    private static final String SCALE = entry("scale", "Scale", FAKES + "FakeScale");
    private static final String DISPLAY = entry("display", "LineDisplay", FAKES + "FakeDisplay");

    @TempDir
    Path dir;
    Rig rig;

    @BeforeEach
    void setUp() {
        rig = new Rig(dir);
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    @Test
    void everyDeviceIsRegisteredUnderItsKindAndPeripheralWithItsProperties() {
        rig.jposXml(PRINTER, SCANNER, DRAWER, SCALE, DISPLAY, entry("msr", "MSR", FAKES + "FakeScanner"));
        rig.start(rig.fast());

        assertEquals(5, rig.registry.live.size(), "MSR is not a kind storebox drives");
        Map<String, Class<?>> kinds = Map.of("printer", ReceiptPrinter.class, "scanner", BarcodeScanner.class,
                "drawer", CashDrawer.class, "scale", Scale.class, "display", LineDisplay.class);
        for (Rig.Registry.Registration r : rig.registry.live) {
            String name = (String) r.properties().get(Peripheral.PROP_NAME);
            assertArrayEquals(new String[] { kinds.get(name).getName(), Peripheral.class.getName() }, r.interfaces());
            assertTrue(kinds.get(name).isInstance(r.device()));
            assertEquals(r.device().kind().wire(), r.properties().get(Peripheral.PROP_KIND));
            assertEquals("javapos", r.properties().get(Peripheral.PROP_DRIVER));
        }
    }

    @Test
    void aPrintJobReachesTheVendorPrinter() {
        rig.jposXml(PRINTER);
        JavaposBridge bridge = rig.start(rig.fast());
        PrinterDevice printer = (PrinterDevice) bridge.device("printer");
        Rig.awaitState(printer, State.ONLINE);
        assertEquals(48, printer.columns(), "RecLineChars of the service");

        PrintDocument doc = new PrintDocument();
        PrintDocument.Block title = PrintDocument.Block.text("STOREBOX");
        title.bold = true;
        title.large = true;
        title.align = "center";
        doc.blocks.add(title);
        doc.blocks.add(PrintDocument.Block.text("Apple  12.50"));
        PrintDocument.Block code = PrintDocument.Block.of("barcode");
        code.text = "4006381333931";
        code.symbology = "EAN13";
        doc.blocks.add(code);
        PrintDocument.Block feed = PrintDocument.Block.of("feed");
        feed.lines = 3;
        doc.blocks.add(feed);
        doc.blocks.add(PrintDocument.Block.of("cut"));
        printer.print(doc);

        Map<String, Object> state = Rig.state(printer);
        assertEquals("storebox-javapos-vendor", state.get("loader"), "the fake comes from the vendor jar");
        assertTrue(Rig.list(state, "calls").containsAll(List.of("open:printer", "claim:300", "setDeviceEnabled:true")));
        List<String> printed = Rig.list(state, "printed");
        assertEquals(List.of(
                "normal:2:\u001b|cA\u001b|bC\u001b|4CSTOREBOX\u001b|N\n",
                "normal:2:Apple  12.50\n",
                "barcode:104:4006381333931",
                "normal:2:\u001b|3lF",
                "cut:100"), printed);
    }

    @Test
    void aBadDocumentIsRefusedBeforeAnythingIsPrinted() {
        rig.jposXml(PRINTER);
        PrinterDevice printer = (PrinterDevice) rig.start(rig.fast()).device("printer");
        Rig.awaitState(printer, State.ONLINE);
        PrintDocument doc = new PrintDocument();
        doc.blocks.add(PrintDocument.Block.text("first"));
        PrintDocument.Block code = PrintDocument.Block.of("barcode");
        code.text = "4006381333932";
        doc.blocks.add(code);

        PeripheralException e = assertThrows(PeripheralException.class, () -> printer.print(doc));
        assertEquals(StoreboxException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("check digit"), e.getMessage());
        assertTrue(Rig.list(Rig.state(printer), "printed").isEmpty());
    }

    @Test
    void paperOutIsAnErrorThatClearsWhenPrintingWorksAgain() {
        rig.jposXml(PRINTER);
        PrinterDevice printer = (PrinterDevice) rig.start(rig.fast()).device("printer");
        Rig.awaitState(printer, State.ONLINE);
        Map<String, Object> state = Rig.state(printer);
        state.put("error", "paper");
        PrintDocument doc = new PrintDocument();
        doc.blocks.add(PrintDocument.Block.text("x"));

        PeripheralException e = assertThrows(PeripheralException.class, () -> printer.print(doc));
        assertTrue(e.getMessage().contains("out of paper"), e.getMessage());
        assertEquals(State.ERROR, printer.status().state());
        rig.events.await(PeripheralEvents.TOPIC_STATUS, ev -> "error".equals(ev.getProperty(PeripheralEvents.STATE)));

        state.remove("error");
        printer.print(doc);
        assertEquals(State.ONLINE, printer.status().state());
    }

    @Test
    void anOpenCoverIsAnErrorUntilThePrinterReportsItClosed() {
        rig.jposXml(entry("printer", "POSPrinter", FAKES + "FakePrinter", "cover", "open"));
        PrinterDevice printer = (PrinterDevice) rig.start(rig.fast()).device("printer");
        Rig.awaitState(printer, State.ERROR);
        assertTrue(printer.status().reason().contains("cover"), printer.status().reason());

        java.util.function.IntConsumer sue = (java.util.function.IntConsumer) Rig.state(printer).get("sue");
        sue.accept(jpos.POSPrinterConst.PTR_SUE_COVER_OK);
        assertEquals(State.ONLINE, printer.status().state());
        sue.accept(jpos.POSPrinterConst.PTR_SUE_REC_NEAREMPTY);
        assertEquals(State.ONLINE, printer.status().state());
        assertEquals("near_end", printer.status().detail().get("paper"));
        sue.accept(jpos.POSPrinterConst.PTR_SUE_REC_EMPTY);
        assertEquals(State.ERROR, printer.status().state());
        assertTrue(printer.status().reason().contains("out of paper"));
        rig.events.await(PeripheralEvents.TOPIC_STATUS, e -> "error".equals(e.getProperty(PeripheralEvents.STATE))
                && ((Map<?, ?>) e.getProperty(PeripheralEvents.DETAIL)).get("paper").equals("out"));
    }

    @Test
    void aScanDataEventBecomesAScanEvent() {
        rig.jposXml(SCANNER);
        ScannerDevice scanner = (ScannerDevice) rig.start(rig.fast()).device("scanner");
        Rig.awaitState(scanner, State.ONLINE);
        Map<String, Object> state = Rig.state(scanner);
        @SuppressWarnings("unchecked")
        Consumer<String> scan = (Consumer<String>) state.get("scan");

        scan.accept("4006381333931");
        Event good = rig.events.await(PeripheralEvents.TOPIC_SCAN,
                e -> "4006381333931".equals(e.getProperty(PeripheralEvents.BARCODE)));
        assertEquals(Boolean.TRUE, good.getProperty(PeripheralEvents.VALID));
        assertNull(good.getProperty(PeripheralEvents.REASON));
        assertEquals("scanner", good.getProperty(PeripheralEvents.NAME));
        assertEquals("scanner", good.getProperty(PeripheralEvents.KIND));

        // Data events were enabled again after the first one, or this second scan would never arrive.
        scan.accept("4006381333932");
        Event bad = rig.events.await(PeripheralEvents.TOPIC_SCAN,
                e -> "4006381333932".equals(e.getProperty(PeripheralEvents.BARCODE)));
        assertEquals(Boolean.FALSE, bad.getProperty(PeripheralEvents.VALID));
        assertTrue(((String) bad.getProperty(PeripheralEvents.REASON)).contains("check digit"));
        assertTrue(Rig.list(state, "calls").contains("setDecodeData:true"));
    }

    @Test
    void drawerOpeningAndClosingAreDrawerEvents() {
        rig.jposXml(DRAWER);
        DrawerDevice drawer = (DrawerDevice) rig.start(rig.fast()).device("drawer");
        Rig.awaitState(drawer, State.ONLINE);
        assertFalse(drawer.isOpen());

        drawer.open();
        rig.events.await(PeripheralEvents.TOPIC_DRAWER, e -> Boolean.TRUE.equals(e.getProperty(PeripheralEvents.OPEN)));
        assertTrue(drawer.isOpen());
        assertEquals("open", drawer.status().detail().get("drawer"));

        ((Runnable) Rig.state(drawer).get("close")).run();
        rig.events.await(PeripheralEvents.TOPIC_DRAWER, e -> Boolean.FALSE.equals(e.getProperty(PeripheralEvents.OPEN)));
        assertFalse(drawer.isOpen());
        assertEquals("closed", drawer.status().detail().get("drawer"));
    }

    @Test
    void scaleStableOverweightUnderZeroAndTimeout() {
        rig.jposXml(SCALE);
        ScaleDevice scale = (ScaleDevice) rig.start(rig.fast()).device("scale");
        Rig.awaitState(scale, State.ONLINE);
        Map<String, Object> state = Rig.state(scale);

        state.put("scale", "stable:1250");
        Weight w = scale.weigh(Duration.ofMillis(200));
        assertEquals(Weight.State.STABLE, w.state());
        assertEquals(new BigDecimal("1.250"), w.value());
        assertEquals("kg", w.unit());
        assertTrue(Rig.list(state, "calls").contains("readWeight:200"), "the caller's timeout reaches readWeight");

        state.put("scale", "overweight");
        assertEquals(Weight.of(Weight.State.OVERLOAD), scale.weigh(Duration.ofMillis(200)));
        state.put("scale", "underzero");
        assertEquals(Weight.of(Weight.State.UNDER_ZERO), scale.weigh(Duration.ofMillis(200)));

        state.put("scale", "timeout");
        PeripheralException e = assertThrows(PeripheralException.class, () -> scale.weigh(Duration.ofMillis(200)));
        assertTrue(e.getMessage().contains("no stable weight"), e.getMessage());
        assertEquals(State.ONLINE, scale.status().state(), "a scale that answers E_TIMEOUT is not offline");
    }

    @Test
    void lineDisplayShowsTwoRows() {
        rig.jposXml(DISPLAY);
        DisplayDevice display = (DisplayDevice) rig.start(rig.fast()).device("display");
        Rig.awaitState(display, State.ONLINE);
        display.show("Apple", "HKD 12.50 and a very long tail");
        assertEquals(List.of("0:0:Apple               ", "1:0:HKD 12.50 and a very"),
                Rig.list(Rig.state(display), "printed"));
    }

    @Test
    void aClaimThatNeverReturnsMakesTheDeviceOfflineUntilTheServiceBehaves() {
        rig.jposXml(entry("printer", "POSPrinter", FAKES + "FakePrinter", "hang", "claim"), DRAWER);
        JavaposBridge bridge = rig.start(rig.fast());
        PrinterDevice printer = (PrinterDevice) bridge.device("printer");
        long started = System.nanoTime();
        Map<String, Object> state = Rig.state(printer);
        Rig.await("the hung claim to be noticed", () -> printer.status().reason() != null
                && printer.status().reason().contains("did not answer claim"));
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        // claim_timeout_ms 300 + call_timeout_ms 400, and no more than a little scheduling on top.
        assertTrue(tookMs < 700 + 2000, "noticed after " + tookMs + " ms");
        assertEquals(State.OFFLINE, printer.status().state());
        assertTrue(printer.status().reason().contains("within 700 ms"), printer.status().reason());
        assertTrue(Rig.list(state, "calls").contains("claim:300"), "claim_timeout_ms reaches claim()");
        rig.events.await(PeripheralEvents.TOPIC_STATUS, e -> "printer".equals(e.getProperty(PeripheralEvents.NAME))
                && "offline".equals(e.getProperty(PeripheralEvents.STATE))
                && String.valueOf(e.getProperty(PeripheralEvents.REASON)).contains("claim"));

        // Callers are not held up by the hung device, and the other device is not affected.
        long before = System.nanoTime();
        PrintDocument doc = new PrintDocument();
        doc.blocks.add(PrintDocument.Block.text("x"));
        assertThrows(PeripheralException.class, () -> printer.print(doc));
        assertTrue((System.nanoTime() - before) / 1_000_000 < 400, "an offline device fails at once");
        Rig.awaitState(bridge.device("drawer"), State.ONLINE);

        Rig.await("the abandoned thread to be interrupted", () -> Rig.list(state, "calls").contains("interrupted:claim"));
        Rig.behave(state);
        Rig.awaitState(printer, State.ONLINE);
        printer.print(doc);
        assertEquals(List.of("normal:2:x\n"), Rig.list(state, "printed"));
    }

    @Test
    void aCallThatHangsFailsWithinTheCallTimeoutAndTheDeviceRecovers() {
        rig.jposXml(PRINTER);
        PrinterDevice printer = (PrinterDevice) rig.start(rig.fast()).device("printer");
        Rig.awaitState(printer, State.ONLINE);
        Map<String, Object> state = Rig.state(printer);
        state.put("hang", "printNormal");
        PrintDocument doc = new PrintDocument();
        doc.blocks.add(PrintDocument.Block.text("x"));

        long before = System.nanoTime();
        PeripheralException e = assertThrows(PeripheralException.class, () -> printer.print(doc));
        long tookMs = (System.nanoTime() - before) / 1_000_000;
        assertTrue(tookMs >= 390 && tookMs < 400 + 1000, "failed after " + tookMs + " ms");
        assertEquals(StoreboxException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("did not answer printNormal within 400 ms"), e.getMessage());
        assertEquals(State.OFFLINE, printer.status().state());

        // The abandoned control is replaced by a new one, opened on a new thread while the old one still hangs.
        Rig.await("a second open", () -> Rig.list(state, "calls").stream().filter(c -> c.startsWith("open:")).count() >= 2);
        Rig.awaitState(printer, State.ONLINE);
        Rig.behave(state);
        printer.print(doc);
        assertTrue(Rig.list(state, "printed").contains("normal:2:x\n"));
    }

    @Test
    void aMissingOrMalformedJposXmlIsAClearErrorAndLeavesRunningDevicesAlone() {
        rig.jposXml(PRINTER);
        PrinterDevice printer = (PrinterDevice) rig.start(rig.fast()).device("printer");
        Rig.awaitState(printer, State.ONLINE);

        Path missing = dir.resolve("nowhere").resolve("jpos.xml");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rig.start(with("jpos__xml", missing)));
        assertTrue(e.getMessage().contains("jpos.xml not found at " + missing), e.getMessage());

        Path broken = dir.resolve("broken.xml");
        Rig.write(broken, "<?xml version=\"1.0\"?>\n<JposEntries>\n  <JposEntry logicalName=\"x\">\n</JposEntries>\n");
        e = assertThrows(IllegalArgumentException.class, () -> rig.start(with("jpos__xml", broken)));
        assertTrue(e.getMessage().contains("is malformed at line 4"), e.getMessage());

        Path invalid = dir.resolve("invalid.xml");
        Rig.write(invalid, "<?xml version=\"1.0\"?>\n<!DOCTYPE JposEntries PUBLIC \"-//JavaPOS//DTD//EN\" \"jpos/res/jcl.dtd\">\n"
                + "<JposEntries>\n" + entry("toaster", "Toaster", FAKES + "FakePrinter") + "</JposEntries>\n");
        e = assertThrows(IllegalArgumentException.class, () -> rig.start(with("jpos__xml", invalid)));
        assertTrue(e.getMessage().contains("Toaster") && e.getMessage().contains("jcl.dtd"), e.getMessage());

        PrintDocument doc = new PrintDocument();
        doc.blocks.add(PrintDocument.Block.text("still here"));
        printer.print(doc);
        assertEquals(State.ONLINE, printer.status().state());
    }

    @Test
    void noJposXmlAtTheDefaultPlaceMeansNoDevices() {
        Map<String, Object> config = new HashMap<>(rig.fast());
        config.remove("jpos__xml");
        JavaposBridge bridge = new JavaposBridge(Rig.config(config), name -> "STOREBOX_DATA".equals(name)
                ? dir.resolve("data").toString() : null, rig.registry, rig.events);
        rig.bridges.add(bridge);
        assertTrue(rig.registry.live.isEmpty());
    }

    @Test
    void aVendorClassThatCannotBeLoadedLeavesThatDeviceOfflineAndTheOthersWorking() {
        rig.jposXml(Rig.entryWithFactory("ghost", "POSPrinter", "com.example.pos.NoSuchFactory", "com.example.pos.NoSuchPrinter"),
                PRINTER);
        JavaposBridge bridge = rig.start(rig.fast());
        JposDevice<?> ghost = bridge.device("ghost");
        Rig.await("the missing class to be reported", () -> ghost.status().reason() != null
                && ghost.status().reason().contains("com.example.pos.NoSuchFactory cannot be loaded"));
        assertEquals(State.OFFLINE, ghost.status().state());
        assertTrue(ghost.status().reason().contains(rig.lib.toString()), ghost.status().reason());
        Rig.awaitState(bridge.device("printer"), State.ONLINE);
    }

    @Test
    void aConfiguredSubsetIsPresentedAlone() {
        rig.jposXml(PRINTER, SCANNER, DRAWER);
        Map<String, Object> config = new HashMap<>(rig.fast());
        config.put("devices", new String[] { "drawer", "no-such-device" });
        JavaposBridge bridge = rig.start(config);
        assertEquals(1, rig.registry.live.size());
        assertEquals("drawer", rig.registry.live.get(0).device().name());
        assertNull(bridge.device("printer"));
    }

    @Test
    void aCommaSeparatedStringNamesSeveralDevices() {
        rig.jposXml(PRINTER, SCANNER, DRAWER);
        Map<String, Object> config = new HashMap<>(rig.fast());
        config.put("devices", new String[] { "printer, drawer" });
        JavaposBridge bridge = rig.start(config);
        assertEquals(2, rig.registry.live.size());
        assertNull(bridge.device("scanner"));
    }

    @Test
    void anEmptyStringAsTheOnlyDeviceMeansEveryDevice() {
        rig.jposXml(PRINTER, DRAWER);
        Map<String, Object> config = new HashMap<>(rig.fast());
        config.put("devices", new String[] { "" });
        rig.start(config);
        assertEquals(2, rig.registry.live.size());
    }

    @Test
    void deactivateDisablesReleasesAndClosesAndUnregisters() {
        rig.jposXml(SCANNER);
        JavaposBridge bridge = rig.start(rig.fast());
        JposDevice<?> scanner = bridge.device("scanner");
        Rig.awaitState(scanner, State.ONLINE);
        Map<String, Object> state = Rig.state(scanner);

        bridge.deactivate();
        rig.bridges.remove(bridge);
        List<String> calls = Rig.list(state, "calls");
        int disabled = calls.lastIndexOf("setDeviceEnabled:false");
        assertTrue(disabled >= 0 && calls.indexOf("release") > disabled && calls.lastIndexOf("close") > calls.indexOf("release"),
                calls.toString());
        assertTrue(rig.registry.live.isEmpty());
        assertFalse(scanner.selfTest().passed());
        assertTrue(scanner.selfTest().message().contains("shut down"), scanner.selfTest().message());
    }

    @Test
    void selfTestAsksTheServiceForItsHealth() {
        rig.jposXml(DISPLAY);
        JposDevice<?> display = rig.start(rig.fast()).device("display");
        Rig.awaitState(display, State.ONLINE);
        assertTrue(display.selfTest().passed(), display.selfTest().message());
        assertTrue(display.selfTest().message().contains("fake LineDisplay ok"));
    }

    private Map<String, Object> with(String key, Object value) {
        Map<String, Object> config = new HashMap<>(rig.fast());
        config.put(key, value.toString());
        return config;
    }
}
