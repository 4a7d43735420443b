package org.storebox.sales.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.storebox.api.common.StoreboxException;
import org.storebox.api.sale.SaleLine;
import org.storebox.api.sale.TenderRequest;

class PricingTest {
    private static final Pricing HKD = new Pricing(2, new BigDecimal("0.10"));
    private static final Pricing MYR = new Pricing(2, new BigDecimal("0.05"));

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    private static SaleLine line(Pricing p, String qty, String price, String taxClass, String rate) {
        SaleLine l = new SaleLine();
        l.qty = d(qty);
        l.unitPrice = d(price);
        l.discount = p.zero();
        l.amount = p.gross(l.qty, l.unitPrice);
        l.taxClass = taxClass;
        l.taxRate = d(rate);
        return l;
    }

    private static TenderRequest tender(String type, String amount) {
        TenderRequest t = new TenderRequest();
        t.type = type;
        t.amount = d(amount);
        return t;
    }

    @Test
    void weighedGoodsRoundHalfUpToTheCent() {
        assertEquals(d("4.84"), HKD.gross(d("0.375"), d("12.90")));
        assertEquals(d("0.01"), HKD.gross(d("0.001"), d("5.00")));
    }

    @Test
    void hongKongCashRoundsToTenCentsHalfUpButCardPaysTheExactTotal() {
        assertEquals(d("9.00"), HKD.amountDue(d("9.04"), true));
        assertEquals(d("9.10"), HKD.amountDue(d("9.05"), true));
        assertEquals(d("9.04"), HKD.amountDue(d("9.04"), false));
    }

    @Test
    void malaysianCashRoundsToFiveSen() {
        assertEquals(d("10.00"), MYR.amountDue(d("10.01"), true));
        assertEquals(d("10.00"), MYR.amountDue(d("10.02"), true));
        assertEquals(d("10.05"), MYR.amountDue(d("10.03"), true));
        assertEquals(d("10.05"), MYR.amountDue(d("10.07"), true));
        assertEquals(d("10.10"), MYR.amountDue(d("10.08"), true));
    }

    @Test
    void exclusiveSalesTaxIsAddedOncePerClassAndSharedToLines() {
        SaleLine a = line(MYR, "1", "12.50", "standard", "0.10");
        SaleLine b = line(MYR, "1", "3.33", "standard", "0.10");
        SaleLine c = line(MYR, "2", "1.99", "reduced", "0.05");
        Pricing.Totals t = MYR.tax(List.of(a, b, c), Map.of("standard", false, "reduced", false));
        assertEquals(d("19.81"), t.subtotal);
        // standard: 15.83 x 10 % = 1.583 -> 1.58; reduced: 3.98 x 5 % = 0.199 -> 0.20
        assertEquals(d("1.78"), t.tax);
        assertEquals(d("21.59"), t.total);
        assertEquals(d("1.58"), a.tax.add(b.tax));
        assertEquals(d("0.20"), c.tax);
    }

    @Test
    void inclusiveTaxIsContainedInThePrice() {
        SaleLine a = line(HKD, "1", "11.00", "standard", "0.10");
        Pricing.Totals t = HKD.tax(List.of(a), Map.of("standard", true));
        assertEquals(d("1.00"), t.tax);
        assertEquals(d("11.00"), t.total);
    }

    @Test
    void cashGivesChangeCardDoesNot() {
        Pricing.Settlement s = HKD.settle(List.of(tender("card", "5.00"), tender("cash", "10.00")), d("9.00"));
        assertEquals(d("6.00"), s.change);
        StoreboxException e = assertThrows(StoreboxException.class, () -> HKD.settle(List.of(tender("card", "10.00")), d("9.00")));
        assertTrue(e.getMessage().contains("only cash gives change"), e.getMessage());
    }

    @Test
    void shortTenderSaysHowMuchIsMissing() {
        StoreboxException e = assertThrows(StoreboxException.class, () -> HKD.settle(List.of(tender("cash", "5.00")), d("9.00")));
        assertEquals(StoreboxException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("add 4.00 more"), e.getMessage());
    }

    @Test
    void tenderFinerThanTheCurrencyOrUnknownTypeIsRefused() {
        assertThrows(StoreboxException.class, () -> HKD.settle(List.of(tender("cash", "9.001")), d("9.00")));
        assertThrows(StoreboxException.class, () -> HKD.settle(List.of(tender("cheque", "9.00")), d("9.00")));
        assertThrows(StoreboxException.class, () -> HKD.settle(List.of(tender("cash", "-1.00")), d("0.00")));
    }

    @Test
    void discountsByAmountOrPercentNeverExceedTheLine() {
        assertEquals(d("1.00"), HKD.discount(1, d("9.99"), null, d("10")));
        assertEquals(d("2.50"), HKD.discount(1, d("9.99"), d("2.5"), null));
        assertThrows(StoreboxException.class, () -> HKD.discount(1, d("9.99"), d("10.00"), null));
        assertThrows(StoreboxException.class, () -> HKD.discount(1, d("9.99"), d("1.00"), d("5")));
        assertThrows(StoreboxException.class, () -> HKD.discount(1, d("9.99"), null, d("101")));
    }

    @Test
    void journalOfASaleWithRoundingBalances() {
        Journal j = new Journal();
        j.debit("cash", d("9.00"));
        j.credit("revenue", d("8.22"));
        j.credit("tax_payable", d("0.82"));
        j.credit("cash_rounding", d("-0.04"));
        assertEquals(0, j.imbalance().signum());
    }
}
