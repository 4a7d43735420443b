package org.storebox.webhooks.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.storebox.webhooks.internal.Receiver.Answer;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Client-credentials tokens from a real token endpoint on a loopback port: cached until shortly before expiry. */
class TokenSourceTest {
    Receiver receiver;
    HttpClient http = HttpClient.newHttpClient();
    Instant now = Instant.parse("2026-11-22T10:00:00Z");

    @BeforeEach
    void open() throws Exception {
        receiver = new Receiver();
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    private TokenSource source() {
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        return new TokenSource(r -> {
            try {
                return http.send(r, HttpResponse.BodyHandlers.ofString());
            } catch (InterruptedException e) {
                throw new java.io.IOException(e);
            }
        }, URI.create(receiver.url("/token")), "id", "secret", "", Duration.ofSeconds(5), clock);
    }

    @Test
    void cachedUntilShortlyBeforeExpiryThenRefreshed() throws Exception {
        AtomicInteger n = new AtomicInteger();
        receiver.script("/token", r -> new Answer(200, Map.of("Content-Type", "application/json"),
                "{\"access_token\":\"t" + n.incrementAndGet() + "\",\"token_type\":\"bearer\",\"expires_in\":100}"));
        TokenSource s = source();
        assertEquals("t1", s.token());
        now = now.plusSeconds(89);
        assertEquals("t1", s.token());
        // Refreshed 10 s (a tenth of its life) before it expires.
        now = now.plusSeconds(2);
        assertEquals("t2", s.token());
        assertEquals(2, s.fetches());
        assertEquals("grant_type=client_credentials", receiver.on("/token").get(0).body());
        s.invalidate();
        assertEquals("t3", s.token());
    }

    @Test
    void aRefusalNamesTheErrorButNoSecret() {
        receiver.script("/token", r -> new Answer(401, Map.of("Content-Type", "application/json"),
                "{\"error\":\"invalid_client\"}"));
        TokenSource.TokenException e = assertThrows(TokenSource.TokenException.class, () -> source().token());
        assertTrue(e.getMessage().contains("401 (invalid_client)"), e.getMessage());
        assertTrue(!e.getMessage().contains("secret"), e.getMessage());
    }
}
