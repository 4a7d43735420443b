package org.storebox.web.internal;

import org.storebox.web.http.Scope;

/** The client behind a verified bearer token. */
record Principal(String clientId, Scope scope) {
}
