package org.storebox.outbox.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.storebox.api.alert.AlertCondition;
import org.storebox.api.alert.AlertRule;
import org.storebox.api.alert.Severity;
import org.storebox.api.outbox.OutboxBudget;
import org.storebox.api.outbox.OutboxUsage;
import org.storebox.json.Json;

/**
 * The outbox's byte budget as alerts: {@code outbox.budget} at 50 % (info), 80 % (warning) and 95 %
 * (critical) of it, and {@code outbox.budget_full} (critical) when the events that are never evicted
 * alone exceed it. Both clear when HQ acknowledges enough.
 */
@Component(property = "alert.rule.name=outbox-budget")
public class OutboxBudgetRule implements AlertRule {
    private static final long MB = 1024 * 1024;

    private final OutboxBudget budget;

    @Activate
    public OutboxBudgetRule(@Reference OutboxBudget budget) {
        this.budget = budget;
    }

    @Override
    public String source() {
        return "outbox";
    }

    @Override
    public List<AlertCondition> evaluate() {
        OutboxUsage u = budget.usage();
        if (u.measuredAt == null) {
            throw new IllegalStateException("the outbox has not been measured yet");
        }
        List<AlertCondition> out = new ArrayList<>();
        long percent = u.percent;
        if (percent >= 50) {
            Severity severity = percent >= 95 ? Severity.CRITICAL : percent >= 80 ? Severity.WARNING : Severity.INFO;
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("bytes", u.bytes);
            p.put("budget_bytes", u.budgetBytes);
            p.put("percent", percent);
            p.put("evicted_events", u.evictedEvents);
            out.add(new AlertCondition("budget", severity, "outbox.budget", "Events waiting for HQ use " + percent
                    + " % of the outbox budget (" + u.bytes / MB + " of " + u.budgetBytes / MB + " MB); sales go on "
                    + "and are kept, but restore the connection to HQ" + (percent >= 95 ? " now, and check the free "
                    + "disk space" : "") + (u.evictedEvents > 0 ? "; " + u.evictedEvents + " telemetry, log and other "
                    + "non-business events were evicted to make room" : "") + ".", null, Json.write(p)));
        }
        if (u.keptBytes > u.budgetBytes) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("kept_bytes", u.keptBytes);
            p.put("budget_bytes", u.budgetBytes);
            p.put("oldest_unsynced_sale_age_s", u.oldestUnsyncedSaleAgeS);
            out.add(new AlertCondition("full", Severity.CRITICAL, "outbox.budget_full", "Sales, returns, day closes "
                    + "and stock documents that HQ has not acknowledged alone take " + u.keptBytes / MB + " MB, more "
                    + "than the outbox budget of " + u.budgetBytes / MB + " MB. None of them is evicted and trading "
                    + "goes on, but the database keeps growing: connect the box to HQ (check the internet connection "
                    + "and the uplink's broker settings) so that HQ acknowledges them, and free disk space on the box "
                    + "until then.", null, Json.write(p)));
        }
        return out;
    }
}
