package org.storebox.manager.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;
import org.osgi.service.event.propertytypes.EventTopics;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.alert.AlertService;
import org.storebox.api.outbox.OutboxService;
import org.storebox.api.peripheral.Peripheral;
import org.storebox.api.peripheral.PeripheralEvents;
import org.storebox.api.peripheral.PeripheralStatus;
import org.storebox.api.restock.RestockService;
import org.storebox.api.sale.SaleService;
import org.storebox.api.store.Database;
import org.storebox.api.store.StoreInfo;
import org.storebox.api.uplink.UplinkStatus;
import org.storebox.api.uplink.UplinkStatusService;

import jakarta.servlet.AsyncContext;

/**
 * What the manager page shows and who may see it: accounts, sessions, the overview (alerts,
 * suggestions, today's sales by hour and tender, sync state) and the live event streams.
 */
@Component(configurationPid = ManagerConfig.PID, service = { ManagerPage.class, EventHandler.class })
@Designate(ocd = ManagerConfig.class)
@EventTopics({ AlertService.TOPIC_CHANGED, RestockService.TOPIC_CHANGED, SaleService.TOPIC_COMMITTED,
        PeripheralEvents.TOPIC_STATUS, PeripheralEvents.TOPIC_DRAWER })
public class ManagerPage implements EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ManagerPage.class);

    private final Accounts accounts;
    private final Sessions sessions;
    private final Database db;
    private final StoreInfo store;
    private final OutboxService outbox;
    private final AlertService alerts;
    private final RestockService restock;
    private final Set<AsyncContext> streams = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeat;
    /** The uplink, when its bundle runs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile UplinkStatusService uplink;
    /** The devices the drivers register (whiteboard); replaced as a whole when one comes or goes. */
    @Reference(service = Peripheral.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<Peripheral> peripherals = List.of();

    @Activate
    public ManagerPage(ManagerConfig config, @Reference Database db, @Reference StoreInfo store, @Reference OutboxService outbox,
            @Reference AlertService alerts, @Reference RestockService restock) {
        if (config.session__idle__min() < 1) {
            throw new IllegalArgumentException("session_idle_min must be at least 1");
        }
        this.accounts = new Accounts(db, config.password__iterations(), config.password__min__length());
        this.sessions = new Sessions(Duration.ofMinutes(config.session__idle__min()), Clock.systemUTC());
        this.db = db;
        this.store = store;
        this.outbox = outbox;
        this.alerts = alerts;
        this.restock = restock;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "storebox-manager-sse");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleWithFixedDelay(() -> send(": keep-alive\n\n"), 15, 15, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        heartbeat.shutdown();
        for (AsyncContext a : streams) {
            try {
                a.complete();
            } catch (RuntimeException e) {
                LOG.debug("Event stream already closed", e);
            }
        }
        streams.clear();
    }

    Accounts accounts() {
        return accounts;
    }

    Sessions sessions() {
        return sessions;
    }

    AlertService alerts() {
        return alerts;
    }

    RestockService restock() {
        return restock;
    }

    StoreInfo store() {
        return store;
    }

    /** Each device's name, kind and state; status() is cheap by contract, a driver that throws shows as an error. */
    private List<Map<String, Object>> devices() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Peripheral p : List.copyOf(peripherals)) {
            Map<String, Object> d = new LinkedHashMap<>();
            try {
                d.put("name", p.name());
                d.put("kind", p.kind().wire());
                PeripheralStatus st = p.status();
                d.put("state", st.state().name().toLowerCase(Locale.ROOT));
                d.put("reason", st.reason());
                d.put("detail", st.detail());
            } catch (RuntimeException e) {
                LOG.warn("A peripheral driver failed to report its status", e);
                d.put("state", "error");
                d.put("reason", "the driver failed to report: " + e.getMessage());
            }
            out.add(d);
        }
        out.sort(java.util.Comparator.comparing(d -> String.valueOf(d.get("name"))));
        return out;
    }

    // ---------------------------------------------------------------- live updates

    void addStream(AsyncContext a) {
        streams.add(a);
    }

    void removeStream(AsyncContext a) {
        streams.remove(a);
    }

    @Override
    public void handleEvent(Event event) {
        String what = event.getTopic().startsWith("org/storebox/alerts") ? "alerts"
                : event.getTopic().startsWith("org/storebox/restock") ? "restock"
                : event.getTopic().startsWith("org/storebox/peripheral") ? "devices" : "sales";
        send("event: change\ndata: {\"what\":\"" + what + "\"}\n\n");
    }

    private void send(String frame) {
        byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        for (AsyncContext a : streams) {
            try {
                synchronized (a) {
                    a.getResponse().getOutputStream().write(bytes);
                    a.getResponse().flushBuffer();
                }
            } catch (IOException | RuntimeException e) {
                streams.remove(a);
                try {
                    a.complete();
                } catch (RuntimeException ignored) {
                    LOG.debug("Event stream closed by the browser");
                }
            }
        }
    }

    // ---------------------------------------------------------------- the overview

    Map<String, Object> overview() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("alerts", alerts.list(false));
        o.put("suggestions", restock.suggestions(false));
        o.put("sales", salesToday());
        o.put("sync", sync());
        o.put("devices", devices());
        return o;
    }

    /**
     * Today's trade across terminals, read from the sales tables (read-only; the sales API has only
     * per-terminal reports): net sales per local hour and net takings per tender.
     */
    Map<String, Object> salesToday() {
        LocalDate today = LocalDate.now(store.zone());
        return db.read(c -> {
            BigDecimal[] hours = new BigDecimal[24];
            long[] counts = new long[24];
            java.util.Arrays.fill(hours, BigDecimal.ZERO);
            try (PreparedStatement p = c.prepareStatement("SELECT created_at, kind, total FROM sale WHERE business_day = ? AND status = 'completed'")) {
                p.setDate(1, Date.valueOf(today));
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        int h = ZonedDateTime.ofInstant(rs.getTimestamp(1).toInstant(), store.zone()).getHour();
                        BigDecimal t = rs.getBigDecimal(3);
                        boolean ret = "return".equals(rs.getString(2));
                        hours[h] = hours[h].add(ret ? t.negate() : t);
                        if (!ret) {
                            counts[h]++;
                        }
                    }
                }
            }
            Map<String, BigDecimal> tenders = new LinkedHashMap<>();
            try (PreparedStatement p = c.prepareStatement("SELECT t.type, SUM(t.amount) FROM tender t JOIN sale s ON s.seq = t.sale_seq "
                    + "WHERE s.business_day = ? AND s.status = 'completed' GROUP BY t.type ORDER BY t.type")) {
                p.setDate(1, Date.valueOf(today));
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        tenders.put(rs.getString(1), money(rs.getBigDecimal(2)));
                    }
                }
            }
            List<Map<String, Object>> byHour = new ArrayList<>();
            BigDecimal total = BigDecimal.ZERO;
            long count = 0;
            for (int h = 0; h < 24; h++) {
                total = total.add(hours[h]);
                count += counts[h];
                if (counts[h] > 0 || hours[h].signum() != 0) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("hour", h);
                    m.put("sales", counts[h]);
                    m.put("net", money(hours[h]));
                    byHour.add(m);
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("day", today);
            out.put("currency", store.currency().getCurrencyCode());
            out.put("net", money(total));
            out.put("sales", count);
            out.put("by_hour", byHour);
            out.put("by_tender", tenders);
            return out;
        });
    }

    private BigDecimal money(BigDecimal v) {
        return v.setScale(store.currency().getDefaultFractionDigits(), java.math.RoundingMode.HALF_UP);
    }

    Map<String, Object> sync() {
        Map<String, Object> s = new LinkedHashMap<>();
        UplinkStatusService u = uplink;
        if (u != null) {
            UplinkStatus st = u.status();
            s.put("configured", st.broker != null);
            s.put("connected", st.connected);
            s.put("backlog", st.backlog);
            s.put("oldest_unsynced_age_s", st.oldestUnsyncedAgeS);
            s.put("last_error", st.lastError);
        } else {
            s.put("configured", false);
            s.put("connected", false);
            s.put("backlog", outbox.backlog());
            s.put("oldest_unsynced_age_s", null);
            s.put("last_error", null);
        }
        return s;
    }
}
