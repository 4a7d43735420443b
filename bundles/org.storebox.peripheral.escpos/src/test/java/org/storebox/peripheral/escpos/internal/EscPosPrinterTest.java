package org.storebox.peripheral.escpos.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.storebox.peripheral.escpos.internal.Events.await;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storebox.api.common.StoreboxException;
import org.storebox.api.peripheral.CashDrawer;
import org.storebox.api.peripheral.PeripheralEvents;
import org.storebox.api.peripheral.PeripheralException;
import org.storebox.api.peripheral.PeripheralStatus.State;
import org.storebox.api.peripheral.PrintDocument;
import org.storebox.api.peripheral.PrintDocument.Block;
import org.storebox.api.peripheral.SelfTest;
import org.storebox.peripheral.escpos.internal.PrinterSimulator.Barcode;
import org.storebox.peripheral.escpos.internal.PrinterSimulator.Condition;
import org.storebox.peripheral.escpos.internal.PrinterSimulator.Cut;
import org.storebox.peripheral.escpos.internal.PrinterSimulator.Feed;
import org.storebox.peripheral.escpos.internal.PrinterSimulator.Init;
import org.storebox.peripheral.escpos.internal.PrinterSimulator.Kanji;
import org.storebox.peripheral.escpos.internal.PrinterSimulator.Kick;
import org.storebox.peripheral.escpos.internal.PrinterSimulator.Qr;
import org.storebox.peripheral.escpos.internal.PrinterSimulator.Text;
import org.storebox.peripheral.escpos.internal.PrinterSimulator.CodePage;
import org.storebox.peripheral.serial.testing.SocatPair;

class EscPosPrinterTest {

    @TempDir
    Path dir;

    private SocatPair pair;
    private PrinterSimulator sim;
    private EscPosPrinter printer;
    private final Events events = new Events();

    @AfterEach
    void tearDown() throws Exception {
        if (printer != null) {
            printer.stop();
        }
        if (sim != null) {
            sim.close();
            assertEquals(List.of(), sim.problems(), "the simulator understood every byte");
        }
        if (pair != null) {
            pair.close();
        }
    }

    private TestConfigs.Printer config() throws Exception {
        pair = SocatPair.start(dir);
        return new TestConfigs.Printer(pair.dev().toString());
    }

    private void start(TestConfigs.Printer config, Charset simCharset) {
        sim = new PrinterSimulator(pair.sim(), simCharset);
        printer = new EscPosPrinter(config, events);
        printer.start();
        await("printer online", () -> printer.status().state() == State.ONLINE);
    }

    private static Block text(String text, boolean bold, boolean large, String align) {
        Block b = Block.text(text);
        b.bold = bold;
        b.large = large;
        b.align = align;
        return b;
    }

    private static PrintDocument doc(Block... blocks) {
        PrintDocument d = new PrintDocument();
        d.blocks.addAll(List.of(blocks));
        return d;
    }

    @Test
    void receiptWithBoldLargeCenterFeedAndCut() throws Exception {
        start(config(), Charset.forName("CP437"));
        Block feed = Block.of("feed");
        feed.lines = 3;
        printer.print(doc(text("STOREBOX MART", true, true, "center"), text("Milk 1L        4.50\nBread          3.20", false, false, "left"),
                text("TOTAL 7.70", true, false, "right"), feed, Block.of("cut")));

        assertEquals(List.of(new Init(), new Kanji(false), new CodePage(0),
                new Text("STOREBOX MART", true, true, 1),
                new Text("Milk 1L        4.50", false, false, 0),
                new Text("Bread          3.20", false, false, 0),
                new Text("TOTAL 7.70", true, false, 2),
                new Feed(3), new Cut(66, 0)), sim.printed());
        assertEquals(48, printer.columns());
    }

    @Test
    void chineseInGb18030() throws Exception {
        TestConfigs.Printer config = config();
        config.charset = "GB18030";
        start(config, Charset.forName("GB18030"));
        printer.print(doc(text("谢谢惠顾 欢迎再来", true, false, "center"), text("合计 ¥12.50", false, false, "left")));
        assertEquals(List.of(new Init(), new CodePage(0), new Kanji(true), new Text("谢谢惠顾 欢迎再来", true, false, 1),
                new Text("合计 ¥12.50", false, false, 0)), sim.printed());
    }

    @Test
    void chineseInBig5() throws Exception {
        TestConfigs.Printer config = config();
        config.charset = "Big5";
        start(config, Charset.forName("Big5"));
        printer.print(doc(text("多謝惠顧 歡迎再臨", false, true, "center"), text("總數 HK$ 38.00", false, false, "left")));
        assertEquals(List.of(new Init(), new CodePage(0), new Kanji(true), new Text("多謝惠顧 歡迎再臨", false, true, 1),
                new Text("總數 HK$ 38.00", false, false, 0)), sim.printed());
    }

    @Test
    void malayTextInCp858() throws Exception {
        TestConfigs.Printer config = config();
        config.charset = "CP858";
        start(config, Charset.forName("CP858"));
        printer.print(doc(text("Terima kasih kerana membeli-belah!", false, false, "center"),
                text("Jumlah termasuk SST 6%: RM 12.50", false, false, "left")));
        assertEquals(List.of(new Init(), new Kanji(false), new CodePage(19),
                new Text("Terima kasih kerana membeli-belah!", false, false, 1),
                new Text("Jumlah termasuk SST 6%: RM 12.50", false, false, 0)), sim.printed());
    }

    @Test
    void barcodesAndQrAreByteExact() throws Exception {
        start(config(), Charset.forName("CP437"));
        String url = "https://storebox.invalid/r/0042?s=港";
        printer.print(doc(barcode("EAN13", "4006381333931"), barcode("EAN8", "9638507"), barcode("UPCA", "036000291452"),
                barcode("CODE128", "SB-{12}"), qr(url), Block.of("cut")));

        List<PrinterSimulator.Element> printed = sim.printed();
        assertEquals(new Barcode(67, ascii("4006381333931"), 80, 3, 2, 1), printed.get(3));
        assertEquals(new Barcode(68, ascii("9638507"), 80, 3, 2, 1), printed.get(4));
        assertEquals(new Barcode(65, ascii("036000291452"), 80, 3, 2, 1), printed.get(5));
        assertEquals(new Barcode(73, ascii("{BSB-{{12}"), 80, 3, 2, 1), printed.get(6));
        Qr q = (Qr) printed.get(7);
        assertEquals(50, q.model());
        assertEquals(6, q.size());
        assertEquals('1', q.errorCorrection()); // M
        assertArrayEquals(url.getBytes(StandardCharsets.UTF_8), q.data());
        // the LF after the QR code prints it and leaves an empty line
        assertEquals(new Text("", false, false, 1), printed.get(8));
        assertEquals(new Cut(66, 0), printed.get(9));
    }

    @Test
    void wrongBarcodeDataIsRefusedBeforeAnythingIsSent() throws Exception {
        start(config(), Charset.forName("CP437"));
        PeripheralException e = assertThrows(PeripheralException.class, () -> printer.print(doc(barcode("EAN13", "4006381333932"))));
        assertEquals(StoreboxException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("check digit; it should end in 1"), e.getMessage());
        e = assertThrows(PeripheralException.class, () -> printer.print(doc(barcode("EAN8", "12AB"))));
        assertTrue(e.getMessage().contains("7 or 8 digits"), e.getMessage());
        assertEquals(List.of(), sim.printed());
    }

    @Test
    void textTheCharsetCannotEncodeIsInvalid() throws Exception {
        TestConfigs.Printer config = config();
        config.charset = "Big5";
        start(config, Charset.forName("Big5"));
        PeripheralException e = assertThrows(PeripheralException.class,
                () -> printer.print(doc(text("多謝 €5 😀", false, false, "left"))));
        assertEquals(StoreboxException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("Big5"), e.getMessage());
        assertTrue(e.getMessage().contains("€ (U+20AC)"), e.getMessage());
        assertTrue(e.getMessage().contains("😀 (U+1F600)"), e.getMessage());
        assertFalse(e.getMessage().contains("多"), e.getMessage());
        assertEquals(List.of(), sim.printed());
    }

    @Test
    void drawerKickAndOpenClosedStatusWithEvents() throws Exception {
        TestConfigs.Printer config = config();
        config.drawerName = "front-drawer";
        start(config, Charset.forName("CP437"));
        CashDrawer drawer = printer.drawer();
        assertEquals("front-drawer", drawer.name());
        await("drawer online", () -> drawer.status().state() == State.ONLINE);
        assertEquals(Map.of("drawer", "closed"), drawer.status().detail());
        assertFalse(drawer.isOpen());

        drawer.open();
        await("kick pulse", () -> sim.printed().contains(new Kick(2, 25, 250)));
        sim.drawerOpen(true);
        await("drawer open", drawer::isOpen);
        await("open event", () -> events.drawer("front-drawer").size() == 1);
        assertEquals(true, events.drawer("front-drawer").get(0).get(PeripheralEvents.OPEN));
        assertEquals("drawer", events.drawer("front-drawer").get(0).get(PeripheralEvents.KIND));
        await("drawer detail open", () -> Map.of("drawer", "open").equals(drawer.status().detail()));

        sim.drawerOpen(false);
        await("drawer closed", () -> !drawer.isOpen());
        await("close event", () -> events.drawer("front-drawer").size() == 2);
        assertEquals(false, events.drawer("front-drawer").get(1).get(PeripheralEvents.OPEN));
        // a drawer's open state is not a printer status change
        assertTrue(printer.status().detail().isEmpty(), printer.status().toString());
        assertTrue(drawer.selfTest().passed());
    }

    @Test
    void drawerWithSensorOpenLevelLow() throws Exception {
        TestConfigs.Printer config = config();
        config.drawerName = "back-drawer";
        config.drawerOpenLevel = "low";
        start(config, Charset.forName("CP437"));
        await("pin 3 low means open", () -> printer.drawer().isOpen());
    }

    @Test
    void paperNearEndOutCoverOpenAndSilentPrinter() throws Exception {
        start(config(), Charset.forName("CP437"));
        assertEquals(1, events.status("front-printer").size());
        assertEquals("online", events.status("front-printer").get(0).get(PeripheralEvents.STATE));

        sim.condition(Condition.PAPER_NEAR_END);
        await("near end", () -> Map.of("paper", "near_end").equals(printer.status().detail()));
        assertEquals(State.ONLINE, printer.status().state());
        assertNull(printer.status().reason());
        printer.print(doc(text("still prints", false, false, "left")));

        sim.condition(Condition.PAPER_OUT);
        await("paper out", () -> printer.status().state() == State.ERROR);
        assertTrue(printer.status().reason().contains("paper is out; load a new paper roll"), printer.status().reason());
        assertEquals("out", printer.status().detail().get("paper"));
        PeripheralException refused = assertThrows(PeripheralException.class, () -> printer.print(doc(text("x", false, false, "left"))));
        assertEquals(StoreboxException.Kind.UNAVAILABLE, refused.kind());
        assertTrue(refused.getMessage().contains("cannot print now") && refused.getMessage().contains("paper is out"), refused.getMessage());

        sim.condition(Condition.COVER_OPEN);
        await("cover open", () -> printer.status().reason() != null && printer.status().reason().contains("close the printer cover"));
        assertEquals(State.ERROR, printer.status().state());

        sim.condition(Condition.SILENT);
        await("silent", () -> printer.status().state() == State.OFFLINE);
        assertEquals("printer front-printer does not answer; check power and cable", printer.status().reason());
        SelfTest test = printer.selfTest();
        assertFalse(test.passed());
        assertTrue(test.message().contains("does not answer"), test.message());

        sim.condition(Condition.OK);
        await("back online", () -> printer.status().state() == State.ONLINE);
        assertTrue(printer.selfTest().passed());

        List<String> states = events.status("front-printer").stream().map(p -> (String) p.get(PeripheralEvents.STATE)).toList();
        assertEquals(List.of("online", "online", "error", "error", "offline", "online"), states);
        Events.Posted nearEnd = events.status("front-printer").get(1);
        assertEquals(Map.of("paper", "near_end"), nearEnd.get(PeripheralEvents.DETAIL));
        Events.Posted out = events.status("front-printer").get(2);
        assertTrue(((String) out.get(PeripheralEvents.REASON)).contains("paper is out"));
        assertEquals("printer", out.get(PeripheralEvents.KIND));
    }

    @Test
    void garbledAndTruncatedStatusAnswers() throws Exception {
        start(config(), Charset.forName("CP437"));
        sim.condition(Condition.GARBLED);
        await("garbled", () -> printer.status().state() == State.ERROR);
        assertTrue(printer.status().reason().contains("0xFF, which is not an ESC/POS status; check that baud_rate"),
                printer.status().reason());

        sim.condition(Condition.TRUNCATED);
        await("truncated", () -> printer.status().reason() != null && printer.status().reason().contains("only part"));
        assertEquals(State.ERROR, printer.status().state());

        sim.condition(Condition.OK);
        await("back online", () -> printer.status().state() == State.ONLINE);
        printer.print(doc(text("after noise", false, false, "left")));
        assertTrue(sim.texts().contains("after noise"));
    }

    @Test
    void unplugMidPrintFailsClearlyGoesOfflineAndComesBackByItself() throws Exception {
        TestConfigs.Printer config = config();
        config.drawerName = "front-drawer";
        start(config, Charset.forName("CP437"));
        sim.onText(t -> {
            if (t.text().equals("line 5")) {
                try {
                    pair.unplug();
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        Block[] lines = new Block[400];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = text("line " + i, false, false, "left");
        }
        PeripheralException e = assertThrows(PeripheralException.class, () -> printer.print(doc(lines)));
        assertEquals(StoreboxException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("printer front-printer went away") && e.getMessage().contains("print it again"), e.getMessage());
        await("offline", () -> printer.status().state() == State.OFFLINE);
        await("drawer offline", () -> printer.drawer().status().state() == State.OFFLINE);
        PeripheralException refused = assertThrows(PeripheralException.class, () -> printer.print(doc(text("x", false, false, "left"))));
        assertTrue(refused.getMessage().contains("cannot print now"), refused.getMessage());
        assertThrows(PeripheralException.class, () -> printer.drawer().open());

        sim.onText(t -> { });
        pair.replug();
        await("online again", () -> printer.status().state() == State.ONLINE);
        await("drawer online again", () -> printer.drawer().status().state() == State.ONLINE);
        await("simulator attached", sim::attached);
        printer.print(doc(text("after replug", false, false, "left")));
        assertTrue(sim.texts().contains("after replug"));
    }

    @Test
    void paperOutMidDocumentFailsTheJob() throws Exception {
        start(config(), Charset.forName("CP437"));
        sim.onText(t -> {
            if (t.text().equals("line 3")) {
                sim.condition(Condition.PAPER_OUT);
            }
        });
        Block[] lines = new Block[10];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = text("line " + i, false, false, "left");
        }
        PeripheralException e = assertThrows(PeripheralException.class, () -> printer.print(doc(lines)));
        assertEquals(StoreboxException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("failed mid-document") && e.getMessage().contains("paper is out")
                && e.getMessage().contains(". The receipt may be incomplete"), e.getMessage());
        assertEquals(State.ERROR, printer.status().state());
    }

    @Test
    void missingPortIsOfflineWithThePathInTheReason() throws Exception {
        Path missing = dir.resolve("ttyUSB9");
        printer = new EscPosPrinter(new TestConfigs.Printer(missing.toString()), events);
        printer.start();
        await("offline with reason", () -> printer.status().reason().contains("does not exist"));
        assertEquals(State.OFFLINE, printer.status().state());
        assertTrue(printer.status().reason().contains(missing.toString()), printer.status().reason());
        assertEquals(1, events.status("front-printer").size());
        assertFalse(printer.selfTest().passed());
        PeripheralException e = assertThrows(PeripheralException.class, () -> printer.print(doc(text("x", false, false, "left"))));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void jobsAreSerialised() throws Exception {
        start(config(), Charset.forName("CP437"));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> jobs = new java.util.ArrayList<>();
            for (int j = 0; j < 3; j++) {
                int job = j;
                jobs.add(pool.submit(() -> {
                    Block[] lines = new Block[60];
                    for (int i = 0; i < lines.length; i++) {
                        lines[i] = text("job " + job + " line " + i, false, false, "left");
                    }
                    printer.print(doc(lines));
                }));
            }
            for (Future<?> f : jobs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        List<String> texts = sim.texts();
        assertEquals(180, texts.size());
        for (int start = 0; start < 180; start += 60) {
            String job = texts.get(start).substring(0, 5);
            for (int i = 0; i < 60; i++) {
                assertEquals(job + " line " + i, texts.get(start + i));
            }
        }
    }

    @Test
    void badConfigurationFailsFastWithItsKey() {
        TestConfigs.Printer config = new TestConfigs.Printer("/dev/null");
        config.charset = "KOI8-R";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EscPosPrinter(config, events));
        assertTrue(e.getMessage().contains("charset 'KOI8-R' is not supported; use one of"), e.getMessage());
        TestConfigs.Printer config2 = new TestConfigs.Printer(" ");
        e = assertThrows(IllegalArgumentException.class, () -> new EscPosPrinter(config2, events));
        assertTrue(e.getMessage().contains("device path"), e.getMessage());
    }

    private static Block barcode(String symbology, String data) {
        Block b = Block.of("barcode");
        b.symbology = symbology;
        b.text = data;
        b.align = "center";
        return b;
    }

    private static Block qr(String data) {
        Block b = Block.of("qr");
        b.text = data;
        b.align = "center";
        return b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
