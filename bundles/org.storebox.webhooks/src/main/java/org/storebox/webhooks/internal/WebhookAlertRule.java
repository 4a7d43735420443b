package org.storebox.webhooks.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
import org.storebox.api.store.Database;
import org.storebox.json.Json;

/**
 * Alert rule (source {@code webhook}): per target, a warning while it has parked deliveries (key: the
 * target's name; clears when they are re-queued and delivered, or dismissed), one while it missed events
 * the outbox no longer held ({@code missed:<name>}), and one while its head delivery has been failing
 * longer than {@code failing_alert_s} ({@code failing:<name>}).
 */
@Component(property = "alert.rule.name=webhook")
public class WebhookAlertRule implements AlertRule {
    static final String SOURCE = "webhook";

    private final WebhookStore store;
    private final Clock clock;
    private final WebhookRegistry registry;

    @Activate
    public WebhookAlertRule(@Reference Database db, @Reference WebhookRegistry registry) {
        this(db, Clock.systemUTC(), registry);
    }

    WebhookAlertRule(Database db, Clock clock, WebhookRegistry registry) {
        this.store = new WebhookStore(db, clock);
        this.clock = clock;
        this.registry = registry;
    }

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public List<AlertCondition> evaluate() {
        List<AlertCondition> out = new ArrayList<>();
        for (WebhookStore.Figures f : store.figures()) {
            if (f.parked() > 0) {
                Map<String, Object> params = new LinkedHashMap<>();
                params.put("target", f.target());
                params.put("parked", f.parked());
                params.put("last_status", f.lastStatus());
                params.put("last_error", f.lastError());
                out.add(new AlertCondition(f.target(), Severity.WARNING, "webhook.parked",
                        clip(f.parked() + " event(s) to webhook target " + f.target() + " were refused and parked (last: "
                                + f.lastError() + "). Fix the receiver or the configuration, then re-queue them (POST "
                                + "/api/v1/webhooks/" + f.target() + "/parked/requeue) or dismiss them (.../parked/dismiss)."),
                        f.target(), Json.write(params)));
            }
            if (f.missed() > 0) {
                Map<String, Object> params = new LinkedHashMap<>();
                params.put("target", f.target());
                params.put("missed", f.missed());
                params.put("last_missed", f.lastMissed());
                out.add(new AlertCondition("missed:" + f.target(), Severity.WARNING, "webhook.missed",
                        clip(f.missed() + " event(s) were gone from the outbox before webhook target " + f.target()
                                + " came to them (" + f.lastMissed() + "); the receiver must get them another way. "
                                + "Dismiss with POST /api/v1/webhooks/" + f.target() + "/parked/dismiss."),
                        f.target(), Json.write(params)));
            }
        }
        Instant now = clock.instant();
        for (WebhookTarget t : registry.targets()) {
            Instant since = t.failingSince();
            if (since != null && Duration.between(since, now).getSeconds() >= t.settings().failingAlertS()) {
                Map<String, Object> params = new LinkedHashMap<>();
                params.put("target", t.name());
                params.put("since", since.toString());
                params.put("last_error", t.lastError());
                out.add(new AlertCondition("failing:" + t.name(), Severity.WARNING, "webhook.failing",
                        clip("Webhook target " + t.name() + " has failed since " + since + " (" + t.lastError()
                                + "); its events wait in order and are retried. Check the receiver."),
                        t.name(), Json.write(params)));
            }
        }
        return out;
    }

    private static String clip(String s) {
        return s.length() > 500 ? s.substring(0, 497) + "..." : s;
    }
}
