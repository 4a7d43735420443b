package org.storebox.sales.internal;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.storebox.api.sale.Receipt;
import org.storebox.api.sale.Sale;
import org.storebox.api.sale.SaleLine;
import org.storebox.api.sale.Tender;

/**
 * Lays out a sale as receipt lines in the store's language (English, Traditional Chinese for Hong
 * Kong, Malay), counting East Asian wide characters as two printer columns.
 */
final class Receipts {
    private static final Map<String, Map<String, String>> LABELS = Map.of(
            "en", Map.ofEntries(Map.entry("sale", "RECEIPT"), Map.entry("return", "REFUND"),
                    Map.entry("subtotal", "Subtotal"), Map.entry("discount", "Discount"), Map.entry("tax", "Tax"),
                    Map.entry("total", "TOTAL"), Map.entry("refund", "REFUND TOTAL"), Map.entry("rounding", "Rounding"), Map.entry("due", "AMOUNT DUE"),
                    Map.entry("cash", "Cash"), Map.entry("card", "Card"), Map.entry("voucher", "Voucher"),
                    Map.entry("change", "Change"), Map.entry("points", "Points earned"), Map.entry("terminal", "Terminal"),
                    Map.entry("member", "Member")),
            "zh", Map.ofEntries(Map.entry("sale", "收據"), Map.entry("return", "退款單"),
                    Map.entry("subtotal", "小計"), Map.entry("discount", "折扣"), Map.entry("tax", "稅項"),
                    Map.entry("total", "合計"), Map.entry("refund", "退款合計"), Map.entry("rounding", "湊整"), Map.entry("due", "應付金額"),
                    Map.entry("cash", "現金"), Map.entry("card", "信用卡"), Map.entry("voucher", "禮券"),
                    Map.entry("change", "找續"), Map.entry("points", "積分"), Map.entry("terminal", "收銀機"),
                    Map.entry("member", "會員")),
            "ms", Map.ofEntries(Map.entry("sale", "RESIT"), Map.entry("return", "BAYARAN BALIK"),
                    Map.entry("subtotal", "Jumlah kecil"), Map.entry("discount", "Diskaun"), Map.entry("tax", "Cukai"),
                    Map.entry("total", "JUMLAH"), Map.entry("refund", "JUMLAH BAYARAN BALIK"),
                    Map.entry("rounding", "Pelarasan bundar"), Map.entry("due", "JUMLAH PERLU DIBAYAR"), Map.entry("cash", "Tunai"), Map.entry("card", "Kad"),
                    Map.entry("voucher", "Baucar"), Map.entry("change", "Baki"), Map.entry("points", "Mata ganjaran"),
                    Map.entry("terminal", "Terminal"), Map.entry("member", "Ahli")));

    private final int width;
    private final List<String> header;
    private final Map<String, String> labels;
    private final DateTimeFormatter time;

    Receipts(int width, List<String> header, Locale locale, ZoneId zone) {
        this.width = width;
        this.header = header;
        this.labels = LABELS.getOrDefault(locale.getLanguage(), LABELS.get("en"));
        this.time = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(locale).withZone(zone);
    }

    Receipt layout(Sale s, String storeId) {
        Receipt r = new Receipt();
        r.width = width;
        List<String> out = r.lines;
        for (String h : header) {
            out.add(center(h));
        }
        out.add(center(labels.get(s.kind)));
        out.add(pair(storeId + " " + labels.get("terminal") + " " + s.terminalId, ""));
        out.add(time.format(s.createdAt));
        out.add(rule());
        for (SaleLine l : s.lines) {
            out.addAll(wrap(l.name));
            out.add(pair("  " + qty(l.qty) + " x " + l.unitPrice.toPlainString(), money(l.amount.add(l.discount))));
            if (l.discount.signum() != 0) {
                out.add(pair("  " + labels.get("discount"), "-" + money(l.discount)));
            }
        }
        out.add(rule());
        out.add(pair(labels.get("subtotal"), money(s.subtotal)));
        if (s.tax.signum() != 0) {
            out.add(pair(labels.get("tax"), money(s.tax)));
        }
        out.add(pair(labels.get("return".equals(s.kind) ? "refund" : "total") + " " + s.currency, money(s.total)));
        if (s.rounding.signum() != 0) {
            out.add(pair(labels.get("rounding"), money(s.rounding)));
            out.add(pair(labels.get("due"), money(s.amountDue)));
        }
        for (Tender t : s.tenders) {
            out.add(pair(labels.getOrDefault(t.type, t.type), money(t.amount)));
        }
        if (s.change.signum() != 0) {
            out.add(pair(labels.get("change"), money(s.change)));
        }
        if (s.memberId != null) {
            out.add(pair(labels.get("member") + " " + s.memberId, ""));
            out.add(pair(labels.get("points"), Long.toString(s.pointsEarned)));
        }
        out.add(rule());
        out.add(s.id);
        return r;
    }

    private static String money(BigDecimal v) {
        return v.toPlainString();
    }

    private static String qty(BigDecimal q) {
        BigDecimal v = q.stripTrailingZeros();
        return (v.scale() < 0 ? v.setScale(0) : v).toPlainString();
    }

    private String rule() {
        return "-".repeat(width);
    }

    private String center(String text) {
        int pad = Math.max(0, (width - columns(text)) / 2);
        return " ".repeat(pad) + text;
    }

    private String pair(String left, String right) {
        int gap = width - columns(left) - columns(right);
        if (gap < 1) {
            return left + " " + right;
        }
        return left + " ".repeat(gap) + right;
    }

    /** Splits a name into lines of at most the receipt width, never inside a character. */
    private List<String> wrap(String text) {
        List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        int cols = 0;
        for (int i = 0; i < text.length();) {
            int cp = text.codePointAt(i);
            int w = columns(cp);
            if (cols + w > width) {
                lines.add(line.toString());
                line.setLength(0);
                cols = 0;
            }
            line.appendCodePoint(cp);
            cols += w;
            i += Character.charCount(cp);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** Printer columns a text takes: East Asian wide and full-width characters take two. */
    static int columns(String text) {
        return text.codePoints().map(Receipts::columns).sum();
    }

    static int columns(int cp) {
        boolean wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60)
                || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
        return wide ? 2 : 1;
    }
}
