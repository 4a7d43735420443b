package org.storebox.restock.internal;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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
import org.storebox.api.alert.AlertCondition;
import org.storebox.api.alert.AlertRule;
import org.storebox.api.alert.Severity;
import org.storebox.api.common.StoreboxException;
import org.storebox.api.outbox.OutboxService;
import org.storebox.api.restock.Reasoning;
import org.storebox.api.restock.RestockService;
import org.storebox.api.restock.Suggestion;
import org.storebox.api.sale.SaleService;
import org.storebox.api.stock.StockService;
import org.storebox.api.store.Database;
import org.storebox.api.store.StoreInfo;
import org.storebox.json.Json;

/**
 * Restock suggestions: the SKUs of each committed sale are recomputed on this component's own
 * thread (never the sale's), every SKU on a schedule. It is also the alert rule for low stock and
 * restock due, since it knows each SKU's trigger level.
 */
@Component(configurationPid = RestockConfig.PID, service = { RestockService.class, EventHandler.class, AlertRule.class },
        property = "alert.rule.name=restock")
@Designate(ocd = RestockConfig.class)
@EventTopics({ SaleService.TOPIC_COMMITTED, StockService.TOPIC_CHANGED })
public class RestockServiceImpl implements RestockService, EventHandler, AlertRule {
    private static final Logger LOG = LoggerFactory.getLogger(RestockServiceImpl.class);
    private static final Set<String> STATES = Set.of("open", "ordered", "snoozed", "dismissed");

    private final Database db;
    private final OutboxService outbox;
    private final StoreInfo store;
    private final Rule storeRule;
    private final int window;
    private final ScheduledExecutorService executor;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicBoolean draining = new java.util.concurrent.atomic.AtomicBoolean();
    private final List<RuleSource> rules = new CopyOnWriteArrayList<>();
    /**
     * The complete days of the window of each SKU sold since the last full recompute, as of {@link #historyDay}:
     * read once, then a sale's recompute reads only the SKU's row. The full recompute empties it, so a void of an
     * earlier day's sale is taken in within full_interval_min.
     */
    private final Map<String, History.Sku> history = new HashMap<>();
    private LocalDate historyDay;
    /** SKUs at or below their trigger after the last computation: sku -> {on hand, trigger}. */
    private final Map<String, double[]> low = new ConcurrentHashMap<>();
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    @Activate
    public RestockServiceImpl(RestockConfig config, @Reference Database db, @Reference OutboxService outbox,
            @Reference StoreInfo store) {
        if (config.window__days() < 7 || config.window__days() > 730 || config.full__interval__min() < 1) {
            throw new IllegalArgumentException("window_days must be 7 to 730 and full_interval_min at least 1");
        }
        this.db = db;
        this.outbox = outbox;
        this.store = store;
        this.storeRule = Rules.store(config);
        this.window = config.window__days();
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "storebox-restock");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::recomputeSafely, 1, TimeUnit.MINUTES.toSeconds(config.full__interval__min()),
                TimeUnit.SECONDS);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRule(RuleSource rule) {
        rules.add(rule);
        schedule();
    }

    void removeRule(RuleSource rule) {
        rules.remove(rule);
        schedule();
    }

    private void schedule() {
        try {
            executor.execute(this::recomputeSafely);
        } catch (RejectedExecutionException e) {
            LOG.debug("Restock is stopping; no recompute");
        }
    }

    @Deactivate
    void deactivate() {
        // shutdown, never shutdownNow: a recompute may be inside H2, which must not be interrupted.
        executor.shutdown();
    }

    @Override
    public void handleEvent(Event event) {
        if (event.getProperty("skus") instanceof String[] skus) {
            pending.addAll(List.of(skus));
            if (draining.compareAndSet(false, true)) {
                try {
                    // A short delay gathers the sales of a busy moment into one recompute.
                    executor.schedule(this::drain, 300, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    LOG.debug("Restock is stopping; {} SKUs not recomputed", skus.length);
                }
            }
        }
    }

    /**
     * Recomputes the SKUs of committed sales, many sales' SKUs at a time. Their past days come from
     * {@link #history}, so a recompute reads a row per SKU, not every sale of the window.
     */
    private synchronized void drain() {
        // Cleared before the snapshot: SKUs added from now on schedule the next drain.
        draining.set(false);
        List<String> skus = new ArrayList<>(pending);
        pending.removeAll(skus);
        try {
            Rules r = rules();
            LocalDate today = LocalDate.now(store.zone());
            if (!today.equals(historyDay)) {
                history.clear();
                historyDay = today;
            }
            Map<String, History.Sku> h = db.read(c -> History.refresh(c, history, skus, today, window, store.zone()));
            if (apply(compute(h, r, today), new java.util.HashSet<>(skus), today)) {
                changed(new java.util.TreeSet<>(skus));
            }
        } catch (RuntimeException e) {
            notDone("Restock recompute of " + skus, "the scheduled full recompute will catch up", e);
        }
    }

    private void recomputeSafely() {
        try {
            recomputeAll();
        } catch (RuntimeException e) {
            notDone("Full restock recompute", "retrying on the next round", e);
        }
    }

    /**
     * Logs a recompute that failed: a WARN with its trace, or, when the box is stopping or its database failed
     * (which /health reports), an INFO line without one.
     */
    private static void notDone(String what, String then, RuntimeException e) {
        if (e instanceof StoreboxException s && s.kind() == StoreboxException.Kind.UNAVAILABLE) {
            LOG.info("{} not done ({}); {}", what, e.getMessage(), then);
        } else {
            LOG.warn("{} failed; {}", what, then, e);
        }
    }

    @Override
    public synchronized int recomputeAll() {
        long t0 = System.nanoTime();
        LocalDate today = LocalDate.now(store.zone());
        Map<String, History.Sku> h = db.read(c -> History.load(c, null, today, window, store.zone()));
        // Not kept from here: a catalog of 50,000 SKUs would hold about 35 MB; the drain keeps the SKUs that sell.
        history.clear();
        long t1 = System.nanoTime();
        Map<String, Policy.Order> orders = compute(h, rules(), today);
        low.keySet().retainAll(h.keySet());
        boolean changed = apply(orders, null, today);
        LOG.debug("Restock: {} SKUs, {} suggestions; load {} ms, compute and store {} ms", h.size(), orders.size(),
                (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
        if (changed) {
            changed(Set.of());
        }
        return h.size();
    }

    private Rules rules() {
        return new Rules(storeRule, new ArrayList<>(rules).stream().map(RuleSource::config).toList());
    }

    /** The orders due, from each SKU's history; also remembers which SKUs are low. */
    private Map<String, Policy.Order> compute(Map<String, History.Sku> history, Rules r, LocalDate today) {
        Map<String, Double> onOrder = db.read(RestockServiceImpl::onOrder);
        Map<String, Policy.Order> out = new LinkedHashMap<>();
        for (History.Sku s : history.values()) {
            Rule rule = r.of(s.sku, s.category);
            Demand demand = Demand.of(s.sold, s.outOfStock);
            double ordered = onOrder.getOrDefault(s.sku, 0.0);
            Policy.Order o = Policy.evaluate(rule, demand, s.onHand, ordered, today);
            if (o != null) {
                out.put(s.sku, o);
            }
            // Low stock is about the shelf, whatever is on order.
            Policy.Order shelf = o != null && ordered == 0 ? o : ordered > 0 ? Policy.evaluate(rule, demand, s.onHand, 0, today) : null;
            if (shelf != null) {
                low.put(s.sku, new double[] { s.onHand, shelf.reasoning().trigger });
            } else {
                low.remove(s.sku);
            }
        }
        return out;
    }

    /** Ordered quantities not yet received: an ordered suggestion ends with the first receipt after it. */
    private static Map<String, Double> onOrder(Connection c) throws SQLException {
        Map<String, Double> m = new HashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT r.sku, r.ordered_qty FROM restock_suggestion r WHERE r.state = 'ordered' "
                + "AND NOT EXISTS (SELECT 1 FROM stock_receipt x WHERE x.sku = r.sku AND x.last_at > r.ordered_at)");
                ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                m.put(rs.getString(1), rs.getDouble(2));
            }
        }
        return m;
    }

    /**
     * Stores the outcome for the SKUs evaluated (null: all): new suggestions open (and go to the
     * outbox), existing ones keep their state, ones whose condition ended go away.
     *
     * @return whether anything changed
     */
    private boolean apply(Map<String, Policy.Order> orders, Set<String> scope, LocalDate today) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // Read first: after most sales nothing changes, and that must not cost a write next to them.
        Map<String, Object[]> current = db.read(c -> {
            Map<String, Object[]> m = new HashMap<>();
            try (PreparedStatement p = c.prepareStatement("SELECT r.sku, r.state, r.snoozed_until, r.qty, r.ordered_at, "
                    + "EXISTS (SELECT 1 FROM stock_receipt x WHERE x.sku = r.sku AND x.last_at > r.ordered_at) "
                    + "FROM restock_suggestion r");
                    ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    if (scope == null || scope.contains(rs.getString(1))) {
                        m.put(rs.getString(1), new Object[] { rs.getString(2), rs.getDate(3), rs.getBigDecimal(4), rs.getTimestamp(5),
                            rs.getBoolean(6) });
                    }
                }
            }
            return m;
        });
        if (!needsWrite(orders, current, today)) {
            return false;
        }
        return db.write(c -> {
            Map<String, Object[]> existing = new HashMap<>(current);
            boolean changed = false;
            for (Map.Entry<String, Policy.Order> e : orders.entrySet()) {
                String sku = e.getKey();
                Policy.Order o = e.getValue();
                String reasoning = Json.write(o.reasoning());
                Object[] row = existing.remove(sku);
                if (row == null) {
                    try (PreparedStatement p = c.prepareStatement("INSERT INTO restock_suggestion(sku, qty, state, reasoning, created_at, "
                            + "updated_at) VALUES (?,?,'open',?,?,?)")) {
                        p.setString(1, sku);
                        p.setBigDecimal(2, o.qty());
                        p.setString(3, reasoning);
                        p.setTimestamp(4, Timestamp.from(now));
                        p.setTimestamp(5, Timestamp.from(now));
                        p.executeUpdate();
                    }
                    Map<String, Object> event = new LinkedHashMap<>();
                    event.put("sku", sku);
                    event.put("qty", o.qty());
                    event.put("order_by", o.orderBy());
                    event.put("reasoning", o.reasoning());
                    outbox.append(c, "restock.suggested", Json.write(event));
                    changed = true;
                } else if ("ordered".equals(row[0])) {
                    continue;
                } else {
                    String state = (String) row[0];
                    Date until = (Date) row[1];
                    boolean wake = "snoozed".equals(state) && until != null && !until.toLocalDate().isAfter(today);
                    boolean qtyChanged = ((BigDecimal) row[2]).compareTo(o.qty()) != 0;
                    if (wake || qtyChanged) {
                        try (PreparedStatement p = c.prepareStatement("UPDATE restock_suggestion SET qty = ?, reasoning = ?, state = ?, "
                                + "snoozed_until = ?, updated_at = ? WHERE sku = ?")) {
                            p.setBigDecimal(1, o.qty());
                            p.setString(2, reasoning);
                            p.setString(3, wake ? "open" : state);
                            p.setDate(4, wake ? null : until);
                            p.setTimestamp(5, Timestamp.from(now));
                            p.setString(6, sku);
                            p.executeUpdate();
                        }
                        changed = true;
                    }
                }
            }
            // What is left was not suggested this time: its condition ended, or its order arrived.
            try (PreparedStatement p = c.prepareStatement("DELETE FROM restock_suggestion WHERE sku = ? AND (state <> 'ordered' OR EXISTS "
                    + "(SELECT 1 FROM stock_receipt x WHERE x.sku = ? AND x.last_at > ?))")) {
                for (Map.Entry<String, Object[]> e : existing.entrySet()) {
                    Timestamp orderedAt = (Timestamp) e.getValue()[3];
                    p.setString(1, e.getKey());
                    p.setString(2, e.getKey());
                    p.setTimestamp(3, orderedAt == null ? Timestamp.from(Instant.EPOCH) : orderedAt);
                    changed |= p.executeUpdate() > 0;
                }
            }
            return changed;
        });
    }

    /**
     * Whether the outcome differs from what is stored. A stored row not suggested now is gone unless
     * it is an order not yet received, which only a full recompute (with receipts) settles.
     */
    private static boolean needsWrite(Map<String, Policy.Order> orders, Map<String, Object[]> current, LocalDate today) {
        for (Map.Entry<String, Policy.Order> e : orders.entrySet()) {
            Object[] row = current.get(e.getKey());
            if (row == null) {
                return true;
            }
            if ("ordered".equals(row[0])) {
                continue;
            }
            Date until = (Date) row[1];
            if ("snoozed".equals(row[0]) && until != null && !until.toLocalDate().isAfter(today)
                    || ((BigDecimal) row[2]).compareTo(e.getValue().qty()) != 0) {
                return true;
            }
        }
        for (Map.Entry<String, Object[]> e : current.entrySet()) {
            if (!orders.containsKey(e.getKey()) && (!"ordered".equals(e.getValue()[0]) || Boolean.TRUE.equals(e.getValue()[4]))) {
                return true;
            }
        }
        return false;
    }

    private void changed(Set<String> skus) {
        EventAdmin ea = events;
        if (ea != null) {
            ea.postEvent(new Event(TOPIC_CHANGED, Map.of("skus", skus.toArray(new String[0]))));
        }
    }

    // ---------------------------------------------------------------- reading and state changes

    @Override
    public List<Suggestion> suggestions(boolean includeDismissed) {
        return db.read(c -> query(c, includeDismissed ? "" : " WHERE r.state <> 'dismissed'", null));
    }

    @Override
    public Optional<Suggestion> get(String sku) {
        return db.read(c -> query(c, " WHERE r.sku = ?", sku)).stream().findFirst();
    }

    private List<Suggestion> query(Connection c, String where, String sku) throws SQLException {
        List<Suggestion> out = new ArrayList<>();
        LocalDate today = LocalDate.now(store.zone());
        Rules rules = rules();
        try (PreparedStatement p = c.prepareStatement("SELECT r.sku, p.name, r.qty, r.state, r.snoozed_until, r.reasoning, r.created_at, "
                + "r.updated_at, p.category FROM restock_suggestion r LEFT JOIN product p ON p.sku = r.sku" + where + " ORDER BY r.created_at, r.sku")) {
            if (sku != null) {
                p.setString(1, sku);
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    Suggestion s = new Suggestion();
                    s.sku = rs.getString(1);
                    s.name = rs.getString(2);
                    BigDecimal q = rs.getBigDecimal(3).stripTrailingZeros();
                    s.qty = q.scale() < 0 ? q.setScale(0) : q;
                    s.state = rs.getString(4);
                    s.snoozedUntil = rs.getDate(5) == null ? null : rs.getDate(5).toLocalDate();
                    s.reasoning = Json.read(rs.getString(6), Reasoning.class);
                    s.createdAt = rs.getTimestamp(7).toInstant();
                    s.updatedAt = rs.getTimestamp(8).toInstant();
                    Rule rule = rules.of(s.sku, rs.getString(9));
                    s.orderBy = rule.orderDays().isEmpty() ? null : Policy.nextOrderDay(rule.orderDays(), today);
                    if ("snoozed".equals(s.state) && s.snoozedUntil != null && !s.snoozedUntil.isAfter(today)) {
                        s.state = "open";
                        s.snoozedUntil = null;
                    }
                    out.add(s);
                }
            }
        }
        return out;
    }

    @Override
    public Suggestion setState(String sku, String state, LocalDate snoozedUntil, String by) {
        if (state == null || !STATES.contains(state)) {
            throw StoreboxException.invalid("state '" + state + "' is unknown; use one of open, ordered, snoozed, dismissed");
        }
        LocalDate today = LocalDate.now(store.zone());
        if ("snoozed".equals(state) && (snoozedUntil == null || !snoozedUntil.isAfter(today))) {
            throw StoreboxException.invalid("a snooze needs snoozed_until, a date after today (" + today + ")");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE restock_suggestion SET state = ?, snoozed_until = ?, ordered_qty = "
                    + "CASE WHEN ? = 'ordered' THEN qty ELSE NULL END, ordered_at = CASE WHEN ? = 'ordered' THEN ? ELSE NULL END, "
                    + "updated_at = ?, updated_by = ? WHERE sku = ?")) {
                p.setString(1, state);
                p.setDate(2, "snoozed".equals(state) ? Date.valueOf(snoozedUntil) : null);
                p.setString(3, state);
                p.setString(4, state);
                p.setTimestamp(5, Timestamp.from(now));
                p.setTimestamp(6, Timestamp.from(now));
                p.setString(7, by);
                p.setString(8, sku);
                if (p.executeUpdate() == 0) {
                    throw StoreboxException.notFound("no restock suggestion for SKU " + sku);
                }
            }
            return null;
        });
        changed(Set.of(sku));
        return get(sku).orElseThrow();
    }

    // ---------------------------------------------------------------- alert rule

    @Override
    public String source() {
        return "restock";
    }

    @Override
    public List<AlertCondition> evaluate() {
        List<AlertCondition> out = new ArrayList<>();
        low.forEach((sku, v) -> {
            if (v[0] > 0) {
                String onHand = BigDecimal.valueOf(v[0]).stripTrailingZeros().toPlainString();
                String trigger = BigDecimal.valueOf(Math.round(v[1] * 100) / 100.0).stripTrailingZeros().toPlainString();
                out.add(new AlertCondition("low:" + sku, Severity.WARNING, "stock.low", sku + " is low: " + onHand
                        + " on hand, at or below its reorder level " + trigger + ".", sku,
                        Json.write(Map.of("sku", sku, "on_hand", onHand, "trigger", trigger))));
            }
        });
        for (Suggestion s : suggestions(false)) {
            if ("open".equals(s.state)) {
                out.add(new AlertCondition("due:" + s.sku, Severity.INFO, "restock.due", "Order " + s.qty.toPlainString() + " of "
                        + s.sku + (s.name == null ? "" : " (" + s.name + ")") + ".", s.sku,
                        Json.write(Map.of("sku", s.sku, "qty", s.qty.toPlainString()))));
            }
        }
        return out;
    }
}
