package org.storebox.e2e;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.hivemq.embedded.EmbeddedHiveMQ;

/** The brokers of the uplink tests: HiveMQ CE in this JVM, and Mosquitto (Debian's) as a process. */
final class UplinkBrokers {
    private UplinkBrokers() {
    }

    /** Where the mosquitto binary is, or null when it is not installed. */
    static Path mosquittoBinary() {
        for (String dir : new String[] {"/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"}) {
            Path p = Paths.get(dir, "mosquitto");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Polls a TCP connect to the loopback port until it succeeds. */
    static void awaitListening(int port, Duration timeout) {
        UplinkHq.await(timeout, "a broker listening on 127.0.0.1:" + port, () -> "refused", () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** HiveMQ CE embedded on a loopback port; stop and start again on the same port and data. */
    static final class HiveMq implements AutoCloseable {
        final int port;
        private final Path dir;
        private EmbeddedHiveMQ hivemq;

        HiveMq(int port) throws IOException {
            this.port = port;
            this.dir = Files.createTempDirectory("uplink-hivemq");
            Path conf = Files.createDirectories(dir.resolve("conf"));
            Files.writeString(conf.resolve("config.xml"), """
                    <?xml version="1.0"?>
                    <hivemq>
                      <listeners>
                        <tcp-listener><port>%d</port><bind-address>127.0.0.1</bind-address></tcp-listener>
                      </listeners>
                      <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                    </hivemq>
                    """.formatted(port));
            Files.createDirectories(dir.resolve("data"));
            Files.createDirectories(dir.resolve("extensions"));
        }

        String url() {
            return "tcp://127.0.0.1:" + port;
        }

        synchronized void start() {
            hivemq = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(dir.resolve("conf"))
                    .withDataFolder(dir.resolve("data"))
                    .withExtensionsFolder(dir.resolve("extensions"))
                    .withoutLoggingBootstrap()
                    .build();
            hivemq.start().join();
        }

        synchronized void stop() {
            if (hivemq != null) {
                try {
                    hivemq.close();
                } catch (Exception e) {
                    System.err.println("HiveMQ stop: " + e);
                }
                hivemq = null;
            }
        }

        @Override
        public void close() {
            stop();
            Appliance.deleteTree(dir);
        }
    }

    /** A Mosquitto process on a loopback port, with an optional configuration file; kill -9 and start again. */
    static final class Mosquitto implements AutoCloseable {
        final int port;
        final Path dir;
        private final Path config;
        private final Path log;
        private Process process;

        /** {@code configLines}: none for {@code mosquitto -p PORT}; else a configuration file of these lines. */
        Mosquitto(int port, List<String> configLines) throws IOException {
            this.port = port;
            this.dir = Files.createTempDirectory("uplink-mosquitto");
            this.log = dir.resolve("mosquitto.log");
            if (configLines == null || configLines.isEmpty()) {
                config = null;
            } else {
                config = dir.resolve("mosquitto.conf");
                List<String> lines = new ArrayList<>();
                // Started as root, Mosquitto drops to the user "mosquitto", who cannot read this private
                // temporary directory: stay the user who runs the test (no effect for any other user).
                lines.add("user " + System.getProperty("user.name"));
                lines.addAll(configLines);
                Files.write(config, lines);
            }
        }

        String url() {
            return "tcp://127.0.0.1:" + port;
        }

        synchronized void start() throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(mosquittoBinary().toString());
            if (config != null) {
                cmd.add("-c");
                cmd.add(config.toString());
            } else {
                cmd.add("-p");
                cmd.add(Integer.toString(port));
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            process = pb.start();
            Process p = process;
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
            try {
                awaitListening(port, Duration.ofSeconds(10));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; mosquitto log:\n" + log(), e);
            }
        }

        /** kill -9. */
        synchronized void kill() throws InterruptedException {
            if (process != null) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                process = null;
            }
        }

        String log() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return "(no log)";
            }
        }

        /** Runs a command in the broker's directory and fails when it does not exit 0. */
        void run(String... cmd) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
        }

        @Override
        public void close() throws InterruptedException {
            kill();
            Appliance.deleteTree(dir);
        }
    }
}
