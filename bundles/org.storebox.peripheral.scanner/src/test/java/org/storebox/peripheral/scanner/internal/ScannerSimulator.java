package org.storebox.peripheral.scanner.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;

import org.storebox.peripheral.serial.testing.SimEnd;

/**
 * A serial barcode scanner on the simulator end of a socat pair: writes codes between the
 * configured prefix and suffix, and line noise between them when asked.
 */
public final class ScannerSimulator implements AutoCloseable {
    private final Path path;
    private final byte[] prefix;
    private final byte[] suffix;
    private final Random random;
    private SimEnd end;

    public ScannerSimulator(Path path, String prefix, String suffix, long seed) throws IOException {
        this.path = path;
        this.prefix = Escapes.parse(prefix);
        this.suffix = Escapes.parse(suffix);
        this.random = new Random(seed);
        this.end = SimEnd.open(path);
    }

    /** The bytes of one scan of {@code code} (ISO-8859-1, so \u0000..\u00FF are single bytes). */
    byte[] frame(String code) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(prefix);
        out.writeBytes(code.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(suffix);
        return out.toByteArray();
    }

    /** Sends one scan. */
    public void scan(String code) throws IOException {
        end.write(frame(code));
    }

    /** Sends raw bytes, for example a truncated frame. */
    public void raw(String bytes) throws IOException {
        end.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Random line noise: 1 to 12 bytes of any value but the prefix's first byte, so that noise
     * cannot open a frame. Only meaningful with a prefix; without one a scanner cannot tell noise
     * from the start of a code.
     */
    byte[] noise() {
        int n = 1 + random.nextInt(12);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            byte x;
            do {
                x = (byte) random.nextInt(256);
            } while (prefix.length > 0 && x == prefix[0]);
            b[i] = x;
        }
        return b;
    }

    public void send(byte[] bytes) throws IOException {
        end.write(bytes);
    }

    /** Opens the simulator's end again, after the pair was re-plugged. */
    void reopen() throws IOException {
        end.close();
        end = SimEnd.open(path);
    }

    @Override
    public void close() {
        end.close();
    }
}
