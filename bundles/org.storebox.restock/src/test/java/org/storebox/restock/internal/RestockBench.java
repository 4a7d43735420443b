package org.storebox.restock.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Benchmark of a full recompute's arithmetic: 50,000 SKUs with 365 days of history each (demand
 * statistics without out-of-stock days, rule resolution, policy, reasoning for every firing SKU).
 * Run with {@code mvn -B -q -pl bundles/org.storebox.restock -Pbench exec:java} after an install.
 * The SQL that loads the history is not part of this figure.
 */
public final class RestockBench {
    private RestockBench() {
    }

    public static void main(String[] args) {
        int skus = Integer.getInteger("bench.skus", 50_000);
        int days = Integer.getInteger("bench.days", 365);
        Random rnd = new Random(42);
        List<History.Sku> all = new ArrayList<>(skus);
        for (int i = 0; i < skus; i++) {
            History.Sku s = new History.Sku("SKU-" + i, "item " + i, "cat-" + (i % 40), rnd.nextInt(60), days);
            double rate = rnd.nextDouble() * 8;
            for (int d = 0; d < days; d++) {
                s.sold[d] = Math.max(0, Math.round(rate + rnd.nextGaussian() * Math.sqrt(rate + 0.1)));
                s.outOfStock[d] = rnd.nextInt(30) == 0;
            }
            all.add(s);
        }
        Rules rules = new Rules(new Rule("store", -1, -1, 2, 0.95, 7, 6, 200,
                Rules.orderDays(new String[] { "MON", "THU" })), List.of());
        LocalDate today = LocalDate.of(2030, 1, 7);
        long best = Long.MAX_VALUE;
        int fired = 0;
        for (int round = 0; round < 7; round++) {
            long t0 = System.nanoTime();
            fired = 0;
            for (History.Sku s : all) {
                if (Policy.evaluate(rules.of(s.sku, s.category), Demand.of(s.sold, s.outOfStock), s.onHand, 0, today) != null) {
                    fired++;
                }
            }
            best = Math.min(best, System.nanoTime() - t0);
        }
        System.out.printf("restock full recompute: %d SKUs x %d days, %d suggestions, best of 7: %d ms%n", skus, days, fired,
                best / 1_000_000);
    }
}
