package org.storebox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.storebox.e2e.Store.assertMoney;
import static org.storebox.e2e.Store.assertProblem;
import static org.storebox.e2e.Store.assertSameDecimal;
import static org.storebox.e2e.Store.card;
import static org.storebox.e2e.Store.cash;
import static org.storebox.e2e.Store.line;
import static org.storebox.e2e.Store.newId;
import static org.storebox.e2e.Store.sale;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.storebox.e2e.Appliance.Response;

/** X and Z reports of one terminal's business day: counts, totals by tender, rounding, declared cash and variance. */
class DayCloseIT {
    private static Appliance box;
    private static Store store;
    private static String manager;

    @BeforeAll
    static void start() throws IOException {
        box = Appliance.builder("day-close").start();
        store = new Store(box);
        manager = box.token(store.registerClient("day-manager", "manager"));
        store.putProduct("DC-P", "Dim sum basket", "20.00");
        store.putProduct("DC-Q", "Egg tart", "12.45");
        store.receive("DC-P", 100, "DC-Q", 100);
    }

    @AfterAll
    static void stop() {
        if (box != null) {
            box.close();
        }
    }

    @Test
    void aDayOfTradeIsReportedClosedWithAShortfallAndTheNextSaleStartsANewDay() {
        String lane = store.terminalToken("lane-day");
        java.math.BigDecimal cashBefore = Store.net(store.trialBalance(), "cash");
        JsonNode a = store.sell(lane, sale(newId(), List.of(line("DC-P", 2)), List.of(cash("50.00"))));
        JsonNode b = store.sell(lane, sale(newId(), List.of(line("DC-P", 1)), List.of(card("20.00", "AUTH-B"))));
        JsonNode c = store.sell(lane, sale(newId(), List.of(line("DC-Q", 1)), List.of(cash("20.00"))));
        assertMoney("12.50", c, "amount_due");
        JsonNode d = store.sell(lane, sale(newId(), List.of(Appliance.obj("sku", "DC-P", "qty", 1, "discount", "2.00")),
                List.of(card("18.00", "AUTH-D"))));
        Response ret = box.call("POST", "/api/v1/returns", lane, Appliance.obj("id", newId(), "original_sale_id",
                a.path("id").asText(), "lines", List.of(line("DC-P", 1)), "refund_tender", "cash"));
        assertEquals(201, ret.status(), () -> "return: " + ret);
        Response v = box.call("POST", "/api/v1/sales/" + b.path("id").asText() + "/void", manager,
                Appliance.obj("reason", "customer left"));
        assertEquals(200, v.status(), () -> "void: " + v);

        String terminalId = a.path("terminal_id").asText();
        String day = a.path("business_day").asText();
        for (JsonNode s : List.of(b, c, d)) {
            assertEquals(day, s.path("business_day").asText(), "one business day");
        }

        Response x = box.call("GET", "/api/v1/day-report", lane, null);
        assertEquals(200, x.status(), () -> "X report: " + x);
        JsonNode xr = x.json();
        assertEquals(terminalId, xr.path("terminal_id").asText(), () -> "the terminal's own report: " + xr);
        assertEquals(day, xr.path("business_day").asText());
        assertEquals("open", xr.path("state").asText());
        assertEquals(3, xr.path("sales_count").asInt(), () -> "three completed sales (the voided one apart): " + xr);
        assertEquals(1, xr.path("returns_count").asInt(), () -> "one return: " + xr);
        assertEquals(1, xr.path("voids_count").asInt(), () -> "one void: " + xr);
        assertMoney("70.45", xr, "sales_total");
        assertMoney("20.00", xr, "returns_total");
        assertMoney("20.00", xr, "voids_total");
        assertMoney("2.00", xr, "discount_total");
        assertMoney("0.00", xr, "tax_total");
        assertMoney("0.05", xr, "rounding_total");
        assertMoney("32.50", xr.path("tenders"), "cash");
        assertMoney("18.00", xr.path("tenders"), "card");
        assertMoney("32.50", xr, "expected_cash");
        assertTrue(xr.path("declared_cash").isNull(), () -> "nothing declared yet: " + xr);
        assertTrue(xr.path("variance").isNull(), () -> "no variance yet: " + xr);

        Response managerView = box.call("GET", "/api/v1/day-report?terminal_id=" + terminalId, manager, null);
        assertEquals(200, managerView.status(), () -> "manager reads a terminal's X report: " + managerView);
        assertEquals(xr, managerView.json(), "the manager sees the same report");

        JsonNode tb = store.trialBalance();
        Store.assertBalanced(tb);
        assertSameDecimal("32.50", Store.net(tb, "cash").subtract(cashBefore),
                "the cash account moved by what the drawer should hold");

        Response z = box.call("POST", "/api/v1/day-close", lane, Appliance.obj("declared_cash", "30.00"));
        assertEquals(201, z.status(), () -> "Z report: " + z);
        JsonNode zr = z.json();
        assertEquals("closed", zr.path("state").asText(), () -> "closed: " + zr);
        assertEquals(day, zr.path("business_day").asText());
        assertEquals(3, zr.path("sales_count").asInt());
        assertMoney("70.45", zr, "sales_total");
        assertMoney("32.50", zr, "expected_cash");
        assertMoney("30.00", zr, "declared_cash");
        assertMoney("-2.50", zr, "variance");

        Response again = box.call("GET", "/api/v1/day-report?business_day=" + day, lane, null);
        assertEquals(200, again.status(), () -> "the closed day's report: " + again);
        assertEquals("closed", again.json().path("state").asText());
        assertMoney("-2.50", again.json(), "variance");

        JsonNode e = store.sell(lane, sale(newId(), List.of(line("DC-P", 1)), List.of(card("20.00", "AUTH-E"))));
        assertTrue(LocalDate.parse(e.path("business_day").asText()).isAfter(LocalDate.parse(day)),
                () -> "after the Z report the next sale belongs to the next business day, not " + day + ": " + e);
        Response next = box.call("GET", "/api/v1/day-report", lane, null);
        assertEquals(200, next.status(), () -> "X report of the new day: " + next);
        assertEquals(e.path("business_day").asText(), next.json().path("business_day").asText());
        assertEquals("open", next.json().path("state").asText());
        assertEquals(1, next.json().path("sales_count").asInt(), () -> "the new day has one sale: " + next);
        assertMoney("0.00", next.json(), "expected_cash");
    }

    @Test
    void moreCashThanExpectedIsAPositiveVarianceAndBadDeclarationsAreRefused() {
        String lane = store.terminalToken("lane-over");
        store.sell(lane, sale(newId(), List.of(line("DC-P", 1)), List.of(cash("20.00"))));
        Response bad = box.call("POST", "/api/v1/day-close", lane, Appliance.obj("declared_cash", "twenty"));
        assertTrue(bad.status() == 400 || bad.status() == 422, () -> "declared_cash that is no amount: " + bad);
        assertProblem(bad, bad.status(), "declared_cash");
        assertEquals("open", box.call("GET", "/api/v1/day-report", lane, null).json().path("state").asText(),
                "a refused close leaves the day open");
        Response z = box.call("POST", "/api/v1/day-close", lane, Appliance.obj("declared_cash", "20.50"));
        assertEquals(201, z.status(), () -> "Z report: " + z);
        assertMoney("20.00", z.json(), "expected_cash");
        assertMoney("0.50", z.json(), "variance");
    }
}
