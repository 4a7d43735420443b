package org.storebox.api.auth;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Checks the bearer tokens of {@code /oauth2/token} for bundles that serve their own API paths. */
@ProviderType
public interface TokenVerifier {

    /**
     * The client id and scope ({@code terminal}, {@code manager} or {@code admin}) of a valid token
     * of an active client, as a two-element array; empty for a malformed, expired or revoked token.
     */
    Optional<String[]> verifyBearer(String bearer);
}
