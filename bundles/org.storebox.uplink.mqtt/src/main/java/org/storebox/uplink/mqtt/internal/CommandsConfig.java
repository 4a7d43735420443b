package org.storebox.uplink.mqtt.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Commands from HQ: how long outcomes and quarantined commands are kept, and which configuration keys
 * HQ may set with the {@code config} command. Not itself on that list, so HQ cannot widen it.
 */
@ObjectClassDefinition(name = "storebox commands from HQ",
        description = "Idempotency, quarantine and the configuration keys HQ may set.")
public @interface CommandsConfig {
    String PID = "org.storebox.commands";

    @AttributeDefinition(description = "Configuration keys HQ may set with the config command, as PID:key "
            + "(a key written as in the .cfg file, for example org.storebox.restock:window_days).")
    String[] config__allowed() default {
        "org.storebox.restock:window_days", "org.storebox.restock:full_interval_min",
        "org.storebox.restock:lead_time_days", "org.storebox.restock:service_level",
        "org.storebox.restock:days_of_cover", "org.storebox.restock:pack_size", "org.storebox.restock:min",
        "org.storebox.restock:max", "org.storebox.restock:shelf_capacity", "org.storebox.restock:order_days",
        "org.storebox.alerts:interval_s", "org.storebox.alerts:refund_void_rate",
        "org.storebox.alerts:rate_min_sales"};

    @AttributeDefinition(description = "Days a command's outcome is kept to answer the same request_id again.")
    int processed__retention__days() default 30;

    @AttributeDefinition(description = "Hours a quarantined command stays an open alert.")
    int quarantine__alert__hours() default 24;

    @AttributeDefinition(description = "Most characters of a quarantined command's payload kept.")
    int quarantine__payload__max__chars() default 100000;
}
