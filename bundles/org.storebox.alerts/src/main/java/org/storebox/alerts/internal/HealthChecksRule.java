package org.storebox.alerts.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.storebox.api.alert.AlertCondition;
import org.storebox.api.alert.AlertRule;
import org.storebox.api.alert.Severity;
import org.storebox.json.Json;

/**
 * The box's own Felix health checks (tag {@code storebox}) as alerts: low disk ({@code disk-space}),
 * database health ({@code database}), bundles not active ({@code bundles}). The thresholds are the checks'.
 */
@Component(configurationPid = AlertsConfig.PID, property = "alert.rule.name=health")
public class HealthChecksRule implements AlertRule {
    private final Map<HealthCheck, String> checks = new ConcurrentHashMap<>();
    /** Since when each check has been failing without a break. */
    private final Map<String, Long> failingSince = new ConcurrentHashMap<>();
    private final long holdNanos;

    @Activate
    public HealthChecksRule(AlertsConfig config) {
        if (config.health__hold__s() < 0) {
            throw new IllegalArgumentException("health_hold_s must be at least 0");
        }
        this.holdNanos = java.util.concurrent.TimeUnit.SECONDS.toNanos(config.health__hold__s());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + HealthCheck.TAGS + "=storebox)")
    void addCheck(HealthCheck check, Map<String, Object> props) {
        checks.put(check, String.valueOf(props.getOrDefault(HealthCheck.NAME, check.getClass().getSimpleName())));
    }

    void removeCheck(HealthCheck check) {
        checks.remove(check);
    }

    @Override
    public String source() {
        return "health";
    }

    @Override
    public List<AlertCondition> evaluate() {
        List<AlertCondition> failing = new ArrayList<>();
        for (Map.Entry<HealthCheck, String> e : Map.copyOf(checks).entrySet()) {
            String name = e.getValue();
            Result r;
            try {
                r = e.getKey().execute();
            } catch (RuntimeException ex) {
                failing.add(new AlertCondition(name, Severity.WARNING, "health.failed", "The health check " + name + " failed: " + ex,
                        name, Json.write(Map.of("check", name))));
                continue;
            }
            if (r.getStatus() == Result.Status.OK) {
                continue;
            }
            Severity s = r.getStatus() == Result.Status.WARN ? Severity.WARNING : Severity.CRITICAL;
            String detail = r.iterator().hasNext() ? r.iterator().next().getMessage() : r.getStatus().toString();
            failing.add(new AlertCondition(name, s, "health." + name, "Health check " + name + ": " + detail, name,
                    Json.write(Map.of("check", name, "detail", detail))));
        }
        long now = System.nanoTime();
        failingSince.keySet().retainAll(failing.stream().map(c -> c.key).toList());
        List<AlertCondition> out = new ArrayList<>();
        for (AlertCondition c : failing) {
            if (now - failingSince.computeIfAbsent(c.key, k -> now) >= holdNanos) {
                out.add(c);
            }
        }
        return out;
    }
}
