package org.storebox.peripherals.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

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
 * The {@code devices} command: HQ configures the store's devices as the technician's files in
 * {@code data/config/} do, one factory configuration per device of a driver.
 * <pre>
 * {"request_id": "...",
 *  "devices": [{"driver": "org.storebox.peripheral.escpos.printer", "name": "front-printer",
 *               "settings": {"port": "/dev/ttyUSB0", "baud_rate": 38400, "charset": "Big5"}}],
 *  "remove": [{"driver": "org.storebox.peripheral.scale", "name": "deli-scale"}]}
 * </pre>
 * The whole command is checked before the first configuration is written. A device's name is its
 * logical name and the name of its configuration; a file {@code <driver>-<name>.cfg} names the same
 * configuration, and the file wins again when it is next changed. Settings a driver refuses (its
 * constructor throws, such as a baud rate of 0) refuse the whole command with the driver's reason, and
 * every configuration is put back ({@link Settings}).
 */
@Component(property = CommandHandler.COMMAND + "=devices")
public class DevicesCommandHandler implements CommandHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DevicesCommandHandler.class);
    /** The drivers' factory PIDs HQ may configure. */
    static final Set<String> DRIVERS = Set.of("org.storebox.peripheral.escpos.printer",
            "org.storebox.peripheral.escpos.display", "org.storebox.peripheral.scanner", "org.storebox.peripheral.scale");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Settings settings;

    @Activate
    public DevicesCommandHandler(@Reference Settings settings) {
        this.settings = settings;
    }

    @Override
    public CommandResult handle(String requestId, String payload) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(payload);
        } catch (IOException e) {
            throw StoreboxException.invalid("the payload is not JSON");
        }
        for (Iterator<String> f = root.fieldNames(); f.hasNext();) {
            String field = f.next();
            if (!Set.of("request_id", "devices", "remove").contains(field)) {
                throw StoreboxException.invalid("field '" + field + "' is not known; a devices command has request_id, "
                        + "devices and remove");
            }
        }
        List<Settings.Change> changes = new ArrayList<>();
        JsonNode devices = root.path("devices");
        JsonNode remove = root.path("remove");
        if (!devices.isMissingNode() && !devices.isArray() || !remove.isMissingNode() && !remove.isArray()) {
            throw StoreboxException.invalid("devices and remove must be arrays");
        }
        if (devices.size() + remove.size() == 0) {
            throw StoreboxException.invalid("nothing to do: send devices to configure and/or remove to delete");
        }
        for (int i = 0; i < devices.size(); i++) {
            JsonNode d = devices.get(i);
            String where = "devices[" + i + "]";
            Map<String, Object> props = settings(d.path("settings"), where);
            String name = name(d, where);
            props.put("name", name);
            changes.add(new Settings.Change(driver(d, where), name, props));
        }
        for (int i = 0; i < remove.size(); i++) {
            JsonNode d = remove.get(i);
            String where = "remove[" + i + "]";
            changes.add(new Settings.Change(driver(d, where), name(d, where), null));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        List<String> configured = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (Settings.Change c : changes) {
            (c.properties() == null ? removed : configured).add(c.name());
        }
        settings.apply(changes);
        LOG.info("HQ configured devices {} and removed {}", configured, removed);
        data.put("configured", configured);
        data.put("removed", removed);
        return new CommandResult(configured.size() + " devices configured, " + removed.size() + " removed", data);
    }

    private static String driver(JsonNode d, String where) {
        String driver = d.path("driver").asText("");
        if (!DRIVERS.contains(driver)) {
            throw StoreboxException.invalid(where + ".driver '" + driver + "' is not a device driver HQ may configure; "
                    + "use one of " + String.join(", ", new java.util.TreeSet<>(DRIVERS)));
        }
        return driver;
    }

    private static String name(JsonNode d, String where) {
        String name = d.path("name").asText("");
        if (!NAME.matcher(name).matches()) {
            throw StoreboxException.invalid(where + ".name '" + name + "' must be 1 to 64 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit");
        }
        return name;
    }

    private static Map<String, Object> settings(JsonNode s, String where) {
        if (!s.isObject()) {
            throw StoreboxException.invalid(where + ".settings must be an object of key: value (port, baud_rate, ...)");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode v = e.getValue();
            if (key.equals("name")) {
                throw StoreboxException.invalid(where + ".settings.name: the device's name is " + where + ".name");
            }
            if (v.isTextual()) {
                out.put(key, v.asText());
            } else if (v.isBoolean()) {
                out.put(key, v.asBoolean());
            } else if (v.isIntegralNumber() && v.bigIntegerValue().bitLength() < 32) {
                out.put(key, v.intValue());
            } else if (v.isIntegralNumber() && v.bigIntegerValue().compareTo(BigInteger.valueOf(Long.MAX_VALUE)) <= 0) {
                out.put(key, v.longValue());
            } else {
                throw StoreboxException.invalid(where + ".settings." + key + " must be a string, a whole number or a boolean");
            }
        }
        return out;
    }
}
