package org.storebox.api.auth;

import java.time.Duration;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Slows password and secret guessing: failed logins are counted per account (a client id, a
 * manager's name) and per network address, and too many in a while lock that account or address out
 * for a growing time. Every login form of the box asks it before checking a secret.
 */
@ProviderType
public interface LoginThrottle {

    /**
     * Whether an attempt may be checked now.
     *
     * @param account the client id or account name as given (never logged with a secret)
     * @param address the caller's network address
     * @return empty when it may; otherwise how long until the next attempt is taken (answer 429 with
     *         Retry-After, and do not check the secret)
     */
    Optional<Duration> lockedFor(String account, String address);

    /** Records a failed attempt: a wrong secret, or an unknown account. */
    void failed(String account, String address);

    /** Records a successful login: the account's count starts again. */
    void succeeded(String account, String address);
}
