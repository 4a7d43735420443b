package org.storebox.peripheral.serial;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How to open a serial port.
 *
 * @param port         the device path, for example {@code /dev/ttyUSB0} or a symbolic link to a
 *                     pseudo-terminal; opened by path, it need not be listed by the system
 * @param baudRate     bits per second, for example 9600 or 115200
 * @param dataBits     5 to 8
 * @param parity       {@code none}, {@code even} or {@code odd} (any case; stored in lower case)
 * @param stopBits     1 or 2
 * @param writeTimeout how long one {@link SerialLink#write(byte[])} may take before it fails
 * @param flowControl  {@code none}, {@code rts_cts} (hardware handshake) or {@code xon_xoff} (the
 *                     device's XOFF pauses our output); any case, stored in lower case. DTR/DSR
 *                     handshaking is not offered: jSerialComm supports it on Windows only
 * @since 1.1.0 (flowControl)
 */
public record SerialSettings(String port, int baudRate, int dataBits, String parity, int stopBits, Duration writeTimeout,
        String flowControl) {

    /** Validates every field; throws {@link IllegalArgumentException} with a sentence naming the field. */
    public SerialSettings {
        if (port == null || port.isBlank()) {
            throw new IllegalArgumentException("serial port: a device path is required, for example /dev/ttyUSB0");
        }
        port = port.strip();
        if (baudRate <= 0) {
            throw new IllegalArgumentException("serial port " + port + ": baud rate must be positive, was " + baudRate);
        }
        if (dataBits < 5 || dataBits > 8) {
            throw new IllegalArgumentException("serial port " + port + ": data bits must be 5, 6, 7 or 8, was " + dataBits);
        }
        parity = parity == null ? "" : parity.strip().toLowerCase(Locale.ROOT);
        if (!parity.equals("none") && !parity.equals("even") && !parity.equals("odd")) {
            throw new IllegalArgumentException("serial port " + port + ": parity must be none, even or odd, was '" + parity + "'");
        }
        if (stopBits != 1 && stopBits != 2) {
            throw new IllegalArgumentException("serial port " + port + ": stop bits must be 1 or 2, was " + stopBits);
        }
        Objects.requireNonNull(writeTimeout, "serial port " + port + ": write timeout is required");
        if (writeTimeout.isNegative() || writeTimeout.isZero() || writeTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("serial port " + port + ": write timeout must be positive, was " + writeTimeout);
        }
        flowControl = flowControl == null ? "none" : flowControl.strip().toLowerCase(Locale.ROOT);
        if (!flowControl.equals("none") && !flowControl.equals("rts_cts") && !flowControl.equals("xon_xoff")) {
            throw new IllegalArgumentException("serial port " + port + ": flow control must be none, rts_cts or xon_xoff, was '"
                    + flowControl + "' (DTR/DSR handshaking is not supported on Linux: wire DTR/DSR to RTS/CTS or switch the device to XON/XOFF)");
        }
    }

    /** Settings without flow control, as in version 1.0.0. */
    public SerialSettings(String port, int baudRate, int dataBits, String parity, int stopBits, Duration writeTimeout) {
        this(port, baudRate, dataBits, parity, stopBits, writeTimeout, "none");
    }

    /** 8 data bits, no parity, 1 stop bit, no flow control, writes time out after 2 seconds. */
    public static SerialSettings of(String port, int baudRate) {
        return new SerialSettings(port, baudRate, 8, "none", 1, Duration.ofSeconds(2));
    }
}
