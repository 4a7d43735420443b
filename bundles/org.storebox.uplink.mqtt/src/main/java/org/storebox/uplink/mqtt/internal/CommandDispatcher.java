package org.storebox.uplink.mqtt.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.command.CommandHandler;
import org.storebox.api.command.CommandResult;
import org.storebox.api.common.StoreboxException;
import org.storebox.api.store.Database;
import org.storebox.api.store.StoreInfo;
import org.storebox.json.Json;

/**
 * Turns one command message from HQ into one reply: checks it, answers a request id seen before with
 * its stored outcome, calls the command's whiteboard {@link CommandHandler}, stores the outcome, and
 * quarantines (in H2, with its reason) what cannot be parsed or applied. Knows nothing of MQTT clients:
 * topics are only names here. Never throws for a bad message.
 */
@Component(service = CommandDispatcher.class, configurationPid = CommandsConfig.PID)
@Designate(ocd = CommandsConfig.class)
public class CommandDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(CommandDispatcher.class);
    static final String PREFIX = "storebox/v1/";
    /** A request id is one topic level: no '/', '+', '#', at most 64 characters. */
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    /** The reply topic level used when a message carries no usable request id at all. */
    static final String NO_REQUEST_ID = "unknown";

    private final Database db;
    private final String storeId;
    private final CommandsConfig config;
    private final Clock clock;
    private final List<Entry> handlers = new CopyOnWriteArrayList<>();

    /** A registered handler with its name and ranking. */
    private record Entry(String name, int ranking, long serviceId, CommandHandler handler) {
    }

    /** The reply to publish: topic, JSON bytes, and whether the command was applied. */
    record Outcome(String replyTopic, String requestId, boolean ok, byte[] reply) {
        String text() {
            return new String(reply, StandardCharsets.UTF_8);
        }
    }

    @Activate
    public CommandDispatcher(CommandsConfig config, @Reference Database db, @Reference StoreInfo store) {
        this(config, db, store.storeId(), Clock.systemUTC());
    }

    CommandDispatcher(CommandsConfig config, Database db, String storeId, Clock clock) {
        if (config.processed__retention__days() < 1 || config.quarantine__payload__max__chars() < 1) {
            throw new IllegalArgumentException("processed_retention_days and quarantine_payload_max_chars must be at least 1");
        }
        this.config = config;
        this.db = db;
        this.storeId = storeId;
        this.clock = clock;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addHandler(CommandHandler handler, Map<String, Object> props) {
        Object name = props.get(CommandHandler.COMMAND);
        if (!(name instanceof String n) || n.isBlank()) {
            LOG.warn("A command handler ({}) has no {} property; ignored", handler.getClass().getName(),
                    CommandHandler.COMMAND);
            return;
        }
        Object rank = props.get(Constants.SERVICE_RANKING);
        Object id = props.get(Constants.SERVICE_ID);
        handlers.add(new Entry(n.strip(), rank instanceof Integer r ? r : 0, id instanceof Long l ? l : 0, handler));
        LOG.debug("Command handler for '{}' added", n);
    }

    void removeHandler(CommandHandler handler) {
        handlers.removeIf(e -> e.handler() == handler);
    }

    /** Adds a handler without a service registry (tests). */
    void add(String name, CommandHandler handler) {
        handlers.add(new Entry(name, 0, handlers.size(), handler));
    }

    /** The command names a handler is registered for now. */
    List<String> commands() {
        return new ArrayList<>(new TreeSet<>(handlers.stream().map(Entry::name).toList()));
    }

    /** Whether a topic is a command topic of this store or of all stores. */
    boolean isCommandTopic(String topic) {
        return topic != null && (topic.startsWith(PREFIX + storeId + "/cmd/") || topic.startsWith(PREFIX + "all/cmd/"));
    }

    /**
     * Handles one command message. Never throws: every failure becomes an error reply.
     *
     * @param topic where it arrived, {@code storebox/v1/{store}/cmd/{name}} or {@code storebox/v1/all/cmd/{name}}
     * @param payload the message's bytes
     * @param propertyRequestId the request id HQ put in the message's MQTT 5 properties, or null; used only
     *        to address the error reply when the payload itself has none
     */
    Outcome dispatch(String topic, byte[] payload, String propertyRequestId) {
        String name = topic == null ? "" : topic.substring(topic.lastIndexOf('/') + 1);
        String text = new String(payload == null ? new byte[0] : payload, StandardCharsets.UTF_8);
        String fallbackId = propertyRequestId != null && REQUEST_ID.matcher(propertyRequestId).matches()
                ? propertyRequestId : null;
        if (!isCommandTopic(topic) || name.isEmpty()) {
            return refuse(topic, name, fallbackId, text, StoreboxException.invalid("topic " + topic
                    + " is not a command topic of store " + storeId), false);
        }
        JsonNode n;
        try {
            n = Json.mapper().readTree(text);
        } catch (IOException e) {
            return refuse(topic, name, fallbackId, text, StoreboxException.invalid("the payload is not JSON ("
                    + firstLine(e.getMessage()) + "); send one JSON object with a request_id"), false);
        }
        if (n == null || !n.isObject()) {
            return refuse(topic, name, fallbackId, text, StoreboxException.invalid(
                    "the payload must be one JSON object with a request_id"), false);
        }
        JsonNode rid = n.get("request_id");
        if (rid == null || !rid.isTextual() || rid.asText().isBlank()) {
            return refuse(topic, name, fallbackId, text, StoreboxException.invalid(
                    "request_id is missing: add \"request_id\": \"<a new UUID>\" to the command"), false);
        }
        String requestId = rid.asText();
        if (!REQUEST_ID.matcher(requestId).matches()) {
            return refuse(topic, name, fallbackId, text, StoreboxException.invalid("request_id '"
                    + clip(requestId, 80) + "' must be 1 to 64 letters, digits, '.', '_', ':' or '-' (a UUID fits)"), false);
        }
        String sha = sha256(text);
        Stored seen;
        try {
            seen = stored(requestId);
        } catch (StoreboxException e) {
            return refuse(topic, name, requestId, text, unavailable(e), false);
        }
        if (seen != null) {
            if (!seen.sha().equals(sha) || !seen.command().equals(name)) {
                return refuse(topic, name, requestId, text, StoreboxException.conflict("request_id " + requestId
                        + " was already used for another command (" + seen.command() + " at " + seen.at()
                        + "); give every command its own request_id"), false);
            }
            LOG.info("Command {} request {} was handled before; replying its stored outcome", name, requestId);
            return new Outcome(replyTopic(requestId), requestId, seen.ok(), seen.reply().getBytes(StandardCharsets.UTF_8));
        }
        CommandHandler handler = handler(name);
        if (handler == null) {
            // Not remembered: a handler may be restarting (the catalog does after a tax change), so the
            // same request id may be sent again.
            return refuse(topic, name, requestId, text, StoreboxException.invalid("unknown command '" + clip(name, 64)
                    + "'; this box applies " + String.join(", ", commands())), false);
        }
        CommandResult result;
        try {
            result = handler.handle(requestId, text);
        } catch (StoreboxException e) {
            if (e.kind() == StoreboxException.Kind.UNAVAILABLE) {
                return refuse(topic, name, requestId, text, e, false);
            }
            return refuse(topic, name, requestId, text, e, true);
        } catch (RuntimeException | LinkageError e) {
            // A LinkageError too: the handler's bundle may be updated or refreshed under it.
            LOG.error("Command handler for {} failed on request {}", name, requestId, e);
            return refuse(topic, name, requestId, text, new StoreboxException(StoreboxException.Kind.UNAVAILABLE,
                    "the box failed to apply it (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                            + "); the technician should look at the box's log"), false);
        }
        Map<String, Object> reply = head(requestId, name);
        reply.put("ok", true);
        reply.put("status", "ok");
        reply.put("message", result == null || result.message == null ? name + " applied" : result.message);
        reply.put("result", result == null || result.data == null ? Map.of() : result.data);
        String json = Json.write(reply);
        try {
            db.write(c -> {
                insertProcessed(c, requestId, name, sha, true, json);
                return null;
            });
        } catch (StoreboxException e) {
            // Applied, but not remembered: the same request id again would be applied again (versions still hold).
            LOG.warn("Command {} request {} applied but its outcome not stored: {}", name, requestId, e.getMessage());
        }
        LOG.info("Command {} request {} applied: {}", name, requestId, reply.get("message"));
        return new Outcome(replyTopic(requestId), requestId, true, json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * An error reply; the message is quarantined (and its outcome stored under its request id when
     * {@code remember}) in one transaction. A database that cannot take it is logged, not thrown.
     */
    private Outcome refuse(String topic, String name, String requestId, String text, StoreboxException e,
            boolean remember) {
        Map<String, Object> reply = head(requestId, name);
        reply.put("ok", false);
        reply.put("status", "error");
        reply.put("code", e.kind().name().toLowerCase());
        reply.put("error", e.getMessage());
        String json = Json.write(reply);
        LOG.warn("Command on {} (request {}) refused: {}", topic, requestId == null ? "none" : requestId, e.getMessage());
        try {
            String sha = sha256(text);
            db.write(c -> {
                try (PreparedStatement p = c.prepareStatement("INSERT INTO command_quarantine "
                        + "(topic, request_id, payload, reason, received_at) VALUES (?, ?, ?, ?, ?)")) {
                    p.setString(1, clip(topic == null ? "" : topic, 300));
                    p.setString(2, requestId);
                    p.setString(3, clip(text, config.quarantine__payload__max__chars()));
                    p.setString(4, clip(e.getMessage() == null ? e.kind().name() : e.getMessage(), 2000));
                    p.setObject(5, now());
                    p.executeUpdate();
                }
                if (remember && requestId != null) {
                    insertProcessed(c, requestId, name, sha, false, json);
                }
                return null;
            });
        } catch (StoreboxException x) {
            LOG.warn("Command on {} could not be quarantined: {}", topic, x.getMessage());
        }
        return new Outcome(replyTopic(requestId == null ? NO_REQUEST_ID : requestId), requestId, false,
                json.getBytes(StandardCharsets.UTF_8));
    }

    private Map<String, Object> head(String requestId, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("request_id", requestId);
        m.put("store", storeId);
        m.put("command", name);
        m.put("time", clock.instant().toString());
        return m;
    }

    private void insertProcessed(java.sql.Connection c, String requestId, String name, String sha, boolean ok,
            String json) throws java.sql.SQLException {
        OffsetDateTime now = now();
        try (PreparedStatement p = c.prepareStatement("DELETE FROM command_processed WHERE processed_at < ?")) {
            p.setObject(1, now.minusDays(config.processed__retention__days()));
            p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO command_processed "
                + "(request_id, command, payload_sha256, ok, reply, processed_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            p.setString(1, requestId);
            p.setString(2, clip(name, 64));
            p.setString(3, sha);
            p.setBoolean(4, ok);
            p.setString(5, json);
            p.setObject(6, now);
            p.executeUpdate();
        }
    }

    /** A request id's stored outcome. */
    private record Stored(String command, String sha, boolean ok, String reply, OffsetDateTime at) {
    }

    private Stored stored(String requestId) {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT command, payload_sha256, ok, reply, processed_at "
                    + "FROM command_processed WHERE request_id = ?")) {
                p.setString(1, requestId);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? new Stored(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4),
                            rs.getObject(5, OffsetDateTime.class)) : null;
                }
            }
        });
    }

    private CommandHandler handler(String name) {
        Entry best = null;
        for (Entry e : handlers) {
            if (e.name().equals(name) && (best == null || e.ranking() > best.ranking()
                    || (e.ranking() == best.ranking() && e.serviceId() < best.serviceId()))) {
                best = e;
            }
        }
        return best == null ? null : best.handler();
    }

    String replyTopic(String requestId) {
        return PREFIX + storeId + "/reply/" + requestId;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static StoreboxException unavailable(StoreboxException e) {
        return new StoreboxException(StoreboxException.Kind.UNAVAILABLE, "the box cannot read its database now ("
                + e.getMessage() + "); push the command again later");
    }

    static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
