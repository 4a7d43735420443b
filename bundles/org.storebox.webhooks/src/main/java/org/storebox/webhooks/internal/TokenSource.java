package org.storebox.webhooks.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

import org.storebox.json.Json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * OAuth 2.0 client-credentials tokens for one target (RFC 6749 §4.4): a form POST with HTTP Basic client
 * authentication (§2.3.1), the token cached until shortly before {@code expires_in}, dropped on a 401.
 * Used on the target's own thread only.
 */
final class TokenSource {
    /** Sends a request within the target's timeout, or throws. */
    @FunctionalInterface
    interface Transport {
        HttpResponse<String> send(HttpRequest request) throws IOException;
    }

    /** The token endpoint failed or refused; the message never holds a secret. */
    static final class TokenException extends IOException {
        private static final long serialVersionUID = 1L;

        TokenException(String message) {
            super(message);
        }
    }

    private final Transport transport;
    private final URI url;
    private final String basic;
    private final String form;
    private final Duration timeout;
    private final Clock clock;
    private final AtomicLong fetches = new AtomicLong();
    private String token;
    private Instant refreshAt;

    TokenSource(Transport transport, URI url, String clientId, String clientSecret, String scope, Duration timeout,
            Clock clock) {
        this.transport = transport;
        this.url = url;
        this.basic = "Basic " + Base64.getEncoder().encodeToString((form(clientId) + ":" + form(clientSecret))
                .getBytes(StandardCharsets.UTF_8));
        this.form = "grant_type=client_credentials" + (scope.isEmpty() ? "" : "&scope=" + form(scope));
        this.timeout = timeout;
        this.clock = clock;
    }

    /** A valid access token, fetched when none is cached or the cached one is about to expire. */
    String token() throws IOException {
        if (token != null && (refreshAt == null || clock.instant().isBefore(refreshAt))) {
            return token;
        }
        token = null;
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Authorization", basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8)).build();
        fetches.incrementAndGet();
        HttpResponse<String> r = transport.send(request);
        String where = "token endpoint " + Settings.redacted(url);
        JsonNode body;
        try {
            body = Json.mapper().readTree(r.body() == null ? "" : r.body());
        } catch (IOException e) {
            body = null;
        }
        if (r.statusCode() != 200) {
            String error = body != null && body.hasNonNull("error") ? " (" + clip(body.get("error").asText()) + ")" : "";
            throw new TokenException(where + " answered " + r.statusCode() + error);
        }
        if (body == null || !body.hasNonNull("access_token") || body.get("access_token").asText().isEmpty()) {
            throw new TokenException(where + " answered 200 without an access_token");
        }
        if (body.hasNonNull("token_type") && !"bearer".equalsIgnoreCase(body.get("token_type").asText())) {
            throw new TokenException(where + " issued a token of type '" + clip(body.get("token_type").asText())
                    + "'; only bearer tokens are supported");
        }
        Instant now = clock.instant();
        if (body.hasNonNull("expires_in") && body.get("expires_in").canConvertToLong()) {
            long s = Math.max(0, body.get("expires_in").asLong());
            // Refresh a little early so a token never expires on its way to the receiver.
            refreshAt = now.plusSeconds(s - Math.min(60, s / 10));
        } else {
            refreshAt = null; // no lifetime given: kept until the receiver answers 401
        }
        token = body.get("access_token").asText();
        return token;
    }

    /** Forgets the cached token, after a 401 from the receiver. */
    void invalidate() {
        token = null;
    }

    /** How many times a token was requested from the endpoint. */
    long fetches() {
        return fetches.get();
    }

    private static String form(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String clip(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }
}
