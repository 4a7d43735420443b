package org.storebox.alerts.internal;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
import org.storebox.api.store.StoreInfo;
import org.storebox.json.Json;

/**
 * An unusual share of voided or returned sales on a terminal today. The alert store evaluates its rules
 * about twice a second while sales come in; this rule counts every sale of the day (from an index), so it
 * counts at most every {@link #EVERY} and answers with its last result in between: a share of the day
 * moves slowly, and the count would otherwise grow into the CPU of the sales it watches.
 */
// Shares its settings with the alert store, which designates them for metatype.
@Component(configurationPid = AlertsConfig.PID, property = "alert.rule.name=terminal-rates")
public class TerminalRatesRule implements AlertRule {
    private final Database db;
    private final StoreInfo store;
    private final double threshold;
    private final int minSales;
    private final Clock clock;
    private Instant counted;
    private List<AlertCondition> last = List.of();

    static final Duration EVERY = Duration.ofSeconds(10);

    @Activate
    public TerminalRatesRule(AlertsConfig config, @Reference Database db, @Reference StoreInfo store) {
        this(config, db, store, Clock.systemUTC());
    }

    TerminalRatesRule(AlertsConfig config, Database db, StoreInfo store, Clock clock) {
        if (config.refund__void__rate() <= 0 || config.rate__min__sales() < 1) {
            throw new IllegalArgumentException("refund_void_rate must be above 0 and rate_min_sales at least 1");
        }
        this.db = db;
        this.store = store;
        this.threshold = config.refund__void__rate();
        this.minSales = config.rate__min__sales();
        this.clock = clock;
    }

    @Override
    public String source() {
        return "terminal";
    }

    @Override
    public synchronized List<AlertCondition> evaluate() {
        Instant now = clock.instant();
        if (counted != null && now.isBefore(counted.plus(EVERY)) && !now.isBefore(counted)) {
            return last;
        }
        LocalDate today = LocalDate.ofInstant(now, store.zone());
        last = db.read(c -> {
            Map<String, long[]> counts = new LinkedHashMap<>();
            try (PreparedStatement p = c.prepareStatement("SELECT terminal_id, kind, status, COUNT(*) FROM sale "
                    + "WHERE business_day = ? GROUP BY terminal_id, kind, status ORDER BY terminal_id")) {
                p.setDate(1, Date.valueOf(today));
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        long[] n = counts.computeIfAbsent(rs.getString(1), k -> new long[3]);
                        if ("return".equals(rs.getString(2))) {
                            n[2] += rs.getLong(4);
                        } else {
                            n[0] += rs.getLong(4);
                            if ("voided".equals(rs.getString(3))) {
                                n[1] += rs.getLong(4);
                            }
                        }
                    }
                }
            }
            List<AlertCondition> out = new ArrayList<>();
            counts.forEach((terminal, n) -> {
                if (n[0] >= minSales && (double) (n[1] + n[2]) / n[0] > threshold) {
                    String rate = String.format(java.util.Locale.ROOT, "%.0f", 100.0 * (n[1] + n[2]) / n[0]);
                    out.add(new AlertCondition("rate:" + terminal, Severity.WARNING, "terminal.rate", "Terminal " + terminal
                            + " voided " + n[1] + " and returned " + n[2] + " of " + n[0] + " sales today (" + rate
                            + "%); check with the cashier.", terminal, Json.write(Map.of("terminal", terminal, "sales", n[0],
                                    "voids", n[1], "returns", n[2], "rate", rate))));
                }
            });
            return out;
        });
        counted = now;
        return last;
    }
}
