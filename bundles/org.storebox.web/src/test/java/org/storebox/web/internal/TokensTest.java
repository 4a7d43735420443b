package org.storebox.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storebox.web.http.Scope;

class TokensTest {
    private final byte[] key = new byte[32];

    @Test
    void aTokenCarriesItsClientAndScopeUntilItExpires() {
        Instant t0 = Instant.parse("2026-11-22T00:00:00Z");
        String token = new Tokens(key, Clock.fixed(t0, ZoneOffset.UTC)).issue("terminal-abc", Scope.TERMINAL, 60);
        Object ok = new Tokens(key, Clock.fixed(t0.plusSeconds(59), ZoneOffset.UTC)).verify(token);
        assertEquals(new Principal("terminal-abc", Scope.TERMINAL), ok);
        Object late = new Tokens(key, Clock.fixed(t0.plusSeconds(60), ZoneOffset.UTC)).verify(token);
        assertTrue(((Tokens.Rejected) late).reason().contains("expired"));
    }

    @Test
    void aTamperedTokenOrAnotherKeyIsRefused() {
        Tokens tokens = new Tokens(key, Clock.systemUTC());
        String token = tokens.issue("terminal-abc", Scope.TERMINAL, 60);
        String forged = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("v1|terminal-abc|admin|" + (Instant.now().getEpochSecond() + 60)).getBytes())
                + token.substring(token.indexOf('.'));
        assertInstanceOf(Tokens.Rejected.class, tokens.verify(forged));
        byte[] other = new byte[32];
        other[0] = 1;
        assertInstanceOf(Tokens.Rejected.class, new Tokens(other, Clock.systemUTC()).verify(token));
        assertInstanceOf(Tokens.Rejected.class, tokens.verify("garbage"));
        assertInstanceOf(Tokens.Rejected.class, tokens.verify("a.b"));
    }

    @Test
    void theSigningKeyFileIsOwnerOnlyAndStable(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secrets").resolve("token.key");
        byte[] first = Tokens.loadKey(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(32, first.length);
        assertEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(Tokens.loadKey(file)));
    }
}
