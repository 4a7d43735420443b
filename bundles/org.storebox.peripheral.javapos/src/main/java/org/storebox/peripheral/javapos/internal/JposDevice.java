package org.storebox.peripheral.javapos.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import jpos.BaseJposControl;
import jpos.JposConst;
import jpos.JposException;
import jpos.config.JposEntry;

import org.osgi.service.event.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.common.StoreboxException;
import org.storebox.api.peripheral.Peripheral;
import org.storebox.api.peripheral.PeripheralEvents;
import org.storebox.api.peripheral.PeripheralException;
import org.storebox.api.peripheral.PeripheralKind;
import org.storebox.api.peripheral.PeripheralStatus;
import org.storebox.api.peripheral.SelfTest;

/**
 * One JavaPOS device: its control, the single thread that makes every call into the vendor service,
 * and the recovery that replaces both when the service hangs or loses the device.
 * <p>
 * Each call waits at most its timeout. A call that does not return marks the device offline, the
 * thread is interrupted and abandoned, and after the back-off a new control on a new thread opens,
 * claims and enables the device again. Listeners of a replaced control are ignored by generation.
 *
 * @param <C> the JavaPOS control class
 */
abstract class JposDevice<C extends BaseJposControl> implements Peripheral {
    private static final Logger LOG = LoggerFactory.getLogger(JposDevice.class);

    /** A call into the control, made on the device's vendor thread. */
    interface ControlCall<C, T> {
        T apply(C control) throws JposException;
    }

    /** A connect step that did not return within its timeout. */
    private static final class Hung extends Exception {
        private static final long serialVersionUID = 1L;

        Hung(String message) {
            super(message, null, false, false);
        }
    }

    protected final String name;
    protected final PeripheralKind kind;
    protected final JposEntry entry;
    protected final DeviceContext context;

    private final Object lock = new Object();
    private final AtomicInteger threads = new AtomicInteger();
    /** Guarded by lock: the vendor thread, the open control (null while offline), its generation. */
    private ExecutorService vendorThread;
    private C control;
    private int generation;
    private boolean closed;
    private ScheduledFuture<?> retry;
    /** Guarded by lock: the last status and whether an ERROR came from a failed call (cleared by a good one). */
    private PeripheralStatus status;
    private boolean errorFromCall;

    JposDevice(String name, PeripheralKind kind, JposEntry entry, DeviceContext context) {
        this.name = name;
        this.kind = kind;
        this.entry = entry;
        this.context = context;
        this.vendorThread = newVendorThread();
        this.status = PeripheralStatus.offline(what() + " is being opened through its JavaPOS service.");
    }

    /** A new, unopened control of this device's category. */
    protected abstract C newControl();

    /**
     * Asks for power reports when the service can give them; before enabling, as UnifiedPOS requires.
     * Each category declares the same two methods on its own control, hence one line per subclass.
     */
    protected abstract void powerNotify(C control) throws JposException;

    /** Adds the control's listeners; they must ignore events unless {@link #current(int)}. */
    protected void listen(C control, int generation) {
    }

    /** Runs on the vendor thread after the device is enabled: reads capabilities, enables events. */
    protected void afterEnable(C control) throws JposException {
    }

    /** Conditions of the device for {@link PeripheralStatus#detail()}. */
    protected Map<String, String> detail() {
        return Map.of();
    }

    /** An English reason for an E_EXTENDED error of this category, or null for the generic one. */
    protected String extendedReason(JposException e) {
        return null;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final PeripheralKind kind() {
        return kind;
    }

    @Override
    public PeripheralStatus status() {
        synchronized (lock) {
            return status;
        }
    }

    JposEntry entry() {
        return entry;
    }

    @Override
    public SelfTest selfTest() {
        try {
            String text = call("checkHealth", context.callTimeoutMs(), c -> {
                c.checkHealth(JposConst.JPOS_CH_INTERNAL);
                return c.getCheckHealthText();
            });
            return new SelfTest(true, what() + " passed the JavaPOS internal health check"
                    + (text == null || text.isBlank() ? "." : ": " + text));
        } catch (PeripheralException e) {
            return new SelfTest(false, e.getMessage());
        }
    }

    /** Opens the device in the background; never blocks. */
    void start() {
        int gen;
        synchronized (lock) {
            gen = generation;
        }
        context.supervisor().execute(() -> connect(gen));
    }

    /**
     * Stops retries and disables, releases and closes the device on its vendor thread. Returns the
     * closing (null when the thread is gone), for the caller to wait on with its own deadline, then
     * {@link #shutdown()}.
     */
    Future<?> stop() {
        C c;
        ExecutorService exec;
        synchronized (lock) {
            closed = true;
            generation++;
            if (retry != null) {
                retry.cancel(false);
            }
            c = control;
            control = null;
            exec = vendorThread;
        }
        try {
            // Submitted even without an open control: it also waits for closes queued before it.
            return exec.submit(() -> {
                if (c != null) {
                    closeQuietly(c);
                }
            });
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /** Interrupts and ends the vendor thread; after {@link #stop()}. */
    void shutdown() {
        ExecutorService exec;
        synchronized (lock) {
            exec = vendorThread;
        }
        exec.shutdownNow();
    }

    /** Whether a listener of generation {@code gen} still belongs to the open control. */
    protected final boolean current(int gen) {
        synchronized (lock) {
            return gen == generation && !closed;
        }
    }

    /**
     * Calls the vendor service on the device's thread and waits at most {@code timeoutMs}.
     *
     * @throws PeripheralException UNAVAILABLE when the device is offline, the service fails or does
     *                             not answer in time; INVALID when the service refuses the request
     */
    protected final <T> T call(String what, long timeoutMs, ControlCall<C, T> body) {
        C c;
        ExecutorService exec;
        int gen;
        synchronized (lock) {
            if (closed) {
                throw PeripheralException.unavailable(what() + " is shut down (the JavaPOS bridge is stopping).");
            }
            if (control == null) {
                throw PeripheralException.unavailable(status.reason() == null
                        ? what() + " is not open yet." : status.reason());
            }
            c = control;
            exec = vendorThread;
            gen = generation;
        }
        Future<T> future;
        try {
            future = exec.submit(() -> body.apply(c));
        } catch (RejectedExecutionException e) {
            throw PeripheralException.unavailable(what() + " is being re-opened; try again shortly.");
        }
        try {
            T result = future.get(timeoutMs, TimeUnit.MILLISECONDS);
            succeeded(gen);
            return result;
        } catch (TimeoutException e) {
            String reason = "The JavaPOS service of " + what() + " did not answer " + what + " within " + timeoutMs
                    + " ms; the device is re-opened every " + context.retryBackoffMs() + " ms until it answers.";
            abandon(gen, reason);
            throw PeripheralException.unavailable(reason);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof JposException je) {
                throw failed(gen, what, je);
            }
            if (cause instanceof PeripheralException pe) {
                throw pe;
            }
            String reason = "The JavaPOS service of " + what() + " failed in " + what + ": " + cause
                    + "; check the vendor's log.";
            toError(gen, reason);
            throw new PeripheralException(StoreboxException.Kind.UNAVAILABLE, reason, cause);
        } catch (CancellationException e) {
            throw PeripheralException.unavailable(status().reason() == null
                    ? what() + " is being re-opened; try again shortly." : status().reason());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(false);
            throw PeripheralException.unavailable("Interrupted while waiting for " + what() + " to " + what + ".");
        }
    }

    /** Maps a JavaPOS error of a call to the device's state and to the exception for the caller. */
    private PeripheralException failed(int gen, String what, JposException e) {
        int code = e.getErrorCode();
        String detail = e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
        switch (code) {
            case JposConst.JPOS_E_CLOSED, JposConst.JPOS_E_NOTCLAIMED, JposConst.JPOS_E_CLAIMED,
                    JposConst.JPOS_E_NOSERVICE, JposConst.JPOS_E_OFFLINE, JposConst.JPOS_E_NOHARDWARE,
                    JposConst.JPOS_E_DISABLED -> {
                String reason = what() + " " + lost(code) + detail + " during " + what
                        + "; it is re-opened every " + context.retryBackoffMs() + " ms.";
                reopen(gen, reason);
                return PeripheralException.unavailable(reason);
            }
            case JposConst.JPOS_E_ILLEGAL -> {
                return new PeripheralException(StoreboxException.Kind.INVALID,
                        what() + " refused " + what + detail + ".", e);
            }
            case JposConst.JPOS_E_BUSY -> {
                return new PeripheralException(StoreboxException.Kind.UNAVAILABLE,
                        what() + " is busy" + detail + "; try again.", e);
            }
            case JposConst.JPOS_E_TIMEOUT -> {
                return new PeripheralException(StoreboxException.Kind.UNAVAILABLE,
                        what() + " timed out in " + what + detail + ".", e);
            }
            case JposConst.JPOS_E_EXTENDED -> {
                String special = extendedReason(e);
                String reason = special != null ? special
                        : what() + " reported error " + e.getErrorCodeExtended() + " in " + what + detail + ".";
                toError(gen, reason);
                return new PeripheralException(StoreboxException.Kind.UNAVAILABLE, reason, e);
            }
            default -> {
                String reason = what() + " reported a failure in " + what + " (JavaPOS error " + code + ")" + detail
                        + "; check the device.";
                toError(gen, reason);
                return new PeripheralException(StoreboxException.Kind.UNAVAILABLE, reason, e);
            }
        }
    }

    private static String lost(int code) {
        return switch (code) {
            case JposConst.JPOS_E_CLOSED -> "was closed by its JavaPOS service";
            case JposConst.JPOS_E_NOTCLAIMED -> "is no longer claimed";
            case JposConst.JPOS_E_CLAIMED -> "is claimed by another application; close that application";
            case JposConst.JPOS_E_NOSERVICE -> "lost its JavaPOS service";
            case JposConst.JPOS_E_OFFLINE -> "is offline; switch it on and check its cable";
            case JposConst.JPOS_E_NOHARDWARE -> "is not connected; check its cable";
            case JposConst.JPOS_E_DISABLED -> "was disabled by its JavaPOS service";
            default -> "failed with JavaPOS error " + code;
        };
    }

    /** The reason an open, claim or enable failed, in English. */
    private String connectReason(String step, JposException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String reason = switch (e.getErrorCode()) {
            case JposConst.JPOS_E_NOEXIST -> what() + " cannot be opened: " + message;
            case JposConst.JPOS_E_NOSERVICE -> what() + " has no working JavaPOS service: " + message;
            case JposConst.JPOS_E_CLAIMED -> what() + " is claimed by another application (" + message
                    + "); close that application";
            case JposConst.JPOS_E_TIMEOUT -> what() + " could not be claimed within " + context.claimTimeoutMs()
                    + " ms (" + message + "); another application may hold it";
            case JposConst.JPOS_E_NOHARDWARE, JposConst.JPOS_E_OFFLINE -> what() + " is not reachable (" + message
                    + "); switch it on and check its cable";
            default -> what() + " failed to " + step + " (JavaPOS error " + e.getErrorCode() + ": " + message + ")";
        };
        return reason + "; retrying every " + context.retryBackoffMs() + " ms.";
    }

    /** Opens, claims and enables a new control; runs on the supervisor, never on a caller's thread. */
    private void connect(int gen) {
        ExecutorService exec;
        synchronized (lock) {
            if (closed || gen != generation) {
                return;
            }
            retry = null;
            exec = vendorThread;
        }
        C c = newControl();
        listen(c, gen);
        String step = "open";
        try {
            step(exec, "open", context.callTimeoutMs(), () -> {
                OpenContext.open(entry, context.vendor(), () -> c.open(name));
                return null;
            });
            step = "claim";
            step(exec, "claim", (long) context.claimTimeoutMs() + context.callTimeoutMs(), () -> {
                c.claim(context.claimTimeoutMs());
                return null;
            });
            step = "enable";
            step(exec, "enable", context.callTimeoutMs(), () -> {
                try {
                    powerNotify(c);
                } catch (JposException e) {
                    // A service older than UnifiedPOS 1.3 has no power reporting; the device works without it.
                    LOG.debug("{}: no power notification", name, e);
                }
                c.setDeviceEnabled(true);
                afterEnable(c);
                return null;
            });
        } catch (Hung e) {
            abandon(gen, e.getMessage());
            return;
        } catch (JposException e) {
            String reason = connectReason(step, e);
            LOG.debug("{} failed to {}", name, step, e);
            submitQuietly(exec, () -> closeQuietly(c));
            offlineAndRetry(gen, reason);
            return;
        } catch (InterruptedException e) {
            // The bridge is stopping: close what was opened, after the step still running on the vendor thread.
            submitQuietly(exec, () -> closeQuietly(c));
            Thread.currentThread().interrupt();
            return;
        }
        boolean stale;
        synchronized (lock) {
            stale = closed || gen != generation;
            if (!stale) {
                control = c;
                errorFromCall = false;
            }
        }
        if (stale) {
            submitQuietly(exec, () -> closeQuietly(c));
            return;
        }
        setStatus(gen, openedStatus());
    }

    /** The status right after a successful open, claim and enable: ONLINE unless the device says otherwise. */
    protected PeripheralStatus openedStatus() {
        return PeripheralStatus.online(detail());
    }

    /** One step of connect on the vendor thread, with its timeout. */
    private void step(ExecutorService exec, String what, long timeoutMs, Callable<Void> body)
            throws Hung, JposException, InterruptedException {
        Future<Void> future;
        try {
            future = exec.submit(body);
        } catch (RejectedExecutionException e) {
            throw new InterruptedException("the vendor thread is shut down");
        }
        try {
            future.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new Hung("The JavaPOS service of " + what() + " did not answer " + what + " within " + timeoutMs
                    + " ms; the device is re-opened every " + context.retryBackoffMs() + " ms until it answers.");
        } catch (CancellationException e) {
            throw new InterruptedException("cancelled");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof JposException je) {
                throw je;
            }
            throw new JposException(JposConst.JPOS_E_FAILURE, "the vendor service failed in " + what + ": " + cause,
                    cause instanceof Exception ex ? ex : null);
        }
    }

    /**
     * A call did not return: the device goes offline, its vendor thread is interrupted and abandoned
     * (with every call queued behind it), and a new control on a new thread is opened after the back-off.
     */
    private void abandon(int gen, String reason) {
        ExecutorService old;
        int next;
        synchronized (lock) {
            if (gen != generation || closed) {
                return;
            }
            next = ++generation;
            old = vendorThread;
            vendorThread = newVendorThread();
            control = null;
        }
        LOG.warn("{}: {}", name, reason);
        List<Runnable> queued = old.shutdownNow();
        for (Runnable r : queued) {
            if (r instanceof Future<?> f) {
                f.cancel(false);
            }
        }
        setStatus(next, PeripheralStatus.offline(reason));
        scheduleRetry(next);
    }

    /** The service lost the device but still answers: close the control and open a new one after the back-off. */
    private void reopen(int gen, String reason) {
        C old;
        ExecutorService exec;
        int next;
        synchronized (lock) {
            if (gen != generation || closed) {
                return;
            }
            next = ++generation;
            old = control;
            control = null;
            exec = vendorThread;
        }
        LOG.warn("{}: {}", name, reason);
        if (old != null) {
            submitQuietly(exec, () -> closeQuietly(old));
        }
        setStatus(next, PeripheralStatus.offline(reason));
        scheduleRetry(next);
    }

    private void offlineAndRetry(int gen, String reason) {
        if (setStatus(gen, PeripheralStatus.offline(reason))) {
            LOG.warn("{}: {}", name, reason);
        }
        scheduleRetry(gen);
    }

    private void scheduleRetry(int gen) {
        synchronized (lock) {
            if (closed || gen != generation) {
                return;
            }
            try {
                retry = context.supervisor().schedule(() -> connect(gen), context.retryBackoffMs(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // The bridge is stopping.
            }
        }
    }

    private void toError(int gen, String reason) {
        if (setStatus(gen, PeripheralStatus.error(reason, detail()))) {
            synchronized (lock) {
                errorFromCall = true;
            }
            LOG.warn("{}: {}", name, reason);
        }
    }

    private void succeeded(int gen) {
        boolean clear;
        synchronized (lock) {
            clear = errorFromCall && gen == generation && status.state() == PeripheralStatus.State.ERROR;
            if (clear) {
                errorFromCall = false;
            }
        }
        if (clear) {
            setStatus(gen, PeripheralStatus.online(detail()));
        }
    }

    /** A condition the device reported by itself (a status update event): ERROR until it clears. */
    protected final void deviceError(int gen, String reason) {
        if (setStatus(gen, PeripheralStatus.error(reason, detail()))) {
            LOG.warn("{}: {}", name, reason);
        }
    }

    /** The device reports it works again, or a detail changed. */
    protected final void deviceOnline(int gen) {
        setStatus(gen, PeripheralStatus.online(detail()));
    }

    /** Power state reported by the service (JavaPOS power notification). */
    protected final boolean powerEvent(int gen, int statusCode) {
        switch (statusCode) {
            case JposConst.JPOS_SUE_POWER_ONLINE -> {
                deviceOnline(gen);
                return true;
            }
            case JposConst.JPOS_SUE_POWER_OFF, JposConst.JPOS_SUE_POWER_OFFLINE, JposConst.JPOS_SUE_POWER_OFF_OFFLINE -> {
                String reason = what() + " reports that it is switched off or disconnected; switch it on and check its cable.";
                if (setStatus(gen, PeripheralStatus.offline(reason))) {
                    LOG.warn("{}: {}", name, reason);
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /**
     * Sets the status of generation {@code gen} and posts {@link PeripheralEvents#TOPIC_STATUS} when
     * state, reason or detail changed; returns whether it changed.
     */
    private boolean setStatus(int gen, PeripheralStatus next) {
        synchronized (lock) {
            if (gen != generation || closed) {
                return false;
            }
            if (status.state() == next.state() && java.util.Objects.equals(status.reason(), next.reason())
                    && status.detail().equals(next.detail())) {
                return false;
            }
            status = next;
        }
        if (next.state() == PeripheralStatus.State.ONLINE) {
            LOG.info("{} ({} through JavaPOS) is online", name, kind.wire());
        }
        Map<String, Object> props = new HashMap<>();
        props.put(PeripheralEvents.STATE, next.state().name().toLowerCase(Locale.ROOT));
        if (next.reason() != null) {
            props.put(PeripheralEvents.REASON, next.reason());
        }
        props.put(PeripheralEvents.DETAIL, next.detail());
        post(PeripheralEvents.TOPIC_STATUS, props);
        return true;
    }

    /** Posts an event with {@link PeripheralEvents#NAME} and {@link PeripheralEvents#KIND} added. */
    protected final void post(String topic, Map<String, Object> properties) {
        Map<String, Object> props = new HashMap<>(properties);
        props.put(PeripheralEvents.NAME, name);
        props.put(PeripheralEvents.KIND, kind.wire());
        try {
            context.events().postEvent(new Event(topic, props));
        } catch (RuntimeException e) {
            LOG.warn("{}: cannot post {}", name, topic, e);
        }
    }

    /** Runs work on the supervisor, for event listeners that must not call the service on its own thread. */
    protected final void later(Runnable work) {
        try {
            context.supervisor().execute(() -> {
                try {
                    work.run();
                } catch (PeripheralException e) {
                    LOG.debug("{}: {}", name, e.getMessage());
                } catch (RuntimeException e) {
                    LOG.warn("{}: event handling failed", name, e);
                }
            });
        } catch (RejectedExecutionException e) {
            // The bridge is stopping.
        }
    }

    private void closeQuietly(C c) {
        try {
            c.setDeviceEnabled(false);
        } catch (JposException | RuntimeException e) {
            LOG.debug("{}: disable failed", name, e);
        }
        try {
            c.release();
        } catch (JposException | RuntimeException e) {
            LOG.debug("{}: release failed", name, e);
        }
        try {
            c.close();
        } catch (JposException | RuntimeException e) {
            LOG.debug("{}: close failed", name, e);
        }
    }

    private static void submitQuietly(ExecutorService exec, Runnable work) {
        try {
            exec.execute(work);
        } catch (RejectedExecutionException e) {
            // That thread was abandoned; the control goes with it.
        }
    }

    private ExecutorService newVendorThread() {
        String threadName = "storebox-javapos-" + name + "-" + threads.incrementAndGet();
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            // Vendor code often loads its classes and resources through the context class loader.
            t.setContextClassLoader(context.vendor().loader());
            return t;
        });
    }

    /** The device as named in English sentences, for example {@code printer 'front-printer'}. */
    protected final String what() {
        return kind.wire() + " '" + name + "'";
    }
}
