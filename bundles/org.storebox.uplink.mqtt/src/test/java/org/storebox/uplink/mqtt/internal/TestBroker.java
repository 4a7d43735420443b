package org.storebox.uplink.mqtt.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import com.hivemq.embedded.EmbeddedHiveMQ;

/** One HiveMQ CE broker in this JVM on a free loopback port, started on first use, shared by the test classes. */
final class TestBroker {
    private static TestBroker instance;

    final String url;
    private final EmbeddedHiveMQ hivemq;

    private TestBroker() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("uplink-hivemq");
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
        hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(Files.createDirectories(dir.resolve("data")))
                .withExtensionsFolder(Files.createDirectories(dir.resolve("extensions")))
                .withoutLoggingBootstrap()
                .build();
        hivemq.start().join();
        url = "tcp://127.0.0.1:" + port;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                hivemq.stop().join();
            } catch (RuntimeException e) {
                // the JVM is going away anyway
            }
        }));
    }

    static synchronized TestBroker get() {
        if (instance == null) {
            try {
                instance = new TestBroker();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException("embedded HiveMQ did not start", e);
            }
        }
        return instance;
    }
}
