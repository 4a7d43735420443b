package org.storebox.uplink.mqtt.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The MQTT uplink to HQ. Empty strings fall back to the environment; with no broker URL at all the
 * box trades offline and keeps every event. Keys are snake_case: a double underscore in a method
 * name is one underscore in the key ({@code batch__max__events} is {@code batch_max_events}), and a
 * leading single underscore is a dot ({@code _password} is {@code .password}, a private property).
 */
@ObjectClassDefinition(name = "storebox MQTT uplink",
        description = "Store and forward of the outbox to HQ over MQTT v5, acknowledged by HQ per sequence number.")
public @interface MqttUplinkConfig {
    String PID = "org.storebox.uplink.mqtt";

    @AttributeDefinition(description = "Broker URL: tcp://host:1883 or ssl://host:8883; empty: STOREBOX_MQTT_URL; "
            + "none at all: no uplink, the box trades offline and buffers.")
    String url() default "";

    @AttributeDefinition(description = "User name; empty: STOREBOX_MQTT_USER, else none.")
    String username() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD,
            description = "Password, key '.password': the leading dot keeps it out of the uplink's service "
            + "properties, where every bundle could read it; empty: STOREBOX_MQTT_PASSWORD, else none. Never logged.")
    String _password() default "";

    @AttributeDefinition(description = "PEM file of the CA certificates that sign the broker's certificate "
            + "(ssl:// only); empty: the JVM's trusted CAs.")
    String ca__file() default "";

    @AttributeDefinition(description = "PEM file of the box's client certificate chain (ssl:// only); empty: none.")
    String client__cert__file() default "";

    @AttributeDefinition(description = "PEM file of the client certificate's private key, unencrypted PKCS#8 "
            + "(BEGIN PRIVATE KEY).")
    String client__key__file() default "";

    @AttributeDefinition(description = "MQTT client id; empty: storebox-<store id>.")
    String client__id() default "";

    @AttributeDefinition(description = "Session expiry (s) asked of the broker; the session starts clean only "
            + "when it has expired, so acknowledgements sent while the box was away still arrive.")
    long session__expiry__s() default 86400;

    @AttributeDefinition(description = "Most events in one MQTT message.")
    int batch__max__events() default 500;

    @AttributeDefinition(description = "Most bytes in one MQTT message (an event larger than this goes alone).")
    int batch__max__bytes() default 262144;

    @AttributeDefinition(description = "Batches of at least this many bytes go gzip-compressed (several times "
            + "fewer bytes, which spares a store's WAN link and HQ's MQTT client); 0 sends every batch as plain "
            + "JSON, for an HQ whose ingest predates compression.")
    int compress__min__bytes() default 1024;

    @AttributeDefinition(description = "How long (ms) a partly filled batch waits for more events while an earlier "
            + "publish awaits its PUBACK; also the pause between two looks at the outbox when everything is sent "
            + "(a committed sale, return or void wakes the uplink at once).")
    int linger__ms() default 20;

    @AttributeDefinition(description = "Most publishes awaiting the broker's PUBACK (never more than the "
            + "broker's receive maximum).")
    int max__inflight() default 32;

    @AttributeDefinition(description = "Most events sent ahead of HQ's acknowledgement.")
    int max__unacked__events() default 20000;

    @AttributeDefinition(description = "How long (ms) HQ may stay silent, with events sent, before the uplink "
            + "sends the first unacknowledged event again; it then sends that event alone until HQ acknowledges it, "
            + "and streams from there. When HQ turns out to have been slow rather than deaf, the wait doubles (up to "
            + "a minute) until the next connect.")
    int ack__retry__ms() default 2000;

    @AttributeDefinition(description = "First reconnect delay (ms); each failure doubles it, with jitter.")
    int backoff__initial__ms() default 500;

    @AttributeDefinition(description = "Longest reconnect delay (ms). With jitter a box retries every 5 to 10 s once "
            + "the broker has been away a while, so the backlog leaves within seconds of its return; 5,000 stores "
            + "then make about 700 connection attempts a second while HQ's broker is down.")
    int backoff__max__ms() default 10000;

    @AttributeDefinition(description = "MQTT keep-alive (s).")
    int keep__alive__s() default 30;

    @AttributeDefinition(description = "How long (s) a connect, subscribe or final publish may take.")
    int connect__timeout__s() default 10;

    @AttributeDefinition(description = "Seconds between two retained status messages while the backlog is "
            + "steady; a notable change of the backlog sends one sooner.")
    int status__interval__s() default 60;
}
