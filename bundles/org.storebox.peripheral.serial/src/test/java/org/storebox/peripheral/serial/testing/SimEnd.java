package org.storebox.peripheral.serial.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import com.fazecast.jSerialComm.SerialPort;

/**
 * The simulator's end of a {@link SocatPair}: the pty opened with jSerialComm, reads that return
 * within 50 ms (0 bytes when nothing came), writes that block at most 1 s. Not thread safe for
 * concurrent readers; one reader thread and any writer are fine.
 */
public final class SimEnd implements AutoCloseable {
    private final SerialPort port;
    private final Path path;

    private SimEnd(Path path, SerialPort port) {
        this.path = path;
        this.port = port;
    }

    /** Opens the pty at {@code path}. */
    public static SimEnd open(Path path) throws IOException {
        SerialPort port = SerialPort.getCommPort(path.toString());
        port.setComPortParameters(9600, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, 50, 1_000);
        if (!port.openPort()) {
            throw new IOException("cannot open simulator end " + path + " (error " + port.getLastErrorCode() + ")");
        }
        return new SimEnd(path, port);
    }

    /**
     * Reads what arrived within 50 ms.
     *
     * @return the count of bytes read, 0 when none came
     * @throws IOException when the pty is gone (socat ended)
     */
    public int read(byte[] buffer) throws IOException {
        int n = port.readBytes(buffer, buffer.length);
        if (n < 0 || !port.isOpen()) {
            throw new IOException("simulator end " + path + " is gone");
        }
        return n;
    }

    /** Reads until {@code count} bytes came or the timeout passed; returns what came. */
    public byte[] readAtLeast(int count, Duration timeout) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.size() < count && System.nanoTime() < deadline) {
            int n = read(buffer);
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** Writes all bytes or fails. */
    public void write(byte[] data) throws IOException {
        int n = port.writeBytes(data, data.length);
        if (n != data.length) {
            throw new IOException("simulator end " + path + ": wrote " + n + " of " + data.length + " bytes");
        }
    }

    @Override
    public void close() {
        port.closePort();
    }
}
