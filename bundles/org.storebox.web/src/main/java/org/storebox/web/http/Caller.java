package org.storebox.web.http;

import java.util.Optional;

import org.storebox.api.auth.TokenVerifier;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The client behind a request's valid bearer token, for servlets outside the main API that check
 * tokens through {@link TokenVerifier}.
 *
 * @param clientId the client id
 * @param scope the scope the token carries, as written ({@code terminal}, {@code manager}, {@code admin})
 */
public record Caller(String clientId, String scope) {

    /**
     * The caller of a request.
     *
     * @throws Problem 401 with {@code WWW-Authenticate} when there is no bearer token or it is not valid
     */
    public static Caller of(HttpServletRequest req, TokenVerifier tokens) {
        String h = req.getHeader("Authorization");
        Optional<String[]> who = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)
                ? tokens.verifyBearer(h.substring(7).trim()) : Optional.empty();
        if (who.isEmpty()) {
            throw Problem.unauthorized("this call needs a valid access token from POST /oauth2/token, sent as "
                    + "'Authorization: Bearer <token>'");
        }
        return new Caller(who.get()[0], who.get()[1]);
    }

    /** Whether the caller's scope includes {@code needed}; a scope the box does not know includes nothing. */
    public boolean has(Scope needed) {
        Scope s = Scope.parse(scope);
        return s != null && s.includes(needed);
    }

    /**
     * Requires a scope; returns this caller.
     *
     * @throws Problem 403 with {@code WWW-Authenticate} when the caller's scope does not include {@code needed}
     */
    public Caller need(Scope needed) {
        if (!has(needed)) {
            throw Problem.insufficientScope(clientId, scope, needed);
        }
        return this;
    }
}
