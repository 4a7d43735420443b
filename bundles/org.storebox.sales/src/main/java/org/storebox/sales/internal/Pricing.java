package org.storebox.sales.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.storebox.api.common.StoreboxException;
import org.storebox.api.sale.SaleLine;
import org.storebox.api.sale.Tender;
import org.storebox.api.sale.TenderRequest;

/**
 * The money rules of a sale, in one place and free of I/O.
 * <ul>
 * <li>A line's amount is qty x unit price, rounded half-up to the currency's minor unit, less its
 * discount (a percentage discount is rounded half-up too).</li>
 * <li>Tax is computed per tax class on the sum of that class's line amounts and rounded half-up once
 * per class: inclusive classes contain tax = amount x rate / (1 + rate); exclusive classes add tax =
 * amount x rate. The class tax is shared out to its lines in proportion, the last line taking the
 * remainder, so line taxes always add up to the class tax.</li>
 * <li>total = sum of line amounts + exclusive tax. When cash changes hands and a rounding step is
 * set, the amount due is the total rounded half-up to the step (0.05 in Malaysia, 0.10 in Hong Kong);
 * card and voucher payments settle the exact total.</li>
 * <li>Only cash gives change; card and voucher tenders may not exceed the amount due.</li>
 * </ul>
 */
final class Pricing {
    static final List<String> TENDER_TYPES = List.of("cash", "card", "voucher");

    private final int scale;
    private final BigDecimal cashStep;

    Pricing(int scale, BigDecimal cashStep) {
        this.scale = scale;
        this.cashStep = cashStep;
    }

    int scale() {
        return scale;
    }

    /** A line's gross amount (qty x price) rounded to the currency. */
    BigDecimal gross(BigDecimal qty, BigDecimal unitPrice) {
        return qty.multiply(unitPrice).setScale(scale, RoundingMode.HALF_UP);
    }

    /** The discount of a line from an amount or a percentage, checked against the line's gross amount. */
    BigDecimal discount(int lineNo, BigDecimal gross, BigDecimal amount, BigDecimal percent) {
        if (amount != null && percent != null) {
            throw StoreboxException.invalid("line " + lineNo + " has both discount and discount_percent; send one of them");
        }
        BigDecimal d = BigDecimal.ZERO.setScale(scale);
        if (amount != null) {
            checkMoney("line " + lineNo + " discount", amount, true);
            d = amount.setScale(scale);
        } else if (percent != null) {
            if (percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
                throw StoreboxException.invalid("line " + lineNo + " discount_percent is " + percent.toPlainString()
                        + "; it must be between 0 and 100");
            }
            d = gross.multiply(percent).divide(BigDecimal.valueOf(100), scale, RoundingMode.HALF_UP);
        }
        if (d.compareTo(gross) > 0) {
            throw StoreboxException.invalid("line " + lineNo + " discount " + d.toPlainString()
                    + " is more than the line's amount " + gross.toPlainString());
        }
        return d;
    }

    /** Fills in each line's tax and returns the total tax. Lines must have amount, taxRate and taxClass set. */
    Totals tax(List<SaleLine> lines, Map<String, Boolean> inclusiveByClass) {
        Map<String, List<SaleLine>> byClass = new LinkedHashMap<>();
        for (SaleLine l : lines) {
            byClass.computeIfAbsent(l.taxClass, k -> new ArrayList<>()).add(l);
        }
        Totals t = new Totals();
        t.subtotal = zero();
        t.tax = zero();
        t.discount = zero();
        BigDecimal exclusiveTax = zero();
        for (SaleLine l : lines) {
            t.subtotal = t.subtotal.add(l.amount);
            t.discount = t.discount.add(l.discount);
        }
        for (Map.Entry<String, List<SaleLine>> e : byClass.entrySet()) {
            List<SaleLine> group = e.getValue();
            BigDecimal rate = group.get(0).taxRate;
            boolean inclusive = inclusiveByClass.getOrDefault(e.getKey(), Boolean.TRUE);
            BigDecimal base = group.stream().map(l -> l.amount).reduce(zero(), BigDecimal::add);
            BigDecimal classTax = inclusive
                    ? base.multiply(rate).divide(BigDecimal.ONE.add(rate), scale, RoundingMode.HALF_UP)
                    : base.multiply(rate).setScale(scale, RoundingMode.HALF_UP);
            share(group, base, classTax);
            t.tax = t.tax.add(classTax);
            if (!inclusive) {
                exclusiveTax = exclusiveTax.add(classTax);
            }
        }
        t.total = t.subtotal.add(exclusiveTax);
        t.exclusiveTax = exclusiveTax;
        return t;
    }

    private void share(List<SaleLine> group, BigDecimal base, BigDecimal classTax) {
        BigDecimal left = classTax;
        for (int i = 0; i < group.size(); i++) {
            SaleLine l = group.get(i);
            if (i == group.size() - 1 || base.signum() == 0) {
                l.tax = i == group.size() - 1 ? left : zero();
            } else {
                l.tax = classTax.multiply(l.amount).divide(base, scale, RoundingMode.HALF_UP);
            }
            left = left.subtract(l.tax);
        }
    }

    /** The amount due after cash rounding, when the tenders include cash. */
    BigDecimal amountDue(BigDecimal total, boolean cash) {
        if (!cash || cashStep.signum() == 0) {
            return total;
        }
        return total.divide(cashStep, 0, RoundingMode.HALF_UP).multiply(cashStep).setScale(scale);
    }

    /** Checks the tenders against the amount due; returns the stored tenders and the change. */
    Settlement settle(List<TenderRequest> requests, BigDecimal due) {
        Settlement s = new Settlement();
        BigDecimal cash = zero();
        BigDecimal other = zero();
        if (requests == null || requests.isEmpty()) {
            if (due.signum() != 0) {
                throw StoreboxException.invalid("the sale has no tenders but " + due.toPlainString()
                        + " is due; add a tender (cash, card or voucher)");
            }
        } else {
            int n = 0;
            for (TenderRequest r : requests) {
                n++;
                if (r == null || r.type == null || !TENDER_TYPES.contains(r.type)) {
                    throw StoreboxException.invalid("tender " + n + " has type " + (r == null ? null : "'" + r.type + "'")
                            + "; use one of " + TENDER_TYPES);
                }
                checkMoney("tender " + n + " amount", r.amount, false);
                BigDecimal a = r.amount.setScale(scale);
                if ("cash".equals(r.type)) {
                    cash = cash.add(a);
                } else {
                    other = other.add(a);
                }
                s.tenders.add(new Tender(r.type, a, r.reference));
            }
        }
        BigDecimal paid = cash.add(other);
        if (paid.compareTo(due) < 0) {
            throw StoreboxException.invalid("the tenders add up to " + paid.toPlainString() + " but " + due.toPlainString()
                    + " is due; add " + due.subtract(paid).toPlainString() + " more");
        }
        if (other.compareTo(due) > 0) {
            throw StoreboxException.invalid("card and voucher tenders add up to " + other.toPlainString()
                    + ", more than the " + due.toPlainString() + " due; only cash gives change");
        }
        s.change = paid.subtract(due);
        s.cash = cash;
        return s;
    }

    /** Refuses a money amount that is missing, negative (or zero when not allowed) or finer than the currency. */
    void checkMoney(String what, BigDecimal amount, boolean zeroAllowed) {
        if (amount == null) {
            throw StoreboxException.invalid(what + " is missing");
        }
        if (amount.signum() < 0 || (!zeroAllowed && amount.signum() == 0)) {
            throw StoreboxException.invalid(what + " is " + amount.toPlainString() + "; it must be "
                    + (zeroAllowed ? "zero or more" : "more than zero"));
        }
        if (amount.stripTrailingZeros().scale() > scale) {
            throw StoreboxException.invalid(what + " " + amount.toPlainString() + " has more than " + scale
                    + " decimals, finer than the currency allows");
        }
    }

    BigDecimal zero() {
        return BigDecimal.ZERO.setScale(scale);
    }

    /** Line sums of a sale. */
    static final class Totals {
        BigDecimal subtotal;
        BigDecimal discount;
        BigDecimal tax;
        BigDecimal exclusiveTax;
        BigDecimal total;
    }

    /** Tenders as stored, with the change given and the cash handed over. */
    static final class Settlement {
        final List<Tender> tenders = new ArrayList<>();
        BigDecimal change;
        BigDecimal cash;
    }
}
