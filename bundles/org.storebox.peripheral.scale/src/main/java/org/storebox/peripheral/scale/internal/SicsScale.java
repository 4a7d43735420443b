package org.storebox.peripheral.scale.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.common.StoreboxException;
import org.storebox.api.peripheral.PeripheralEvents;
import org.storebox.api.peripheral.PeripheralException;
import org.storebox.api.peripheral.PeripheralKind;
import org.storebox.api.peripheral.PeripheralStatus;
import org.storebox.api.peripheral.Scale;
import org.storebox.api.peripheral.SelfTest;
import org.storebox.api.peripheral.Weight;
import org.storebox.peripheral.serial.SerialLink;
import org.storebox.peripheral.serial.SerialSettings;

/**
 * A Mettler Toledo MT-SICS (level 0) scale on a serial port. {@link #weigh(Duration)} polls
 * {@code SI} until the weight is stable or the time is up; one command is on the line at a time.
 * Status: online once the scale answers, offline while the port is closed or the scale is silent,
 * error while it answers garbage. {@link ScaleComponent} registers it; tests create it with {@code new}.
 */
final class SicsScale implements Scale, SerialLink.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(SicsScale.class);

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(1);
    private static final Set<String> WEIGHT_IDS = Set.of("S");
    private static final Set<String> ZERO_IDS = Set.of("Z");
    /** {@code @} answers like {@code I4}: with the serial number. */
    private static final Set<String> SERIAL_IDS = Set.of("I4");

    private final String name;
    private final String port;
    private final String unit;
    private final long responseNanos;
    private final long pollNanos;
    private final EventAdmin events;
    private final SerialLink link;
    private final ScheduledExecutorService executor;
    /** One command and its answer at a time (MT-SICS is strictly request and response). */
    private final Object commandLock = new Object();
    private final SicsLines lines = new SicsLines();
    private final LinkedBlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final Object statusLock = new Object();
    private volatile PeripheralStatus status;

    /**
     * Validates the settings and starts the serial link (on its own thread); returns at once.
     *
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    SicsScale(ScaleConfig config, EventAdmin events) {
        this.name = config.name() == null ? "" : config.name().strip();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("scale: name is required, for example deli-scale");
        }
        if (config.response__timeout__ms() < 1 || config.poll__interval__ms() < 1 || config.probe__interval__ms() < 1) {
            throw new IllegalArgumentException("scale " + name + ": response_timeout_ms, poll_interval_ms and probe_interval_ms must be at least 1");
        }
        SerialSettings settings;
        try {
            settings = new SerialSettings(config.port(), config.baud__rate(), config.data__bits(), config.parity(),
                    config.stop__bits(), WRITE_TIMEOUT, config.flow__control());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("scale " + name + ": " + e.getMessage(), e);
        }
        this.events = Objects.requireNonNull(events, "events");
        this.port = settings.port();
        this.unit = config.unit() == null ? "" : config.unit().strip();
        this.responseNanos = TimeUnit.MILLISECONDS.toNanos(config.response__timeout__ms());
        this.pollNanos = TimeUnit.MILLISECONDS.toNanos(config.poll__interval__ms());
        this.status = PeripheralStatus.offline("Scale " + name + ": serial port " + port + " is not open yet");
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "storebox-scale-" + name);
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::probeIfSilent, config.probe__interval__ms(), config.probe__interval__ms(),
                TimeUnit.MILLISECONDS);
        this.link = new SerialLink(name, settings, this);
        link.start();
        LOG.debug("Scale {} started on {}", name, port);
    }

    /** Closes the port and stops the executor. */
    void close() {
        link.close();
        executor.shutdown();
        LOG.debug("Scale {} stopped", name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PeripheralKind kind() {
        return PeripheralKind.SCALE;
    }

    @Override
    public PeripheralStatus status() {
        return status;
    }

    /**
     * Polls {@code SI} every poll interval until the scale reports a stable weight, overload or
     * underload, or {@code timeout} (the time the load may take to settle) passes while the load is
     * still moving. The first {@code SI} always waits the full response timeout for its answer, so
     * a zero {@code timeout} asks once; later ones are sent only while {@code timeout} lasts.
     *
     * @throws PeripheralException UNAVAILABLE when the port is closed, the scale does not answer
     *                             within the response timeout, answers garbage or an error, stays
     *                             busy ({@code S I}) for all of {@code timeout}, or weighs in another
     *                             unit than configured; INVALID when {@code timeout} is null or negative
     */
    @Override
    public Weight weigh(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new PeripheralException(StoreboxException.Kind.INVALID, "Scale " + name + ": the weighing timeout must be zero or more, was " + timeout);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean busy = false;
        boolean first = true;
        while (true) {
            long window = first ? responseNanos : Math.min(responseNanos, deadline - System.nanoTime());
            if (window <= 0) {
                break;
            }
            SicsResponse r = exchange("SI", WEIGHT_IDS, window);
            if (r == null) {
                if (window < responseNanos) {
                    // The settling time ran out while the scale, which has answered, was still answering: no silence.
                    break;
                }
                throw silent("SI", window);
            }
            first = false;
            if (r.kind() == SicsResponse.Kind.WEIGHT) {
                checkUnit(r);
                if (r.status().equals("S")) {
                    // A stable net weight below zero (a tare lifted off) is no weight to sell.
                    return r.value().signum() < 0 ? Weight.of(Weight.State.UNDER_ZERO) : Weight.stable(r.value(), r.unit());
                }
                busy = false;
            } else if (r.kind() == SicsResponse.Kind.STATUS) {
                switch (r.status()) {
                    case "+" -> {
                        return Weight.of(Weight.State.OVERLOAD);
                    }
                    case "-" -> {
                        return Weight.of(Weight.State.UNDER_ZERO);
                    }
                    case "I" -> busy = true;
                    default -> throw unexpected("SI", r);
                }
            } else {
                throw unexpected("SI", r);
            }
            long wait = deadline - System.nanoTime();
            if (wait < pollNanos) {
                break;
            }
            LockSupport.parkNanos(pollNanos);
        }
        if (busy) {
            throw PeripheralException.unavailable("Scale " + name + " answered 'S I' (cannot weigh now: busy with another command or adjusting) for "
                    + timeout.toMillis() + " ms; try again, and check the scale's display");
        }
        // The loop only ends after 'S D' (motion) or 'S I' (busy), and busy was handled above.
        LOG.debug("Scale {}: still in motion after {} ms", name, timeout.toMillis());
        return Weight.of(Weight.State.MOTION);
    }

    /**
     * Sets the scale to zero ({@code Z}).
     *
     * @throws PeripheralException UNAVAILABLE when the scale cannot zero now (motion, busy) or does
     *                             not answer; INVALID when the load is outside the zero range
     */
    @Override
    public void zero() {
        SicsResponse r = command("Z", ZERO_IDS, responseNanos);
        if (r.kind() == SicsResponse.Kind.STATUS) {
            switch (r.status()) {
                case "A" -> {
                    return;
                }
                case "I" -> throw PeripheralException.unavailable("Scale " + name
                        + " cannot zero now ('Z I': the load is moving or the scale is busy); wait until it is still and try again");
                case "+" -> throw new PeripheralException(StoreboxException.Kind.INVALID, "Scale " + name
                        + " cannot zero: the load is above its zero range ('Z +'); empty the platter");
                case "-" -> throw new PeripheralException(StoreboxException.Kind.INVALID, "Scale " + name
                        + " cannot zero: the load is below its zero range ('Z -'); put the platter back");
                default -> throw unexpected("Z", r);
            }
        }
        throw unexpected("Z", r);
    }

    /**
     * Resets the scale ({@code @}: back to its state after switching on, tare cleared, no zeroing);
     * not part of the {@link Scale} API yet.
     *
     * @return the serial number the scale answers with
     * @throws PeripheralException UNAVAILABLE when it does not answer or answers garbage
     */
    public String reset() {
        SicsResponse r = command("@", SERIAL_IDS, responseNanos);
        if (r.kind() == SicsResponse.Kind.TEXT) {
            return r.text();
        }
        throw unexpected("@", r);
    }

    @Override
    public SelfTest selfTest() {
        try {
            SicsResponse r = command("I4", SERIAL_IDS, responseNanos);
            if (r.kind() == SicsResponse.Kind.TEXT) {
                return new SelfTest(true, "Scale " + name + " answered I4 on " + port + " with serial number " + r.text() + ".");
            }
            if (r.kind() == SicsResponse.Kind.STATUS && r.status().equals("I")) {
                return new SelfTest(false, "Scale " + name + " answered 'I4 I' (cannot answer now); wait until it is idle and test again.");
            }
            return new SelfTest(false, unexpected("I4", r).getMessage());
        } catch (PeripheralException e) {
            return new SelfTest(false, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Scale {}: self-test failed unexpectedly", name, e);
            return new SelfTest(false, "Scale " + name + ": the self-test failed: " + e);
        }
    }

    @Override
    public void connected() {
        synchronized (lines) {
            lines.clear();
        }
        setStatus(PeripheralStatus.offline("Scale " + name + ": serial port " + port + " is open; waiting for the scale to answer I4"));
        try {
            executor.execute(this::probe);
        } catch (RejectedExecutionException e) {
            LOG.debug("Scale {}: stopping, no probe", name);
        }
    }

    @Override
    public void disconnected(String reason) {
        synchronized (lines) {
            lines.clear();
        }
        setStatus(PeripheralStatus.offline("Scale " + name + ": " + reason));
    }

    @Override
    public void received(byte[] data, int length) {
        List<String> complete;
        synchronized (lines) {
            complete = lines.feed(data, length);
        }
        answers.addAll(complete);
    }

    /**
     * Sends one command and waits for its answer: a line with one of {@code ids}, an error code, or
     * a garbled line. Lines with another id are left-overs of an earlier command and skipped.
     *
     * @throws PeripheralException UNAVAILABLE when none came in time (the scale then counts as
     *                             offline), the port is closed, or the line is garbled (status error)
     */
    private SicsResponse command(String command, Set<String> ids, long timeoutNanos) {
        SicsResponse r = exchange(command, ids, timeoutNanos);
        if (r == null) {
            throw silent(command, timeoutNanos);
        }
        return r;
    }

    /** As {@link #command}, but returns null when no answer came in time, and changes no status then. */
    private SicsResponse exchange(String command, Set<String> ids, long timeoutNanos) {
        synchronized (commandLock) {
            // Whatever came before the command is no answer to it.
            answers.clear();
            synchronized (lines) {
                lines.clear();
            }
            try {
                link.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new PeripheralException(StoreboxException.Kind.UNAVAILABLE, "Scale " + name + " cannot be asked (" + command + "): "
                        + e.getMessage(), e);
            }
            long deadline = System.nanoTime() + timeoutNanos;
            while (true) {
                String line;
                try {
                    line = answers.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new PeripheralException(StoreboxException.Kind.UNAVAILABLE, "Scale " + name + ": interrupted while waiting for the answer to "
                            + command, e);
                }
                if (line == null) {
                    return null;
                }
                if (line.isEmpty()) {
                    continue;
                }
                SicsResponse r = SicsResponse.parse(line);
                if (r.kind() == SicsResponse.Kind.GARBLED) {
                    String reason = "Scale " + name + " answered " + command + " with '" + r.raw()
                            + "', which is not an MT-SICS response; check baud rate, parity and the cable";
                    setStatus(PeripheralStatus.error(reason, Map.of()));
                    throw PeripheralException.unavailable(reason);
                }
                if (r.kind() == SicsResponse.Kind.ERROR || ids.contains(r.id())) {
                    answered();
                    return r;
                }
                LOG.debug("Scale {}: skipped '{}' while waiting for the answer to {}", name, r.raw(), command);
            }
        }
    }

    private PeripheralException silent(String command, long timeoutNanos) {
        String pending;
        synchronized (lines) {
            pending = lines.pending();
        }
        String reason = "Scale " + name + " did not answer " + command + " within " + (timeoutNanos + 500_000) / 1_000_000 + " ms"
                + (pending.isEmpty() ? "" : " (it sent '" + pending + "' without the closing CR LF)")
                + "; check that it is switched on, its interface is set to MT-SICS, and baud rate and parity match";
        if (link.isConnected()) {
            setStatus(PeripheralStatus.offline(reason));
        }
        return PeripheralException.unavailable(reason);
    }

    private PeripheralException unexpected(String command, SicsResponse r) {
        if (r.kind() == SicsResponse.Kind.ERROR) {
            return PeripheralException.unavailable("Scale " + name + " answered " + command + " with " + r.errorMeaning());
        }
        return PeripheralException.unavailable("Scale " + name + " answered " + command + " with '" + r.raw()
                + "', which is not an answer to " + command);
    }

    private void checkUnit(SicsResponse r) {
        if (!unit.isEmpty() && !unit.equals(r.unit())) {
            throw PeripheralException.unavailable("Scale " + name + " weighs in " + r.unit() + " but its configuration expects " + unit
                    + "; set the scale's unit to " + unit + ", or change unit in the configuration");
        }
    }

    private void answered() {
        if (status.state() != PeripheralStatus.State.ONLINE && link.isConnected()) {
            setStatus(PeripheralStatus.online(Map.of()));
        }
    }

    private void probe() {
        try {
            command("I4", SERIAL_IDS, responseNanos);
        } catch (PeripheralException e) {
            LOG.debug("Scale {}: probe failed: {}", name, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Scale {}: probe failed", name, e);
        }
    }

    private void probeIfSilent() {
        if (link.isConnected() && status.state() != PeripheralStatus.State.ONLINE) {
            probe();
        }
    }

    private void setStatus(PeripheralStatus next) {
        synchronized (statusLock) {
            PeripheralStatus now = status;
            if (now.state() == next.state() && Objects.equals(now.reason(), next.reason()) && now.detail().equals(next.detail())) {
                return;
            }
            status = next;
            if (next.state() == PeripheralStatus.State.ONLINE) {
                LOG.info("Scale {} is online on {}", name, port);
            } else if (next.state() == now.state()) {
                LOG.info("Scale {} is still {}: {}", name, next.state().name().toLowerCase(Locale.ROOT), next.reason());
            } else {
                LOG.warn("Scale {} is {}: {}", name, next.state().name().toLowerCase(Locale.ROOT), next.reason());
            }
            Map<String, Object> props = new HashMap<>();
            props.put(PeripheralEvents.NAME, name);
            props.put(PeripheralEvents.KIND, PeripheralKind.SCALE.wire());
            props.put(PeripheralEvents.STATE, next.state().name().toLowerCase(Locale.ROOT));
            if (next.reason() != null) {
                props.put(PeripheralEvents.REASON, next.reason());
            }
            props.put(PeripheralEvents.DETAIL, next.detail());
            // posted under the lock so that status events leave in the order of the changes
            events.postEvent(new Event(PeripheralEvents.TOPIC_STATUS, props));
        }
    }
}
