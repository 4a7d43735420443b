package org.storebox.restock.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Locale;

import org.storebox.api.restock.Reasoning;

/**
 * The replenishment arithmetic, pure and fast: from a rule, the demand and the stock position to
 * an order quantity with every step written down.
 * <ul>
 * <li>protection period P = lead time + review period (days from the next order day to the one after);</li>
 * <li>safety stock SS = z(service level) x sigma x sqrt(P); reorder point ROP = mean x P + SS;</li>
 * <li>trigger = max(min, ROP); target = max(max, ROP + mean x days of cover), capped by shelf capacity;</li>
 * <li>order when position (on hand + on order) is at or below the trigger: target - position,
 *     rounded UP to whole packs, then down by whole packs while it would overfill the shelf.</li>
 * </ul>
 */
final class Policy {
    private Policy() {
    }

    /** An order to suggest, or null when none is due. */
    record Order(BigDecimal qty, Reasoning reasoning, LocalDate orderBy) {
    }

    static Order evaluate(Rule r, Demand d, double onHand, double onOrder, LocalDate today) {
        double position = onHand + onOrder;
        int review = reviewDays(r.orderDays(), today);
        int period = r.leadTimeDays() + review;
        double z = Normal.quantile(r.serviceLevel());
        double safety = z * d.stdDev() * Math.sqrt(period);
        double rop = d.mean() * period + safety;
        boolean hasMin = r.min() >= 0;
        boolean hasDemand = d.mean() > 0;
        double trigger = Math.max(hasMin ? r.min() : 0, hasDemand ? rop : 0);
        if (!hasMin && !hasDemand) {
            return null;
        }
        if (position > trigger) {
            return null;
        }
        double target = Math.max(r.max() >= 0 ? r.max() : 0, hasDemand ? rop + d.mean() * r.daysOfCover() : 0);
        if (target <= trigger) {
            // A min without a max and no demand: fill to one pack above the trigger.
            target = trigger + r.packSize();
        }
        Reasoning why = new Reasoning();
        boolean minFired = hasMin && r.min() >= rop;
        why.rule = hasMin && hasDemand ? (minFired ? "min_max" : "reorder_point") : hasMin ? "min_max" : "reorder_point";
        why.ruleScope = r.scope();
        why.onHand = bd(onHand);
        why.onOrder = round(onOrder);
        why.position = round(position);
        why.averageDailyDemand = round(d.mean());
        why.demandStdDev = round(d.stdDev());
        why.windowDays = d.windowDays();
        why.outOfStockDays = d.outOfStockDays();
        why.leadTimeDays = r.leadTimeDays();
        why.reviewDays = review;
        why.serviceLevel = r.serviceLevel();
        why.z = round(z);
        why.safetyStock = round(safety);
        why.reorderPoint = round(rop);
        why.trigger = round(trigger);
        why.daysOfCover = hasDemand ? round(onHand / d.mean()) : null;
        why.packSize = r.packSize();
        why.shelfCapacity = r.shelfCapacity() >= 0 ? r.shelfCapacity() : null;
        why.steps.add(f("demand over %d days leaving out %d out-of-stock days: %.2f/day, sd %.2f", d.windowDays(),
                d.outOfStockDays(), d.mean(), d.stdDev()));
        why.steps.add(f("protection period = lead time %d + review %d = %d days", r.leadTimeDays(), review, period));
        why.steps.add(f("safety stock = z(%.3f)=%.3f x %.2f x sqrt(%d) = %.2f", r.serviceLevel(), z, d.stdDev(), period, safety));
        why.steps.add(f("reorder point = %.2f x %d + %.2f = %.2f", d.mean(), period, safety, rop));
        why.steps.add(f("trigger = max(min %s, reorder point %.2f) = %.2f; position %s is at or below it", hasMin
                ? plain(r.min()) : "none", rop, trigger, plain(position)));
        if (r.shelfCapacity() >= 0 && target > r.shelfCapacity()) {
            why.steps.add(f("target %.2f capped at shelf capacity %s", target, plain(r.shelfCapacity())));
            target = r.shelfCapacity();
        } else {
            why.steps.add(f("target = max(max %s, reorder point + %.1f days of cover x %.2f) = %.2f",
                    r.max() >= 0 ? plain(r.max()) : "none", r.daysOfCover(), d.mean(), target));
        }
        why.target = round(target);
        double raw = target - position;
        double packs = Math.ceil(raw / r.packSize() - 1e-9);
        double qty = packs * r.packSize();
        why.steps.add(f("need %.2f, rounded UP to %d packs of %s = %s", raw, (long) packs, plain(r.packSize()), plain(qty)));
        if (r.shelfCapacity() >= 0) {
            while (qty > 0 && onHand + onOrder + qty > r.shelfCapacity() + 1e-9) {
                qty -= r.packSize();
            }
            if (qty < packs * r.packSize()) {
                why.steps.add(f("down to %s so the shelf (%s) is not overfilled", plain(qty), plain(r.shelfCapacity())));
            }
        }
        if (qty <= 0) {
            return null;
        }
        LocalDate orderBy = r.orderDays().isEmpty() ? null : nextOrderDay(r.orderDays(), today);
        return new Order(bd(qty), why, orderBy);
    }

    /** Days from the next order day to the one after it; 0 when any day will do. */
    static int reviewDays(java.util.Set<DayOfWeek> days, LocalDate today) {
        if (days.isEmpty() || days.size() == 7) {
            return 0;
        }
        LocalDate next = nextOrderDay(days, today);
        LocalDate after = nextOrderDay(days, next.plusDays(1));
        return (int) (after.toEpochDay() - next.toEpochDay());
    }

    static LocalDate nextOrderDay(java.util.Set<DayOfWeek> days, LocalDate from) {
        LocalDate d = from;
        while (!days.contains(d.getDayOfWeek())) {
            d = d.plusDays(1);
        }
        return d;
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static BigDecimal bd(double v) {
        BigDecimal b = BigDecimal.valueOf(v).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
        return b.scale() < 0 ? b.setScale(0) : b;
    }

    private static String plain(double v) {
        return bd(v).toPlainString();
    }
}
