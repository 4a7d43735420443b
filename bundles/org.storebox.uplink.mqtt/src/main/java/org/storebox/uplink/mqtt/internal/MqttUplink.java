package org.storebox.uplink.mqtt.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;
import org.osgi.service.event.propertytypes.EventTopics;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.common.StoreboxException;
import org.storebox.api.outbox.OutboxBudget;
import org.storebox.api.outbox.OutboxEvent;
import org.storebox.api.outbox.OutboxService;
import org.storebox.api.outbox.OutboxUsage;
import org.storebox.api.sale.SaleService;
import org.storebox.api.store.StoreInfo;
import org.storebox.api.uplink.UplinkStatus;
import org.storebox.api.uplink.UplinkStatusService;

/**
 * Store and forward of the outbox to HQ over MQTT v5: batches of events in sequence order at QoS 1
 * to {@code storebox/v1/{store}/events}, HQ's {@code {"up_to": N}} on {@code .../ack} acknowledges
 * them in the outbox, and a retained {@code .../status} (the will says offline). Without a broker URL
 * it only counts the backlog.
 *
 * <p>One thread of its own ({@code storebox-uplink-mqtt}) does every connect, read, publish and
 * acknowledgement; Paho's threads only record what arrived and wake it. Paho's automatic reconnect
 * and file persistence stay off: the outbox is the only persistence, every reconnect starts a fresh
 * client and sends again from the first unacknowledged event, and the uplink counts its own
 * publishes in flight (Paho 1.2.5 also throws 32202 below its limit, paho.mqtt.java #551: that is
 * back-pressure, not failure).
 *
 * <p>Commands from HQ ({@code storebox/v1/{store}/cmd/+} and {@code storebox/v1/all/cmd/+}, QoS 1,
 * subscribed on every connect) go from Paho's thread to a thread of their own
 * ({@code storebox-commands}), which hands each to the {@link CommandDispatcher} and publishes its reply
 * on {@code storebox/v1/{store}/reply/{requestId}}. Acknowledgements to the broker are manual: a
 * command's PUBACK goes out only once its reply is delivered, so a command whose reply was lost with
 * the connection comes again after the reconnect and is answered from the stored outcome. The
 * dispatcher is optional: events keep flowing up when it cannot start (a bad commands configuration);
 * when it comes, the uplink restarts with commands.
 */
@Component(configurationPid = MqttUplinkConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = MqttUplinkConfig.class)
@EventTopics(SaleService.TOPIC_COMMITTED)
public class MqttUplink implements UplinkStatusService, EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(MqttUplink.class);
    /** Paho's "too many publishes in progress" (MqttClientException.REASON_CODE_MAX_INFLIGHT). */
    static final int TOO_MANY_PUBLISHES = 32202;
    private static final Set<String> SCHEMES = Set.of("tcp", "ssl", "ws", "wss");
    private static final long STATUS_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final OutboxService outbox;
    private final String storeId;
    private final String version;
    private final Supplier<List<Map<String, Object>>> bundles;
    private final Clock clock;
    private final BacklogMeter meter;
    private final MqttUplinkConfig config;
    /** Null when no broker is configured. */
    private final String url;
    private final String broker;
    private final String username;
    private final byte[] password;
    private final SocketFactory socketFactory;
    private final String clientId;
    private final String eventsTopic;
    private final String ackTopic;
    private final String statusTopic;
    private final String commandTopic;
    private final String allCommandTopic;
    /** Null when no broker or no dispatcher. */
    private final CommandDispatcher commands;
    private final ExecutorService commandExecutor;
    private final Backoff backoff;
    private final ExecutorService executor;
    /** Null when no broker. */
    private final AckWriter acks;

    // Shared with Paho's threads and status readers.
    private final Object signal = new Object();
    private boolean signalled;
    private volatile boolean stopping;
    private volatile boolean connected;
    private volatile boolean broken;
    private volatile long generation;
    private volatile String lastError;
    private volatile Instant lastConnectedAt;
    private final AtomicLong ackRequested = new AtomicLong(-1);
    /** A live (not retained) acknowledgement arrived, whether or not it moved: HQ is subscribed and listening. */
    private final AtomicBoolean ackHeard = new AtomicBoolean();
    private final AtomicInteger inflight = new AtomicInteger();
    private final AtomicLong backPressure = new AtomicLong();
    private final AtomicLong sentMessages = new AtomicLong();
    /** The outbox's byte budget, when its component runs: reported in the status message, nothing else. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile OutboxBudget budget;

    // The uplink thread's own state.
    private MqttAsyncClient client;
    private int window;
    private long ackedSeq;
    private long nextSeq;
    private long readUpTo;
    private final ArrayDeque<Pending> buffer = new ArrayDeque<>();
    private long bufferedBytes;
    private long lingerSince = -1;
    /** Since when the oldest event sent and not acknowledged waits (System.nanoTime). */
    private long waitingSince;
    /**
     * After a connect or HQ's silence: only the first unacknowledged event goes, alone, until HQ acknowledges
     * it, so a broker that drops what it cannot route (no subscriber yet) costs one small message a retry.
     */
    private boolean probing;
    /** The event sent alone since HQ fell silent; -1 when the probe followed a connect. */
    private long probeSeq = -1;
    /**
     * HQ's silence (ns) before a resend: ack_retry_ms after a connect, doubled (up to a minute) each time HQ
     * turns out to have been slow rather than deaf (its next ack covers more than the probe), so an overloaded
     * HQ is not flooded with resends of what it is still storing.
     */
    private volatile long retryNanos;
    private long lastStatusCheck;
    private long lastStatusSent;
    private long lastStatusBacklog = -1;

    /** An event read and encoded, waiting to be published. */
    private record Pending(long seq, byte[] json) {
    }

    @Activate
    public MqttUplink(MqttUplinkConfig config, @Reference OutboxService outbox, @Reference StoreInfo store,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
            CommandDispatcher commands, BundleContext context, Map<String, Object> properties) {
        this(config, outbox, store.storeId(), store.version(), () -> bundleList(context), Clock.systemUTC(),
                environment(properties), commands);
        if (publicPassword(properties)) {
            LOG.warn("The uplink configuration {} sets 'password': every bundle can read it as a service property. "
                    + "Rename the key to '.password' (the leading dot keeps it private); it is used meanwhile.",
                    MqttUplinkConfig.PID);
        }
    }

    /** The process environment, where a password under the public key stands in for STOREBOX_MQTT_PASSWORD. */
    static Function<String, String> environment(Map<String, ?> properties) {
        if (!publicPassword(properties)) {
            return System::getenv;
        }
        String pw = properties.get("password").toString();
        return k -> k.equals("STOREBOX_MQTT_PASSWORD") ? pw : System.getenv(k);
    }

    /** A password under the public key {@code password} (it was the documented key before {@code .password}). */
    static boolean publicPassword(Map<String, ?> properties) {
        Object pw = properties.get("password");
        return pw != null && !pw.toString().isEmpty();
    }

    MqttUplink(MqttUplinkConfig config, OutboxService outbox, String storeId, String version,
            Supplier<List<Map<String, Object>>> bundles, Clock clock, Function<String, String> env) {
        this(config, outbox, storeId, version, bundles, clock, env, null);
    }

    MqttUplink(MqttUplinkConfig config, OutboxService outbox, String storeId, String version,
            Supplier<List<Map<String, Object>>> bundles, Clock clock, Function<String, String> env,
            CommandDispatcher commands) {
        this.config = config;
        this.outbox = outbox;
        this.storeId = storeId;
        this.version = version;
        this.bundles = bundles;
        this.clock = clock;
        this.meter = new BacklogMeter(outbox, clock);
        this.eventsTopic = "storebox/v1/" + storeId + "/events";
        this.ackTopic = "storebox/v1/" + storeId + "/ack";
        this.statusTopic = "storebox/v1/" + storeId + "/status";
        this.commandTopic = "storebox/v1/" + storeId + "/cmd/+";
        this.allCommandTopic = "storebox/v1/all/cmd/+";
        this.backoff = new Backoff(config.backoff__initial__ms(), config.backoff__max__ms(),
                () -> ThreadLocalRandom.current().nextDouble());
        positive("batch_max_events", config.batch__max__events());
        positive("batch_max_bytes", config.batch__max__bytes());
        positive("max_inflight", config.max__inflight());
        positive("max_unacked_events", config.max__unacked__events());
        positive("ack_retry_ms", config.ack__retry__ms());
        positive("connect_timeout_s", config.connect__timeout__s());
        positive("status_interval_s", config.status__interval__s());
        if (config.compress__min__bytes() < 0) {
            throw new IllegalArgumentException("compress_min_bytes cannot be negative; 0 turns compression off");
        }
        if (config.linger__ms() < 0 || config.session__expiry__s() < 0 || config.keep__alive__s() < 0) {
            throw new IllegalArgumentException("linger_ms, session_expiry_s and keep_alive_s cannot be negative");
        }

        String u = resolve(config.url(), env.apply("STOREBOX_MQTT_URL"));
        if (u.isEmpty()) {
            url = null;
            broker = null;
            username = null;
            password = null;
            socketFactory = null;
            clientId = null;
            executor = null;
            acks = null;
            this.commands = null;
            commandExecutor = null;
            LOG.info("No MQTT broker configured (url or STOREBOX_MQTT_URL): trading offline, events stay in the outbox");
            return;
        }
        url = u;
        broker = checkUrl(u);
        String user = resolve(config.username(), env.apply("STOREBOX_MQTT_USER"));
        username = user.isEmpty() ? null : user;
        // The password is taken as given (no trimming) and never logged.
        String pw = config._password() != null && !config._password().isEmpty() ? config._password()
                : env.apply("STOREBOX_MQTT_PASSWORD");
        password = pw == null || pw.isEmpty() ? null : pw.getBytes(StandardCharsets.UTF_8);
        String scheme = URI.create(u).getScheme().toLowerCase();
        boolean tls = scheme.equals("ssl") || scheme.equals("wss");
        Path ca = path(config.ca__file());
        Path cert = path(config.client__cert__file());
        Path key = path(config.client__key__file());
        if (tls) {
            socketFactory = NoDelay.tls(ca == null && cert == null && key == null
                    ? (SSLSocketFactory) SSLSocketFactory.getDefault() : Tls.socketFactory(ca, cert, key));
        } else {
            socketFactory = NoDelay.plain();
            if (ca != null || cert != null || key != null) {
                LOG.warn("ca_file, client_cert_file and client_key_file apply to ssl:// brokers only; {} is {}",
                        broker, scheme);
            }
        }
        String id = resolve(config.client__id(), null);
        clientId = id.isEmpty() ? "storebox-" + storeId : id;
        acks = new AckWriter(outbox);
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "storebox-uplink-mqtt");
            t.setDaemon(true);
            return t;
        });
        this.commands = commands;
        commandExecutor = commands == null ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "storebox-commands");
            t.setDaemon(true);
            return t;
        });
        executor.execute(this::run);
        LOG.info("MQTT uplink to {} as {} (user {}, password {}), topics storebox/v1/{}/...", broker, clientId,
                username == null ? "none" : username, password == null ? "none" : "set", storeId);
    }

    @Deactivate
    void deactivate() {
        if (executor == null) {
            return;
        }
        stopping = true;
        wake();
        executor.shutdown();
        if (commandExecutor != null) {
            // Never interrupted either: a command may be inside a database write.
            commandExecutor.shutdown();
        }
        // Never interrupted: the uplink thread may be waiting on the database, which must not see an interrupt.
        try {
            if (!executor.awaitTermination(config.connect__timeout__s() + 10L, TimeUnit.SECONDS)) {
                LOG.warn("The MQTT uplink thread did not stop within {} s; left to finish on its own",
                        config.connect__timeout__s() + 10);
            }
            if (commandExecutor != null && !commandExecutor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("The command thread did not stop within 10 s; left to finish on its own");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            acks.close(10_000);
        }
    }

    @Override
    public UplinkStatus status() {
        BacklogMeter.Figures f = meter.refresh();
        UplinkStatus s = new UplinkStatus();
        s.connected = connected;
        s.broker = broker;
        s.backlog = f.backlog();
        s.backlogBytes = f.bytes();
        s.oldestUnsyncedAgeS = f.oldestAgeS();
        s.lastAckSeq = f.ackedSeq();
        s.lastError = lastError;
        s.lastConnectedAt = lastConnectedAt;
        return s;
    }

    /** HQ's silence before a resend, as learnt since the last connect (for tests). */
    long retryMillis() {
        return TimeUnit.NANOSECONDS.toMillis(retryNanos);
    }

    /** Events messages handed to the client since the start (for tests). */
    long sent() {
        return sentMessages.get();
    }

    // ------------------------------------------------------------------ the uplink thread

    private void run() {
        LOG.debug("MQTT uplink thread started");
        while (!stopping) {
            try {
                if (!connected) {
                    if (client != null) {
                        // Just lost: a jittered pause first, so a fleet that lost HQ together does not return together.
                        closeClient();
                        pause(backoff.next());
                        continue;
                    }
                    if (!connect()) {
                        pause(backoff.next());
                        continue;
                    }
                }
                waitFor(step());
            } catch (StoreboxException e) {
                // The database is failing or closing: keep the connection, try again shortly.
                LOG.warn("MQTT uplink cannot read or acknowledge the outbox: {}", e.getMessage());
                pause(1000);
            } catch (RuntimeException | MqttException e) {
                error("the uplink to " + broker + " failed: " + describe(e), e);
                connected = false;
                closeClient();
                pause(backoff.next());
            }
        }
        goodbye();
        LOG.debug("MQTT uplink thread stopped");
    }

    private boolean connect() {
        long gen = ++generation;
        MqttAsyncClient c = null;
        try {
            c = new MqttAsyncClient(url, clientId, new MemoryPersistence());
            c.setCallback(new Callback(gen, c));
            // PUBACKs are sent by this class: a command's only after its reply is delivered.
            c.setManualAcks(true);
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(false);
            o.setSessionExpiryInterval(config.session__expiry__s());
            o.setAutomaticReconnect(false);
            o.setKeepAliveInterval(config.keep__alive__s());
            o.setConnectionTimeout(config.connect__timeout__s());
            if (username != null) {
                o.setUserName(username);
            }
            if (password != null) {
                o.setPassword(password);
            }
            o.setSocketFactory(socketFactory);
            o.setHttpsHostnameVerificationEnabled(true);
            o.setWill(statusTopic, new MqttMessage(Wire.json(offline(null)), 1, true, null));
            IMqttToken t = c.connect(o);
            complete(t);
            MqttProperties props = t.getResponseProperties();
            Integer receiveMax = props == null ? null : props.getReceiveMaximum();
            window = Math.max(1, Math.min(config.max__inflight(), receiveMax == null ? 65535 : receiveMax));
            MqttSubscription[] subs = commands == null ? new MqttSubscription[] {new MqttSubscription(ackTopic, 1)}
                    : new MqttSubscription[] {new MqttSubscription(ackTopic, 1), new MqttSubscription(commandTopic, 1),
                            new MqttSubscription(allCommandTopic, 1)};
            IMqttToken s = c.subscribe(subs);
            complete(s);
            int[] codes = s.getReasonCodes();
            for (int i = 0; codes != null && i < codes.length && i < subs.length; i++) {
                if (codes[i] >= 0x80) {
                    throw new IllegalStateException("the broker refused the subscription to " + subs[i].getTopic()
                            + " (reason code " + codes[i] + "): is the user allowed to read it?");
                }
            }
            client = c;
            inflight.set(0);
            broken = false;
            // An acknowledgement still being stored counts: HQ has those events.
            ackedSeq = Math.max(ackedSeq, outbox.acknowledgedSeq());
            rewind();
            probing = true;
            probeSeq = -1;
            retryNanos = TimeUnit.MILLISECONDS.toNanos(config.ack__retry__ms());
            ackHeard.set(false);
            lastStatusBacklog = -1;
            connected = true;
            lastConnectedAt = clock.instant();
            if (lastError != null) {
                LOG.info("MQTT uplink connected to {} again (after: {})", broker, lastError);
            }
            lastError = null;
            backoff.reset();
            LOG.info("Connected to {} as {} (session {}, at most {} publishes in flight); sending from seq {}",
                    broker, clientId, t.getSessionPresent() ? "resumed" : "new", window, nextSeq);
            sendStatus(meter.refresh());
            return true;
        } catch (MqttException | RuntimeException e) {
            if (!stopping) {
                error("cannot connect to " + broker + ": " + describe(e), e instanceof MqttException ? null : e);
            }
            closeQuietly(c);
            return false;
        }
    }

    /**
     * Waits for a token of the connect, at most connect_timeout_s, and not at all once the uplink is stopping:
     * a broker that accepts the socket but never answers would otherwise hold a SIGTERM for the whole timeout.
     * (Paho's own timed wait cannot be repeated: a token that timed out once keeps failing. And a token that
     * failed, a refused CONNECT say, is never "complete": it has an exception instead.)
     */
    private void complete(IMqttToken t) throws MqttException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs());
        while (!t.isComplete() && t.getException() == null) {
            if (stopping) {
                throw new MqttException(MqttClientException.REASON_CODE_CLIENT_CLOSED);
            }
            if (System.nanoTime() > deadline) {
                throw new MqttException(MqttClientException.REASON_CODE_CLIENT_TIMEOUT);
            }
            pause(20);
        }
        t.waitForCompletion();
    }

    /**
     * Acknowledgements, publishes up to the window, status; returns how long to wait for something to do.
     */
    private long step() throws MqttException {
        if (broken) {
            connected = false;
            return 0;
        }
        long now = System.nanoTime();
        boolean heard = ackHeard.getAndSet(false);
        boolean moved = applyAcks(now);
        boolean waiting = nextSeq > ackedSeq + 1;
        if (waiting && probing && heard && !moved) {
            // HQ is listening (an ingest that just subscribed announces its acks) but did not get the probe:
            // a broker drops what it could not route before the subscription was back.
            LOG.info("HQ acknowledged up to seq {} without the events sent after it: sending again from there",
                    ackedSeq);
            rewind();
        } else if (waiting && now - waitingSince > retryNanos) {
            if (!probing) {
                LOG.info("No acknowledgement from HQ for {} ms with events up to seq {} sent: sending seq {} alone "
                        + "until HQ acknowledges it", TimeUnit.NANOSECONDS.toMillis(retryNanos), nextSeq - 1,
                        ackedSeq + 1);
            }
            rewind();
            probing = true;
            probeSeq = ackedSeq + 1;
        }
        long waitMs = Math.max(1, config.linger__ms());
        long ahead = probing ? 1 : config.max__unacked__events();
        while (!stopping && !broken && inflight.get() < window && nextSeq <= ackedSeq + ahead) {
            fill();
            if (buffer.isEmpty()) {
                break;
            }
            // A partial batch waits for more only while an earlier publish awaits its PUBACK: an event after a
            // quiet spell leaves at once, and under load the batches fill while the broker answers.
            if (!probing && inflight.get() > 0 && buffer.size() < config.batch__max__events()
                    && bufferedBytes < config.batch__max__bytes()) {
                if (lingerSince < 0) {
                    lingerSince = now;
                }
                long left = config.linger__ms() - TimeUnit.NANOSECONDS.toMillis(now - lingerSince);
                if (left > 0) {
                    waitMs = Math.min(waitMs, left);
                    break;
                }
            }
            if (!publishBatch()) {
                waitMs = 2;
                break;
            }
        }
        if (now - lastStatusCheck >= STATUS_CHECK_NANOS && inflight.get() < window) {
            lastStatusCheck = now;
            BacklogMeter.Figures f = meter.refresh();
            long b = f.backlog();
            boolean notable = lastStatusBacklog < 0 || (b == 0) != (lastStatusBacklog == 0)
                    || Math.abs(b - lastStatusBacklog) >= Math.max(10, lastStatusBacklog / 10);
            if (notable || now - lastStatusSent >= TimeUnit.SECONDS.toNanos(config.status__interval__s())) {
                sendStatus(f);
            }
        }
        return waitMs;
    }

    /** Applies HQ's latest acknowledgement; true when it moved. */
    private boolean applyAcks(long now) {
        boolean moved = false;
        long a = ackRequested.getAndSet(-1);
        if (a > ackedSeq) {
            long before = ackedSeq;
            if (a < nextSeq) {
                // Events this connection sent, so events the outbox holds: stored off this thread.
                acks.offer(a);
                ackedSeq = a;
            } else {
                // More than this connection sent (HQ announcing its acks after a reconnect, say): checked against
                // the outbox first, which refuses a seq this box never wrote.
                try {
                    outbox.acknowledge(a);
                } catch (StoreboxException e) {
                    if (e.kind() != StoreboxException.Kind.INVALID) {
                        ackRequested.accumulateAndGet(a, Math::max);
                        throw e;
                    }
                    LOG.warn("HQ acknowledged up to seq {}, which this box never wrote; ignored: {}", a, e.getMessage());
                }
                ackedSeq = Math.max(ackedSeq, outbox.acknowledgedSeq());
            }
            if (ackedSeq > before) {
                moved = true;
                waitingSince = now;
                if (probing && probeSeq > 0 && ackedSeq > probeSeq) {
                    // HQ stored more than the probe: it was slow, not deaf.
                    retryNanos = Math.min(retryNanos * 2, TimeUnit.MINUTES.toNanos(1));
                    LOG.info("HQ was slow, not deaf: the uplink now waits {} ms for an acknowledgement before sending "
                            + "again", TimeUnit.NANOSECONDS.toMillis(retryNanos));
                }
                probing = false;
                probeSeq = -1;
                meter.forget(ackedSeq);
            }
        }
        while (!buffer.isEmpty() && buffer.peekFirst().seq() <= ackedSeq) {
            bufferedBytes -= buffer.pollFirst().json().length;
        }
        if (nextSeq <= ackedSeq) {
            nextSeq = ackedSeq + 1;
        }
        if (readUpTo < ackedSeq) {
            readUpTo = ackedSeq;
        }
        return moved;
    }


    /** Reads the next events after what is buffered, when the buffer holds less than a batch. */
    private void fill() {
        if (buffer.size() >= config.batch__max__events()) {
            return;
        }
        List<OutboxEvent> events = outbox.readFrom(Math.max(readUpTo, nextSeq - 1) + 1,
                Math.max(config.batch__max__events(), 256));
        if (events.isEmpty()) {
            return;
        }
        int[] lengths = new int[events.size()];
        for (int i = 0; i < events.size(); i++) {
            OutboxEvent e = events.get(i);
            byte[] json = Wire.event(e);
            lengths[i] = json.length;
            buffer.addLast(new Pending(e.seq, json));
            bufferedBytes += json.length;
        }
        readUpTo = events.get(events.size() - 1).seq;
        meter.observe(events, lengths);
    }

    /** Publishes one batch from the head of the buffer; false when Paho pushed back (32202). */
    private boolean publishBatch() throws MqttException {
        List<byte[]> batch = new ArrayList<>();
        long bytes = 0;
        long last = -1;
        int most = probing ? 1 : config.batch__max__events();
        for (Pending p : buffer) {
            if (batch.size() >= most
                    || (!batch.isEmpty() && Wire.batchBytes(storeId, batch.size() + 1, bytes + p.json().length)
                            > config.batch__max__bytes())) {
                break;
            }
            batch.add(p.json());
            bytes += p.json().length;
            last = p.seq();
        }
        byte[] payload = Wire.wire(Wire.batch(storeId, batch), config.compress__min__bytes());
        boolean first = nextSeq == ackedSeq + 1;
        inflight.incrementAndGet();
        try {
            client.publish(eventsTopic, payload, 1, false, null, new Delivery(generation, last));
        } catch (MqttException e) {
            inflight.decrementAndGet();
            if (e.getReasonCode() == TOO_MANY_PUBLISHES) {
                backPressure.incrementAndGet();
                return false;
            }
            throw e;
        }
        for (int i = 0; i < batch.size(); i++) {
            bufferedBytes -= buffer.pollFirst().json().length;
        }
        if (first) {
            waitingSince = System.nanoTime();
        }
        sentMessages.incrementAndGet();
        nextSeq = last + 1;
        lingerSince = -1;
        return true;
    }

    private void sendStatus(BacklogMeter.Figures f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", "online");
        m.put("store", storeId);
        m.put("version", version);
        m.put("bundles", bundles.get());
        figures(m, f);
        m.put("time", clock.instant().toString());
        inflight.incrementAndGet();
        try {
            client.publish(statusTopic, Wire.json(m), 1, true, null, new Delivery(generation, -1));
            lastStatusSent = System.nanoTime();
            lastStatusBacklog = f.backlog();
        } catch (MqttException e) {
            inflight.decrementAndGet();
            // Back-pressure or a dying connection: the next check sends it.
            LOG.debug("Status message not sent now: {}", describe(e));
        }
    }

    private Map<String, Object> offline(BacklogMeter.Figures f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", "offline");
        m.put("store", storeId);
        m.put("version", version);
        if (f != null) {
            figures(m, f);
        }
        m.put("time", clock.instant().toString());
        return m;
    }

    private void figures(Map<String, Object> m, BacklogMeter.Figures f) {
        m.put("backlog", f.backlog());
        m.put("backlog_bytes", f.bytes());
        m.put("oldest_unsynced_age_s", f.oldestAgeS());
        m.put("last_seq", f.lastSeq());
        m.put("acknowledged_seq", f.ackedSeq());
        OutboxBudget b = budget;
        if (b != null) {
            OutboxUsage u = b.usage();
            m.put("oldest_unsynced_sale_age_s", u.oldestUnsyncedSaleAgeS);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("budget_bytes", u.budgetBytes);
            o.put("bytes", u.bytes);
            o.put("percent", u.percent);
            o.put("events", u.events);
            o.put("kept_bytes", u.keptBytes);
            o.put("evicted_events", u.evictedEvents);
            o.put("evicted_bytes", u.evictedBytes);
            o.put("evicted_by_type", u.evictedByType == null ? Map.of() : u.evictedByType);
            o.put("last_eviction_at", u.lastEvictionAt == null ? null : u.lastEvictionAt.toString());
            m.put("outbox_budget", o);
        }
    }

    /** Sends from the first unacknowledged event again (after a reconnect or HQ's silence). */
    private void rewind() {
        nextSeq = ackedSeq + 1;
        readUpTo = ackedSeq;
        buffer.clear();
        bufferedBytes = 0;
        lingerSince = -1;
    }

    /** On the way out: a retained offline status (a clean disconnect does not send the will), then disconnect. */
    private void goodbye() {
        MqttAsyncClient c = client;
        if (c != null && connected) {
            acks.flush(5_000);
            try {
                BacklogMeter.Figures f = meter.refresh();
                c.publish(statusTopic, Wire.json(offline(f)), 1, true).waitForCompletion(2000);
            } catch (MqttException | RuntimeException e) {
                LOG.debug("Offline status not sent: {}", e.toString());
            }
            try {
                c.disconnect(2000).waitForCompletion(3000);
            } catch (MqttException | RuntimeException e) {
                LOG.debug("Disconnect from {}: {}", broker, e.toString());
            }
        }
        connected = false;
        closeClient();
    }

    private void closeClient() {
        MqttAsyncClient c = client;
        client = null;
        closeQuietly(c);
    }

    private static void closeQuietly(MqttAsyncClient c) {
        if (c == null) {
            return;
        }
        try {
            if (c.isConnected()) {
                c.disconnectForcibly(0, 1000, false);
            }
        } catch (MqttException | RuntimeException e) {
            LOG.debug("Forced disconnect: {}", e.toString());
        }
        try {
            c.close(true);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("Close of the MQTT client: {}", e.toString());
        }
    }

    private void error(String message, Throwable cause) {
        String before = lastError;
        lastError = message;
        if (message.equals(before)) {
            LOG.debug("MQTT uplink still failing: {}", message);
        } else if (cause != null) {
            LOG.warn("MQTT uplink: {}; retrying with back-off", message, cause);
        } else {
            LOG.warn("MQTT uplink: {}; retrying with back-off", message);
        }
    }

    private long timeoutMs() {
        return TimeUnit.SECONDS.toMillis(config.connect__timeout__s());
    }

    /** A sale, return or void committed: its event is in the outbox now, so look at once, not at the next poll. */
    @Override
    public void handleEvent(Event event) {
        if (connected) {
            wake();
        }
    }

    private void wake() {
        synchronized (signal) {
            signalled = true;
            signal.notifyAll();
        }
    }

    /** A back-off pause: only stopping ends it early (nothing that arrives meanwhile is of use while disconnected). */
    private void pause(long ms) {
        await(ms, false);
    }

    /** Waits up to {@code ms} or until woken (an acknowledgement, a PUBACK, a lost connection, stop). */
    private void waitFor(long ms) {
        await(ms, true);
    }

    private void await(long ms, boolean wakeable) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        synchronized (signal) {
            while (!(wakeable && signalled) && !stopping) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                try {
                    signal.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopping = true;
                }
            }
            signalled = false;
        }
    }

    // ------------------------------------------------------------------ Paho's threads

    /** Completion of one publish: frees its place in the window. Callbacks of an older connection are ignored. */
    private final class Delivery implements MqttActionListener {
        private final long gen;
        private final long lastSeq;

        Delivery(long gen, long lastSeq) {
            this.gen = gen;
            this.lastSeq = lastSeq;
        }

        @Override
        public void onSuccess(IMqttToken token) {
            if (gen == generation) {
                inflight.decrementAndGet();
                int[] codes = token.getReasonCodes();
                if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                    // A PUBACK that refuses (for example 135, not authorized): HQ never gets it; say so.
                    String topic = token.getTopics() == null || token.getTopics().length == 0 ? "?" : token.getTopics()[0];
                    String message = "the broker refused a publish to " + topic + " (reason code " + codes[0]
                            + "): is the user allowed to write it?";
                    if (!message.equals(lastError)) {
                        LOG.warn("MQTT uplink: {}", message);
                    }
                    lastError = message;
                }
                wake();
            }
        }

        @Override
        public void onFailure(IMqttToken token, Throwable e) {
            if (gen == generation) {
                inflight.decrementAndGet();
                if (!stopping) {
                    broken = true;
                    lastError = "a publish" + (lastSeq > 0 ? " up to seq " + lastSeq : "") + " to " + broker
                            + " failed: " + describe(e);
                    LOG.warn("MQTT uplink: {}; reconnecting and sending again from the first unacknowledged event",
                            lastError);
                }
                wake();
            }
        }
    }

    /** Records acknowledgements and lost connections for the uplink thread; never throws back into Paho. */
    private final class Callback implements MqttCallback {
        private final long gen;
        private final MqttAsyncClient client;

        Callback(long gen, MqttAsyncClient client) {
            this.gen = gen;
            this.client = client;
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (gen != generation || stopping) {
                return;
            }
            broken = true;
            connected = false;
            String why = response.getException() != null ? describe(response.getException())
                    : "the broker disconnected (reason code " + response.getReturnCode()
                            + (response.getReasonString() == null ? "" : ", " + response.getReasonString()) + ")";
            error("connection to " + broker + " lost: " + why, null);
            wake();
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
            LOG.warn("MQTT uplink: error from {}: {}", broker, describe(e));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            if (commands != null && commands.isCommandTopic(topic)) {
                try {
                    commandExecutor.execute(() -> command(gen, client, topic, message));
                } catch (RejectedExecutionException e) {
                    // Stopping: not acknowledged, so the broker hands it over again after the next start.
                    LOG.debug("Command on {} left for the next start", topic);
                }
                return;
            }
            try {
                if (!ackTopic.equals(topic)) {
                    LOG.debug("Ignored a message on {}", topic);
                    return;
                }
                long upTo = Wire.ackUpTo(message.getPayload());
                ackRequested.accumulateAndGet(upTo, Math::max);
                if (!message.isRetained()) {
                    ackHeard.set(true);
                }
                wake();
            } catch (IllegalArgumentException e) {
                LOG.warn("Ignored an acknowledgement on {} that is not {{\"up_to\": N}} ({} bytes): {}", topic,
                        message.getPayload().length, e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("Ignored a message on {}: {}", topic, e.toString());
            } finally {
                acknowledge(gen, client, message);
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // Counted by each publish's own listener.
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            // The uplink thread connects and knows it.
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // No enhanced authentication.
        }
    }

    // ------------------------------------------------------------------ commands

    /**
     * On the command thread: dispatches one command and publishes its reply; the command's PUBACK follows
     * the reply's. Never throws: the thread must go on with the next command.
     */
    private void command(long gen, MqttAsyncClient c, String topic, MqttMessage message) {
        CommandDispatcher.Outcome o;
        try {
            o = commands.dispatch(topic, message.getPayload(), propertyRequestId(message));
        } catch (RuntimeException | LinkageError e) {
            LOG.error("Command on {} could not be dispatched; acknowledged and dropped", topic, e);
            acknowledge(gen, c, message);
            return;
        }
        MqttMessage reply = new MqttMessage(o.reply(), 1, false, new MqttProperties());
        reply.getProperties().setContentType("application/json");
        MqttProperties in = message.getProperties();
        if (in != null && in.getCorrelationData() != null) {
            reply.getProperties().setCorrelationData(in.getCorrelationData());
        }
        if (o.requestId() != null) {
            reply.getProperties().setUserProperties(List.of(new UserProperty("request_id", o.requestId())));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.connect__timeout__s());
        while (!stopping && gen == generation) {
            try {
                c.publish(o.replyTopic(), reply, null, new MqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        acknowledge(gen, c, message);
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable e) {
                        // Not acknowledged: the broker hands the command over again after the reconnect.
                        LOG.debug("Reply on {} not delivered: {}", o.replyTopic(), describe(e));
                    }
                });
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != TOO_MANY_PUBLISHES || System.nanoTime() > deadline) {
                    LOG.warn("Reply on {} not sent ({}); the command comes again after the next reconnect",
                            o.replyTopic(), describe(e));
                    return;
                }
                // The uplink's batches fill Paho's window: try again in a moment.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }
    }

    /** The request id HQ put in the MQTT 5 properties (user property, else correlation data), or null. */
    static String propertyRequestId(MqttMessage message) {
        MqttProperties p = message.getProperties();
        if (p == null) {
            return null;
        }
        if (p.getUserProperties() != null) {
            for (UserProperty u : p.getUserProperties()) {
                if ("request_id".equals(u.getKey())) {
                    return u.getValue();
                }
            }
        }
        return p.getCorrelationData() == null ? null : new String(p.getCorrelationData(), StandardCharsets.UTF_8);
    }

    /** The PUBACK of a received message, on the connection it came by only. */
    private void acknowledge(long gen, MqttAsyncClient c, MqttMessage message) {
        if (gen != generation || message.getQos() == 0) {
            return;
        }
        try {
            c.messageArrivedComplete(message.getId(), message.getQos());
        } catch (MqttException | RuntimeException e) {
            LOG.debug("PUBACK of message {} not sent: {}", message.getId(), e.toString());
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Paho's message and reason code, or the exception's own text. */
    static String describe(Throwable e) {
        if (e instanceof MqttException m) {
            String text = m.getMessage() == null ? "" : m.getMessage();
            Throwable cause = m.getCause();
            return text + " (reason code " + m.getReasonCode() + ")"
                    + (cause != null ? ": " + cause.getClass().getSimpleName() + ": " + cause.getMessage() : "");
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /**
     * Checks a broker URL and returns it without credentials, query or path.
     *
     * @throws IllegalArgumentException with a sentence saying what to fix
     */
    static String checkUrl(String url) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("MQTT url '" + redact(url) + "' is not a URL: " + e.getReason());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase();
        if (!SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException("MQTT url '" + redact(url)
                    + "' must start with tcp://, ssl://, ws:// or wss://, for example tcp://hq.example:1883");
        }
        if (u.getHost() == null || u.getHost().isBlank()) {
            throw new IllegalArgumentException("MQTT url '" + redact(url) + "' names no host, for example tcp://hq.example:1883");
        }
        if (u.getRawUserInfo() != null) {
            throw new IllegalArgumentException("MQTT url '" + redact(url)
                    + "' carries credentials: set username and password (or STOREBOX_MQTT_USER and STOREBOX_MQTT_PASSWORD)");
        }
        if (u.getPort() > 65535) {
            throw new IllegalArgumentException("MQTT url '" + redact(url) + "' has an invalid port");
        }
        return scheme + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "")
                + (scheme.startsWith("ws") && u.getRawPath() != null ? u.getRawPath() : "");
    }

    private static String redact(String url) {
        return url.replaceAll("//[^/@]*@", "//***@");
    }

    private static String resolve(String configured, String env) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        return env == null ? "" : env.trim();
    }

    private static Path path(String file) {
        return file == null || file.isBlank() ? null : Paths.get(file.trim());
    }

    private static void positive(String key, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(key + " is " + value + "; it must be at least 1");
        }
    }

    static List<Map<String, Object>> bundleList(BundleContext context) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", b.getSymbolicName());
            m.put("version", b.getVersion().toString());
            m.put("state", switch (b.getState()) {
                case Bundle.ACTIVE -> "active";
                case Bundle.RESOLVED -> "resolved";
                case Bundle.STARTING -> "starting";
                case Bundle.STOPPING -> "stopping";
                case Bundle.INSTALLED -> "installed";
                default -> "uninstalled";
            });
            list.add(m);
        }
        return list;
    }
}
