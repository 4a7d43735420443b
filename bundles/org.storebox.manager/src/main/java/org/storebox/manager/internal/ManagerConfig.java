package org.storebox.manager.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the manager page and its accounts. */
@ObjectClassDefinition(name = "storebox manager page", description = "Manager accounts and page sessions.")
public @interface ManagerConfig {
    String PID = "org.storebox.manager";

    @AttributeDefinition(description = "PBKDF2-HMAC-SHA256 iterations for new passwords (OWASP 2023: 600000).")
    int password__iterations() default 600_000;

    @AttributeDefinition(description = "Minutes a page session lives without use.")
    int session__idle__min() default 480;

    @AttributeDefinition(description = "Shortest password accepted for a manager account.")
    int password__min__length() default 10;
}
