package org.storebox.restock.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/** One configured SKU or category rule, registered for the restock service to collect. */
@Component(configurationPid = RuleConfig.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = RuleSource.class)
@Designate(ocd = RuleConfig.class, factory = true)
public class RuleComponent implements RuleSource {
    private final RuleConfig config;

    @Activate
    public RuleComponent(RuleConfig config) {
        if (config.sku().isBlank() == config.category().isBlank()) {
            throw new IllegalArgumentException("a restock rule names either a sku or a category (one of them)");
        }
        Rules.orderDays(config.order__days());
        this.config = config;
    }

    @Override
    public RuleConfig config() {
        return config;
    }
}
