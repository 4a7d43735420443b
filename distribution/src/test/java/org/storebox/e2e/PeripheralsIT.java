package org.storebox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.storebox.e2e.Appliance.Response;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.storebox.peripheral.escpos.internal.PrinterSimulator;
import org.storebox.peripheral.scale.internal.SicsScaleSimulator;
import org.storebox.peripheral.scanner.internal.ScannerSimulator;
import org.storebox.peripheral.serial.testing.SocatPair;

/**
 * The peripherals of a Hong Kong counter, through the built jar and its HTTP API: an ESC/POS
 * printer with a cash drawer, a serial scanner and an MT-SICS scale, each a device simulator on a
 * real socat pseudo-terminal pair, configured by files in the data directory as a technician would.
 */
class PeripheralsIT {
    private static Path dir;
    private static SocatPair printerPort;
    private static SocatPair scannerPort;
    private static SocatPair scalePort;
    private static PrinterSimulator printer;
    private static ScannerSimulator scanner;
    private static SicsScaleSimulator scale;
    private static Appliance box;
    private static Store store;
    private static String terminal;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("storebox-peripherals");
        printerPort = SocatPair.start(dir.resolve("printer"));
        scannerPort = SocatPair.start(dir.resolve("scanner"));
        scalePort = SocatPair.start(dir.resolve("scale"));
        printer = new PrinterSimulator(printerPort.sim(), Charset.forName("Big5"));
        scale = new SicsScaleSimulator(scalePort.sim());
        scale.weight("1.250", "kg");
        box = Appliance.builder("peripherals").storeId("HK-PERIPH")
                .config("org.storebox.alerts", "interval_s=1")
                .config("org.storebox.peripheral.escpos.printer-front", "name=front-printer",
                        "port=" + printerPort.dev(), "charset=Big5", "columns=42", "status_poll_ms=200",
                        "drawer_name=front-drawer")
                .config("org.storebox.peripheral.scanner-lane1", "name=lane1-scanner", "port=" + scannerPort.dev())
                .config("org.storebox.peripheral.scale-deli", "name=deli-scale", "port=" + scalePort.dev())
                .config("org.storebox.peripheral.escpos.display-nowhere", "name=nowhere-display",
                        "port=" + dir.resolve("no-such-port"))
                .start();
        store = new Store(box);
        terminal = store.terminalToken("lane-1");
        scanner = new ScannerSimulator(scannerPort.sim(), "", "\\r\\n", 42);
    }

    @AfterAll
    static void stop() throws Exception {
        if (box != null) {
            box.close();
        }
        for (AutoCloseable c : new AutoCloseable[] { scanner, scale, printer, printerPort, scannerPort, scalePort }) {
            if (c != null) {
                c.close();
            }
        }
        Appliance.deleteTree(dir);
    }

    @Test
    void everyConfiguredDeviceIsListedWithItsState() {
        JsonNode list = await("all four serial devices online, the display on a missing port offline",
                () -> box.call("GET", "/api/v1/peripherals", terminal, null).json(),
                l -> "online".equals(state(l, "front-printer")) && "online".equals(state(l, "front-drawer"))
                        && "online".equals(state(l, "lane1-scanner")) && "online".equals(state(l, "deli-scale"))
                        && "offline".equals(state(l, "nowhere-display")));
        JsonNode display = device(list, "nowhere-display");
        assertEquals("display", display.path("kind").asText());
        assertTrue(display.path("reason").asText().contains("no-such-port"),
                "the reason names the missing port: " + display);
        assertEquals("printer", device(list, "front-printer").path("kind").asText());
        assertEquals("escpos", device(list, "front-printer").path("driver").asText());
        assertEquals(401, box.call("GET", "/api/v1/peripherals", null, null).status(), "no token, no devices");
    }

    @Test
    void aSaleReceiptIsPrintedInTraditionalChineseAndTheDrawerOpens() {
        awaitOnline("front-printer");
        store.putProduct("HK-TEA-1", "凍檸茶", "18.00");
        store.receive("HK-TEA-1", 10);
        String id = Store.newId();
        store.sell(terminal, Store.sale(id, List.of(Store.line("HK-TEA-1", 2)), List.of(Store.cash("50.00"))));
        printer.clear();

        Response printed = box.call("POST", "/api/v1/peripherals/front-printer/print", terminal,
                Appliance.obj("sale_id", id));
        assertEquals(200, printed.status(), printed::toString);
        List<PrinterSimulator.Element> out = awaitPrinted(e -> e instanceof PrinterSimulator.Cut);
        String text = texts(out);
        assertTrue(text.contains("凍檸茶"), "the product name in Big5 reached the printer: " + text);
        assertTrue(text.contains("36.00"), "the total reached the printer: " + text);
        assertTrue(printer.problems().isEmpty(), "the printer understood every byte: " + printer.problems());

        Response opened = box.call("POST", "/api/v1/peripherals/front-drawer/open", terminal, null);
        assertEquals(200, opened.status(), opened::toString);
        awaitPrinted(e -> e instanceof PrinterSimulator.Kick);

        Response unknownSale = box.call("POST", "/api/v1/peripherals/front-printer/print", terminal,
                Appliance.obj("sale_id", Store.newId()));
        Store.assertProblem(unknownSale, 404, "sale");
        Response wrongKind = box.call("POST", "/api/v1/peripherals/lane1-scanner/print", terminal,
                Appliance.obj("sale_id", id));
        Store.assertProblem(wrongKind, 400, "scanner");
    }

    @Test
    void aScanOfAKnownBarcodeArrivesOnTheEventStreamWithItsProduct() throws Exception {
        awaitOnline("lane1-scanner");
        String barcode = Store.ean13("489123456789");
        store.putProduct("HK-BUN-1", "菠蘿包", "9.50", barcode);
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        HttpResponse<java.io.InputStream> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                box.uri("/api/v1/peripherals/events")).header("Authorization", "Bearer " + terminal)
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null;) {
                    events.add(line);
                }
            } catch (Exception e) {
                events.add("closed: " + e);
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            // A garbled frame, a code with a wrong check digit, then the good one.
            String wrong = barcode.substring(0, 12) + (char) ('0' + (barcode.charAt(12) - '0' + 1) % 10);
            scanner.send(new byte[] { 0x00, 0x13, '?', '\r', '\n' });
            scanner.scan(wrong);
            scanner.scan(barcode);
            JsonNode garbled = nextScan(events);
            assertEquals(false, garbled.path("valid").asBoolean(true), "a garbled frame is an invalid scan: " + garbled);
            assertTrue(!garbled.path("reason").asText().isBlank(), "with a reason: " + garbled);
            JsonNode invalid = nextScan(events);
            assertEquals(wrong, invalid.path("barcode").asText());
            assertEquals(false, invalid.path("valid").asBoolean(true), "a wrong check digit is an invalid scan: " + invalid);
            assertTrue(invalid.path("reason").asText().toLowerCase().contains("check"), "the reason says check digit: " + invalid);
            JsonNode good = nextScan(events);
            assertEquals(barcode, good.path("barcode").asText());
            assertTrue(good.path("valid").asBoolean(), good::toString);
            assertEquals("HK-BUN-1", good.path("product").path("sku").asText(good.toString()),
                    "a known barcode carries its product: " + good);
        } finally {
            stream.body().close();
        }
    }

    @Test
    void theScaleAnswersOnlyAStableWeightAsANumber() {
        awaitOnline("deli-scale");
        scale.mode(SicsScaleSimulator.Mode.STABLE);
        Response stable = box.call("GET", "/api/v1/peripherals/deli-scale/weight?timeout_ms=2000", terminal, null);
        assertEquals(200, stable.status(), stable::toString);
        assertEquals("stable", stable.json().path("state").asText());
        assertEquals("1.250", stable.json().path("value").asText(), "the weight exactly as the scale sent it");
        assertEquals("kg", stable.json().path("unit").asText());

        scale.mode(SicsScaleSimulator.Mode.OVERLOAD);
        Response over = box.call("GET", "/api/v1/peripherals/deli-scale/weight?timeout_ms=500", terminal, null);
        assertEquals(200, over.status(), over::toString);
        assertEquals("overload", over.json().path("state").asText());
        assertTrue(over.json().path("value").isMissingNode() || over.json().path("value").isNull(),
                "overload is a state, not a number: " + over.json());
        scale.mode(SicsScaleSimulator.Mode.STABLE);
    }

    @Test
    void anUnpluggedPrinterRaisesAnAlertAndComesBackByItself() throws Exception {
        awaitOnline("front-printer");
        printerPort.unplug();
        try {
            await("the printer offline", () -> box.call("GET", "/api/v1/peripherals", terminal, null).json(),
                    l -> "offline".equals(state(l, "front-printer")));
            JsonNode alert = await("an alert for the offline printer",
                    () -> box.call("GET", "/api/v1/alerts", terminal, null).json(),
                    a -> alert(a, "peripheral.offline", "front-printer") != null);
            assertEquals("peripheral", alert(alert, "peripheral.offline", "front-printer").path("source").asText());
            Response refused = box.call("POST", "/api/v1/peripherals/front-printer/print", terminal,
                    Appliance.obj("document", Appliance.obj("blocks", List.of(Appliance.obj("type", "text", "text", "hello")))));
            Store.assertProblem(refused, 503, "front-printer");
        } finally {
            printerPort.replug();
        }
        awaitOnline("front-printer");
        await("the offline alert cleared", () -> box.call("GET", "/api/v1/alerts", terminal, null).json(),
                a -> alert(a, "peripheral.offline", "front-printer") == null);
    }

    @Test
    void paperOutIsAnErrorWithAnAlert() {
        awaitOnline("front-printer");
        printer.condition(PrinterSimulator.Condition.PAPER_OUT);
        try {
            JsonNode list = await("the printer in error for paper out",
                    () -> box.call("GET", "/api/v1/peripherals", terminal, null).json(),
                    l -> "error".equals(state(l, "front-printer")));
            assertTrue(device(list, "front-printer").path("reason").asText().toLowerCase().contains("paper"),
                    "the reason says paper: " + device(list, "front-printer"));
            await("a paper-out alert", () -> box.call("GET", "/api/v1/alerts", terminal, null).json(),
                    a -> alert(a, "peripheral.paper_out", "front-printer") != null);
        } finally {
            printer.condition(PrinterSimulator.Condition.OK);
        }
        awaitOnline("front-printer");
    }

    // ------------------------------------------------------------------ helpers

    private static JsonNode nextScan(BlockingQueue<String> lines) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String event = null;
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line == null) {
                continue;
            }
            if (line.startsWith("event:")) {
                event = line.substring(6).trim();
            } else if (line.startsWith("data:") && "scan".equals(event)) {
                return new ObjectMapper().readTree(line.substring(5).trim());
            } else if (line.startsWith("closed")) {
                fail("the event stream closed: " + line);
            }
        }
        return fail("no scan event within 10 s\n" + box.logTail(20));
    }

    private static List<PrinterSimulator.Element> awaitPrinted(Predicate<PrinterSimulator.Element> last) {
        return await("the printer received it", () -> List.copyOf(printer.printed()), l -> l.stream().anyMatch(last));
    }

    private static String texts(List<PrinterSimulator.Element> elements) {
        StringBuilder b = new StringBuilder();
        for (PrinterSimulator.Element e : elements) {
            if (e instanceof PrinterSimulator.Text t) {
                b.append(t.text()).append('\n');
            }
        }
        return b.toString();
    }

    private static void awaitOnline(String name) {
        await(name + " online", () -> box.call("GET", "/api/v1/peripherals", terminal, null).json(),
                l -> "online".equals(state(l, name)));
    }

    private static JsonNode device(JsonNode list, String name) {
        for (JsonNode d : list.path("peripherals")) {
            if (name.equals(d.path("name").asText())) {
                return d;
            }
        }
        return null;
    }

    private static String state(JsonNode list, String name) {
        JsonNode d = device(list, name);
        return d == null ? null : d.path("state").asText();
    }

    private static JsonNode alert(JsonNode alerts, String code, String subject) {
        for (JsonNode a : alerts.path("alerts")) {
            if (code.equals(a.path("code").asText()) && subject.equals(a.path("subject").asText())
                    && !"cleared".equals(a.path("state").asText())) {
                return a;
            }
        }
        return null;
    }

    private static <T> T await(String what, Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                fail(what + " did not happen within 20 s; last: " + last + "\n" + box.logTail(30));
            }
            box.exitedWithin(Duration.ofMillis(100));
            last = probe.get();
        }
        return last;
    }
}
