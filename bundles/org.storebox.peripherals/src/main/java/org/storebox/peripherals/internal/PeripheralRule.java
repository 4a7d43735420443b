package org.storebox.peripherals.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.storebox.api.alert.AlertCondition;
import org.storebox.api.alert.AlertRule;
import org.storebox.api.alert.Severity;
import org.storebox.api.peripheral.PeripheralStatus;
import org.storebox.json.Json;

/**
 * Device alerts (source {@code peripheral}): a device offline or in error, paper near its end or
 * out, a drawer left open too long, and two drivers claiming one device name. Each condition's key
 * names its device, so it clears by itself once the device reports otherwise.
 */
@Component(property = "alert.rule.name=peripheral")
public class PeripheralRule implements AlertRule {
    static final String SOURCE = "peripheral";

    private final PeripheralManager manager;

    @Activate
    public PeripheralRule(@Reference PeripheralManager manager) {
        this.manager = manager;
    }

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public List<AlertCondition> evaluate() {
        List<AlertCondition> out = new ArrayList<>();
        for (PeripheralManager.View v : manager.list()) {
            Device d = v.device();
            PeripheralStatus s = v.status();
            String paper = s.detail().get(PeripheralStatus.DETAIL_PAPER);
            String reason = s.reason() == null ? "" : " " + sentence(s.reason());
            if (PeripheralStatus.PAPER_OUT.equals(paper)) {
                // Paper out is the cause of the printer's error: one alert that says what to do, not two.
                out.add(condition("paper_out:" + d.name, Severity.WARNING, "peripheral.paper_out", d.name + " is out of paper; load a "
                        + "new roll.", d, s.reason()));
            } else if (s.state() == PeripheralStatus.State.OFFLINE) {
                out.add(condition("offline:" + d.name, Severity.WARNING, "peripheral.offline", d.name + " (" + d.kind.wire()
                        + ") is offline." + reason, d, s.reason()));
            } else if (s.state() == PeripheralStatus.State.ERROR) {
                out.add(condition("error:" + d.name, Severity.WARNING, "peripheral.error", d.name + " (" + d.kind.wire()
                        + ") is in error." + reason, d, s.reason()));
            }
            if (PeripheralStatus.PAPER_NEAR_END.equals(paper)) {
                out.add(condition("paper_near_end:" + d.name, Severity.INFO, "peripheral.paper_near_end", d.name + " is running out of "
                        + "paper; have a new roll ready.", d, null));
            }
        }
        Instant now = manager.clock().instant();
        Duration limit = manager.drawerOpenAlert();
        manager.openDrawers().forEach((name, since) -> {
            Duration open = Duration.between(since, now);
            if (open.compareTo(limit) >= 0) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("name", name);
                p.put("open_since", since.toString());
                p.put("open_s", Long.toString(open.toSeconds()));
                out.add(new AlertCondition("drawer_open:" + name, Severity.WARNING, "peripheral.drawer_open", "Cash drawer " + name
                        + " has been open for " + open.toSeconds() + " s; close it, and count it if nobody is at the till.", name,
                        Json.write(p)));
            }
        });
        manager.clashes().forEach((name, ds) -> {
            Device kept = ds.get(0);
            List<String> ignored = new ArrayList<>();
            ds.subList(1, ds.size()).forEach(d -> ignored.add(d.driver));
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", name);
            p.put("kept", kept.driver);
            p.put("ignored", String.join(",", ignored));
            out.add(new AlertCondition("clash:" + name, Severity.WARNING, "peripheral.name_clash", "Drivers " + kept.driver + " and "
                    + String.join(", ", ignored) + " both configure a device named " + name + "; the box uses the " + kept.driver
                    + " one. Rename or remove the other in its driver configuration.", name, Json.write(p)));
        });
        return out;
    }

    private static AlertCondition condition(String key, Severity severity, String code, String message, Device d, String reason) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", d.name);
        p.put("kind", d.kind.wire());
        p.put("driver", d.driver);
        if (reason != null) {
            p.put("reason", reason);
        }
        return new AlertCondition(key, severity, code, message, d.name, Json.write(p));
    }

    private static String sentence(String s) {
        String t = s.strip();
        if (t.isEmpty()) {
            return t;
        }
        t = Character.toUpperCase(t.charAt(0)) + t.substring(1);
        return t.endsWith(".") ? t : t + ".";
    }
}
