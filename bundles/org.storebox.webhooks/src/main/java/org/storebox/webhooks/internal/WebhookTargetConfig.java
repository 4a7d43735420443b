package org.storebox.webhooks.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One webhook target: where events go, which ones, how they are signed and how failures are retried. */
@ObjectClassDefinition(name = "storebox webhook target",
        description = "A third-party system (ERP, CRM, e-invoicing) that receives signed outbox events by HTTP POST.")
public @interface WebhookTargetConfig {
    /** The factory PID: one configuration per target. */
    String PID = "org.storebox.webhooks.target";

    @AttributeDefinition(description = "Unique name of the target (letters, digits, '-' and '_', up to 100): "
            + "keys its cursor and parked deliveries, and names it in /api/v1/webhooks/{name}")
    String name();

    @AttributeDefinition(description = "The receiver's URL; https:// is required, http:// only to a loopback host")
    String url();

    @AttributeDefinition(description = "Event types to deliver: exact types (sale.completed), prefixes (sale.*) "
            + "or * for all")
    String[] event__types() default { "*" };

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Shared secret of the HMAC-SHA256 signature "
            + "(at least 16 characters); never logged")
    String secret();

    @AttributeDefinition(description = "Connect and response timeout of one attempt, in milliseconds")
    int timeout__ms() default 10000;

    @AttributeDefinition(description = "Attempts of a delivery before it is parked when the receiver refuses it "
            + "permanently (4xx other than 401, 408, 429)")
    int max__attempts() default 5;

    @AttributeDefinition(description = "First retry delay in milliseconds; doubles each failure, with jitter")
    long backoff__initial__ms() default 1000;

    @AttributeDefinition(description = "Longest retry delay in milliseconds")
    long backoff__max__ms() default 300000;

    @AttributeDefinition(description = "Longest Retry-After (seconds) honoured from a 429 or 503; longer ones are cut to this")
    int retry__after__max__s() default 3600;

    @AttributeDefinition(description = "How often to look for new outbox events when idle, in milliseconds")
    long poll__interval__ms() default 1000;

    @AttributeDefinition(description = "When the target is first seen: also deliver the events already in the outbox "
            + "(true) or only the ones written from then on (false)")
    boolean deliver__existing() default false;

    @AttributeDefinition(description = "Raise an alert when the target has failed without a success for this many seconds")
    int failing__alert__s() default 900;

    @AttributeDefinition(description = "OAuth 2.0 token endpoint (client credentials grant); empty: no OAuth")
    String oauth__token__url() default "";

    @AttributeDefinition(description = "OAuth 2.0 client id")
    String oauth__client__id() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "OAuth 2.0 client secret; never logged")
    String oauth__client__secret() default "";

    @AttributeDefinition(description = "OAuth 2.0 scope to request; empty: none")
    String oauth__scope() default "";
}
