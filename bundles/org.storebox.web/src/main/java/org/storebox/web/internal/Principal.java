package org.storebox.web.internal;

/** The client behind a verified bearer token. */
record Principal(String clientId, Scope scope) {
}
