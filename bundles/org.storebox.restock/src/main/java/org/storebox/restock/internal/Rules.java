package org.storebox.restock.internal;

import java.time.DayOfWeek;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Resolves the rule of a SKU: its SKU rule over its category's rule over the store's, field by field. */
final class Rules {
    private final Rule store;
    private final Map<String, RuleConfig> bySku = new HashMap<>();
    private final Map<String, RuleConfig> byCategory = new HashMap<>();

    Rules(Rule store, List<RuleConfig> rules) {
        this.store = store;
        for (RuleConfig r : rules) {
            if (!r.sku().isBlank()) {
                bySku.put(r.sku().strip(), r);
            } else {
                byCategory.put(r.category().strip(), r);
            }
        }
    }

    static Rule store(RestockConfig c) {
        Rule r = new Rule("store", c.min(), c.max(), c.lead__time__days(), c.service__level(), c.days__of__cover(),
                c.pack__size(), c.shelf__capacity(), orderDays(c.order__days()));
        Normal.quantile(r.serviceLevel());
        if (r.leadTimeDays() < 0 || r.packSize() <= 0 || r.daysOfCover() < 0) {
            throw new IllegalArgumentException("lead_time_days and days_of_cover must be at least 0, pack_size above 0");
        }
        return r;
    }

    Rule of(String sku, String category) {
        Rule r = store;
        RuleConfig cat = category == null ? null : byCategory.get(category);
        if (cat != null) {
            r = over(r, cat, "category:" + category);
        }
        RuleConfig own = bySku.get(sku);
        if (own != null) {
            r = over(r, own, "sku:" + sku);
        }
        return r;
    }

    private static Rule over(Rule base, RuleConfig c, String scope) {
        return new Rule(scope, pick(c.min(), base.min()), pick(c.max(), base.max()),
                c.lead__time__days() >= 0 ? c.lead__time__days() : base.leadTimeDays(),
                c.service__level() > 0 ? c.service__level() : base.serviceLevel(),
                c.days__of__cover() >= 0 ? c.days__of__cover() : base.daysOfCover(),
                c.pack__size() > 0 ? c.pack__size() : base.packSize(), pick(c.shelf__capacity(), base.shelfCapacity()),
                c.order__days().length == 1 && "inherit".equals(c.order__days()[0]) ? base.orderDays() : orderDays(c.order__days()));
    }

    /** -1 inherits; -2 (or below) sets "none"; anything else is the value. */
    private static double pick(double own, double base) {
        return own == -1 ? base : own < -1 ? -1 : own;
    }

    static Set<DayOfWeek> orderDays(String[] days) {
        Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
        for (String d : days) {
            String s = d.strip().toUpperCase(Locale.ROOT);
            if (s.isEmpty() || s.equals("INHERIT")) {
                continue;
            }
            DayOfWeek match = null;
            for (DayOfWeek w : DayOfWeek.values()) {
                if (w.name().startsWith(s) && s.length() >= 2) {
                    match = w;
                }
            }
            if (match == null) {
                throw new IllegalArgumentException("order day '" + d + "' is not a weekday; use MON, TUE, ... SUN");
            }
            out.add(match);
        }
        return out;
    }
}
