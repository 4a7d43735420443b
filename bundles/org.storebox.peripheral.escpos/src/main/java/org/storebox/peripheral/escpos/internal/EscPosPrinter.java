package org.storebox.peripheral.escpos.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.peripheral.CashDrawer;
import org.storebox.api.peripheral.PeripheralException;
import org.storebox.api.peripheral.PeripheralKind;
import org.storebox.api.peripheral.PeripheralStatus;
import org.storebox.api.peripheral.PrintDocument;
import org.storebox.api.peripheral.ReceiptPrinter;
import org.storebox.api.peripheral.SelfTest;
import org.storebox.peripheral.serial.SerialLink;
import org.storebox.peripheral.serial.SerialSettings;

/**
 * An ESC/POS receipt printer on a serial link: prints documents one job at a time, polls the
 * real-time status (DLE EOT 1 to 4) and serves the cash drawer on its kick connector.
 * <p>
 * Every exchange with the printer (a job, a status round trip, a drawer kick) holds {@link #io},
 * so bytes of two jobs never interleave and a status answer is never mistaken for another's.
 */
final class EscPosPrinter implements ReceiptPrinter, SerialLink.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(EscPosPrinter.class);
    private static final int CHUNK = 256;
    /** Put into {@link #rx} when the link drops, to wake a waiting query at once. */
    private static final int GONE = -1;

    private final String name;
    private final int columns;
    private final Duration responseTimeout;
    private final Duration pollInterval;
    private final Duration printTimeout;
    private final boolean drawerOpenWhenHigh;
    private final EscPosEncoder encoder;
    private final SerialLink link;
    private final StatusEvents status;
    private final EscPosDrawer drawer;
    private final ReentrantLock io = new ReentrantLock(true);
    private final LinkedBlockingQueue<Integer> rx = new LinkedBlockingQueue<>();
    private final ScheduledThreadPoolExecutor executor;

    /**
     * Validates the configuration; starts nothing (see {@link #start()}).
     *
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    EscPosPrinter(PrinterConfig config, EventSink events) {
        this.name = required(config.name(), "name");
        if (config.columns() < 16 || config.columns() > 255) {
            throw new IllegalArgumentException("printer " + name + ": columns must be 16 to 255, was " + config.columns());
        }
        this.columns = config.columns();
        this.responseTimeout = positive(config.response__timeout__ms(), "response_timeout_ms");
        this.pollInterval = positive(config.status__poll__ms(), "status_poll_ms");
        this.printTimeout = positive(config.print__timeout__ms(), "print_timeout_ms");
        String level = config.drawer__open__level() == null ? "" : config.drawer__open__level().strip().toLowerCase(Locale.ROOT);
        if (!level.equals("high") && !level.equals("low")) {
            throw new IllegalArgumentException("printer " + name + ": drawer_open_level must be high or low, was '" + config.drawer__open__level() + "'");
        }
        this.drawerOpenWhenHigh = level.equals("high");
        EscPosCharset charset;
        try {
            charset = EscPosCharset.of(config.charset());
            this.encoder = new EscPosEncoder(charset, "printer " + name, config.qr__size(), config.qr__error__correction(),
                    config.barcode__height(), config.barcode__width());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("printer " + name + ": " + e.getMessage(), e);
        }
        SerialSettings settings;
        try {
            settings = new SerialSettings(config.port(), config.baud__rate(), config.data__bits(), config.parity(),
                    config.stop__bits(), responseTimeout, config.flow__control());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("printer " + name + ": " + e.getMessage(), e);
        }
        this.status = new StatusEvents(name, PeripheralKind.PRINTER, events,
                PeripheralStatus.offline("printer " + name + " is not connected yet; wait a moment or check the cable"));
        String drawerName = config.drawer__name() == null ? "" : config.drawer__name().strip();
        if (drawerName.equals(name)) {
            throw new IllegalArgumentException("printer " + name + ": drawer_name must differ from the printer's name");
        }
        this.drawer = drawerName.isEmpty() ? null : new EscPosDrawer(drawerName, this, events);
        this.link = new SerialLink(name, settings, this);
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "storebox-escpos-" + name);
            t.setDaemon(true);
            return t;
        });
        // a poll scheduled after a kick must not run once the printer is stopped
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Opens the link and starts polling the status. */
    void start() {
        link.start();
        executor.scheduleWithFixedDelay(this::pollSafely, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops polling and closes the port. */
    void stop() {
        executor.shutdown();
        link.close();
        rx.offer(GONE);
    }

    /** The cash drawer on this printer, or null when none is configured. */
    CashDrawer drawer() {
        return drawer;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PeripheralKind kind() {
        return PeripheralKind.PRINTER;
    }

    @Override
    public PeripheralStatus status() {
        return status.get();
    }

    @Override
    public int columns() {
        return columns;
    }

    @Override
    public SelfTest selfTest() {
        try {
            PeripheralStatus s = roundTrip();
            if (s.state() == PeripheralStatus.State.ONLINE) {
                return new SelfTest(true, "printer " + name + " answered its status query and is ready"
                        + (s.detail().isEmpty() ? "" : " (" + s.detail() + ")"));
            }
            return new SelfTest(false, s.reason());
        } catch (RuntimeException e) {
            return new SelfTest(false, e.getMessage());
        }
    }

    /**
     * {@inheritDoc}
     * <p>
     * The document is encoded first, so text the charset cannot hold is refused before anything is
     * sent; after the last byte a status round trip confirms the printer took it.
     */
    @Override
    public void print(PrintDocument document) {
        byte[] bytes = encoder.encode(document);
        PeripheralStatus now = status.get();
        if (now.state() != PeripheralStatus.State.ONLINE) {
            throw PeripheralException.unavailable("printer " + name + " cannot print now: " + now.reason());
        }
        long deadline = System.nanoTime() + printTimeout.toNanos();
        lock(printTimeout, "print");
        try {
            for (int off = 0; off < bytes.length; off += CHUNK) {
                if (System.nanoTime() > deadline) {
                    throw PeripheralException.unavailable("printer " + name + " took longer than " + printTimeout.toMillis()
                            + " ms to take the document; the receipt is incomplete: check the printer, then print it again");
                }
                try {
                    link.write(Arrays.copyOfRange(bytes, off, Math.min(bytes.length, off + CHUNK)));
                } catch (IOException e) {
                    String reason = "printer " + name + " went away mid-document (" + e.getMessage()
                            + "); the receipt is incomplete: check the cable and power, then print it again";
                    if (link.isConnected()) {
                        // the port is open but the printer stopped taking bytes; a lost port is reported by the link
                        status.set(PeripheralStatus.offline("printer " + name + " does not answer; check power and cable"));
                    }
                    throw new PeripheralException(PeripheralException.Kind.UNAVAILABLE, reason, e);
                }
            }
            // the closing status query queues behind the document in the port's output buffer:
            // allow for the time the document takes on the wire at this baud rate
            Duration wire = wireTime(bytes.length);
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            PeripheralStatus after = pollLocked(min(responseTimeout.plus(wire), left.plus(responseTimeout)));
            if (after == null) {
                throw PeripheralException.unavailable("printer " + name + " went away right after the document was sent ("
                        + status.get().reason() + "); the receipt may be incomplete: check the cable and power, then print it again");
            }
            if (after.state() != PeripheralStatus.State.ONLINE) {
                throw PeripheralException.unavailable("printer " + name + " failed mid-document: " + after.reason()
                        + ". The receipt may be incomplete; print it again once the printer is ready.");
            }
        } finally {
            io.unlock();
        }
    }

    /** Sends the drawer kick pulse (ESC p on pin 2). */
    void kick(String drawerName) {
        PeripheralStatus now = status.get();
        if (now.state() != PeripheralStatus.State.ONLINE) {
            throw PeripheralException.unavailable("cash drawer " + drawerName + " cannot be opened: " + now.reason());
        }
        lock(responseTimeout, "open the drawer");
        try {
            link.write(EscPosEncoder.KICK_PIN2);
        } catch (IOException e) {
            throw new PeripheralException(PeripheralException.Kind.UNAVAILABLE, "cash drawer " + drawerName
                    + " cannot be opened: printer " + name + " went away (" + e.getMessage() + "); check the cable and power", e);
        } finally {
            io.unlock();
        }
        // the sensor follows within a moment: look again soon rather than a whole poll interval later
        schedule(this::pollSafely, 200);
    }

    /** Queries the status now, within the response timeout (plus the wait for a running job's lock). */
    PeripheralStatus roundTrip() {
        if (!link.isConnected()) {
            return status.get();
        }
        lock(printTimeout, "query its status");
        try {
            PeripheralStatus s = pollLocked();
            return s != null ? s : PeripheralStatus.offline("printer " + name
                    + " went away during the status query; check the cable and power");
        } finally {
            io.unlock();
        }
    }

    private void lock(Duration timeout, String what) {
        try {
            if (!io.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw PeripheralException.unavailable("printer " + name + " is busy with another job for longer than "
                        + timeout.toMillis() + " ms; try to " + what + " again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PeripheralException.unavailable("interrupted while waiting for printer " + name);
        }
    }

    @Override
    public void connected() {
        schedule(this::pollSafely, 0);
    }

    @Override
    public void disconnected(String reason) {
        // status first: a query woken by GONE reads it
        status.set(PeripheralStatus.offline("printer " + name + ": " + reason));
        if (drawer != null) {
            drawer.follow(status.get());
        }
        rx.offer(GONE);
    }

    @Override
    public void received(byte[] data, int length) {
        for (int i = 0; i < length; i++) {
            rx.offer(data[i] & 0xFF);
        }
    }

    private void schedule(Runnable task, long delayMs) {
        try {
            executor.schedule(task, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // stopping: nothing to poll
        }
    }

    private void pollSafely() {
        try {
            if (!link.isConnected() || !io.tryLock()) {
                return; // offline is already reported; a running job polls at its end
            }
            try {
                pollLocked();
            } finally {
                io.unlock();
            }
        } catch (RuntimeException e) {
            LOG.warn("Printer {}: status poll failed; trying again on the next round", name, e);
        }
    }

    /**
     * One status round trip with {@link #io} held; sets and returns the status, or returns null when
     * the link dropped meanwhile (the link reports that itself).
     */
    private PeripheralStatus pollLocked() {
        return pollLocked(responseTimeout);
    }

    private PeripheralStatus pollLocked(Duration timeout) {
        PeripheralStatus next = query(timeout);
        if (next == null) {
            return null;
        }
        status.set(next);
        if (drawer != null) {
            drawer.follow(next);
        }
        return next;
    }

    /** Asks DLE EOT 1 to 4 within one response timeout; null when the link dropped meanwhile (already reported). */
    private PeripheralStatus query(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int[] answers = new int[4];
        for (int n = 1; n <= 4; n++) {
            rx.clear();
            try {
                link.write(new byte[] { EscPosEncoder.DLE, EscPosEncoder.EOT, (byte) n });
            } catch (IOException e) {
                return link.isConnected() ? PeripheralStatus.offline("printer " + name + " does not answer ("
                        + e.getMessage() + "); check power and cable") : null;
            }
            Integer b;
            try {
                b = rx.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            if (b != null && b == GONE) {
                return null;
            }
            if (b == null) {
                if (n == 1) {
                    return PeripheralStatus.offline("printer " + name + " does not answer; check power and cable");
                }
                return PeripheralStatus.error("printer " + name + " answered only part of the status query (DLE EOT " + n
                        + " got no answer); check that baud_rate, data_bits and parity match the printer", Map.of());
            }
            if (!StatusBytes.wellFormed(b)) {
                return PeripheralStatus.error(String.format(Locale.ROOT,
                        "printer %s answered DLE EOT %d with 0x%02X, which is not an ESC/POS status; "
                                + "check that baud_rate, data_bits and parity match the printer", name, n, b), Map.of());
            }
            answers[n - 1] = b;
        }
        StatusBytes bytes = new StatusBytes(answers[0], answers[1], answers[2], answers[3]);
        if (drawer != null) {
            drawer.sensor(bytes.drawerPinHigh() == drawerOpenWhenHigh);
        }
        return bytes.toStatus("printer " + name, null);
    }

    /** How long {@code bytes} take on the line: start bit, data bits, parity bit, stop bits per byte. */
    private Duration wireTime(int bytes) {
        SerialSettings s = link.settings();
        long bitsPerByte = 1L + s.dataBits() + ("none".equals(s.parity()) ? 0 : 1) + s.stopBits();
        return Duration.ofNanos(bytes * bitsPerByte * 1_000_000_000L / s.baudRate());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String required(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("printer: " + key + " is required");
        }
        return value.strip();
    }

    private Duration positive(int millis, String key) {
        if (millis <= 0) {
            throw new IllegalArgumentException("printer " + name + ": " + key + " must be positive, was " + millis);
        }
        return Duration.ofMillis(millis);
    }

    /** For the component's service properties. */
    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("port", link.settings().port());
        return m;
    }
}
