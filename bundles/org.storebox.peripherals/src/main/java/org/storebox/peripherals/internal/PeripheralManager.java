package org.storebox.peripherals.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;
import org.osgi.service.event.propertytypes.EventTopics;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.catalog.CatalogService;
import org.storebox.api.catalog.Product;
import org.storebox.api.common.StoreboxException;
import org.storebox.api.peripheral.CashDrawer;
import org.storebox.api.peripheral.LineDisplay;
import org.storebox.api.peripheral.Peripheral;
import org.storebox.api.peripheral.PeripheralEvents;
import org.storebox.api.peripheral.PeripheralException;
import org.storebox.api.peripheral.PeripheralKind;
import org.storebox.api.peripheral.PeripheralStatus;
import org.storebox.api.peripheral.PrintDocument;
import org.storebox.api.peripheral.ReceiptPrinter;
import org.storebox.api.peripheral.Scale;
import org.storebox.api.peripheral.SelfTest;
import org.storebox.api.peripheral.Weight;
import org.storebox.api.sale.Sale;
import org.storebox.api.sale.SaleService;
import org.storebox.json.Json;

import jakarta.servlet.AsyncContext;

/**
 * The peripheral manager: tracks every driver's {@link Peripheral} services (whiteboard), calls
 * into drivers on a named executor with a deadline so that one broken driver never stalls the
 * others, and turns the drivers' EventAdmin events into the live event stream with a replay buffer.
 */
@Component(configurationPid = PeripheralsConfig.PID, service = { PeripheralManager.class, EventHandler.class }, immediate = true)
@Designate(ocd = PeripheralsConfig.class)
@EventTopics({ PeripheralEvents.TOPIC_SCAN, PeripheralEvents.TOPIC_STATUS, PeripheralEvents.TOPIC_DRAWER })
public class PeripheralManager implements EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PeripheralManager.class);
    /** The longest wait for a stable weight a caller may ask for. */
    static final int MAX_WEIGH_TIMEOUT_MS = 30_000;
    /** Threads for driver calls: enough for many terminals at once; abandoned calls are capped at one per device. */
    private static final int MAX_CALL_THREADS = 64;
    private static final long HEARTBEAT_S = 15;

    private final Clock clock;
    private final Duration callTimeout;
    private final Duration printTimeout;
    private final Duration weighTimeout;
    private final Duration drawerOpenAlert;
    private final String receiptUrlBase;
    private final int bufferSize;

    private final Map<Long, Device> devices = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor calls;
    /** Writes to event streams, in order, off the EventAdmin and request threads; also the heartbeat. */
    private final ScheduledExecutorService sse;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    /** Recent events for replay (guarded by itself). */
    private final ArrayDeque<StreamEvent> ring = new ArrayDeque<>();
    /** Event ids are {@code boot.seq}: a reconnect after a restart of this component is noticed as such. */
    private final String boot;
    private long seq;
    /** Since when each drawer has been open, by device name. */
    private final Map<String, Instant> drawerOpenSince = new ConcurrentHashMap<>();

    private volatile CatalogService catalog;
    private volatile SaleService sales;

    @Activate
    public PeripheralManager(PeripheralsConfig config) {
        this(config, Clock.systemUTC());
    }

    PeripheralManager(PeripheralsConfig config, Clock clock) {
        this.clock = clock;
        this.callTimeout = positive(config.call__timeout__ms(), "call_timeout_ms");
        this.printTimeout = positive(config.print__timeout__ms(), "print_timeout_ms");
        this.weighTimeout = positive(config.weigh__timeout__ms(), "weigh_timeout_ms");
        if (config.weigh__timeout__ms() > MAX_WEIGH_TIMEOUT_MS) {
            throw new IllegalArgumentException("weigh_timeout_ms must be at most " + MAX_WEIGH_TIMEOUT_MS);
        }
        if (config.drawer__open__alert__s() < 1) {
            throw new IllegalArgumentException("drawer_open_alert_s must be at least 1");
        }
        this.drawerOpenAlert = Duration.ofSeconds(config.drawer__open__alert__s());
        if (config.events__buffer() < 1 || config.events__buffer() > 10_000) {
            throw new IllegalArgumentException("events_buffer must be between 1 and 10000");
        }
        this.bufferSize = config.events__buffer();
        this.receiptUrlBase = urlBase(config.receipt__url__base());
        this.boot = Long.toString(clock.millis(), 36);
        AtomicInteger n = new AtomicInteger();
        this.calls = new ThreadPoolExecutor(0, MAX_CALL_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "storebox-peripherals-call-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.sse = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "storebox-peripherals-sse");
            t.setDaemon(true);
            return t;
        });
        sse.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT_S, HEARTBEAT_S, TimeUnit.SECONDS);
    }

    private static Duration positive(int ms, String key) {
        if (ms < 1) {
            throw new IllegalArgumentException(key + " must be at least 1");
        }
        return Duration.ofMillis(ms);
    }

    private static String urlBase(String base) {
        String b = base == null ? "" : base.strip();
        if (b.isEmpty()) {
            return "";
        }
        try {
            URI u = new URI(b);
            if (!"https".equalsIgnoreCase(u.getScheme()) && !"http".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException("receipt_url_base must be an http(s) URL such as https://r.example.com/r/, not " + b);
            }
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("receipt_url_base is not a URL: " + b, e);
        }
        return b;
    }

    @Deactivate
    void deactivate() {
        sse.shutdown();
        for (Stream s : streams) {
            s.close();
        }
        streams.clear();
        // Driver calls, not database work: interrupting a driver that never returned is the only way to free its thread.
        calls.shutdownNow();
    }

    // ---------------------------------------------------------------- tracking (whiteboard)

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addPeripheral(Peripheral p, Map<String, Object> props) {
        Device d = new Device(p, props);
        if (d.name == null || d.kind == null) {
            LOG.warn("Ignoring peripheral service {} of driver {}: it has no {} or no known {} service property", d.serviceId, d.driver,
                    Peripheral.PROP_NAME, Peripheral.PROP_KIND);
            return;
        }
        devices.put(d.serviceId, d);
        LOG.debug("Device {} appeared", d);
        if (!clashes(d.name).isEmpty()) {
            LOG.warn("Two drivers register a device named {}: {}; the box uses {}", d.name, sameName(d.name), kept(d.name).orElse(d));
        }
        publish("devices", devicesEvent("added", d));
    }

    void updatedPeripheral(Peripheral p, Map<String, Object> props) {
        Device d = byService(p, props);
        if (d == null) {
            addPeripheral(p, props);
            return;
        }
        String before = d.name;
        d.update(props);
        if (d.name == null || d.kind == null) {
            devices.remove(d.serviceId);
            publish("devices", devicesEvent("removed", d));
        } else if (!d.name.equals(before)) {
            publish("devices", devicesEvent("removed", d, before));
            publish("devices", devicesEvent("added", d));
        }
    }

    void removePeripheral(Peripheral p, Map<String, Object> props) {
        Device d = byService(p, props);
        if (d == null || devices.remove(d.serviceId) == null) {
            return;
        }
        LOG.debug("Device {} went away", d);
        if (sameName(d.name).isEmpty()) {
            drawerOpenSince.remove(d.name);
        }
        publish("devices", devicesEvent("removed", d));
    }

    private Device byService(Peripheral p, Map<String, Object> props) {
        Object id = props.get(org.osgi.framework.Constants.SERVICE_ID);
        if (id instanceof Number n) {
            return devices.get(n.longValue());
        }
        for (Device d : List.copyOf(devices.values())) {
            if (d.service == p) {
                return d;
            }
        }
        return null;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setCatalog(CatalogService c) {
        this.catalog = c;
    }

    void unsetCatalog(CatalogService c) {
        if (this.catalog == c) {
            this.catalog = null;
        }
    }

    /** Optional so that scanners, drawers and scales keep working while the sales bundle restarts. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setSales(SaleService s) {
        this.sales = s;
    }

    void unsetSales(SaleService s) {
        if (this.sales == s) {
            this.sales = null;
        }
    }

    private List<Device> sameName(String name) {
        List<Device> out = new ArrayList<>();
        for (Device d : List.copyOf(devices.values())) {
            if (name.equals(d.name)) {
                out.add(d);
            }
        }
        out.sort(Device::compare);
        return out;
    }

    /** The device the box uses for this name: the highest-ranked of those that claim it. */
    Optional<Device> kept(String name) {
        List<Device> all = sameName(name);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** The devices the box uses, one per name, by name. */
    List<Device> devices() {
        Map<String, Device> byName = new TreeMap<>();
        for (Device d : List.copyOf(devices.values())) {
            byName.merge(d.name, d, (a, b) -> Device.compare(a, b) <= 0 ? a : b);
        }
        return new ArrayList<>(byName.values());
    }

    /** The devices that lost a name clash to the one kept, for one name; empty when there is no clash. */
    List<Device> clashes(String name) {
        List<Device> all = sameName(name);
        return all.size() < 2 ? List.of() : all.subList(1, all.size());
    }

    /** Every name claimed by more than one device: the kept one first, then the ignored ones. */
    Map<String, List<Device>> clashes() {
        Map<String, List<Device>> byName = new TreeMap<>();
        for (Device d : List.copyOf(devices.values())) {
            byName.computeIfAbsent(d.name, k -> new ArrayList<>()).add(d);
        }
        byName.values().removeIf(l -> l.size() < 2);
        byName.values().forEach(l -> l.sort(Device::compare));
        return byName;
    }

    // ---------------------------------------------------------------- calls into drivers

    /** A device's state as the API shows it. */
    record View(Device device, PeripheralStatus status, Map<String, String> callDetail) {
    }

    /** Every kept device with its status; devices whose driver fails or hangs are shown in error, the others as they are. */
    List<View> list() {
        List<Device> ds = devices();
        List<Pending<PeripheralStatus>> pending = new ArrayList<>();
        List<RuntimeException> refused = new ArrayList<>();
        for (Device d : ds) {
            try {
                pending.add(start(d, "status", d.service::status));
                refused.add(null);
            } catch (DeviceException e) {
                pending.add(null);
                refused.add(e);
            }
        }
        // Every status call runs at once: the listing takes one timeout however many drivers hang.
        long deadline = System.nanoTime() + callTimeout.toNanos();
        List<View> out = new ArrayList<>();
        for (int i = 0; i < ds.size(); i++) {
            Device d = ds.get(i);
            try {
                if (refused.get(i) != null) {
                    throw refused.get(i);
                }
                out.add(statusView(d, await(pending.get(i), deadline)));
            } catch (DeviceException e) {
                out.add(failedView(d, e));
            }
        }
        return out;
    }

    View view(Device d) {
        try {
            return statusView(d, call(d, "status", callTimeout, d.service::status));
        } catch (DeviceException e) {
            return failedView(d, e);
        }
    }

    private View statusView(Device d, PeripheralStatus s) {
        if (s == null || s.state() == null) {
            return failedView(d, new DeviceException(DeviceException.Reason.FAILED, "the " + d.driver + " driver reported no status for "
                    + d.name + "; update or restart that driver"));
        }
        if (d.kind == PeripheralKind.DRAWER) {
            // Only drawers: a printer that also reports its drawer's sensor would time the same drawer twice.
            noteDrawer(d.name, s.detail().get(PeripheralStatus.DETAIL_DRAWER));
        }
        return new View(d, s, Map.of());
    }

    private View failedView(Device d, DeviceException e) {
        Instant since = d.failingSince;
        String code = switch (e.reason) {
            case TIMEOUT -> "timeout";
            case STUCK -> "stuck";
            case BUSY -> "busy";
            default -> "failed";
        };
        return new View(d, new PeripheralStatus(PeripheralStatus.State.ERROR, e.getMessage(), since == null ? clock.instant() : since,
                Map.of()), Map.of("call", code));
    }

    /** Runs the device's self-test; a driver that throws or hangs is a failed self-test, never an error of the call. */
    SelfTest selfTest(Device d) {
        try {
            SelfTest t = call(d, "selfTest", callTimeout, d.service::selfTest);
            return t == null ? new SelfTest(false, "the " + d.driver + " driver gave no self-test result; update or restart it") : t;
        } catch (DeviceException e) {
            return new SelfTest(false, e.getMessage());
        }
    }

    void print(Device d, PrintDocument doc) {
        ReceiptPrinter p = as(d, ReceiptPrinter.class);
        requireOnline(d);
        call(d, "print", printTimeout, () -> {
            p.print(doc);
            return null;
        });
    }

    /** The printer's columns, or 0 when the driver cannot tell within the call timeout. */
    int columns(Device d) {
        ReceiptPrinter p = as(d, ReceiptPrinter.class);
        try {
            Integer c = call(d, "columns", callTimeout, p::columns);
            return c == null ? 0 : c;
        } catch (DeviceException e) {
            return 0;
        }
    }

    void open(Device d) {
        CashDrawer c = as(d, CashDrawer.class);
        requireOnline(d);
        call(d, "open", callTimeout, () -> {
            c.open();
            return null;
        });
    }

    void zero(Device d) {
        Scale s = as(d, Scale.class);
        requireOnline(d);
        call(d, "zero", callTimeout, () -> {
            s.zero();
            return null;
        });
    }

    Weight weigh(Device d, Duration timeout) {
        Scale s = as(d, Scale.class);
        requireOnline(d);
        // The scale may take the whole timeout to settle; the driver then gets one call timeout more to answer.
        Weight w = call(d, "weigh", timeout.plus(callTimeout), () -> s.weigh(timeout));
        if (w == null || w.state() == null || w.state() == Weight.State.STABLE && w.value() == null) {
            throw new DeviceException(DeviceException.Reason.FAILED, "the " + d.driver + " driver returned no usable weight for " + d.name
                    + "; update or restart that driver");
        }
        return w;
    }

    void show(Device d, String line1, String line2) {
        LineDisplay l = as(d, LineDisplay.class);
        requireOnline(d);
        call(d, "show", callTimeout, () -> {
            l.show(line1, line2);
            return null;
        });
    }

    Duration weighTimeout() {
        return weighTimeout;
    }

    private <T> T as(Device d, Class<T> type) {
        if (!type.isInstance(d.service)) {
            throw new DeviceException(DeviceException.Reason.FAILED, d.name + " is registered by the " + d.driver + " driver as a "
                    + d.kind.wire() + " but does not implement " + type.getSimpleName() + "; fix that driver's registration");
        }
        return type.cast(d.service);
    }

    private void requireOnline(Device d) {
        PeripheralStatus s = call(d, "status", callTimeout, d.service::status);
        if (s == null || s.state() != PeripheralStatus.State.ONLINE) {
            String state = s == null || s.state() == null ? "in an unknown state" : s.state().name().toLowerCase(java.util.Locale.ROOT);
            String why = s == null || s.reason() == null ? "check the device and its cable" : s.reason();
            throw new DeviceException(DeviceException.Reason.NOT_READY, d.name + " is " + state + ": " + why);
        }
    }

    /** A call into a driver that has started on the executor. */
    private static final class Pending<T> {
        final Device device;
        final String what;
        final Future<T> future;
        /** 0 running, 1 returned, 2 abandoned past its deadline. */
        final AtomicInteger state;
        final long timeoutMs;

        Pending(Device device, String what, Future<T> future, AtomicInteger state, long timeoutMs) {
            this.device = device;
            this.what = what;
            this.future = future;
            this.state = state;
            this.timeoutMs = timeoutMs;
        }
    }

    private <T> T call(Device d, String what, Duration timeout, Callable<T> task) {
        return await(start(d, what, task, timeout.toMillis()), System.nanoTime() + timeout.toNanos());
    }

    private <T> Pending<T> start(Device d, String what, Callable<T> task) {
        return start(d, what, task, callTimeout.toMillis());
    }

    private <T> Pending<T> start(Device d, String what, Callable<T> task, long timeoutMs) {
        if (d.abandoned.get() > 0) {
            Instant since = d.abandonedSince;
            long s = since == null ? 0 : Duration.between(since, clock.instant()).toSeconds();
            throw failed(d, new DeviceException(DeviceException.Reason.STUCK, "the " + d.driver + " driver has not returned from a call to "
                    + d.name + " that timed out " + s + " s ago; check the device's cable and power, then restart the driver if it stays so"));
        }
        AtomicInteger state = new AtomicInteger();
        try {
            Future<T> f = calls.submit(() -> {
                try {
                    return task.call();
                } finally {
                    if (!state.compareAndSet(0, 1) && d.abandoned.decrementAndGet() == 0) {
                        d.abandonedSince = null;
                        LOG.info("Device {}: the {} call that ran past its deadline has returned", d.name, what);
                    }
                }
            });
            return new Pending<>(d, what, f, state, timeoutMs);
        } catch (RejectedExecutionException e) {
            throw new DeviceException(DeviceException.Reason.BUSY, "the box has too many device calls running (or is stopping); try again",
                    e);
        }
    }

    private <T> T await(Pending<T> p, long deadlineNanos) {
        Device d = p.device;
        try {
            T t = p.future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            succeeded(d);
            return t;
        } catch (TimeoutException e) {
            if (p.state.compareAndSet(0, 2)) {
                // Not interrupted: a driver half-way through a document or a serial exchange is left to finish;
                // further calls to this device fail fast until it returns, so a hung driver holds only the threads of the
                // calls that were already running when it hung.
                if (d.abandoned.incrementAndGet() == 1) {
                    d.abandonedSince = clock.instant();
                }
                throw failed(d, new DeviceException(DeviceException.Reason.TIMEOUT, "the " + d.driver + " driver did not answer the "
                        + p.what + " call to " + d.name + " within " + p.timeoutMs + " ms; check the device's cable and power"
                        + ("print".equals(p.what) ? ", and look at the printout before printing again" : "")));
            }
            // It returned just as the deadline passed: take its outcome.
            return await(p, System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof PeripheralException pe) {
                // The driver's own sentence; the device said no, the driver works.
                succeeded(d);
                throw new DeviceException(pe.kind() == StoreboxException.Kind.INVALID ? DeviceException.Reason.REFUSED
                        : DeviceException.Reason.FAILED, pe.getMessage(), pe);
            }
            if (d.failingSince == null) {
                LOG.warn("Device {}: the {} driver failed in {}", d.name, d.driver, p.what, c);
            } else {
                LOG.debug("Device {}: the {} driver failed in {} again: {}", d.name, d.driver, p.what, c.toString());
            }
            throw failed(d, new DeviceException(DeviceException.Reason.FAILED, "the " + d.driver + " driver failed in the " + p.what
                    + " call to " + d.name + " (" + c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage())
                    + "); see the box log and restart or update that driver", c));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException(DeviceException.Reason.BUSY, "the box is stopping; try again", e);
        }
    }

    private void succeeded(Device d) {
        if (d.failingSince != null) {
            d.failingSince = null;
            LOG.info("Device {}: the {} driver answers again", d.name, d.driver);
        }
    }

    private DeviceException failed(Device d, DeviceException e) {
        if (d.failingSince == null) {
            d.failingSince = clock.instant();
            if (e.reason != DeviceException.Reason.FAILED) {
                LOG.warn("Device {}: {}", d.name, e.getMessage());
            }
        }
        return e;
    }

    // ---------------------------------------------------------------- receipts

    /**
     * The sale to print.
     *
     * @throws StoreboxException NOT_FOUND for an unknown sale, UNAVAILABLE while the sales service is not running
     */
    Sale sale(String id) {
        SaleService s = sales;
        if (s == null) {
            throw new StoreboxException(StoreboxException.Kind.UNAVAILABLE, "sales are not available right now (the sales service is "
                    + "not running); try again shortly");
        }
        return s.get(id).orElseThrow(() -> StoreboxException.notFound("no sale with id '" + id + "'"));
    }

    /** A sale's receipt lines, then the e-receipt QR code when a base URL is configured, then a cut. */
    PrintDocument receiptDocument(Sale sale) {
        if (sale.receipt == null || sale.receipt.lines == null || sale.receipt.lines.isEmpty()) {
            throw StoreboxException.invalid("sale " + sale.id + " has no receipt to print");
        }
        PrintDocument doc = new PrintDocument();
        for (String line : sale.receipt.lines) {
            doc.blocks.add(PrintDocument.Block.text(line == null ? "" : line));
        }
        if (!receiptUrlBase.isEmpty()) {
            PrintDocument.Block qr = PrintDocument.Block.of("qr");
            qr.text = receiptLink(sale.id);
            qr.align = "center";
            doc.blocks.add(qr);
        }
        doc.blocks.add(PrintDocument.Block.of("cut"));
        return doc;
    }

    String receiptLink(String saleId) {
        return receiptUrlBase + URLEncoder.encode(saleId, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // ---------------------------------------------------------------- alerts' view

    Clock clock() {
        return clock;
    }

    Duration drawerOpenAlert() {
        return drawerOpenAlert;
    }

    /** Drawers open now and since when, by device name. */
    Map<String, Instant> openDrawers() {
        return Map.copyOf(drawerOpenSince);
    }

    private void noteDrawer(String name, String state) {
        if (PeripheralStatus.OPEN.equals(state)) {
            drawerOpenSince.putIfAbsent(name, clock.instant());
        } else if (PeripheralStatus.CLOSED.equals(state)) {
            drawerOpenSince.remove(name);
        }
    }

    // ---------------------------------------------------------------- events and the live stream

    @Override
    public void handleEvent(Event e) {
        try {
            String name = text(e.getProperty(PeripheralEvents.NAME));
            if (name == null) {
                LOG.debug("Ignoring {} event without a device name", e.getTopic());
                return;
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("name", name);
            data.put("kind", text(e.getProperty(PeripheralEvents.KIND)));
            data.put("at", clock.instant());
            switch (e.getTopic()) {
                case PeripheralEvents.TOPIC_SCAN -> {
                    String code = text(e.getProperty(PeripheralEvents.BARCODE));
                    data.put("barcode", code);
                    data.put("valid", Boolean.TRUE.equals(e.getProperty(PeripheralEvents.VALID)));
                    data.put("reason", text(e.getProperty(PeripheralEvents.REASON)));
                    data.put("product", product(code));
                    publish("scan", data);
                }
                case PeripheralEvents.TOPIC_DRAWER -> {
                    boolean open = Boolean.TRUE.equals(e.getProperty(PeripheralEvents.OPEN));
                    noteDrawer(name, open ? PeripheralStatus.OPEN : PeripheralStatus.CLOSED);
                    data.put("open", open);
                    data.put("state", open ? PeripheralStatus.OPEN : PeripheralStatus.CLOSED);
                    publish("drawer", data);
                }
                case PeripheralEvents.TOPIC_STATUS -> {
                    Map<String, String> detail = detail(e.getProperty(PeripheralEvents.DETAIL));
                    if (PeripheralKind.DRAWER.wire().equals(data.get("kind"))) {
                        noteDrawer(name, detail.get(PeripheralStatus.DETAIL_DRAWER));
                    }
                    data.put("state", text(e.getProperty(PeripheralEvents.STATE)));
                    data.put("reason", text(e.getProperty(PeripheralEvents.REASON)));
                    data.put("detail", detail);
                    publish("status", data);
                }
                default -> LOG.debug("Ignoring event on {}", e.getTopic());
            }
        } catch (RuntimeException ex) {
            LOG.warn("Could not handle the peripheral event {}", e.getTopic(), ex);
        }
    }

    /** The catalog's product for a scanned code: sku, name and price (a decimal string); null when unknown. */
    private Map<String, Object> product(String code) {
        CatalogService c = catalog;
        if (c == null || code == null) {
            return null;
        }
        try {
            Optional<Product> p = c.findByBarcode(code);
            if (p.isEmpty()) {
                return null;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sku", p.get().sku);
            m.put("name", p.get().name);
            m.put("price", p.get().price == null ? null : p.get().price.toPlainString());
            return m;
        } catch (RuntimeException ex) {
            LOG.warn("Catalog lookup of a scanned code failed; the scan goes out without its product", ex);
            return null;
        }
    }

    private static Map<String, String> detail(Object o) {
        Map<String, String> out = new TreeMap<>();
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (k != null && v != null) {
                    out.put(k.toString(), v.toString());
                }
            });
        }
        return out;
    }

    private static String text(Object o) {
        return o == null ? null : o.toString();
    }

    private Map<String, Object> devicesEvent(String change, Device d) {
        return devicesEvent(change, d, d.name);
    }

    private Map<String, Object> devicesEvent(String change, Device d, String name) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("change", change);
        data.put("name", name);
        data.put("kind", d.kind == null ? null : d.kind.wire());
        data.put("driver", d.driver);
        data.put("at", clock.instant());
        return data;
    }

    /** One event of the stream, kept for replay. */
    record StreamEvent(long seq, String frame) {
    }

    /** A connected event stream and the last event written to it. */
    private static final class Stream {
        final AsyncContext context;
        long lastSent;

        Stream(AsyncContext context) {
            this.context = context;
        }

        boolean write(String frame) {
            try {
                synchronized (this) {
                    context.getResponse().getOutputStream().write(frame.getBytes(StandardCharsets.UTF_8));
                    context.getResponse().flushBuffer();
                }
                return true;
            } catch (IOException | RuntimeException e) {
                close();
                return false;
            }
        }

        void close() {
            try {
                context.complete();
            } catch (RuntimeException e) {
                LOG.debug("Event stream already closed", e);
            }
        }
    }

    private void publish(String type, Map<String, Object> data) {
        StreamEvent ev;
        synchronized (ring) {
            long n = ++seq;
            ev = new StreamEvent(n, "id: " + boot + "." + n + "\nevent: " + type + "\ndata: " + Json.write(data) + "\n\n");
            ring.addLast(ev);
            while (ring.size() > bufferSize) {
                ring.removeFirst();
            }
        }
        try {
            sse.execute(() -> {
                for (Stream s : streams) {
                    if (s.lastSent < ev.seq) {
                        s.lastSent = ev.seq;
                        if (!s.write(ev.frame)) {
                            streams.remove(s);
                        }
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Event stream is stopping; {} not sent", type);
        }
    }

    /**
     * Attaches a started async response as an event stream: replays what the caller missed since
     * {@code lastEventId} (nothing when null), then sends every new event.
     */
    void attach(AsyncContext a, String lastEventId) {
        Stream s = new Stream(a);
        sse.execute(() -> {
            List<StreamEvent> buffered;
            synchronized (ring) {
                buffered = new ArrayList<>(ring);
                s.lastSent = seq;
            }
            long after = s.lastSent;
            boolean reset = false;
            if (lastEventId != null && !lastEventId.isBlank()) {
                long asked = parseId(lastEventId.strip());
                long oldest = buffered.isEmpty() ? s.lastSent + 1 : buffered.get(0).seq;
                if (asked < 0 || asked > s.lastSent) {
                    // An id of another run of this component, or garbage: what happened in between is unknown.
                    reset = true;
                    after = 0;
                } else {
                    after = asked;
                    reset = asked < oldest - 1;
                }
            }
            StringBuilder out = new StringBuilder();
            if (reset) {
                out.append("event: reset\ndata: ").append(Json.write(Map.of("reason", "some events were not kept; read GET "
                        + "/api/v1/peripherals again for the state of every device"))).append("\n\n");
            }
            for (StreamEvent ev : buffered) {
                if (ev.seq > after) {
                    out.append(ev.frame);
                }
            }
            if (out.length() == 0 || s.write(out.toString())) {
                streams.add(s);
            }
        });
    }

    /** The sequence number of an id of this run ({@code boot.seq}); -1 for any other. */
    private long parseId(String id) {
        int dot = id.indexOf('.');
        if (dot < 0 || !id.substring(0, dot).equals(boot)) {
            return -1;
        }
        try {
            return Long.parseLong(id.substring(dot + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    void detach(AsyncContext a) {
        streams.removeIf(s -> s.context == a);
    }

    /** Writes a comment to every stream so that proxies and terminals see the connection is alive. */
    void heartbeat() {
        for (Stream s : streams) {
            if (!s.write(": keep-alive\n\n")) {
                streams.remove(s);
            }
        }
    }

    /** Waits until the stream writer has done everything asked of it so far (for tests). */
    void awaitStreams() throws InterruptedException, ExecutionException {
        sse.submit(() -> {
        }).get();
    }

    int streamCount() {
        return streams.size();
    }
}
