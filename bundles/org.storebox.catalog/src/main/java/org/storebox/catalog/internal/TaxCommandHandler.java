package org.storebox.catalog.internal;

import java.lang.annotation.Annotation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.command.CommandHandler;
import org.storebox.api.command.CommandResult;
import org.storebox.api.command.Settings;
import org.storebox.api.common.StoreboxException;

/**
 * The {@code tax} command: {@code {"classes": {"standard": "0.10", ...}, "prices_include_tax": false}}
 * replaces the tax classes where they are configured today, in ConfigAdmin ({@value TaxConfig#PID}),
 * after the same checks as at start; a class that products still name cannot be dropped. The catalog
 * restarts with the new classes, and the command is answered once it runs with them ({@link Settings}).
 */
@Component(property = CommandHandler.COMMAND + "=tax")
public class TaxCommandHandler implements CommandHandler {
    private static final Logger LOG = LoggerFactory.getLogger(TaxCommandHandler.class);

    private final Settings settings;
    private final PriceBook book;

    /** The payload. */
    public static final class Payload {
        public String requestId;
        public Map<String, BigDecimal> classes;
        public Boolean pricesIncludeTax;
    }

    @Activate
    public TaxCommandHandler(@Reference Settings settings, @Reference PriceBook book) {
        this.settings = settings;
        this.book = book;
    }

    @Override
    public CommandResult handle(String requestId, String payload) {
        Payload p = Payloads.read(payload, Payload.class, "tax");
        if (p.classes == null || p.classes.isEmpty()) {
            throw StoreboxException.invalid("classes is missing in the tax command; give {\"standard\": \"0.10\", ...}");
        }
        if (p.pricesIncludeTax == null) {
            throw StoreboxException.invalid("prices_include_tax is missing in the tax command; true: shelf prices "
                    + "contain the tax, false: tax is added on top");
        }
        List<String> entries = new ArrayList<>();
        for (Map.Entry<String, BigDecimal> e : p.classes.entrySet()) {
            if (e.getValue() == null) {
                throw StoreboxException.invalid("tax class " + e.getKey() + " has no rate; write 10 % as \"0.10\"");
            }
            entries.add(e.getKey() + "=" + e.getValue().toPlainString());
        }
        String[] classes = entries.toArray(String[]::new);
        boolean inclusive = p.pricesIncludeTax;
        try {
            CatalogServiceImpl.parseTaxClasses(config(classes, inclusive));
        } catch (IllegalArgumentException e) {
            throw StoreboxException.invalid(e.getMessage());
        }
        List<String> dropped = new ArrayList<>();
        Set<String> used = book.taxClassesInUse();
        for (String name : used) {
            if (!p.classes.containsKey(name)) {
                dropped.add(name);
            }
        }
        if (!dropped.isEmpty()) {
            throw StoreboxException.invalid("products still name tax class " + String.join(", ", dropped)
                    + "; keep it in classes, or move those products to another class with a catalog command first");
        }
        Map<String, Object> next = settings.current(TaxConfig.PID);
        boolean changed = !Arrays.equals(classes, strings(next.get("classes")))
                || !Boolean.valueOf(inclusive).equals(next.get("prices_include_tax"));
        if (changed) {
            next.put("classes", classes);
            next.put("prices_include_tax", inclusive);
            // Answered once the catalog prices with the new classes: the next sale after HQ's "ok" is taxed by them.
            settings.apply(List.of(new Settings.Change(TaxConfig.PID, null, next)));
        }
        LOG.info("Tax classes from HQ: {} (prices include tax: {}){}", String.join(", ", classes), inclusive,
                changed ? "" : ", unchanged");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("classes", entries);
        data.put("prices_include_tax", inclusive);
        data.put("changed", changed);
        return new CommandResult("tax classes " + String.join(", ", classes) + " (prices "
                + (inclusive ? "include" : "exclude") + " tax)" + (changed ? " set" : " were already set"), data);
    }

    private static String[] strings(Object value) {
        return value instanceof String[] a ? a : value instanceof String one ? new String[] {one} : null;
    }

    static TaxConfig config(String[] classes, boolean inclusive) {
        return new TaxConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return TaxConfig.class;
            }

            @Override
            public String[] classes() {
                return classes;
            }

            @Override
            public boolean prices__include__tax() {
                return inclusive;
            }
        };
    }
}
