package org.storebox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.storebox.e2e.Store.assertMoney;
import static org.storebox.e2e.Store.assertProblem;
import static org.storebox.e2e.Store.assertQty;
import static org.storebox.e2e.Store.assertSameDecimal;
import static org.storebox.e2e.Store.card;
import static org.storebox.e2e.Store.cash;
import static org.storebox.e2e.Store.line;
import static org.storebox.e2e.Store.newId;
import static org.storebox.e2e.Store.sale;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.storebox.e2e.Appliance.Credentials;
import org.storebox.e2e.Appliance.Response;

/** Returns against an original sale (never more than was sold), voids, and a journal that stays balanced. */
class ReturnsAndVoidsIT {
    private static Appliance box;
    private static Store store;
    private static String lane;
    private static String manager;

    @BeforeAll
    static void start() throws IOException {
        box = Appliance.builder("returns-voids").start();
        store = new Store(box);
        lane = store.terminalToken("lane-rv");
        Credentials m = store.registerClient("floor-manager", "manager");
        manager = box.token(m);
        store.putProduct("RV-1", "Rice 5 kg", "50.00");
        store.putProduct("RV-2", "Noodles", "8.00");
        store.putProduct("RV-3", "Chopsticks", "2.00");
        store.receive("RV-1", 1000, "RV-2", 1000, "RV-3", 1000);
    }

    @AfterAll
    static void stop() {
        if (box != null) {
            box.close();
        }
    }

    private static Map<String, Object> returnBody(String id, String original, List<?> lines) {
        return Appliance.obj("id", id, "original_sale_id", original, "lines", lines, "refund_tender", "cash");
    }

    @Test
    void partialReturnsUpToWhatWasSoldAndNotBeyond() {
        BigDecimal rv1 = store.onHand("RV-1");
        BigDecimal rv2 = store.onHand("RV-2");
        JsonNode s = store.sell(lane, sale(newId(), List.of(line("RV-1", 3), line("RV-2", 2)), List.of(cash("200.00"))));
        assertMoney("166.00", s, "total");
        String original = s.path("id").asText();
        assertSameDecimal(rv1.subtract(BigDecimal.valueOf(3)).toPlainString(), store.onHand("RV-1"), "RV-1 sold");

        String r1 = newId();
        Response first = box.call("POST", "/api/v1/returns", lane, returnBody(r1, original, List.of(line("RV-1", 1))));
        assertEquals(201, first.status(), () -> "first partial return: " + first);
        JsonNode ret = first.json();
        assertEquals(r1, ret.path("id").asText());
        assertEquals("return", ret.path("kind").asText(), () -> "kind return: " + ret);
        assertEquals(original, ret.path("original_sale_id").asText(), () -> "original_sale_id: " + ret);
        assertMoney("50.00", ret, "total");
        assertEquals("RV-1", ret.path("lines").path(0).path("sku").asText());
        assertQty("1", ret.path("lines").path(0), "qty");
        assertEquals("cash", ret.path("tenders").path(0).path("type").asText(), () -> "refunded in cash: " + ret);
        assertSameDecimal(rv1.subtract(BigDecimal.valueOf(2)).toPlainString(), store.onHand("RV-1"),
                "a returned item goes back on the shelf");
        Response get = box.call("GET", "/api/v1/sales/" + r1, lane, null);
        assertEquals(200, get.status(), () -> "a return is a stored document: " + get);
        assertEquals(ret, get.json(), "GET answers the stored return");

        Response second = box.call("POST", "/api/v1/returns", lane,
                returnBody(newId(), original, List.of(line("RV-1", 2), line("RV-2", 2))));
        assertEquals(201, second.status(), () -> "returning the rest: " + second);
        assertMoney("116.00", second.json(), "total");
        assertSameDecimal(rv1.toPlainString(), store.onHand("RV-1"), "all RV-1 back");
        assertSameDecimal(rv2.toPlainString(), store.onHand("RV-2"), "all RV-2 back");

        long seq = store.lastSeq();
        String beyond = newId();
        assertProblem(box.call("POST", "/api/v1/returns", lane, returnBody(beyond, original, List.of(line("RV-1", 1)))),
                422, "RV-1");
        store.assertNoSale(beyond);
        String notSold = newId();
        assertProblem(box.call("POST", "/api/v1/returns", lane, returnBody(notSold, original, List.of(line("RV-3", 1)))),
                422, "RV-3");
        store.assertNoSale(notSold);
        assertSameDecimal(rv1.toPlainString(), store.onHand("RV-1"), "refused returns move no stock");
        assertSameDecimal(rv2.toPlainString(), store.onHand("RV-2"), "refused returns move no stock");
        assertEquals(seq, store.lastSeq(), "refused returns write no outbox event");
    }

    @Test
    void returnBeyondSoldInOneGoIsRefusedWhole() {
        JsonNode s = store.sell(lane, sale(newId(), List.of(line("RV-2", 1), line("RV-3", 1)), List.of(cash("10.00"))));
        BigDecimal rv2 = store.onHand("RV-2");
        BigDecimal rv3 = store.onHand("RV-3");
        String id = newId();
        // The RV-3 line alone would be fine: nothing of the document may be stored.
        assertProblem(box.call("POST", "/api/v1/returns", lane,
                returnBody(id, s.path("id").asText(), List.of(line("RV-3", 1), line("RV-2", 2)))), 422, "RV-2");
        store.assertNoSale(id);
        assertSameDecimal(rv2.toPlainString(), store.onHand("RV-2"), "no stock moved");
        assertSameDecimal(rv3.toPlainString(), store.onHand("RV-3"), "the good line was not half-written");
        assertProblem(box.call("POST", "/api/v1/returns", lane,
                returnBody(newId(), s.path("id").asText(), List.of(line("RV-2", 0)))), 422);
    }

    @Test
    void unknownOriginalIs404() {
        String id = newId();
        String missing = newId();
        assertProblem(box.call("POST", "/api/v1/returns", lane, returnBody(id, missing, List.of(line("RV-1", 1)))),
                404, missing);
        store.assertNoSale(id);
    }

    @Test
    void aReturnRetryIsIdempotent() {
        JsonNode s = store.sell(lane, sale(newId(), List.of(line("RV-3", 5)), List.of(cash("10.00"))));
        Map<String, Object> body = returnBody(newId(), s.path("id").asText(), List.of(line("RV-3", 2)));
        Response first = box.call("POST", "/api/v1/returns", lane, body);
        assertEquals(201, first.status(), () -> "return: " + first);
        BigDecimal after = store.onHand("RV-3");
        Response again = box.call("POST", "/api/v1/returns", lane, body);
        assertEquals(200, again.status(), () -> "the same return posted again: " + again);
        assertEquals(first.json(), again.json(), "the retry answers the stored return");
        assertSameDecimal(after.toPlainString(), store.onHand("RV-3"), "the retry moved no stock");
    }

    @Test
    void aDiscountedLineRefundsWhatWasPaid() {
        JsonNode s = store.sell(lane, sale(newId(),
                List.of(Appliance.obj("sku", "RV-2", "qty", 2, "discount", "2.00")), List.of(cash("14.00"))));
        assertMoney("14.00", s, "total");
        Response r = box.call("POST", "/api/v1/returns", lane,
                returnBody(newId(), s.path("id").asText(), List.of(line("RV-2", 1))));
        assertEquals(201, r.status(), () -> "return: " + r);
        assertMoney("7.00", r.json(), "total");
    }

    @Test
    void aManagerVoidsASaleOnceAndStockComesBack() {
        BigDecimal rv1 = store.onHand("RV-1");
        JsonNode s = store.sell(lane, sale(newId(), List.of(line("RV-1", 2)), List.of(card("100.00", "AUTH-V1"))));
        String id = s.path("id").asText();
        assertSameDecimal(rv1.subtract(BigDecimal.valueOf(2)).toPlainString(), store.onHand("RV-1"), "sold");

        Response v = box.call("POST", "/api/v1/sales/" + id + "/void", manager, Appliance.obj("reason", "wrong item scanned"));
        assertEquals(200, v.status(), () -> "void: " + v);
        assertEquals(id, v.json().path("id").asText());
        assertEquals("voided", v.json().path("status").asText(), () -> "status voided: " + v);
        assertMoney("100.00", v.json(), "total");
        assertSameDecimal(rv1.toPlainString(), store.onHand("RV-1"), "a void puts the stock back");
        Response get = box.call("GET", "/api/v1/sales/" + id, lane, null);
        assertEquals("voided", get.json().path("status").asText(), () -> "the stored sale is voided: " + get);

        long seq = store.lastSeq();
        assertProblem(box.call("POST", "/api/v1/sales/" + id + "/void", manager, Appliance.obj("reason", "again")), 409, id);
        assertSameDecimal(rv1.toPlainString(), store.onHand("RV-1"), "a second void moves nothing");
        assertEquals(seq, store.lastSeq(), "a refused void writes no outbox event");
        String missing = newId();
        assertProblem(box.call("POST", "/api/v1/sales/" + missing + "/void", manager, Appliance.obj("reason", "x")), 404, missing);
    }

    @Test
    void aVoidedSaleCannotBeReturned() {
        JsonNode s = store.sell(lane, sale(newId(), List.of(line("RV-3", 1)), List.of(cash("2.00"))));
        String id = s.path("id").asText();
        assertEquals(200, box.call("POST", "/api/v1/sales/" + id + "/void", manager, Appliance.obj("reason", "test")).status());
        BigDecimal rv3 = store.onHand("RV-3");
        String ret = newId();
        Response r = box.call("POST", "/api/v1/returns", lane, returnBody(ret, id, List.of(line("RV-3", 1))));
        assertTrue(r.status() == 409 || r.status() == 422, () -> "a return against a voided sale refunds twice: " + r);
        assertProblem(r, r.status());
        store.assertNoSale(ret);
        assertSameDecimal(rv3.toPlainString(), store.onHand("RV-3"), "no stock moved");
    }

    @Test
    void theJournalBalancesAfterSalesReturnsAndVoids() {
        JsonNode before = store.trialBalance();
        Store.assertBalanced(before);
        BigDecimal cashBefore = Store.net(before, "cash");

        JsonNode a = store.sell(lane, sale(newId(), List.of(line("RV-1", 1), line("RV-2", 1)), List.of(cash("100.00"))));
        assertMoney("42.00", a, "change");
        JsonNode b = store.sell(lane, sale(newId(), List.of(line("RV-1", 1)), List.of(card("50.00", "AUTH-TB"))));
        Response r = box.call("POST", "/api/v1/returns", lane,
                returnBody(newId(), a.path("id").asText(), List.of(line("RV-2", 1))));
        assertEquals(201, r.status(), () -> "return: " + r);
        Response v = box.call("POST", "/api/v1/sales/" + b.path("id").asText() + "/void", manager,
                Appliance.obj("reason", "card declined after all"));
        assertEquals(200, v.status(), () -> "void: " + v);

        JsonNode after = store.trialBalance();
        Store.assertBalanced(after);
        assertSameDecimal("50.00", Store.net(after, "cash").subtract(cashBefore),
                "cash account: +58.00 taken (100.00 less 42.00 change), -8.00 refunded");
    }
}
