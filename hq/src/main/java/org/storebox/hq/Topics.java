package org.storebox.hq;

/** The MQTT namespace v1 (see ARCHITECTURE.md): {@code storebox/v1/{store}/...}. */
final class Topics {
    static final String PREFIX = "storebox/v1/";
    /** The default share group: ingest processes in one group split the events messages between them. */
    static final String DEFAULT_GROUP = "hq";
    static final String ALL_STATUS = PREFIX + "+/status";
    /** The pseudo store that addresses every box in a command topic. */
    static final String ALL = "all";

    private Topics() {
    }

    /** {@code $share/{group}/storebox/v1/+/events} */
    static String sharedEvents(String group) {
        return "$share/" + group + "/" + PREFIX + "+/events";
    }

    static String events(String store) {
        return PREFIX + store + "/events";
    }

    static String ack(String store) {
        return PREFIX + store + "/ack";
    }

    static String status(String store) {
        return PREFIX + store + "/status";
    }

    static String command(String store, String name) {
        return PREFIX + store + "/cmd/" + name;
    }

    static String reply(String store, String requestId) {
        return PREFIX + store + "/reply/" + requestId;
    }

    /** The {store} level of a {@code storebox/v1/{store}/...} topic, or null when the topic is not one. */
    static String store(String topic) {
        if (topic == null || !topic.startsWith(PREFIX)) {
            return null;
        }
        int end = topic.indexOf('/', PREFIX.length());
        if (end <= PREFIX.length()) {
            return null;
        }
        return topic.substring(PREFIX.length(), end);
    }

    /** The last level of a topic. */
    static String last(String topic) {
        return topic.substring(topic.lastIndexOf('/') + 1);
    }

    /** Refuses a store id or command name that would not be exactly one topic level. */
    static String level(String kind, String value) {
        if (value == null || value.isEmpty() || value.contains("/") || value.contains("+") || value.contains("#")
                || value.startsWith("$")) {
            throw new Args.UsageException(kind + " '" + value + "' must be one MQTT topic level (no /, +, # or leading $)");
        }
        return value;
    }
}
