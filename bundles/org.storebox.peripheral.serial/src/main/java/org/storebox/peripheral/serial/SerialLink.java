package org.storebox.peripheral.serial;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;

/**
 * One serial port kept open on its own daemon thread: opens it by path, reads into the
 * {@link Listener}, reconnects with back-off (250 ms doubling to 5 s) while the port is missing,
 * unplugged or vanished, and reports each connect and disconnect once.
 * <p>
 * Thread safety: {@link #write(byte[])}, {@link #isConnected()} and {@link #close()} may be called
 * from any thread; writes are serialised. The listener is called on the link's thread only, one
 * call at a time, and should return quickly (it delays reading and reconnecting).
 */
public final class SerialLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SerialLink.class);

    private static final long FIRST_BACKOFF_MS = 250;
    private static final long MAX_BACKOFF_MS = 5_000;
    /** A read returns at least this often, so a vanished port and close() are noticed quickly. */
    private static final int READ_POLL_MS = 100;

    /** Told what happens on the link; every method is called on the link's thread. */
    public interface Listener {
        /** The port is open; writes go through from now on. */
        void connected();

        /**
         * The port is closed or could not be opened; the link keeps retrying on its own.
         *
         * @param reason an English sentence naming the port and what to check
         */
        void disconnected(String reason);

        /**
         * Bytes arrived. The array is reused after the call returns: copy what you keep.
         *
         * @param data   the buffer, valid from 0 to {@code length}
         * @param length how many bytes arrived, at least 1
         */
        void received(byte[] data, int length);
    }

    private enum Reported { NOTHING, CONNECTED, DISCONNECTED }

    private final String name;
    private final SerialSettings settings;
    private final Listener listener;
    private final Path path;
    private final Object writeLock = new Object();
    private final Object wakeup = new Object();

    private volatile SerialPort port;
    private volatile boolean closed;
    private volatile String reason = "not started";
    private Thread thread;
    private Reported reported = Reported.NOTHING;

    /**
     * A link that does nothing until {@link #start()}.
     *
     * @param name     the device's logical name, used for the thread name and in messages
     * @param settings the port and its line settings
     * @param listener told of connects, disconnects and data
     */
    public SerialLink(String name, SerialSettings settings, Listener listener) {
        this.name = Objects.requireNonNull(name, "name");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.path = Path.of(settings.port());
    }

    /** The settings this link opens its port with. */
    public SerialSettings settings() {
        return settings;
    }

    /**
     * Starts the link's thread ({@code storebox-serial-<name>}), which opens the port and keeps it
     * open; returns at once.
     *
     * @throws IllegalStateException when started twice or after {@link #close()}
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("serial link " + name + " is closed");
        }
        if (thread != null) {
            throw new IllegalStateException("serial link " + name + " is already started");
        }
        thread = new Thread(this::run, "storebox-serial-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether the port is open now. */
    public boolean isConnected() {
        return port != null;
    }

    /**
     * Writes all of {@code data}, waiting at most the configured write timeout.
     *
     * @throws IOException when the link is not connected (the message says why), the port failed,
     *                     or the write timed out
     */
    public void write(byte[] data) throws IOException {
        Objects.requireNonNull(data, "data");
        synchronized (writeLock) {
            SerialPort p = port;
            if (closed) {
                throw new IOException("serial port " + settings.port() + " (" + name + ") is closed");
            }
            if (p == null) {
                throw new IOException("serial port " + settings.port() + " (" + name + ") is not connected: " + reason);
            }
            int written = data.length == 0 ? 0 : p.writeBytes(data, data.length);
            if (written < 0) {
                throw new IOException("writing to serial port " + settings.port() + " (" + name
                        + ") failed (error " + p.getLastErrorCode() + "); check that the device is plugged in");
            }
            if (written < data.length) {
                throw new IOException("writing to serial port " + settings.port() + " (" + name + ") timed out after "
                        + settings.writeTimeout().toMillis() + " ms with " + written + " of " + data.length
                        + " bytes sent; check that the device is powered and reading");
            }
        }
    }

    /** Stops the thread and closes the port; idempotent. Does not report a disconnect. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            t = thread;
        }
        synchronized (wakeup) {
            wakeup.notifyAll();
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                // the reader returns within READ_POLL_MS; a listener stuck in a callback is not waited for
                t.join(2_000);
                if (t.isAlive()) {
                    LOG.warn("Serial link {} did not stop within 2 s; its thread is left to end on its own", name);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        SerialPort p = port;
        if (p != null) {
            port = null;
            p.closePort();
        }
        LOG.debug("Serial link {} on {} closed", name, settings.port());
    }

    private void run() {
        long backoff = FIRST_BACKOFF_MS;
        while (!closed) {
            boolean wasConnected;
            try {
                wasConnected = session();
            } catch (RuntimeException e) {
                // jSerialComm's native part or a listener failed: keep the link alive and retry
                LOG.warn("Serial link {} on {} failed; reconnecting", name, settings.port(), e);
                reason = "serial port " + settings.port() + " failed: " + e.getMessage();
                wasConnected = port != null;
                port = null;
            }
            if (closed) {
                break;
            }
            report(Reported.DISCONNECTED);
            if (wasConnected) {
                backoff = FIRST_BACKOFF_MS;
            }
            waitFor(backoff);
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        }
    }

    /** Opens the port and reads until it fails; returns whether it was open. Sets {@link #reason}. */
    private boolean session() {
        if (!Files.exists(path)) {
            reason = "serial port " + settings.port() + " does not exist; check that the device is plugged in and the configured port is right";
            return false;
        }
        Path opened = realPath();
        SerialPort p;
        try {
            p = SerialPort.getCommPort(settings.port());
        } catch (SerialPortInvalidPortException e) {
            reason = "serial port " + settings.port() + " cannot be used: " + e.getMessage();
            return false;
        }
        p.setComPortParameters(settings.baudRate(), settings.dataBits(),
                settings.stopBits() == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT, parity());
        p.setFlowControl(flowControl());
        p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                READ_POLL_MS, (int) settings.writeTimeout().toMillis());
        if (!p.openPort()) {
            reason = "serial port " + settings.port() + " cannot be opened (error " + p.getLastErrorCode()
                    + "); check that it exists, no other program holds it and the service user may use it";
            return false;
        }
        LOG.debug("Serial link {} opened {} ({})", name, settings.port(), opened);
        synchronized (writeLock) {
            port = p;
        }
        try {
            if (closed) {
                return true;
            }
            report(Reported.CONNECTED);
            byte[] buffer = new byte[4096];
            int transientErrors = 0;
            while (!closed) {
                int n = p.readBytes(buffer, buffer.length);
                // EAGAIN (11) and EINTR (4) from a read that poll() woke up are not a lost device: seen on
                // one pty while another was unplugged. Many in a row are.
                if (n < 0 && p.isOpen() && Files.exists(path) && (p.getLastErrorCode() == 11 || p.getLastErrorCode() == 4)
                        && ++transientErrors < 50) {
                    continue;
                }
                transientErrors = 0;
                if (n < 0 || !p.isOpen()) {
                    reason = "serial port " + settings.port() + " stopped working (read error " + p.getLastErrorCode()
                            + "); check that the device is plugged in";
                    return true;
                }
                if (n > 0) {
                    deliver(buffer, n);
                } else if (!Files.exists(path)) {
                    reason = "serial port " + settings.port() + " vanished; check that the device is plugged in";
                    return true;
                } else if (opened != null && !opened.equals(realPath())) {
                    // the link now points at another device node: the one we hold is gone
                    reason = "serial port " + settings.port() + " was replaced by another device; reconnecting";
                    return true;
                }
            }
            return true;
        } finally {
            synchronized (writeLock) {
                port = null;
            }
            p.closePort();
        }
    }

    private void deliver(byte[] buffer, int n) {
        try {
            listener.received(buffer, n);
        } catch (RuntimeException e) {
            LOG.warn("Serial link {}: the listener failed on {} received bytes; carrying on", name, n, e);
        }
    }

    private void report(Reported state) {
        if (reported == state) {
            return;
        }
        reported = state;
        try {
            if (state == Reported.CONNECTED) {
                LOG.info("Serial link {} connected on {}", name, settings.port());
                listener.connected();
            } else {
                LOG.warn("Serial link {} disconnected: {}", name, reason);
                listener.disconnected(reason);
            }
        } catch (RuntimeException e) {
            LOG.warn("Serial link {}: the listener failed on {}; carrying on", name, state, e);
        }
    }

    private Path realPath() {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return null;
        }
    }

    private int parity() {
        switch (settings.parity()) {
            case "even":
                return SerialPort.EVEN_PARITY;
            case "odd":
                return SerialPort.ODD_PARITY;
            default:
                return SerialPort.NO_PARITY;
        }
    }

    private int flowControl() {
        switch (settings.flowControl()) {
            case "rts_cts":
                return SerialPort.FLOW_CONTROL_RTS_ENABLED | SerialPort.FLOW_CONTROL_CTS_ENABLED;
            case "xon_xoff":
                // only our output obeys XON/XOFF: input may be binary (status bytes, weights)
                return SerialPort.FLOW_CONTROL_XONXOFF_OUT_ENABLED;
            default:
                return SerialPort.FLOW_CONTROL_DISABLED;
        }
    }

    private void waitFor(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (wakeup) {
            long left;
            while (!closed && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(wakeup, left);
                } catch (InterruptedException e) {
                    // nobody but close() should stop this thread; an interrupt is taken as a request to stop
                    closed = true;
                    return;
                }
            }
        }
    }

    @Override
    public String toString() {
        return "SerialLink[" + name + " on " + settings.port() + (isConnected() ? ", connected" : ", " + reason) + "]";
    }
}
