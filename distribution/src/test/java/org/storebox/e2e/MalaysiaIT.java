package org.storebox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.storebox.e2e.Store.assertMoney;
import static org.storebox.e2e.Store.assertSameDecimal;
import static org.storebox.e2e.Store.card;
import static org.storebox.e2e.Store.cash;
import static org.storebox.e2e.Store.line;
import static org.storebox.e2e.Store.newId;
import static org.storebox.e2e.Store.sale;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Malaysian store: MYR, Asia/Kuala_Lumpur, ms-MY, SST as exclusive tax (standard 10 %, reduced 5 %,
 * exempt), cash rounded to 0.05, Malay product names.
 */
class MalaysiaIT {
    private static final ZoneId KL = ZoneId.of("Asia/Kuala_Lumpur");
    private static Appliance box;
    private static Store store;
    private static String lane;

    @BeforeAll
    static void start() throws IOException {
        box = Appliance.builder("malaysia").storeId("MY001")
                .config("org.storebox.catalog.tax", "classes=standard=0.10,reduced=0.05,exempt=0",
                        "prices_include_tax=false")
                .config("org.storebox.store", "currency=MYR", "zone=Asia/Kuala_Lumpur", "locale=ms-MY")
                .start();
        store = new Store(box);
        lane = store.terminalToken("kaunter-1");
        store.putProductInClass("standard", "MY-1", "Teh Tarik Segera 3 dalam 1", "12.50");
        store.putProductInClass("reduced", "MY-2", "Kopi O Kaw Pekat", "4.20");
        store.putProductInClass("exempt", "MY-3", "Sayur Sawi Segar", "3.33");
        store.receive("MY-1", 100, "MY-2", 100, "MY-3", 100);
    }

    @AfterAll
    static void stop() {
        if (box != null) {
            box.close();
        }
    }

    private static List<Object> basket() {
        return List.of(line("MY-1", 2), line("MY-2", 1), line("MY-3", 1));
    }

    @Test
    void sstIsAddedPerClassAndShownAndCashRoundsToFiveSen() {
        JsonNode s = store.sell(lane, sale(newId(), basket(), List.of(cash("40.00"))));
        assertEquals("MYR", s.path("currency").asText(), () -> "currency from org.storebox.store.cfg: " + s);
        String day = s.path("business_day").asText();
        assertTrue(day.equals(LocalDate.now(KL).toString()) || day.equals(LocalDate.now(KL).minusDays(1).toString()),
                () -> "business day in Kuala Lumpur: " + s);

        JsonNode l1 = s.path("lines").path(0);
        assertEquals("Teh Tarik Segera 3 dalam 1", l1.path("name").asText(), "Malay name kept");
        assertEquals("standard", l1.path("tax_class").asText());
        assertSameDecimal("0.10", Store.decimal(l1, "tax_rate"), "standard SST rate");
        assertMoney("25.00", l1, "amount");
        assertMoney("2.50", l1, "tax");
        JsonNode l2 = s.path("lines").path(1);
        assertEquals("reduced", l2.path("tax_class").asText());
        assertSameDecimal("0.05", Store.decimal(l2, "tax_rate"), "reduced SST rate");
        assertMoney("4.20", l2, "amount");
        assertMoney("0.21", l2, "tax");
        JsonNode l3 = s.path("lines").path(2);
        assertEquals("exempt", l3.path("tax_class").asText());
        assertSameDecimal("0", Store.decimal(l3, "tax_rate"), "exempt");
        assertMoney("0.00", l3, "tax");

        assertMoney("32.53", s, "subtotal");
        assertMoney("2.71", s, "tax");
        assertMoney("35.24", s, "total");
        assertMoney("0.01", s, "rounding");
        assertMoney("35.25", s, "amount_due");
        assertMoney("4.75", s, "change");

        String receipt = FirstSaleIT.receiptText(s);
        assertTrue(receipt.contains("Teh Tarik Segera"), () -> "Malay name on the receipt:\n" + receipt);
        assertTrue(receipt.contains("2.71"), () -> "the SST amount is shown on the receipt:\n" + receipt);
        assertTrue(receipt.contains("35.25"), () -> "the rounded amount due is shown on the receipt:\n" + receipt);
    }

    @Test
    void cardIsNotRoundedAndCashRoundsDownToo() {
        JsonNode byCard = store.sell(lane, sale(newId(), basket(), List.of(card("35.24", "AUTH-MY1"))));
        assertMoney("35.24", byCard, "total");
        assertMoney("0.00", byCard, "rounding");
        assertMoney("35.24", byCard, "amount_due");

        JsonNode down = store.sell(lane, sale(newId(), List.of(line("MY-2", 1)), List.of(cash("5.00"))));
        assertMoney("0.21", down, "tax");
        assertMoney("4.41", down, "total");
        assertMoney("-0.01", down, "rounding");
        assertMoney("4.40", down, "amount_due");
        assertMoney("0.60", down, "change");

        JsonNode onGrid = store.sell(lane, sale(newId(), List.of(line("MY-1", 1)), List.of(cash("13.75"))));
        assertMoney("13.75", onGrid, "total");
        assertMoney("0.00", onGrid, "rounding");
        assertMoney("0.00", onGrid, "change");
    }

    @Test
    void taxPayableIsJournalledAndTheDayReportCountsIt() {
        JsonNode tbBefore = store.trialBalance();
        BigDecimal taxBefore = taxPayable(tbBefore);
        JsonNode report0 = box.call("GET", "/api/v1/day-report", lane, null).json();
        BigDecimal dayTaxBefore = Store.money(report0, "tax_total");

        store.sell(lane, sale(newId(), basket(), List.of(card("35.24", "AUTH-MY2"))));
        store.sell(lane, sale(newId(), List.of(line("MY-1", 1)), List.of(cash("13.75"))));

        JsonNode tb = store.trialBalance();
        Store.assertBalanced(tb);
        assertSameDecimal("3.96", taxPayable(tb).subtract(taxBefore),
                "tax payable accounts credited with the SST of both sales (2.71 + 1.25); accounts: " + tb.path("accounts"));
        JsonNode report = box.call("GET", "/api/v1/day-report", lane, null).json();
        assertSameDecimal("3.96", Store.money(report, "tax_total").subtract(dayTaxBefore), "tax_total in the X report");
    }

    /** Credit minus debit over every account whose name mentions tax. */
    private static BigDecimal taxPayable(JsonNode tb) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Map.Entry<String, JsonNode> e : tb.path("accounts").properties()) {
            if (e.getKey().toLowerCase().contains("tax") || e.getKey().toLowerCase().contains("sst")) {
                sum = sum.add(Store.net(tb, e.getKey()).negate());
            }
        }
        return sum;
    }
}
