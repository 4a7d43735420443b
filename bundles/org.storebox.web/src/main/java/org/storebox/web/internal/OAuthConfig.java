package org.storebox.web.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** OAuth 2.0 token settings. */
@ObjectClassDefinition(name = "storebox OAuth 2.0", description = "Bearer tokens for the HTTP API.")
public @interface OAuthConfig {
    String PID = "org.storebox.web.oauth";

    @AttributeDefinition(description = "Lifetime of an access token in seconds.")
    int token__ttl__s() default 3600;
}
