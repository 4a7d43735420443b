package org.storebox.web.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.storebox.web.http.Scope;

/**
 * Self-contained bearer tokens: {@code base64url(v1|client|scope|expiry) "." base64url(HMAC-SHA256)},
 * signed with a key kept in {@code secrets/token.key} (mode 600). They survive a restart of the box,
 * so terminals keep selling across one.
 */
final class Tokens {
    private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DEC = Base64.getUrlDecoder();

    private final byte[] key;
    private final Clock clock;

    Tokens(byte[] key, Clock clock) {
        this.key = key.clone();
        this.clock = clock;
    }

    /** Loads the signing key, creating it on the first start. */
    static byte[] loadKey(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] k = new byte[32];
                Secrets.RANDOM.nextBytes(k);
                Secrets.writePrivate(file, ENC.encode(k));
            }
            return DEC.decode(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the token key " + file, e);
        }
    }

    String issue(String clientId, Scope scope, long ttlSeconds) {
        long exp = clock.instant().getEpochSecond() + ttlSeconds;
        String payload = ENC.encodeToString(("v1|" + clientId + "|" + scope.value() + "|" + exp).getBytes(StandardCharsets.UTF_8));
        return payload + "." + ENC.encodeToString(mac(payload));
    }

    /** The verified token, or a {@link Rejected} saying why not. */
    Object verify(String token) {
        int dot = token.indexOf('.');
        if (dot < 1) {
            return new Rejected("the token is malformed; get a new one from /oauth2/token");
        }
        String payload = token.substring(0, dot);
        byte[] sig;
        String[] parts;
        try {
            sig = DEC.decode(token.substring(dot + 1));
            parts = new String(DEC.decode(payload), StandardCharsets.UTF_8).split("\\|");
        } catch (IllegalArgumentException e) {
            return new Rejected("the token is malformed; get a new one from /oauth2/token");
        }
        if (!MessageDigest.isEqual(sig, mac(payload)) || parts.length != 4 || !"v1".equals(parts[0])) {
            return new Rejected("the token's signature is not valid; get a new one from /oauth2/token");
        }
        Scope scope = Scope.parse(parts[2]);
        long exp;
        try {
            exp = Long.parseLong(parts[3]);
        } catch (NumberFormatException e) {
            return new Rejected("the token is malformed; get a new one from /oauth2/token");
        }
        if (scope == null) {
            return new Rejected("the token names an unknown scope; get a new one from /oauth2/token");
        }
        if (clock.instant().getEpochSecond() >= exp) {
            return new Rejected("the token has expired; get a new one from /oauth2/token");
        }
        return new Principal(parts[1], scope);
    }

    private byte[] mac(String payload) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return m.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Why a token was refused. */
    record Rejected(String reason) {
    }
}
