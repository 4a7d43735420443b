package org.storebox.web.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.storebox.api.alert.AlertCondition;
import org.storebox.api.alert.AlertRule;
import org.storebox.api.alert.Severity;

/**
 * Refused and failed sales, returns and voids per terminal in a sliding window, as the API answers
 * them: many refusals from one terminal (its price book is behind, a cashier needs help) and any
 * failure of the box are alerts. In memory: a restart starts the window again.
 */
@Component(service = { TransactionWatch.class, AlertRule.class }, configurationPid = TransactionWatch.PID,
        property = "alert.rule.name=transactions")
@Designate(ocd = TransactionWatch.Config.class)
public class TransactionWatch implements AlertRule {
    static final String PID = "org.storebox.web.transactions";

    @ObjectClassDefinition(name = "storebox refused transactions", description = "When refused or failed sales, returns and voids alert.")
    public @interface Config {
        @AttributeDefinition(description = "Seconds over which refused and failed transactions are counted.")
        int window__s() default 900;

        @AttributeDefinition(description = "Refused transactions of one terminal within the window above which it alerts.")
        int refused__threshold() default 10;
    }

    private record Event(Instant at, boolean failed, String reason) {
    }

    private final Map<String, Deque<Event>> byTerminal = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration window;
    private final int threshold;

    @Activate
    public TransactionWatch(Config config) {
        this(config, Clock.systemUTC());
    }

    TransactionWatch(Config config, Clock clock) {
        if (config.window__s() < 1 || config.refused__threshold() < 1) {
            throw new IllegalArgumentException("window_s and refused_threshold must be at least 1");
        }
        this.clock = clock;
        this.window = Duration.ofSeconds(config.window__s());
        this.threshold = config.refused__threshold();
    }

    /** A transaction the box refused (4xx): bad input, unknown SKU, short tender, ... */
    void refused(String terminal, String reason) {
        add(terminal, new Event(clock.instant(), false, reason));
    }

    /** A transaction the box failed to take (5xx): the database or the box itself. */
    void failed(String terminal, String reason) {
        add(terminal, new Event(clock.instant(), true, reason));
    }

    private void add(String terminal, Event e) {
        Deque<Event> q = byTerminal.computeIfAbsent(terminal, t -> new ArrayDeque<>());
        synchronized (q) {
            q.addLast(e);
            prune(q, e.at);
        }
    }

    private void prune(Deque<Event> q, Instant now) {
        while (!q.isEmpty() && q.peekFirst().at.isBefore(now.minus(window))) {
            q.removeFirst();
        }
    }

    @Override
    public String source() {
        return "terminal";
    }

    @Override
    public List<AlertCondition> evaluate() {
        Instant now = clock.instant();
        List<AlertCondition> out = new ArrayList<>();
        for (Map.Entry<String, Deque<Event>> e : new TreeMap<>(byTerminal).entrySet()) {
            String terminal = e.getKey();
            int refused = 0;
            int failed = 0;
            String lastRefused = null;
            String lastFailed = null;
            synchronized (e.getValue()) {
                prune(e.getValue(), now);
                for (Event ev : e.getValue()) {
                    if (ev.failed) {
                        failed++;
                        lastFailed = ev.reason;
                    } else {
                        refused++;
                        lastRefused = ev.reason;
                    }
                }
            }
            long minutes = window.toMinutes();
            if (refused > threshold) {
                out.add(new AlertCondition("refused:" + terminal, Severity.WARNING, "sale.refused_rate", "Terminal " + terminal
                        + " had " + refused + " refused sales, returns or voids in the last " + minutes + " min (last: "
                        + lastRefused + "); check that its catalog is current and whether the cashier needs help.", terminal,
                        null));
            }
            if (failed > 0) {
                out.add(new AlertCondition("failed:" + terminal, Severity.WARNING, "sale.failed", failed + " sales, returns or "
                        + "voids of terminal " + terminal + " failed on the box in the last " + minutes + " min (last: "
                        + lastFailed + "); the terminal should retry them with the same id; check the box's health page.",
                        terminal, null));
            }
        }
        return out;
    }
}
