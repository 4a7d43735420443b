package org.storebox.peripherals.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.storebox.api.common.StoreboxException;
import org.storebox.api.peripheral.PeripheralException;
import org.storebox.api.peripheral.PeripheralKind;
import org.storebox.api.peripheral.PeripheralStatus;
import org.storebox.api.peripheral.PrintDocument;
import org.storebox.api.peripheral.Weight;

import com.fasterxml.jackson.databind.JsonNode;

/** The HTTP API over the manager with in-test devices: listing, operations by kind, print, weight, errors and tokens. */
class PeripheralsServletTest {
    final Fakes.Config config = new Fakes.Config();
    final Fakes.MutableClock clock = new Fakes.MutableClock();
    final List<Fakes.Hanging> hanging = new ArrayList<>();
    PeripheralManager manager;
    PeripheralsServlet servlet;
    Fakes.Printer printer;

    @BeforeEach
    void start() {
        config.receiptUrlBase = "https://r.example.com/r/";
        manager = new PeripheralManager(config, clock);
        servlet = new PeripheralsServlet(manager, bearer -> switch (bearer) {
            case "till" -> Optional.of(new String[] { "till-1", "terminal" });
            case "boss" -> Optional.of(new String[] { "mgr", "manager" });
            case "odd" -> Optional.of(new String[] { "x", "guest" });
            default -> Optional.empty();
        });
        printer = add(new Fakes.Printer("front-printer"), PeripheralKind.PRINTER, "escpos");
        manager.setSales(Fakes.sales(Fakes.sale("S-1", "Tea shop", "Jasmine tea 250g     12.50", "TOTAL                12.50")));
    }

    @AfterEach
    void stop() {
        hanging.forEach(h -> h.release.countDown());
        manager.deactivate();
    }

    <T extends Fakes.Base> T add(T device, PeripheralKind kind, String driver) {
        manager.addPeripheral(device, Fakes.props(device.name, kind, driver, 0));
        if (device instanceof Fakes.Hanging h) {
            hanging.add(h);
        }
        return device;
    }

    Http call(Http h) throws Exception {
        return h.token("till").run(servlet);
    }

    JsonNode device(JsonNode list, String name) {
        for (JsonNode d : list.path("peripherals")) {
            if (d.path("name").asText().equals(name)) {
                return d;
            }
        }
        throw new AssertionError("no " + name + " in " + list);
    }

    // ---------------------------------------------------------------- listing

    @Test
    void listsEveryDeviceWhenOneDriverThrowsAndOneHangs() throws Exception {
        add(new Fakes.Throwing("broken-scanner"), PeripheralKind.SCANNER, "scanner");
        Fakes.Hanging h = add(new Fakes.Hanging("stuck-printer"), PeripheralKind.PRINTER, "javapos");
        add(new Fakes.Drawer("drawer-1"), PeripheralKind.DRAWER, "escpos");

        long t0 = System.nanoTime();
        Http r = call(Http.get(""));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertEquals(200, r.status);
        assertEquals("no-store", r.respHeaders.get("Cache-Control"));
        assertTrue(h.entered.await(0, TimeUnit.SECONDS), "the hanging driver was called");
        assertTrue(ms >= config.callTimeoutMs - 50 && ms < config.callTimeoutMs + 2000, "the listing waited about one timeout: " + ms);
        JsonNode list = r.json();
        assertEquals(4, list.path("peripherals").size());
        assertEquals("online", device(list, "front-printer").path("state").asText());
        assertEquals("online", device(list, "drawer-1").path("state").asText());
        JsonNode broken = device(list, "broken-scanner");
        assertEquals("error", broken.path("state").asText());
        assertTrue(broken.path("reason").asText().contains("port table corrupt"), broken.toString());
        assertEquals("failed", broken.path("detail").path("call").asText());
        JsonNode stuck = device(list, "stuck-printer");
        assertEquals("error", stuck.path("state").asText());
        assertEquals("javapos", stuck.path("driver").asText());
        assertTrue(stuck.path("reason").asText().contains("within " + config.callTimeoutMs + " ms"), stuck.toString());
        assertEquals("timeout", stuck.path("detail").path("call").asText());

        // The driver still hangs: the next listing does not wait for it again.
        t0 = System.nanoTime();
        list = call(Http.get("")).json();
        ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms < config.callTimeoutMs, "a stuck driver fails fast: " + ms);
        assertEquals("stuck", device(list, "stuck-printer").path("detail").path("call").asText());
        assertTrue(device(list, "stuck-printer").path("reason").asText().contains("has not returned"));
        assertEquals("online", device(list, "front-printer").path("state").asText());

        // Once it returns, it is online again.
        h.release.countDown();
        assertEquals("online", waitForState("stuck-printer", "online"));
    }

    /** Polls the listing (no fixed sleep) until the device shows the state, or 5 s pass. */
    String waitForState(String name, String state) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String seen;
        do {
            seen = device(call(Http.get("")).json(), name).path("state").asText();
            if (seen.equals(state)) {
                return seen;
            }
            Thread.onSpinWait();
        } while (System.nanoTime() < end);
        return seen;
    }

    @Test
    void listingShowsStatusReasonSinceAndDetail() throws Exception {
        printer.status = PeripheralStatus.online(Map.of("paper", "near_end"));
        JsonNode d = device(call(Http.get("")).json(), "front-printer");
        assertEquals("printer", d.path("kind").asText());
        assertEquals("escpos", d.path("driver").asText());
        assertTrue(d.path("reason").isNull());
        assertEquals("near_end", d.path("detail").path("paper").asText());
        assertFalse(d.path("since").asText().isEmpty());
        assertEquals("[\"selftest\",\"print\"]", d.path("operations").toString());
    }

    @Test
    void oneDeviceAndUnknownDevice() throws Exception {
        Http r = call(Http.get("/front-printer"));
        assertEquals(200, r.status);
        assertEquals("front-printer", r.json().path("name").asText());

        r = call(Http.get("/back-printer"));
        assertEquals(404, r.status);
        assertEquals("application/problem+json", r.respType);
        assertTrue(r.detail().contains("no device named 'back-printer'"), r.detail());
        assertEquals(404, call(Http.post("/back-printer/print", "{\"sale_id\":\"S-1\"}")).status);
    }

    @Test
    void sameNameTwiceKeepsTheHigherRankedAndReportsTheClash() throws Exception {
        Fakes.Printer other = new Fakes.Printer("front-printer");
        other.status = PeripheralStatus.offline("not this one");
        manager.addPeripheral(other, Fakes.props("front-printer", PeripheralKind.PRINTER, "javapos", 10));

        JsonNode list = call(Http.get("")).json();
        assertEquals(1, list.path("peripherals").size());
        assertEquals("javapos", device(list, "front-printer").path("driver").asText());
        assertEquals("offline", device(list, "front-printer").path("state").asText());
        JsonNode clash = list.path("clashes").get(0);
        assertEquals("front-printer", clash.path("name").asText());
        assertEquals("javapos", clash.path("kept").path("driver").asText());
        assertEquals("escpos", clash.path("ignored").get(0).path("driver").asText());

        manager.removePeripheral(other, Map.of(org.osgi.framework.Constants.SERVICE_ID, Fakes.nextId - 1));
        list = call(Http.get("")).json();
        assertEquals("escpos", device(list, "front-printer").path("driver").asText());
        assertEquals(0, list.path("clashes").size());
    }

    // ---------------------------------------------------------------- tokens and calls

    @Test
    void missingOrInvalidTokenIs401AndUnknownScope403() throws Exception {
        Http r = Http.get("").run(servlet);
        assertEquals(401, r.status);
        assertEquals("Bearer realm=\"storebox\"", r.respHeaders.get("WWW-Authenticate"));
        assertTrue(r.detail().contains("Authorization: Bearer"), r.detail());
        assertFalse(r.text().contains("till"));

        assertEquals(401, Http.get("").token("forged").run(servlet).status);
        assertEquals(401, Http.get("").header("Authorization", "Basic dGlsbDp4").run(servlet).status);
        assertEquals(401, Http.get("/events").run(servlet).status);
        assertEquals(403, Http.get("").token("odd").run(servlet).status);
        assertEquals(200, Http.get("").token("boss").run(servlet).status);
    }

    @Test
    void wrongMethodIs405AndUnknownCall404() throws Exception {
        Http r = call(Http.request("GET", "/front-printer/print"));
        assertEquals(405, r.status);
        assertEquals("POST", r.respHeaders.get("Allow"));
        assertEquals(405, call(Http.request("DELETE", "")).status);
        r = call(Http.post("/front-printer/dance", "{}"));
        assertEquals(404, r.status);
        assertTrue(r.detail().contains("selftest, print"), r.detail());
        r = call(Http.get("/front-printer/print/now"));
        assertEquals(404, r.status);
        assertTrue(r.detail().contains("POST .../{name}/selftest|print|open|zero|display"), r.detail());
    }

    @Test
    void operationTheKindDoesNotHaveIs400NamingKindAndOperations() throws Exception {
        add(new Fakes.Scanner("scanner-1"), PeripheralKind.SCANNER, "scanner");
        Http r = call(Http.post("/scanner-1/print", "{\"sale_id\":\"S-1\"}"));
        assertEquals(400, r.status);
        assertTrue(r.detail().contains("scanner-1 is a scanner, which cannot 'print'; a scanner has: selftest"), r.detail());

        r = call(Http.get("/front-printer/weight"));
        assertEquals(400, r.status);
        assertTrue(r.detail().contains("is a printer, which cannot 'weight'; a printer has: selftest, print"), r.detail());
        assertEquals(400, call(Http.post("/front-printer/open", "")).status);
    }

    @Test
    void selfTestPassesFailsAndSurvivesAHangingDriver() throws Exception {
        JsonNode ok = call(Http.post("/front-printer/selftest", "")).json();
        assertTrue(ok.path("passed").asBoolean());
        assertEquals("answered", ok.path("message").asText());

        add(new Fakes.Hanging("stuck"), PeripheralKind.PRINTER, "javapos");
        Http r = call(Http.post("/stuck/selftest", ""));
        assertEquals(200, r.status);
        assertFalse(r.json().path("passed").asBoolean());
        assertTrue(r.json().path("message").asText().contains("did not answer the selfTest call"), r.text());
    }

    // ---------------------------------------------------------------- print

    @Test
    void printBySaleIdPrintsReceiptLinesThenQrThenCut() throws Exception {
        Http r = call(Http.post("/front-printer/print", "{\"sale_id\":\"S-1\"}"));
        assertEquals(200, r.status, r.text());
        assertTrue(r.json().path("printed").asBoolean());
        assertEquals("S-1", r.json().path("sale_id").asText());
        assertEquals(5, r.json().path("blocks").asInt());
        assertEquals(1, printer.printed.size());
        List<PrintDocument.Block> b = printer.printed.get(0).blocks;
        assertEquals("text", b.get(0).type);
        assertEquals("Tea shop", b.get(0).text);
        assertEquals("TOTAL                12.50", b.get(2).text);
        assertEquals("qr", b.get(3).type);
        assertEquals("https://r.example.com/r/S-1", b.get(3).text);
        assertEquals("cut", b.get(4).type);
    }

    @Test
    void printBySaleIdWithoutBaseUrlHasNoQrCode() throws Exception {
        manager.deactivate();
        config.receiptUrlBase = "";
        manager = new PeripheralManager(config, clock);
        servlet = new PeripheralsServlet(manager, t -> Optional.of(new String[] { "t", "terminal" }));
        manager.addPeripheral(printer, Fakes.props("front-printer", PeripheralKind.PRINTER, "escpos", 0));
        manager.setSales(Fakes.sales(Fakes.sale("S-2", "a", "b")));
        assertEquals(200, call(Http.post("/front-printer/print", "{\"sale_id\":\"S-2\"}")).status);
        List<PrintDocument.Block> b = printer.printed.get(0).blocks;
        assertEquals(List.of("text", "text", "cut"), b.stream().map(x -> x.type).toList());
    }

    @Test
    void printUnknownSaleIs404AndNothingPrints() throws Exception {
        Http r = call(Http.post("/front-printer/print", "{\"sale_id\":\"S-404\"}"));
        assertEquals(404, r.status);
        assertTrue(r.detail().contains("no sale with id 'S-404'"), r.detail());
        assertTrue(printer.printed.isEmpty());
    }

    @Test
    void printWithoutSalesServiceIs503() throws Exception {
        manager.setSales(null);
        assertEquals(503, call(Http.post("/front-printer/print", "{\"sale_id\":\"S-1\"}")).status);
    }

    @Test
    void printDocument() throws Exception {
        Http r = call(Http.post("/front-printer/print", """
                {"document":{"blocks":[
                  {"type":"text","text":"Hello","bold":true,"align":"center"},
                  {"type":"barcode","text":"4006381333931","symbology":"EAN13"},
                  {"type":"feed","lines":2},{"type":"kick"},{"type":"cut"}]}}"""));
        assertEquals(200, r.status, r.text());
        assertEquals(5, r.json().path("blocks").asInt());
        PrintDocument d = printer.printed.get(0);
        assertEquals("Hello", d.blocks.get(0).text);
        assertTrue(d.blocks.get(0).bold);
        assertEquals("center", d.blocks.get(0).align);
        assertEquals("EAN13", d.blocks.get(1).symbology);
        assertEquals(2, d.blocks.get(2).lines);
    }

    @Test
    void unknownBlockTypeOrFieldOrMalformedJsonIs400AndNothingPrints() throws Exception {
        Http r = call(Http.post("/front-printer/print", "{\"document\":{\"blocks\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"logo\"}]}}"));
        assertEquals(400, r.status);
        assertTrue(r.detail().contains("block 2 has type 'logo', which the print API does not know; use one of barcode, cut, feed, kick, "
                + "qr, text"), r.detail());

        r = call(Http.post("/front-printer/print", "{\"document\":{\"blocks\":[{\"type\":\"text\",\"txt\":\"a\"}]}}"));
        assertEquals(400, r.status);
        assertTrue(r.detail().contains("document.blocks[0].txt"), r.detail());

        r = call(Http.post("/front-printer/print", "{\"sale_id\":"));
        assertEquals(400, r.status);
        assertTrue(r.detail().startsWith("the body is not valid JSON"), r.detail());

        assertEquals(400, call(Http.post("/front-printer/print", "[1,2]")).status);
        assertEquals(400, call(Http.post("/front-printer/print", "{}")).status);
        assertEquals(400, call(Http.post("/front-printer/print", "{\"sale_id\":\"S-1\",\"document\":{\"blocks\":[]}}")).status);
        assertEquals(400, call(Http.post("/front-printer/print", "{\"document\":{\"blocks\":[]}}")).status);
        assertEquals(400, call(Http.post("/front-printer/print", "{\"sale_id\":42}")).status);
        assertEquals(400, call(Http.post("/front-printer/print", "{\"saleid\":\"S-1\"}")).status);
        assertEquals(400, call(Http.post("/front-printer/print",
                "{\"document\":{\"blocks\":[{\"type\":\"barcode\",\"text\":\"1\",\"symbology\":\"PDF417\"}]}}")).status);

        Http wrongType = Http.post("/front-printer/print", "{\"sale_id\":\"S-1\"}");
        wrongType.contentType = "text/plain";
        assertEquals(415, call(wrongType).status);
        assertTrue(printer.printed.isEmpty());
    }

    @Test
    void printToOfflineOrFailingPrinterIs503WithTheReason() throws Exception {
        printer.status = PeripheralStatus.offline("no answer on /dev/ttyUSB0; check the USB cable");
        Http r = call(Http.post("/front-printer/print", "{\"sale_id\":\"S-1\"}"));
        assertEquals(503, r.status);
        assertEquals("front-printer is offline: no answer on /dev/ttyUSB0; check the USB cable", r.detail());
        assertTrue(printer.printed.isEmpty());

        printer.status = PeripheralStatus.error("paper out; load a new roll", Map.of("paper", "out"));
        r = call(Http.post("/front-printer/print", "{\"sale_id\":\"S-1\"}"));
        assertEquals(503, r.status);
        assertTrue(r.detail().contains("is error: paper out"), r.detail());

        printer.status = PeripheralStatus.online(Map.of());
        printer.failure = PeripheralException.unavailable("the cover opened mid-receipt; close it and print again");
        r = call(Http.post("/front-printer/print", "{\"sale_id\":\"S-1\"}"));
        assertEquals(503, r.status);
        assertEquals("the cover opened mid-receipt; close it and print again", r.detail());

        printer.failure = new PeripheralException(StoreboxException.Kind.INVALID, "the printer cannot encode U+1F600");
        assertEquals(422, call(Http.post("/front-printer/print", "{\"sale_id\":\"S-1\"}")).status);
    }

    // ---------------------------------------------------------------- drawer, scale, display

    @Test
    void openDrawer() throws Exception {
        Fakes.Drawer d = add(new Fakes.Drawer("drawer-1"), PeripheralKind.DRAWER, "escpos");
        Http r = call(Http.post("/drawer-1/open", ""));
        assertEquals(200, r.status, r.text());
        assertTrue(r.json().path("opened").asBoolean());
        assertEquals(1, d.opened);

        d.status = PeripheralStatus.offline("printer it hangs on is offline");
        assertEquals(503, call(Http.post("/drawer-1/open", "")).status);
        assertEquals(1, d.opened);
    }

    @Test
    void weightStatesAndValueAsDecimalString() throws Exception {
        Fakes.ScaleDevice s = add(new Fakes.ScaleDevice("scale-1"), PeripheralKind.SCALE, "mtsics");
        Http r = call(Http.get("/scale-1/weight?timeout_ms=1500"));
        assertEquals(200, r.status, r.text());
        assertTrue(r.text().contains("\"value\":\"0.345\""), r.text());
        assertEquals("stable", r.json().path("state").asText());
        assertEquals("kg", r.json().path("unit").asText());
        assertEquals(Duration.ofMillis(1500), s.askedTimeout);

        s.weight = Weight.stable(new BigDecimal("1.200"), "kg");
        assertTrue(call(Http.get("/scale-1/weight")).text().contains("\"value\":\"1.200\""));
        assertEquals(Duration.ofMillis(config.weighTimeoutMs), s.askedTimeout);

        for (Weight.State st : List.of(Weight.State.MOTION, Weight.State.OVERLOAD, Weight.State.UNDER_ZERO)) {
            s.weight = Weight.of(st);
            JsonNode j = call(Http.get("/scale-1/weight")).json();
            assertEquals(st.name().toLowerCase(), j.path("state").asText());
            assertTrue(j.path("value").isMissingNode(), j.toString());
            assertTrue(j.path("unit").isMissingNode(), j.toString());
        }

        assertEquals(400, call(Http.get("/scale-1/weight?timeout_ms=abc")).status);
        assertEquals(400, call(Http.get("/scale-1/weight?timeout_ms=-1")).status);
        assertEquals(400, call(Http.get("/scale-1/weight?timeout_ms=30001")).status);

        Http zeroed = call(Http.post("/scale-1/zero", ""));
        assertEquals(200, zeroed.status, zeroed.text());
        assertEquals(1, s.zeroed, "the scale was asked to zero once");

        s.status = PeripheralStatus.offline("scale unplugged");
        assertEquals(503, call(Http.get("/scale-1/weight")).status);
        assertEquals(503, call(Http.post("/scale-1/zero", "")).status);
        assertEquals(1, s.zeroed, "an offline scale is not asked");
    }

    @Test
    void display() throws Exception {
        Fakes.Display d = add(new Fakes.Display("pole"), PeripheralKind.DISPLAY, "escpos");
        Http r = call(Http.post("/pole/display", "{\"line1\":\"Tea 12.50\",\"line2\":null}"));
        assertEquals(200, r.status, r.text());
        assertEquals(List.of("Tea 12.50|null"), d.shown);
        assertEquals(400, call(Http.post("/pole/display", "{\"line1\":5}")).status);
        assertEquals(400, call(Http.post("/pole/display", "{\"line3\":\"x\"}")).status);
        assertEquals(1, d.shown.size());
    }

    @Test
    void removedDeviceIsGone() throws Exception {
        Map<String, Object> p = Fakes.props("pole", PeripheralKind.DISPLAY, "escpos", 0);
        Fakes.Display d = new Fakes.Display("pole");
        manager.addPeripheral(d, p);
        assertEquals(200, call(Http.get("/pole")).status);
        manager.removePeripheral(d, p);
        assertEquals(404, call(Http.get("/pole")).status);
        assertNull(manager.kept("pole").orElse(null));
    }
}
