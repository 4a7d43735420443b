package org.storebox.alerts.internal;

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
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.storebox.api.alert.AlertCondition;
import org.storebox.api.alert.AlertRule;
import org.storebox.api.alert.Severity;
import org.storebox.api.uplink.UplinkStatus;
import org.storebox.api.uplink.UplinkStatusService;
import org.storebox.json.Json;

/** The way to HQ: a backlog older than allowed, and a configured broker out of reach for too long. */
// Shares its settings with the alert store, which designates them for metatype.
@Component(configurationPid = AlertsConfig.PID, property = "alert.rule.name=uplink")
public class UplinkRule implements AlertRule {
    private final Duration backlogAge;
    private final Duration offline;
    private final Clock clock;
    private final Instant started;
    /** The uplink, when its bundle runs; without it there is nothing to judge. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile UplinkStatusService uplink;

    @Activate
    public UplinkRule(AlertsConfig config) {
        this(config, Clock.systemUTC(), null);
    }

    UplinkRule(AlertsConfig config, Clock clock, UplinkStatusService uplink) {
        if (config.uplink__backlog__age__s() < 1 || config.uplink__offline__s() < 1) {
            throw new IllegalArgumentException("uplink_backlog_age_s and uplink_offline_s must be at least 1");
        }
        this.backlogAge = Duration.ofSeconds(config.uplink__backlog__age__s());
        this.offline = Duration.ofSeconds(config.uplink__offline__s());
        this.clock = clock;
        this.started = clock.instant();
        this.uplink = uplink;
    }

    @Override
    public String source() {
        return "uplink";
    }

    @Override
    public List<AlertCondition> evaluate() {
        UplinkStatusService u = uplink;
        List<AlertCondition> out = new ArrayList<>();
        if (u == null) {
            return out;
        }
        UplinkStatus s = u.status();
        if (s.backlog > 0 && s.oldestUnsyncedAgeS > backlogAge.toSeconds()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("backlog", s.backlog);
            p.put("oldest_unsynced_age_s", s.oldestUnsyncedAgeS);
            out.add(new AlertCondition("backlog", Severity.WARNING, "uplink.backlog_old", s.backlog
                    + " events have not reached HQ, the oldest for " + s.oldestUnsyncedAgeS / 60 + " min; sales go on "
                    + "and are kept, but check the store's internet connection and the broker settings.", null, Json.write(p)));
        }
        if (s.broker != null && !s.connected) {
            Instant since = s.lastConnectedAt != null ? s.lastConnectedAt : started;
            Duration down = Duration.between(since, clock.instant());
            if (down.compareTo(offline) > 0) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("broker", s.broker);
                p.put("down_s", down.toSeconds());
                p.put("error", s.lastError);
                out.add(new AlertCondition("offline", Severity.WARNING, "uplink.offline", "No connection to HQ's broker "
                        + s.broker + " for " + down.toMinutes() + " min" + (s.lastError == null ? "" : " (" + s.lastError + ")")
                        + "; check the internet connection, and the broker address, user and password in the uplink settings.",
                        s.broker, Json.write(p)));
            }
        }
        return out;
    }
}
