package org.storebox.restock.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The replenishment arithmetic against hand-worked cases. */
class PolicyTest {
    static final LocalDate MONDAY = LocalDate.of(2030, 1, 7);

    static Rule rule(double min, double max, int lead, double pack, double shelf, Set<DayOfWeek> days) {
        return new Rule("store", min, max, lead, 0.95, 7, pack, shelf, days);
    }

    static Demand none() {
        return new Demand(56, 0, 0, 0);
    }

    @Test
    void minMaxOrdersUpToMaxRoundedUpToWholePacks() {
        Policy.Order o = Policy.evaluate(rule(10, 50, 2, 12, -1, Set.of()), none(), 8, 0, MONDAY);
        assertEquals(new BigDecimal("48"), o.qty()); // 42 needed -> 4 packs of 12
        assertEquals("min_max", o.reasoning().rule);
        assertNull(Policy.evaluate(rule(10, 50, 2, 12, -1, Set.of()), none(), 11, 0, MONDAY));
        assertNull(Policy.evaluate(rule(10, 50, 2, 12, -1, Set.of()), none(), 5, 6, MONDAY), "on order counts");
    }

    @Test
    void shelfCapacityIsACeilingEvenAgainstPackRounding() {
        Policy.Order o = Policy.evaluate(rule(10, 50, 2, 12, 50, Set.of()), none(), 8, 0, MONDAY);
        assertEquals(new BigDecimal("36"), o.qty()); // 48 would put 56 on a 50 shelf
        assertTrue(o.reasoning().steps.stream().anyMatch(s -> s.contains("not overfilled")), o.reasoning().steps.toString());
    }

    @Test
    void reorderPointWithSafetyStockAndDaysOfCover() {
        Demand d = new Demand(56, 0, 10, 3);
        Policy.Order o = Policy.evaluate(rule(-1, -1, 4, 1, -1, Set.of()), d, 45, 0, MONDAY);
        double ss = 1.6448536 * 3 * 2; // z(0.95) x sd x sqrt(4)
        assertEquals(ss, o.reasoning().safetyStock, 0.001);
        assertEquals(40 + ss, o.reasoning().reorderPoint, 0.001);
        assertEquals("reorder_point", o.reasoning().rule);
        // target = ROP + 7 days x 10 = 119.87 -> need 74.87 -> 75 (rounded up to whole units)
        assertEquals(new BigDecimal("75"), o.qty());
        assertEquals(4.5, o.reasoning().daysOfCover, 1e-9);
        assertNull(Policy.evaluate(rule(-1, -1, 4, 1, -1, Set.of()), d, 60, 0, MONDAY));
    }

    @Test
    void orderDaysAddTheReviewPeriodAndGiveTheOrderDate() {
        Set<DayOfWeek> monThu = EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.THURSDAY);
        assertEquals(3, Policy.reviewDays(monThu, MONDAY));
        assertEquals(4, Policy.reviewDays(monThu, MONDAY.plusDays(1))); // next Thu, then Mon
        Policy.Order o = Policy.evaluate(rule(-1, -1, 2, 1, -1, monThu), new Demand(56, 0, 10, 0), 40, 0, MONDAY.plusDays(1));
        assertEquals(6, o.reasoning().reviewDays + o.reasoning().leadTimeDays);
        assertEquals(MONDAY.plusDays(3), o.orderBy());
    }

    @Test
    void demandLeavesOutOutOfStockDays() {
        Demand d = Demand.of(new double[] { 4, 6, 0, 0, 5 }, new boolean[] { false, false, true, true, false });
        assertEquals(5, d.mean(), 1e-9);
        assertEquals(1, d.stdDev(), 1e-9);
        assertEquals(2, d.outOfStockDays());
    }

    @Test
    void normalQuantile() {
        assertEquals(1.6448536, Normal.quantile(0.95), 1e-6);
        assertEquals(2.3263479, Normal.quantile(0.99), 1e-6);
        assertEquals(0, Normal.quantile(0.5), 1e-9);
        assertEquals(-1.2815516, Normal.quantile(0.1), 1e-6);
    }
}
