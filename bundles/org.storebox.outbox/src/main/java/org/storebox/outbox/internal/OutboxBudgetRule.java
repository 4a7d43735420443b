package org.storebox.outbox.internal;

import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.storebox.api.alert.AlertCondition;
import org.storebox.api.alert.AlertRule;
import org.storebox.api.alert.Severity;
import org.storebox.api.store.Database;

/**
 * The outbox's byte budget on disk: events HQ has not acknowledged, against {@code budget_mb}, as
 * an info alert at 50 %, a warning at 80 % and a critical alert at 95 %. Nothing is evicted yet:
 * every event the box writes today is business data or an alert (see the issue notes).
 * The size is the events' JSON text, measured at most once a minute.
 */
@Component(configurationPid = OutboxBudgetRule.PID, property = "alert.rule.name=outbox-budget")
@Designate(ocd = OutboxBudgetRule.Config.class)
public class OutboxBudgetRule implements AlertRule {
    static final String PID = "org.storebox.outbox";
    private static final Duration MEASURE_EVERY = Duration.ofMinutes(1);

    @ObjectClassDefinition(name = "storebox outbox", description = "The outbox's budget on disk for events HQ has not acknowledged.")
    public @interface Config {
        @AttributeDefinition(description = "Megabytes of unacknowledged events that make 100 % of the budget.")
        int budget__mb() default 256;
    }

    private final Database db;
    private final Clock clock;
    private final long budget;
    private Instant measured;
    private long bytes;

    @Activate
    public OutboxBudgetRule(Config config, @Reference Database db) {
        this(config, db, Clock.systemUTC());
    }

    OutboxBudgetRule(Config config, Database db, Clock clock) {
        if (config.budget__mb() < 1) {
            throw new IllegalArgumentException("budget_mb must be at least 1");
        }
        this.db = db;
        this.clock = clock;
        this.budget = config.budget__mb() * 1024L * 1024L;
    }

    @Override
    public String source() {
        return "outbox";
    }

    /** Bytes of unacknowledged events, measured now or at most a minute ago. */
    synchronized long bytes() {
        Instant now = clock.instant();
        if (measured == null || Duration.between(measured, now).compareTo(MEASURE_EVERY) >= 0) {
            bytes = db.read(c -> {
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT COALESCE(SUM(OCTET_LENGTH(data)), 0) FROM outbox")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            measured = now;
        }
        return bytes;
    }

    @Override
    public List<AlertCondition> evaluate() {
        long used = bytes();
        long percent = used * 100 / budget;
        if (percent < 50) {
            return List.of();
        }
        Severity severity = percent >= 95 ? Severity.CRITICAL : percent >= 80 ? Severity.WARNING : Severity.INFO;
        String params = "{\"bytes\":" + used + ",\"budget_bytes\":" + budget + ",\"percent\":" + percent + "}";
        return List.of(new AlertCondition("budget", severity, "outbox.budget", "Events waiting for HQ use " + percent
                + " % of the outbox budget (" + used / (1024 * 1024) + " of " + budget / (1024 * 1024) + " MB); sales go on "
                + "and are kept, but restore the connection to HQ" + (percent >= 95 ? " now, and check the free disk space" : "")
                + ".", null, params));
    }
}
