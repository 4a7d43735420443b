package org.storebox.peripheral.scanner.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.peripheral.BarcodeScanner;
import org.storebox.api.peripheral.PeripheralEvents;
import org.storebox.api.peripheral.PeripheralKind;
import org.storebox.api.peripheral.PeripheralStatus;
import org.storebox.api.peripheral.SelfTest;
import org.storebox.peripheral.serial.SerialLink;
import org.storebox.peripheral.serial.SerialSettings;

/**
 * A barcode scanner on a serial port: frames its bytes by prefix and suffix, checks each code and
 * posts it as a {@link PeripheralEvents#TOPIC_SCAN} event; posts {@link PeripheralEvents#TOPIC_STATUS}
 * when the port opens or closes. {@link ScannerComponent} registers it; tests create it with {@code new}.
 */
final class SerialBarcodeScanner implements BarcodeScanner, SerialLink.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(SerialBarcodeScanner.class);

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(1);

    private final String name;
    private final String port;
    private final int maxLength;
    private final EventAdmin events;
    private final ScanFramer framer;
    private final SerialLink link;
    private final ScheduledExecutorService executor;
    private volatile PeripheralStatus status;

    /**
     * Validates the settings and starts the serial link (on its own thread); returns at once.
     *
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    SerialBarcodeScanner(ScannerConfig config, EventAdmin events) {
        this.name = config.name() == null ? "" : config.name().strip();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("scanner: name is required, for example front-scanner");
        }
        if (config.char__timeout__ms() < 1) {
            throw new IllegalArgumentException("scanner " + name + ": char_timeout_ms must be at least 1");
        }
        this.events = events;
        this.maxLength = config.max__length();
        SerialSettings settings;
        try {
            settings = new SerialSettings(config.port(), config.baud__rate(), config.data__bits(), config.parity(),
                    config.stop__bits(), WRITE_TIMEOUT, config.flow__control());
            this.framer = new ScanFramer(Escapes.parse(config.prefix()), Escapes.parse(config.suffix()), maxLength,
                    TimeUnit.MILLISECONDS.toNanos(config.char__timeout__ms()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("scanner " + name + ": " + e.getMessage(), e);
        }
        this.port = settings.port();
        this.status = PeripheralStatus.offline("serial port " + port + " is not open yet");
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "storebox-scanner-" + name);
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(10, config.char__timeout__ms() / 2);
        executor.scheduleWithFixedDelay(this::expireFragment, every, every, TimeUnit.MILLISECONDS);
        this.link = new SerialLink(name, settings, this);
        link.start();
        LOG.debug("Scanner {} started on {}", name, port);
    }

    /** Closes the port and stops the executor. */
    void close() {
        link.close();
        executor.shutdown();
        LOG.debug("Scanner {} stopped", name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PeripheralKind kind() {
        return PeripheralKind.SCANNER;
    }

    @Override
    public PeripheralStatus status() {
        return status;
    }

    @Override
    public SelfTest selfTest() {
        // A serial scanner answers no query: an open port is all that can be checked.
        if (link.isConnected()) {
            return new SelfTest(true, "Scanner " + name + ": serial port " + port
                    + " is open. A scanner answers no status query; scan a code to check that it reads.");
        }
        return new SelfTest(false, "Scanner " + name + ": " + status.reason());
    }

    @Override
    public void connected() {
        synchronized (framer) {
            framer.clear();
        }
        setStatus(PeripheralStatus.online(Map.of()));
    }

    @Override
    public void disconnected(String reason) {
        synchronized (framer) {
            framer.clear();
        }
        setStatus(PeripheralStatus.offline(reason));
    }

    @Override
    public void received(byte[] data, int length) {
        List<ScanFramer.Frame> frames;
        synchronized (framer) {
            long before = framer.timeoutDrops();
            frames = framer.feed(data, length, System.nanoTime());
            if (framer.timeoutDrops() != before) {
                LOG.warn("Scanner {}: dropped a fragment that stopped before its suffix (cut transmission)", name);
            }
        }
        for (ScanFramer.Frame frame : frames) {
            ScanCheck.Scan scan = ScanCheck.judge(frame, maxLength);
            if (scan == null) {
                LOG.debug("Scanner {}: dropped a frame without printable characters ({})", name, Escapes.show(frame.content()));
                continue;
            }
            if (!scan.valid()) {
                LOG.info("Scanner {}: invalid scan '{}': {}", name, scan.barcode(), scan.reason());
            }
            Map<String, Object> props = base();
            props.put(PeripheralEvents.BARCODE, scan.barcode());
            props.put(PeripheralEvents.VALID, scan.valid());
            if (scan.reason() != null) {
                props.put(PeripheralEvents.REASON, scan.reason());
            }
            events.postEvent(new Event(PeripheralEvents.TOPIC_SCAN, props));
        }
    }

    /** Fragments dropped so far because their suffix never came; for tests and diagnostics. */
    long droppedFragments() {
        synchronized (framer) {
            return framer.timeoutDrops();
        }
    }

    private void expireFragment() {
        try {
            synchronized (framer) {
                if (framer.expire(System.nanoTime())) {
                    LOG.warn("Scanner {}: dropped a fragment that stopped before its suffix (cut transmission)", name);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Scanner {}: checking for cut fragments failed", name, e);
        }
    }

    private void setStatus(PeripheralStatus next) {
        status = next;
        Map<String, Object> props = base();
        props.put(PeripheralEvents.STATE, next.state().name().toLowerCase(java.util.Locale.ROOT));
        if (next.reason() != null) {
            props.put(PeripheralEvents.REASON, next.reason());
        }
        props.put(PeripheralEvents.DETAIL, next.detail());
        events.postEvent(new Event(PeripheralEvents.TOPIC_STATUS, props));
    }

    private Map<String, Object> base() {
        Map<String, Object> props = new HashMap<>();
        props.put(PeripheralEvents.NAME, name);
        props.put(PeripheralEvents.KIND, PeripheralKind.SCANNER.wire());
        return props;
    }
}
