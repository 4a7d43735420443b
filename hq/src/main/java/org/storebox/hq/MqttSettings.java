package org.storebox.hq;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * How to reach the broker: URL, user, the file that holds the password (never the password itself on
 * the command line or in a log), client id.
 */
final class MqttSettings {
    final String broker;
    final String user;
    final Path passwordFile;
    final String clientId;

    MqttSettings(String broker, String user, Path passwordFile, String clientId) {
        this.broker = broker;
        this.user = user;
        this.passwordFile = passwordFile;
        this.clientId = clientId;
    }

    static MqttSettings from(Args args, String defaultClientId) {
        String pw = args.get("password-file");
        String clientId = args.get("client-id", defaultClientId);
        if (clientId.isBlank()) {
            throw new Args.UsageException("--client-id must not be blank");
        }
        return new MqttSettings(args.required("broker"), args.get("user"), pw == null ? null : Path.of(pw), clientId);
    }

    /** {@code prefix-hostname}: stable across restarts, so a persistent session finds its owner again. */
    static String hostClientId(String prefix) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return prefix + "-" + host.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** A client with in-memory persistence: the database, not Paho's files, is what makes HQ durable. */
    MqttAsyncClient client() throws MqttException {
        return new MqttAsyncClient(broker, clientId, new MemoryPersistence());
    }

    /**
     * Connection options.
     *
     * @param sessionExpiryS 0 for a session that ends with the connection (clean start on), else clean
     *                       start off with this expiry, so QoS 1 messages wait for us across a restart
     */
    MqttConnectionOptions options(long sessionExpiryS) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setServerURIs(new String[] {broker});
        o.setCleanStart(sessionExpiryS == 0);
        o.setSessionExpiryInterval(sessionExpiryS);
        o.setKeepAliveInterval(30);
        o.setConnectionTimeout(15);
        o.setAutomaticReconnect(true);
        // HQ should be back within a second of its broker (every store's backlog waits for it), and a handful of
        // HQ processes trying every second is no load for it. Paho 1.2.5 doubles its reconnect delay (from 1 s) up
        // to maxReconnectDelay (ms, 128 s by default) and ignores the maximum of setAutomaticReconnectDelay: both
        // are set.
        o.setAutomaticReconnectDelay(1, 1);
        o.setMaxReconnectDelay(1_000);
        if (user != null) {
            o.setUserName(user);
        }
        if (passwordFile != null) {
            o.setPassword(readPassword(passwordFile));
        }
        return o;
    }

    /** The file's content without its trailing line break. */
    static byte[] readPassword(Path file) {
        String s;
        try {
            s = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Args.UsageException("cannot read the password file " + file + ": " + e.getMessage());
        }
        while (s.endsWith("\n") || s.endsWith("\r")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
