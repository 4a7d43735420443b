package org.storebox.peripheral.escpos.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.peripheral.LineDisplay;
import org.storebox.api.peripheral.PeripheralException;
import org.storebox.api.peripheral.PeripheralKind;
import org.storebox.api.peripheral.PeripheralStatus;
import org.storebox.api.peripheral.SelfTest;
import org.storebox.peripheral.serial.SerialLink;
import org.storebox.peripheral.serial.SerialSettings;

/**
 * A two-line customer display with the Epson DM-D command set: {@code ESC @} and the charset
 * selection on connect, overwrite mode ({@code US MD1}), each line written at its start with
 * {@code US $ 1 y}. Displays do not answer queries, so online means the serial link is up.
 */
final class EscPosLineDisplay implements LineDisplay, SerialLink.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(EscPosLineDisplay.class);
    private static final byte US = 0x1F;

    private final String name;
    private final int columns;
    private final EscPosCharset charset;
    private final SerialLink link;
    private final StatusEvents status;
    private final Object writeLock = new Object();
    /** What the display shows, re-sent after a reconnect (the display may have been power-cycled). */
    private volatile byte[] shown;

    EscPosLineDisplay(DisplayConfig config, EventSink events) {
        if (config.name() == null || config.name().isBlank()) {
            throw new IllegalArgumentException("display: name is required");
        }
        this.name = config.name().strip();
        if (config.columns() < 1 || config.columns() > 80) {
            throw new IllegalArgumentException("display " + name + ": columns must be 1 to 80, was " + config.columns());
        }
        if (config.response__timeout__ms() <= 0) {
            throw new IllegalArgumentException("display " + name + ": response_timeout_ms must be positive, was " + config.response__timeout__ms());
        }
        this.columns = config.columns();
        try {
            this.charset = EscPosCharset.of(config.charset());
            this.link = new SerialLink(name, new SerialSettings(config.port(), config.baud__rate(), config.data__bits(),
                    config.parity(), config.stop__bits(), Duration.ofMillis(config.response__timeout__ms()), config.flow__control()), this);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("display " + name + ": " + e.getMessage(), e);
        }
        this.status = new StatusEvents(name, PeripheralKind.DISPLAY, events,
                PeripheralStatus.offline("display " + name + " is not connected yet; wait a moment or check the cable"));
    }

    void start() {
        link.start();
    }

    void stop() {
        link.close();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PeripheralKind kind() {
        return PeripheralKind.DISPLAY;
    }

    @Override
    public PeripheralStatus status() {
        return status.get();
    }

    @Override
    public SelfTest selfTest() {
        if (link.isConnected()) {
            return new SelfTest(true, "display " + name + " is connected (displays do not answer queries; look at it to be sure)");
        }
        return new SelfTest(false, status.get().reason());
    }

    @Override
    public int columns() {
        return columns;
    }

    @Override
    public void show(String line1, String line2) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] { US, '$', 1, 1 });
        out.writeBytes(charset.encode(EscPosCharset.fit(line1, columns), "display " + name));
        out.writeBytes(new byte[] { US, '$', 1, 2 });
        out.writeBytes(charset.encode(EscPosCharset.fit(line2, columns), "display " + name));
        byte[] bytes = out.toByteArray();
        synchronized (writeLock) {
            if (!link.isConnected()) {
                throw PeripheralException.unavailable("display " + name + " cannot show text now: " + status.get().reason());
            }
            try {
                link.write(bytes);
                shown = bytes;
            } catch (IOException e) {
                throw new PeripheralException(PeripheralException.Kind.UNAVAILABLE,
                        "display " + name + " went away (" + e.getMessage() + "); check the cable and power", e);
            }
        }
    }

    @Override
    public void connected() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] { 0x1B, '@' });
        out.writeBytes(charset.selectCommands());
        out.writeBytes(new byte[] { US, 0x01, 0x0C }); // overwrite mode, clear
        byte[] again = shown;
        if (again != null) {
            out.writeBytes(again);
        }
        synchronized (writeLock) {
            try {
                link.write(out.toByteArray());
            } catch (IOException e) {
                LOG.warn("Display {}: initialising failed; the link will reconnect: {}", name, e.getMessage());
                return;
            }
        }
        status.set(PeripheralStatus.online(null));
    }

    @Override
    public void disconnected(String reason) {
        status.set(PeripheralStatus.offline("display " + name + ": " + reason));
    }

    @Override
    public void received(byte[] data, int length) {
        // DM-D displays send nothing; stray bytes are ignored
    }
}
