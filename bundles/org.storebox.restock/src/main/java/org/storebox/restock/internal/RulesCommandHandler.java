package org.storebox.restock.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
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
 * The {@code restock-rules} command: SKU and category rules as factory configurations
 * ({@value RuleConfig#FACTORY_PID}), where rules live today. {@code {"mode": "full"|"delta",
 * "rules": [{"sku" or "category", "lead_time_days", "service_level", ...}], "remove": [{"sku"} or
 * {"category"}]}}: a rule replaces the one of the same SKU or category whole (fields left out
 * inherit); a full set also removes every rule it does not list. Every rule is checked before the
 * first is written, and all are written together through {@link Settings}.
 */
@Component(property = CommandHandler.COMMAND + "=restock-rules")
public class RulesCommandHandler implements CommandHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RulesCommandHandler.class);

    private final ConfigurationAdmin cm;
    private final Settings settings;

    /** The payload. */
    public static final class Payload {
        public String requestId;
        public String mode;
        public List<RuleDto> rules;
        public List<RuleDto> remove;
    }

    /** One rule as HQ sends it; null fields inherit. */
    public static final class RuleDto {
        public String sku;
        public String category;
        public Integer leadTimeDays;
        public BigDecimal serviceLevel;
        public BigDecimal daysOfCover;
        public BigDecimal packSize;
        public BigDecimal min;
        public BigDecimal max;
        public BigDecimal shelfCapacity;
        public List<String> orderDays;

        String scope() {
            return sku != null && !sku.isBlank() ? "sku:" + sku.strip() : "category:" + category.strip();
        }
    }

    @Activate
    public RulesCommandHandler(@Reference ConfigurationAdmin cm, @Reference Settings settings) {
        this.cm = cm;
        this.settings = settings;
    }

    @Override
    public CommandResult handle(String requestId, String payload) {
        Payload p = read(payload);
        boolean full;
        if ("full".equals(p.mode)) {
            full = true;
        } else if ("delta".equals(p.mode)) {
            full = false;
        } else {
            throw StoreboxException.invalid("mode " + (p.mode == null ? "is missing" : "'" + p.mode + "' is not known")
                    + " in the restock-rules command; give \"mode\": \"full\" or \"delta\"");
        }
        List<RuleDto> rules = p.rules == null ? List.of() : p.rules;
        List<RuleDto> remove = p.remove == null ? List.of() : p.remove;
        if (full && !remove.isEmpty()) {
            throw StoreboxException.invalid("remove belongs to mode delta; a full set removes every rule it does not list");
        }
        Map<String, Hashtable<String, Object>> wanted = new LinkedHashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            RuleDto r = rules.get(i);
            String label = "rule " + (i + 1) + ": ";
            checkScope(r, label);
            Hashtable<String, Object> props;
            try {
                props = properties(r);
            } catch (IllegalArgumentException e) {
                throw StoreboxException.invalid(label + e.getMessage());
            }
            if (wanted.put(r.scope(), props) != null) {
                throw StoreboxException.invalid(label + r.scope() + " has a rule earlier in the list; give one rule each");
            }
        }
        Map<String, Configuration> existing = existing();
        List<String> removed = new ArrayList<>();
        for (RuleDto r : remove) {
            checkScope(r, "remove: ");
            if (!existing.containsKey(r.scope())) {
                throw StoreboxException.invalid("remove names " + r.scope() + ", which has no rule on this store");
            }
            if (wanted.containsKey(r.scope())) {
                throw StoreboxException.invalid(r.scope() + " is both in rules and in remove; give it once");
            }
            removed.add(r.scope());
        }
        if (full) {
            existing.keySet().stream().filter(s -> !wanted.containsKey(s)).forEach(removed::add);
        }
        int created = 0;
        int replaced = 0;
        List<Settings.Change> changes = new ArrayList<>();
        for (Map.Entry<String, Hashtable<String, Object>> e : wanted.entrySet()) {
            Configuration c = existing.get(e.getKey());
            if (c == null) {
                created++;
            } else {
                replaced++;
            }
            changes.add(new Settings.Change(RuleConfig.FACTORY_PID, c == null ? name(e.getKey()) : name(c, e.getKey()),
                    e.getValue()));
        }
        for (String scope : removed) {
            changes.add(new Settings.Change(RuleConfig.FACTORY_PID, name(existing.get(scope), scope), null));
        }
        // All or nothing, and answered once the restock service runs with the rules (Settings).
        settings.apply(changes);
        LOG.info("Restock rules from HQ ({}): {} created, {} replaced, {} removed", full ? "full" : "delta", created,
                replaced, removed.size());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("mode", full ? "full" : "delta");
        data.put("created", created);
        data.put("replaced", replaced);
        data.put("removed", removed.size());
        return new CommandResult("restock rules (" + (full ? "full" : "delta") + ") applied: " + created + " created, "
                + replaced + " replaced, " + removed.size() + " removed", data);
    }

    private static void checkScope(RuleDto r, String label) {
        if (r == null) {
            throw StoreboxException.invalid(label + "is empty; give a sku or a category");
        }
        boolean sku = r.sku != null && !r.sku.isBlank();
        boolean category = r.category != null && !r.category.isBlank();
        if (sku == category) {
            throw StoreboxException.invalid(label + "a restock rule names either a sku or a category (one of them)");
        }
    }

    /** The configuration properties of a rule, checked as {@link RuleComponent} and {@link Rules} check them. */
    static Hashtable<String, Object> properties(RuleDto r) {
        Hashtable<String, Object> p = new Hashtable<>();
        if (r.sku != null && !r.sku.isBlank()) {
            p.put("sku", r.sku.strip());
        } else {
            p.put("category", r.category.strip());
        }
        if (r.leadTimeDays != null) {
            if (r.leadTimeDays < 0) {
                throw new IllegalArgumentException("lead_time_days " + r.leadTimeDays + " is negative; give 0 or more days");
            }
            p.put("lead_time_days", r.leadTimeDays);
        }
        if (r.serviceLevel != null) {
            if (r.serviceLevel.signum() <= 0 || r.serviceLevel.compareTo(BigDecimal.ONE) >= 0) {
                throw new IllegalArgumentException("service_level " + r.serviceLevel.toPlainString()
                        + " must be between 0 and 1 (exclusive), for example 0.95");
            }
            p.put("service_level", r.serviceLevel.toPlainString());
        }
        atLeast(p, "days_of_cover", r.daysOfCover, false);
        if (r.packSize != null && r.packSize.signum() <= 0) {
            throw new IllegalArgumentException("pack_size " + r.packSize.toPlainString() + " must be above 0");
        }
        atLeast(p, "pack_size", r.packSize, false);
        atLeast(p, "min", r.min, true);
        atLeast(p, "max", r.max, true);
        atLeast(p, "shelf_capacity", r.shelfCapacity, true);
        if (r.min != null && r.max != null && r.min.signum() >= 0 && r.max.signum() >= 0 && r.min.compareTo(r.max) > 0) {
            throw new IllegalArgumentException("min " + r.min.toPlainString() + " is above max " + r.max.toPlainString());
        }
        if (r.orderDays != null) {
            String[] days = r.orderDays.toArray(String[]::new);
            Rules.orderDays(days);
            p.put("order_days", days);
        }
        return p;
    }

    /** A value of 0 or more; with {@code none}, also -2 ("none", as in the configuration). */
    private static void atLeast(Hashtable<String, Object> p, String key, BigDecimal v, boolean none) {
        if (v == null) {
            return;
        }
        boolean isNone = none && v.compareTo(BigDecimal.valueOf(-2)) == 0;
        if (v.signum() < 0 && !isNone) {
            throw new IllegalArgumentException(key + " " + v.toPlainString() + " is negative; give 0 or more"
                    + (none ? " (or -2 for none)" : ""));
        }
        // Decimal text, not a binary double: DS converts it to the attribute's type.
        p.put(key, v.toPlainString());
    }

    /** The rules configured now, by scope. */
    private Map<String, Configuration> existing() {
        Map<String, Configuration> out = new LinkedHashMap<>();
        try {
            Configuration[] all = cm.listConfigurations("(service.factoryPid=" + RuleConfig.FACTORY_PID + ")");
            for (Configuration c : all == null ? new Configuration[0] : all) {
                var props = c.getProperties();
                if (props == null) {
                    continue;
                }
                Object sku = props.get("sku");
                Object category = props.get("category");
                if (sku instanceof String s && !s.isBlank()) {
                    out.put("sku:" + s.strip(), c);
                } else if (category instanceof String s && !s.isBlank()) {
                    out.put("category:" + s.strip(), c);
                }
            }
        } catch (IOException | InvalidSyntaxException e) {
            throw new StoreboxException(StoreboxException.Kind.UNAVAILABLE,
                    "ConfigAdmin could not list the restock rules: " + e.getMessage(), e);
        }
        return out;
    }

    /** The name of an existing rule's factory configuration ({@code factoryPid~name}, as files and HQ make them). */
    private static String name(Configuration c, String scope) {
        int tilde = c.getPid().indexOf('~');
        if (tilde < 0) {
            throw StoreboxException.invalid("the rule for " + scope + " is configuration " + c.getPid()
                    + ", which has no name this command can address; have it configured by file or by HQ instead");
        }
        return c.getPid().substring(tilde + 1);
    }

    /** A factory configuration name: the SKU as is (its characters are safe), a category by its hash. */
    static String name(String scope) {
        if (scope.startsWith("sku:")) {
            return "hq-sku-" + scope.substring(4);
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(scope.substring(9).getBytes(StandardCharsets.UTF_8));
            return "hq-category-" + HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static Payload read(String payload) {
        try {
            return Json.mapper().readValue(payload, Payload.class);
        } catch (UnrecognizedPropertyException e) {
            throw StoreboxException.invalid("field '" + e.getPropertyName() + "' is not known in a restock-rules command; known: "
                    + e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", ")));
        } catch (JsonMappingException e) {
            String path = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            throw StoreboxException.invalid("field '" + path + "' has a wrong value in the restock-rules command: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (JsonProcessingException e) {
            throw StoreboxException.invalid("the restock-rules command is not valid JSON");
        }
    }
}
