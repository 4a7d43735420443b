package org.storebox.hq;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.storebox.json.Json;

/**
 * {@code ingest}: takes events messages from the shared subscription, stores them (one transaction per
 * message), and acknowledges to each box the highest seq below which HQ holds every event. Also keeps
 * each store's last status.
 *
 * <p>Paho acknowledges a QoS 1 message (PUBACK) when {@link #messageArrived} returns, so a message is
 * acknowledged to the broker only once its transaction committed, or once it was set aside as poison.
 * If the database stays unreachable, {@code messageArrived} throws: Paho drops the connection, reconnects,
 * and the broker delivers the message again (to this process or another of the group).
 */
final class Ingest implements MqttCallback, AutoCloseable {
    private static final Logger LOG = System.getLogger(Ingest.class.getName());

    /** Reason code of a DISCONNECT the broker sends when another client took our client id. */
    private static final int SESSION_TAKEN_OVER = 0x8E;
    /** Events messages in flight to this process at most (MQTT 5 Receive Maximum). */
    static final int RECEIVE_MAXIMUM = 16;

    private final MqttSettings mqtt;
    private final EventStore db;
    private final long sessionExpiryS;
    private final String sharedEvents;
    private MqttAsyncClient client;
    /** A second connection that only publishes acks (see {@link AckPublisher}). */
    private MqttAsyncClient ackClient;
    private final AckPublisher acks = new AckPublisher();

    final AtomicLong messages = new AtomicLong();
    final AtomicLong eventsStored = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong poison = new AtomicLong();
    final AtomicLong statuses = new AtomicLong();
    /** Attempts to connect at start (1 when the broker was there). */
    final AtomicLong connectAttempts = new AtomicLong();
    /** Set by {@link #close}: no reconnect after it. */
    private volatile boolean closing;
    /** Whether a {@link #reconnectSoon} loop runs for the events connection, and for the ack connection. */
    private final AtomicBoolean reconnecting = new AtomicBoolean();
    private final AtomicBoolean ackReconnecting = new AtomicBoolean();

    Ingest(MqttSettings mqtt, EventStore db, long sessionExpiryS) {
        this(mqtt, db, sessionExpiryS, Topics.DEFAULT_GROUP);
    }

    /** @param group the share group; every process of one HQ uses the same */
    Ingest(MqttSettings mqtt, EventStore db, long sessionExpiryS, String group) {
        this.sharedEvents = Topics.sharedEvents(Topics.level("group", group));
        this.mqtt = mqtt;
        this.db = db;
        this.sessionExpiryS = sessionExpiryS;
    }

    /**
     * Creates the schema, connects, subscribes, and announces every store's acknowledgement again. A broker that
     * is not reachable yet (HQ's machines starting in any order) is waited for; one that refuses the connection
     * (credentials, authorisation) fails the start.
     *
     * @param stop counted down to give up waiting for the broker
     * @return false when {@code stop} came before the broker
     */
    boolean start(CountDownLatch stop) throws SQLException, MqttException, InterruptedException {
        db.createSchema();
        client = mqtt.client();
        client.setCallback(this);
        MqttConnectionOptions options = mqtt.options(sessionExpiryS);
        // Paho announces 65,535 by default: the broker would then hand one process as many messages as it
        // can take and leave the others of the group idle. A small window spreads the load and bounds
        // what is redelivered elsewhere when this process dies.
        options.setReceiveMaximum(RECEIVE_MAXIMUM);
        if (!connect(client, options, stop)) {
            return false;
        }
        ackClient = new MqttSettings(mqtt.broker, mqtt.user, mqtt.passwordFile, mqtt.clientId + "-ack").client();
        ackClient.setCallback(new OnMessage() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
            }

            // Back as soon as the broker is, beside the events connection: a box's backlog waits for its first ack.
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                lost(ackClient, ackReconnecting, response);
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                acks.wake();
            }
        });
        if (!connect(ackClient, mqtt.options(0), stop)) {
            return false;
        }
        subscribe();
        acks.start();
        announce();
        LOG.log(Level.INFO, "ingest {0} connected to {1}, subscribed to {2} and {3}", mqtt.clientId, mqtt.broker,
                sharedEvents, Topics.ALL_STATUS);
        return true;
    }

    /** Longest wait between two attempts to reach a broker that is not listening yet. */
    static final long CONNECT_RETRY_MAX_MS = 1_000;

    /**
     * Connects, retrying while the broker cannot be reached (every 0.1 s at first, then every second): a broker
     * that starts after this process finds it connected within a second. WARNING once, then once a minute.
     */
    private boolean connect(MqttAsyncClient c, MqttConnectionOptions options, CountDownLatch stop)
            throws MqttException, InterruptedException {
        long delay = 100;
        long nextWarning = 0;
        while (true) {
            try {
                if (c == client) {
                    connectAttempts.incrementAndGet();
                }
                c.connect(options).waitForCompletion(30_000);
                return true;
            } catch (MqttException e) {
                if (!unreachable(e)) {
                    throw e;
                }
                if (System.nanoTime() - nextWarning >= 0) {
                    LOG.log(Level.WARNING, "broker {0} not reachable ({1}); waiting for it, retrying every second",
                            mqtt.broker, e.getCause() == null ? e.getMessage() : e.getCause().toString());
                    nextWarning = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
                }
            }
            if (stop.await(delay, TimeUnit.MILLISECONDS)) {
                return false;
            }
            delay = Math.min(CONNECT_RETRY_MAX_MS, delay * 2);
        }
    }

    /** Nobody answered (no listener, no route, timeout), as opposed to a broker that refused us. */
    static boolean unreachable(MqttException e) {
        Throwable cause = e.getCause();
        return cause instanceof java.net.SocketException || cause instanceof java.net.SocketTimeoutException
                || e.getReasonCode() == MqttClientException.REASON_CODE_CLIENT_TIMEOUT;
    }

    /**
     * Publishes every store's acknowledgement again, once subscribed: a process that stopped between its commit
     * and its ack left a box waiting, and a box whose events the broker dropped while nobody was subscribed
     * sends again from there when it hears HQ.
     */
    private void announce() {
        try {
            for (Map.Entry<String, Long> a : db.acks().entrySet()) {
                acks.offer(a.getKey(), a.getValue());
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "cannot read the stores' acknowledgements to announce them", e);
        }
    }

    private void subscribe() throws MqttException {
        // Status is not shared: every process keeps the database's copy fresh, and retained messages are
        // only sent to plain subscriptions.
        client.subscribe(new MqttSubscription[] {new MqttSubscription(sharedEvents, 1),
            new MqttSubscription(Topics.ALL_STATUS, 1)}).waitForCompletion(30_000);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) throws Exception {
        messages.incrementAndGet();
        String store = Topics.store(topic);
        String kind = Topics.last(topic);
        byte[] payload = message.getPayload();
        if (store == null || store.length() > 64) {
            poison(topic, null, "not a storebox/v1/{store}/... topic", payload);
        } else if (kind.equals("events")) {
            events(topic, store, payload);
        } else if (kind.equals("status")) {
            status(topic, store, payload);
        } else {
            poison(topic, store, "unexpected topic", payload);
        }
    }

    private void events(String topic, String store, byte[] payload) throws SQLException {
        List<Event> events;
        try {
            events = Event.parseMessage(store, payload);
        } catch (Event.Poison p) {
            poison(topic, store, p.getMessage(), Event.readable(payload));
            return;
        }
        if (events.isEmpty()) {
            return;
        }
        EventStore.Stored r;
        try {
            r = db.store(store, events);
        } catch (SQLException e) {
            if (EventStore.isDataError(e)) {
                poison(topic, store, "refused by the database: " + Event.firstLine(e.getMessage()), payload);
                return;
            }
            LOG.log(Level.ERROR, "cannot store " + events.size() + " events of store " + store
                    + "; dropping the connection so the broker delivers them again", e);
            throw e;
        }
        eventsStored.addAndGet(r.inserted());
        duplicates.addAndGet(r.duplicates());
        LOG.log(Level.DEBUG, "store {0}: {1} stored, {2} duplicate, contiguous up to {3}", store, r.inserted(),
                r.duplicates(), r.contiguous());
        if (r.duplicates() > 0) {
            LOG.log(Level.INFO, "store {0}: {1} duplicate event(s) dropped", store, r.duplicates());
        }
        if (!r.conflicts().isEmpty()) {
            LOG.log(Level.WARNING, "store {0}: seq reused with a different event id, kept the first: {1}", store,
                    r.conflicts());
        }
        for (String eviction : r.evictions()) {
            // The box's outbox went over its byte budget: these events never come, and that is no gap.
            LOG.log(Level.INFO, "store {0}: the box evicted {1} to stay under its outbox budget", store, eviction);
        }
        if (!r.gaps().isEmpty()) {
            // INFO, not WARNING: while processes share a store's messages, a gap for a moment is normal.
            LOG.log(Level.INFO, "store {0}: gap, missing seq {1} (have up to {2}); ack held at {3}", store,
                    EventStore.formatGaps(r.gaps()), r.maxSeq(), r.contiguous());
        }
        if (r.contiguous() > 0) {
            acks.offer(store, r.contiguous());
        }
    }

    private void status(String topic, String store, byte[] payload) throws SQLException {
        if (payload.length == 0) {
            return; // a retained status being cleared
        }
        JsonNode status;
        try {
            status = Json.mapper().readTree(payload);
        } catch (Exception e) {
            status = null;
        }
        if (status == null || !status.isObject()) {
            poison(topic, store, "status is not a JSON object", payload);
            return;
        }
        try {
            long contiguous = db.status(store, status);
            statuses.incrementAndGet();
            if (contiguous == 0 && status.path("backlog").asLong(0) > 0) {
                // A store HQ holds nothing of yet, with events to send: an ack of 0 tells its uplink that HQ
                // listens, so it sends again at once what a broker dropped before this subscription existed
                // (stores HQ knows hear their acks from announce()).
                acks.offer(store, 0);
            }
        } catch (SQLException e) {
            if (EventStore.isDataError(e)) {
                poison(topic, store, "refused by the database: " + Event.firstLine(e.getMessage()), payload);
                return;
            }
            throw e;
        }
    }

    private void poison(String topic, String store, String reason, byte[] payload) {
        poison.incrementAndGet();
        LOG.log(Level.WARNING, "poison message on {0} ({1} bytes) set aside: {2}", topic, payload.length, reason);
        try {
            db.poison(topic, store, reason, payload);
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "could not keep the poison message of " + topic + " in hq_poison", e);
        }
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        if (reconnect) {
            LOG.log(Level.INFO, "reconnected to {0}", serverURI);
            // The session normally kept our subscriptions; if it expired meanwhile, make them again. A broker
            // may also have dropped what boxes sent before the subscription was back (Mosquitto 2.0.11 does not
            // restore shared subscriptions after its restart): announcing each store's ack again tells a box
            // that waits for one to send again from there.
            try {
                client.subscribe(new MqttSubscription[] {new MqttSubscription(sharedEvents, 1),
                    new MqttSubscription(Topics.ALL_STATUS, 1)}, null, new MqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken token) {
                            announce();
                        }

                        @Override
                        public void onFailure(IMqttToken token, Throwable e) {
                            LOG.log(Level.WARNING, "re-subscribing after reconnect failed", e);
                        }
                    }, new MqttProperties());
            } catch (MqttException e) {
                LOG.log(Level.WARNING, "re-subscribing after reconnect failed", e);
            }
        }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        lost(client, reconnecting, response);
    }

    /** One of the two connections is down: reconnect it, unless another process took its client id. */
    private void lost(MqttAsyncClient c, AtomicBoolean running, MqttDisconnectResponse response) {
        if (response.getReturnCode() == SESSION_TAKEN_OVER) {
            LOG.log(Level.ERROR, "the broker handed client id {0} to another connection: give every ingest process "
                    + "its own --client-id", c.getClientId());
        } else {
            LOG.log(Level.WARNING, "{0} disconnected from the broker ({1}); reconnecting", c.getClientId(), response);
            reconnectSoon(c, running, c.getClientId() + "-reconnect");
        }
    }

    /** Between two attempts of {@link #reconnectSoon}. */
    static final long RECONNECT_EVERY_MS = 100;

    /**
     * Tries to reconnect every 0.1 s until connected, beside Paho's own timer, whose shortest delay is a second:
     * every store's backlog waits for ingest, and a broker that restarts is back in well under a second (an attempt
     * against a broker that is not listening yet is refused at once; one under way makes this attempt fail harmlessly).
     */
    private void reconnectSoon(MqttAsyncClient c, AtomicBoolean running, String threadName) {
        if (closing || !running.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                while (!closing && !c.isConnected()) {
                    try {
                        c.reconnect();
                    } catch (MqttException e) {
                        LOG.log(Level.DEBUG, "not reconnected yet: {0}", e.getMessage());
                    }
                    Thread.sleep(RECONNECT_EVERY_MS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.set(false);
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        LOG.log(Level.WARNING, "MQTT error", exception);
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
    }

    /** Whether the connection that receives events is up. */
    boolean connected() {
        return client != null && client.isConnected();
    }

    /** Whether the connection that publishes acks is up. */
    boolean ackConnected() {
        return ackClient != null && ackClient.isConnected();
    }

    /** Counters as one line, for the periodic and the final log. */
    String counters() {
        return "messages " + messages + ", events stored " + eventsStored + ", duplicates " + duplicates
                + ", poison " + poison + ", statuses " + statuses;
    }

    /** Stops and keeps the session: the broker holds this process's messages until it comes back. */
    @Override
    public void close() {
        close(false);
    }

    /**
     * Stops.
     *
     * @param endSession true to end the MQTT session too (for a process that is not coming back: some
     *                   brokers keep handing a shared subscription's messages to an offline member's
     *                   session until it expires)
     */
    void close(boolean endSession) {
        closing = true;
        acks.stop();
        if (client != null) {
            try {
                if (client.isConnected()) {
                    MqttProperties p = new MqttProperties();
                    if (endSession) {
                        p.setSessionExpiryInterval(0L);
                    }
                    client.disconnect(5_000, null, null, 0, p).waitForCompletion(5_000);
                }
            } catch (MqttException e) {
                LOG.log(Level.DEBUG, "disconnect failed", e);
            }
            try {
                client.close(true);
            } catch (MqttException e) {
                LOG.log(Level.DEBUG, "close failed", e);
            }
        }
        if (ackClient != null) {
            try {
                if (ackClient.isConnected()) {
                    ackClient.disconnect(5_000).waitForCompletion(5_000);
                }
                ackClient.close(true);
            } catch (MqttException e) {
                LOG.log(Level.DEBUG, "closing the ack connection failed", e);
            }
        }
        LOG.log(Level.DEBUG, "ingest {0} stopped: {1}", mqtt.clientId, counters());
    }

    /**
     * Publishes acknowledgements on a connection of its own, off Paho's callback thread (which must not
     * wait for a publish of its own). With acks published on the subscribing connection, Paho 1.2.5
     * now and then never handed an events message that arrived meanwhile to {@link #messageArrived}
     * (seen in this module's tests against HiveMQ). Only the highest pending value per store is sent;
     * one that fails stays pending and is sent again.
     */
    private final class AckPublisher implements Runnable {
        private final Map<String, Long> pending = new ConcurrentHashMap<>();
        private final Object signal = new Object();
        private volatile boolean running;
        private Thread thread;

        void offer(String store, long upTo) {
            pending.merge(store, upTo, Math::max);
            wake();
        }

        void wake() {
            synchronized (signal) {
                signal.notifyAll();
            }
        }

        void start() {
            running = true;
            thread = new Thread(this, "hq-ack-publisher");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() {
            running = false;
            wake();
            if (thread != null) {
                try {
                    thread.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void run() {
            while (running || !pending.isEmpty()) {
                boolean failed = false;
                for (String store : List.copyOf(pending.keySet())) {
                    Long upTo = pending.get(store);
                    if (upTo == null) {
                        continue;
                    }
                    try {
                        byte[] body = ("{\"up_to\":" + upTo + "}").getBytes(StandardCharsets.UTF_8);
                        ackClient.publish(Topics.ack(store), body, 1, true).waitForCompletion(10_000);
                        pending.remove(store, upTo);
                        LOG.log(Level.DEBUG, "acked store {0} up to {1}", store, upTo);
                    } catch (MqttException e) {
                        failed = true;
                        LOG.log(Level.DEBUG, "ack of store {0} up to {1} not sent yet: {2}", store, upTo,
                                e.getMessage());
                        break;
                    }
                }
                if (!running && (failed || !ackClient.isConnected())) {
                    if (!pending.isEmpty()) {
                        LOG.log(Level.WARNING, "stopping with unsent acks {0}; the next start sends them", pending);
                    }
                    return;
                }
                // After a failure, wait a second or until the ack connection is back (its connectComplete wakes
                // this, under the same lock, so a reconnect between the check and the wait is not missed).
                boolean downWhenFailed = failed && !ackClient.isConnected();
                synchronized (signal) {
                    if (running && (pending.isEmpty() || failed) && !(downWhenFailed && ackClient.isConnected())) {
                        try {
                            signal.wait(failed ? 1_000 : 0);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }
        }
    }
}
