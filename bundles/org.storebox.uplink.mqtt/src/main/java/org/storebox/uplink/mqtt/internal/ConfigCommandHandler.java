package org.storebox.uplink.mqtt.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.command.CommandHandler;
import org.storebox.api.command.CommandResult;
import org.storebox.api.command.Settings;
import org.storebox.api.common.StoreboxException;
import org.storebox.json.Json;

/**
 * The {@code config} command: {@code {"settings": {"<pid>": {"<key>": value, ...}}}} sets keys through
 * ConfigAdmin, only those on the {@code config_allowed} list; any other key refuses the whole command by
 * name. A null value removes the key (back to its default). Values: string, whole number, decimal
 * (kept as its decimal text), boolean, or an array of strings. A value the component refuses (its
 * constructor throws, such as an interval of 0) refuses the whole command with the component's reason and
 * puts every setting back ({@link Settings}).
 */
@Component(configurationPid = CommandsConfig.PID, property = CommandHandler.COMMAND + "=config")
public class ConfigCommandHandler implements CommandHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigCommandHandler.class);

    private final Settings settings;
    private final Set<String> allowed;

    @Activate
    public ConfigCommandHandler(CommandsConfig config, @Reference Settings settings) {
        this.settings = settings;
        this.allowed = new LinkedHashSet<>();
        for (String entry : config.config__allowed()) {
            for (String e : entry.split(",")) {
                String s = e.strip();
                if (s.isEmpty()) {
                    continue;
                }
                if (s.indexOf(':') <= 0 || s.endsWith(":")) {
                    throw new IllegalArgumentException("config_allowed entry '" + s + "' must be PID:key");
                }
                if (s.startsWith(CommandsConfig.PID + ":")) {
                    throw new IllegalArgumentException("config_allowed cannot list " + CommandsConfig.PID
                            + " itself: HQ would widen its own rights");
                }
                allowed.add(s);
            }
        }
    }

    @Override
    public CommandResult handle(String requestId, String payload) {
        JsonNode root = read(payload);
        Iterator<String> fields = root.fieldNames();
        while (fields.hasNext()) {
            String f = fields.next();
            if (!f.equals("request_id") && !f.equals("settings")) {
                throw StoreboxException.invalid("field '" + f + "' is not known; a config command has request_id and settings");
            }
        }
        JsonNode settings = root.get("settings");
        if (settings == null || !settings.isObject() || settings.isEmpty()) {
            throw StoreboxException.invalid("settings is missing: send {\"settings\": {\"<pid>\": {\"<key>\": value}}}");
        }
        Map<String, Map<String, Object>> changes = new LinkedHashMap<>();
        List<String> refused = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = settings.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> pid = it.next();
            if (!pid.getValue().isObject() || pid.getValue().isEmpty()) {
                throw StoreboxException.invalid("settings." + pid.getKey() + " must be an object of key: value");
            }
            Map<String, Object> keys = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> k = pid.getValue().fields(); k.hasNext();) {
                Map.Entry<String, JsonNode> kv = k.next();
                String name = pid.getKey() + ":" + kv.getKey();
                if (!allowed.contains(name)) {
                    refused.add(name);
                    continue;
                }
                keys.put(kv.getKey(), value(name, kv.getValue()));
            }
            changes.put(pid.getKey(), keys);
        }
        if (!refused.isEmpty()) {
            throw StoreboxException.invalid("HQ may not set " + String.join(", ", refused)
                    + "; nothing was changed. Allowed keys: " + String.join(", ", allowed));
        }
        int n = 0;
        List<Settings.Change> writes = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> e : changes.entrySet()) {
            Map<String, Object> next = this.settings.current(e.getKey());
            Map<String, Object> before = new LinkedHashMap<>(next);
            for (Map.Entry<String, Object> kv : e.getValue().entrySet()) {
                if (kv.getValue() == null) {
                    next.remove(kv.getKey());
                } else {
                    next.put(kv.getKey(), kv.getValue());
                }
                n++;
            }
            if (!before.equals(next)) {
                writes.add(new Settings.Change(e.getKey(), null, next));
            }
        }
        this.settings.apply(writes);
        LOG.info("HQ set {} configuration keys: {}", n, changes.keySet());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("keys", n);
        data.put("pids", new ArrayList<>(changes.keySet()));
        return new CommandResult(n + " configuration keys set in " + String.join(", ", changes.keySet()), data);
    }

    private static Object value(String name, JsonNode v) {
        if (v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.asLong();
        }
        if (v.isNumber()) {
            // Decimal text, not a binary double: DS converts it to the attribute's type.
            return v.decimalValue().toPlainString();
        }
        if (v.isArray()) {
            String[] out = new String[v.size()];
            for (int i = 0; i < v.size(); i++) {
                if (!v.get(i).isTextual()) {
                    throw StoreboxException.invalid(name + ": an array value must hold strings only");
                }
                out[i] = v.get(i).asText();
            }
            return out;
        }
        throw StoreboxException.invalid(name + " must be a string, number, boolean, array of strings or null");
    }

    private static JsonNode read(String payload) {
        try {
            return Json.mapper().readTree(payload);
        } catch (IOException e) {
            throw StoreboxException.invalid("the payload is not JSON");
        }
    }
}
