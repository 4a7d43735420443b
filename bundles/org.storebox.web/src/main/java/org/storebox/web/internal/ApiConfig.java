package org.storebox.web.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Limits of the HTTP API. */
@ObjectClassDefinition(name = "storebox HTTP API", description = "Request size limits.")
public @interface ApiConfig {
    String PID = "org.storebox.web.api";

    @AttributeDefinition(description = "Largest JSON body accepted, in bytes.")
    int max__body__bytes() default 1048576;

    @AttributeDefinition(description = "Largest price book import (JSON lines), in bytes.")
    int max__import__bytes() default 67108864;
}
