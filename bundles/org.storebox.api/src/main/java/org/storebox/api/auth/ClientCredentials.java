package org.storebox.api.auth;

/** A newly registered client with its secret, shown once: the box keeps only a hash of it. */
public class ClientCredentials {
    public String clientId;
    public String clientSecret;
    public String name;
    public String scope;
}
