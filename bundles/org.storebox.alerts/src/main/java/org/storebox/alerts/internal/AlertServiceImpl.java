package org.storebox.alerts.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventHandler;
import org.osgi.service.event.propertytypes.EventTopics;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.alert.Alert;
import org.storebox.api.alert.AlertCondition;
import org.storebox.api.alert.AlertRule;
import org.storebox.api.alert.AlertService;
import org.storebox.api.outbox.OutboxService;
import org.storebox.api.restock.RestockService;
import org.storebox.api.sale.SaleService;
import org.storebox.api.stock.StockService;
import org.storebox.api.store.Database;

/**
 * The alert store: evaluates every whiteboard {@link AlertRule} on a schedule and soon after each
 * committed sale (on its own thread, never the sale's), each rule isolated from the others' failures.
 */
@Component(configurationPid = AlertsConfig.PID, service = { AlertService.class, EventHandler.class })
@Designate(ocd = AlertsConfig.class)
@EventTopics({ SaleService.TOPIC_COMMITTED, StockService.TOPIC_CHANGED, RestockService.TOPIC_CHANGED })
public class AlertServiceImpl implements AlertService, EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AlertServiceImpl.class);

    private final AlertStore store;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final List<AlertRule> rules = new CopyOnWriteArrayList<>();
    /** Told when alerts change, for live pages; optional. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    @Activate
    public AlertServiceImpl(AlertsConfig config, @Reference Database db, @Reference OutboxService outbox) {
        if (config.interval__s() < 1) {
            throw new IllegalArgumentException("interval_s must be at least 1");
        }
        this.store = new AlertStore(db, outbox);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "storebox-alerts");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::evaluateSafely, 2, config.interval__s(), TimeUnit.SECONDS);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRule(AlertRule rule) {
        rules.add(rule);
        requestEvaluation();
    }

    void removeRule(AlertRule rule) {
        rules.remove(rule);
    }

    @Deactivate
    void deactivate() {
        // shutdown, never shutdownNow: an evaluation may be inside H2, which must not be interrupted.
        executor.shutdown();
    }

    @Override
    public void handleEvent(Event event) {
        requestEvaluation();
    }

    /** Asks for one evaluation soon; requests that arrive while one is queued join it. */
    void requestEvaluation() {
        if (pending.compareAndSet(false, true)) {
            try {
                // A short delay gathers the sales of a busy moment into one evaluation.
                executor.schedule(() -> {
                    pending.set(false);
                    evaluateSafely();
                }, 500, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                pending.set(false);
            }
        }
    }

    private void evaluateSafely() {
        try {
            evaluate();
        } catch (RuntimeException e) {
            LOG.warn("Alert evaluation failed; retrying on the next round", e);
        }
    }

    @Override
    public synchronized void evaluate() {
        Map<String, List<AlertCondition>> bySource = new LinkedHashMap<>();
        for (AlertRule rule : new ArrayList<>(rules)) {
            String source = null;
            try {
                source = rule.source();
                List<AlertCondition> conditions = rule.evaluate();
                bySource.computeIfAbsent(source, k -> new ArrayList<>()).addAll(conditions == null ? List.of() : conditions);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("Alert rule {} ({}) failed; its alerts stay as they were", source, rule.getClass().getName(), e);
                if (source != null) {
                    bySource.remove(source);
                }
            }
        }
        AlertStore.Outcome o = store.merge(bySource, Instant.now());
        if (o.changed()) {
            LOG.debug("Alerts: {} raised, {} cleared, {} updated", o.raised(), o.cleared(), o.updated());
            EventAdmin ea = events;
            if (ea != null) {
                ea.postEvent(new Event(TOPIC_CHANGED, Map.of("raised", o.raised(), "cleared", o.cleared())));
            }
        }
    }

    @Override
    public List<Alert> list(boolean includeCleared) {
        return store.list(includeCleared);
    }

    @Override
    public Optional<Alert> get(long id) {
        return store.get(id);
    }

    @Override
    public Alert acknowledge(long id, String by) {
        Alert a = store.acknowledge(id, by, Instant.now());
        EventAdmin ea = events;
        if (ea != null) {
            ea.postEvent(new Event(TOPIC_CHANGED, Map.of("acknowledged", id)));
        }
        return a;
    }
}
