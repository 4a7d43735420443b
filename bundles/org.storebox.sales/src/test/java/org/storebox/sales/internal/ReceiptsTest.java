package org.storebox.sales.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.storebox.api.sale.Receipt;
import org.storebox.api.sale.Sale;
import org.storebox.api.sale.SaleLine;
import org.storebox.api.sale.Tender;

class ReceiptsTest {
    @Test
    void chineseNamesCountAsTwoColumnsAndLinesNeverOverflow() {
        assertEquals(4, Receipts.columns("維他"));
        assertEquals(6, Receipts.columns("ab維他"));
        Sale s = new Sale();
        s.id = "3f2b8c1e-5d7a-4c39-9f1e-2a6b0c4d8e71";
        s.kind = "sale";
        s.terminalId = "t1";
        s.currency = "HKD";
        s.createdAt = Instant.parse("2026-11-22T02:00:00Z");
        SaleLine l = new SaleLine();
        l.name = "維他檸檬茶 250ml 紙包裝 六包裝 特價 維他檸檬茶 250ml";
        l.qty = new BigDecimal("2.000");
        l.unitPrice = new BigDecimal("4.50");
        l.discount = new BigDecimal("0.00");
        l.amount = new BigDecimal("9.00");
        s.lines = List.of(l);
        s.subtotal = new BigDecimal("9.00");
        s.tax = new BigDecimal("0.00");
        s.total = new BigDecimal("9.00");
        s.rounding = new BigDecimal("0.00");
        s.change = new BigDecimal("1.00");
        s.tenders = List.of(new Tender("cash", new BigDecimal("10.00"), null));
        Receipt r = new Receipts(32, List.of("惠康 Wellcome"), Locale.forLanguageTag("zh-HK"), ZoneId.of("Asia/Hong_Kong")).layout(s, "HK001");
        for (String line : r.lines) {
            assertTrue(Receipts.columns(line) <= 32 || line.equals(s.id), "too wide: " + line);
        }
        String text = String.join("\n", r.lines);
        assertTrue(text.contains("合計 HKD"), text);
        assertTrue(text.contains("找續"), text);
        assertTrue(text.contains("2 x 4.50"), text);
    }
}
