package org.storebox.api.auth;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** The OAuth 2.0 clients that may call the box. Secrets are stored hashed. */
@ProviderType
public interface ClientRegistry {

    /**
     * Registers a client.
     *
     * @throws org.storebox.api.common.StoreboxException INVALID for an empty name or unknown scope
     */
    ClientCredentials register(String name, String scope);

    /** The client with these credentials, when they match an active client. */
    Optional<ClientInfo> authenticate(String clientId, String clientSecret);

    /** The client with this id. */
    Optional<ClientInfo> get(String clientId);

    /** Every registered client. */
    List<ClientInfo> list();

    /**
     * Deactivates a client: it can no longer obtain tokens.
     *
     * @throws org.storebox.api.common.StoreboxException NOT_FOUND for an unknown client
     */
    void deactivate(String clientId);
}
