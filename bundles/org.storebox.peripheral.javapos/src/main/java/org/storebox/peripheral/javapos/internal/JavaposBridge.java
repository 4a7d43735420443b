package org.storebox.peripheral.javapos.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import jpos.config.JposEntry;
import jpos.loader.JposServiceLoader;
import jpos.loader.JposServiceManager;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.peripheral.Peripheral;

/**
 * The JavaPOS bridge: reads jpos.xml, and for each POSPrinter, Scanner, CashDrawer, Scale and
 * LineDisplay entry registers a storebox peripheral service (under its kind's interface and
 * {@link Peripheral}) that drives the vendor's JavaPOS service through the JavaPOS controls.
 */
@Component(configurationPid = JavaposConfig.PID, service = {}, immediate = true)
@Designate(ocd = JavaposConfig.class)
public class JavaposBridge {
    private static final Logger LOG = LoggerFactory.getLogger(JavaposBridge.class);
    /** {@link Peripheral#PROP_DRIVER} of every device of this bridge. */
    static final String DRIVER = "javapos";

    /** Registers a device as an OSGi service; a test passes its own. */
    interface Registrar {
        /** Registers and returns how to unregister. */
        Runnable register(String[] interfaces, Peripheral device, Dictionary<String, Object> properties);
    }

    private final Map<String, JposDevice<?>> devices = new LinkedHashMap<>();
    private final List<Runnable> registrations = new ArrayList<>();
    private final VendorClasses vendor;
    private final ScheduledExecutorService supervisor;
    private final int callTimeoutMs;

    @Activate
    public JavaposBridge(JavaposConfig config, BundleContext context, @Reference EventAdmin events) {
        this(config, System::getenv, osgi(context), events);
    }

    JavaposBridge(JavaposConfig config, UnaryOperator<String> env, Registrar registrar, EventAdmin events) {
        positive("claim_timeout_ms", config.claim__timeout__ms());
        positive("call_timeout_ms", config.call__timeout__ms());
        positive("retry_backoff_ms", config.retry__backoff__ms());
        this.callTimeoutMs = config.call__timeout__ms();
        checkServiceManager();
        Path data = dataDirectory(env);
        Path xml = path(config.jpos__xml(), data.resolve("javapos").resolve("jpos.xml"));
        Path lib = path(config.lib__dir(), data.resolve("javapos").resolve("lib"));

        List<JposEntry> entries;
        if (config.jpos__xml().isBlank() && !Files.exists(xml)) {
            LOG.info("No jpos.xml at {}: no JavaPOS devices (put one there, or set jpos_xml of {})", xml, JavaposConfig.PID);
            entries = List.of();
        } else {
            entries = JposXml.read(xml);
        }
        List<JposEntry> chosen = choose(entries, config.devices(), xml);

        this.vendor = new VendorClasses(lib);
        AtomicInteger threads = new AtomicInteger();
        // Opening blocks a supervisor thread up to claim and call timeouts: one thread per device keeps
        // a hung device from delaying the others.
        this.supervisor = Executors.newScheduledThreadPool(Math.max(1, chosen.size()), r -> {
            Thread t = new Thread(r, "storebox-javapos-supervisor-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        DeviceContext shared = new DeviceContext(vendor, events, supervisor, config.claim__timeout__ms(),
                config.call__timeout__ms(), config.retry__backoff__ms());
        for (JposEntry e : chosen) {
            JposDevice<?> device = create(e, shared);
            devices.put(device.name(), device);
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(Peripheral.PROP_NAME, device.name());
            props.put(Peripheral.PROP_KIND, device.kind().wire());
            props.put(Peripheral.PROP_DRIVER, DRIVER);
            String[] interfaces = { kindInterface(device).getName(), Peripheral.class.getName() };
            registrations.add(registrar.register(interfaces, device, props));
            device.start();
        }
        LOG.info("JavaPOS bridge: {} device(s) from {} ({}), vendor jars from {}", devices.size(), xml,
                devices.keySet(), lib);
    }

    @Deactivate
    void deactivate() {
        registrations.forEach(r -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.debug("Unregistering a device failed", e);
            }
        });
        registrations.clear();
        // First stop opening: interrupted attempts hand their half-open control to its vendor thread to close.
        supervisor.shutdownNow();
        try {
            supervisor.awaitTermination(callTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Then disable, release and close every device at once, each on its own vendor thread, with one deadline.
        Map<String, Future<?>> closing = new LinkedHashMap<>();
        devices.forEach((name, d) -> {
            Future<?> f = d.stop();
            if (f != null) {
                closing.put(name, f);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(callTimeoutMs);
        closing.forEach((name, f) -> {
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                LOG.warn("{} did not close within {} ms; its JavaPOS thread is abandoned", name, callTimeoutMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.debug("{}: closing failed", name, e);
            }
        });
        devices.values().forEach(JposDevice::shutdown);
        vendor.close();
    }

    /** The device of a logical name, for tests. */
    JposDevice<?> device(String name) {
        return devices.get(name);
    }

    private static JposDevice<?> create(JposEntry e, DeviceContext shared) {
        String name = e.getLogicalName();
        return switch (category(e)) {
            case "POSPrinter" -> new PrinterDevice(name, e, shared);
            case "Scanner" -> new ScannerDevice(name, e, shared);
            case "CashDrawer" -> new DrawerDevice(name, e, shared);
            case "Scale" -> new ScaleDevice(name, e, shared);
            case "LineDisplay" -> new DisplayDevice(name, e, shared);
            default -> throw new IllegalArgumentException("unsupported category " + category(e));
        };
    }

    private static Class<?> kindInterface(JposDevice<?> d) {
        return switch (d.kind()) {
            case PRINTER -> org.storebox.api.peripheral.ReceiptPrinter.class;
            case SCANNER -> org.storebox.api.peripheral.BarcodeScanner.class;
            case DRAWER -> org.storebox.api.peripheral.CashDrawer.class;
            case SCALE -> org.storebox.api.peripheral.Scale.class;
            case DISPLAY -> org.storebox.api.peripheral.LineDisplay.class;
        };
    }

    static boolean supported(JposEntry e) {
        return switch (category(e)) {
            case "POSPrinter", "Scanner", "CashDrawer", "Scale", "LineDisplay" -> true;
            default -> false;
        };
    }

    private static String category(JposEntry e) {
        Object c = e.getPropertyValue(JposEntry.DEVICE_CATEGORY_PROP_NAME);
        return c == null ? "" : c.toString();
    }

    /** Every supported entry, or the configured subset; a name that cannot be served is logged and skipped. */
    static List<JposEntry> choose(List<JposEntry> entries, String[] configured, Path xml) {
        // A .cfg file gives one comma-separated string; metatype tools may store an empty list as "".
        List<String> names = configured == null ? List.of()
                : java.util.Arrays.stream(configured).filter(n -> n != null).flatMap(n -> java.util.Arrays.stream(n.split(",")))
                        .map(String::trim).filter(n -> !n.isEmpty()).toList();
        if (names.isEmpty()) {
            List<JposEntry> all = new ArrayList<>();
            for (JposEntry e : entries) {
                if (supported(e)) {
                    all.add(e);
                } else {
                    LOG.debug("jpos.xml entry '{}' of category {} is not a kind storebox drives; skipped",
                            e.getLogicalName(), category(e));
                }
            }
            return all;
        }
        List<JposEntry> chosen = new ArrayList<>();
        for (String name : names) {
            JposEntry match = entries.stream().filter(e -> e.getLogicalName().equals(name)).findFirst().orElse(null);
            if (match == null) {
                LOG.error("devices of {} names '{}', but {} has no JposEntry with that logicalName; it is skipped",
                        JavaposConfig.PID, name, xml);
            } else if (!supported(match)) {
                LOG.error("jpos.xml entry '{}' has category {}; storebox drives POSPrinter, Scanner, CashDrawer, "
                        + "Scale and LineDisplay only; it is skipped", name, category(match));
            } else {
                chosen.add(match);
            }
        }
        return chosen;
    }

    /** The data directory, as the store bundle resolves it: STOREBOX_DATA, else ./data. */
    static Path dataDirectory(UnaryOperator<String> env) {
        String configured = env.apply("STOREBOX_DATA");
        String dir = configured == null || configured.isBlank() ? "data" : configured.trim();
        return Paths.get(dir).toAbsolutePath().normalize();
    }

    private static Path path(String configured, Path fallback) {
        return configured == null || configured.isBlank() ? fallback : Paths.get(configured.trim()).toAbsolutePath().normalize();
    }

    private static void positive(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(key + " of " + JavaposConfig.PID + " must be at least 1, not " + value);
        }
    }

    /** The JCL must use this bundle's manager, named in jpos/res/jpos.properties. */
    private static void checkServiceManager() {
        JposServiceManager manager = JposServiceLoader.getManager();
        if (!(manager instanceof BridgeServiceManager)) {
            throw new IllegalStateException("the JavaPOS loader uses "
                    + (manager == null ? "no service manager" : manager.getClass().getName())
                    + " instead of " + BridgeServiceManager.class.getName()
                    + "; remove the system properties jpos.config.serviceManagerClass and jpos.loader.serviceManagerClass");
        }
    }

    private static Registrar osgi(BundleContext context) {
        return (interfaces, device, props) -> {
            ServiceRegistration<?> reg = context.registerService(interfaces, device, props);
            return () -> {
                try {
                    reg.unregister();
                } catch (IllegalStateException e) {
                    // Already gone with the bundle.
                }
            };
        };
    }
}
