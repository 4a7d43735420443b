package org.storebox.hq;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Mosquitto from Debian's package on a free loopback port, as a process of its own. */
final class TestMosquitto implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    final String url;
    final Process process;

    /**
     * Starts it and waits until it listens.
     *
     * @param dir    where its configuration and log go
     * @param config lines added to the configuration (listener set; anonymous access unless it says otherwise)
     */
    TestMosquitto(Path dir, String config) throws IOException {
        this(dir, config, freePort());
    }

    /** Starts it on {@code port} (from {@link #freePort}) and waits until it listens. */
    TestMosquitto(Path dir, String config, int port) throws IOException {
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\npersistence false\n"
                + (config.contains("allow_anonymous") ? "" : "allow_anonymous true\n") + config);
        process = new ProcessBuilder(BINARY.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        Poll.until(Duration.ofSeconds(10), () -> accepts(port), () -> "mosquitto listening on " + port + " (see "
                + dir.resolve("mosquitto.log") + ")");
        url = "tcp://127.0.0.1:" + port;
    }

    /** A loopback port nobody listens on now. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            // Gone before the test's directory is removed: it writes its log as it stops.
            process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
