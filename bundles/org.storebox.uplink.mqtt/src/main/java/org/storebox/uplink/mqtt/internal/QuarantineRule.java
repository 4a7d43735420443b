package org.storebox.uplink.mqtt.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
 * Alert rule (source {@code command}): each command from HQ quarantined within the last
 * {@code quarantine_alert_hours} is an open warning, newest 20 at most; it clears on its own after that.
 */
@Component(configurationPid = CommandsConfig.PID, property = "alert.rule.name=command")
public class QuarantineRule implements AlertRule {
    static final String SOURCE = "command";
    private static final int MAX = 20;

    private final Database db;
    private final int hours;
    private final Clock clock;

    @Activate
    public QuarantineRule(CommandsConfig config, @Reference Database db) {
        this(config, db, Clock.systemUTC());
    }

    QuarantineRule(CommandsConfig config, Database db, Clock clock) {
        if (config.quarantine__alert__hours() < 1) {
            throw new IllegalArgumentException("quarantine_alert_hours must be at least 1");
        }
        this.db = db;
        this.hours = config.quarantine__alert__hours();
        this.clock = clock;
    }

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public List<AlertCondition> evaluate() {
        OffsetDateTime since = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).minusHours(hours);
        return db.read(c -> {
            List<AlertCondition> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT id, topic, request_id, reason, received_at "
                    + "FROM command_quarantine WHERE received_at >= ? ORDER BY id DESC LIMIT " + MAX)) {
                p.setObject(1, since);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        String topic = rs.getString(2);
                        String requestId = rs.getString(3);
                        String reason = rs.getString(4);
                        String command = topic.substring(topic.lastIndexOf('/') + 1);
                        Map<String, Object> params = new LinkedHashMap<>();
                        params.put("topic", topic);
                        params.put("request_id", requestId);
                        params.put("reason", CommandDispatcher.clip(reason, 1000));
                        params.put("received_at", rs.getObject(5, OffsetDateTime.class).toInstant().toString());
                        String message = "A '" + command + "' command from HQ (request "
                                + (requestId == null ? "without id" : requestId) + ") was not applied: " + reason
                                + ". HQ must send it again corrected.";
                        out.add(new AlertCondition("quarantine:" + id, Severity.WARNING, "command.quarantined",
                                CommandDispatcher.clip(message, 500), CommandDispatcher.clip(command, 200),
                                Json.write(params)));
                    }
                }
            }
            return out;
        });
    }
}
