package org.storebox.api.auth;

import java.time.Instant;

/** An OAuth 2.0 client registered on the box (a terminal, a manager tool, an administrator). */
public class ClientInfo {
    public String clientId;
    public String name;
    /** {@code terminal}, {@code manager} or {@code admin}; each includes the ones before it. */
    public String scope;
    public Instant createdAt;
    public boolean active;
}
