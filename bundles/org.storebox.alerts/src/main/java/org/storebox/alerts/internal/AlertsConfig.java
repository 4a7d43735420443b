package org.storebox.alerts.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the alert store and its built-in rules. */
@ObjectClassDefinition(name = "storebox alerts", description = "How often alert rules run and when terminal rates alert.")
public @interface AlertsConfig {
    String PID = "org.storebox.alerts";

    @AttributeDefinition(description = "Seconds between two evaluations of every alert rule (sales also trigger one).")
    int interval__s() default 30;

    @AttributeDefinition(description = "Seconds a health check must keep failing before it is an alert (starting bundles and blips stay quiet).")
    int health__hold__s() default 120;

    @AttributeDefinition(description = "Share of a terminal's sales today that were voided or returned above which it alerts (0..1).")
    double refund__void__rate() default 0.2;

    @AttributeDefinition(description = "Sales a terminal must have made today before its void and refund rate is judged.")
    int rate__min__sales() default 10;

    @AttributeDefinition(description = "Age (s) of the oldest event HQ has not acknowledged above which the uplink backlog alerts.")
    int uplink__backlog__age__s() default 900;

    @AttributeDefinition(description = "Seconds without a connection to a configured HQ broker before it alerts.")
    int uplink__offline__s() default 600;
}
