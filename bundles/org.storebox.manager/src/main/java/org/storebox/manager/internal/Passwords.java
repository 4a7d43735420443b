package org.storebox.manager.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** Slow password hashing with the JDK's PBKDF2WithHmacSHA256, a 16-byte random salt per account and a high iteration count. */
final class Passwords {
    static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENC = Base64.getEncoder();
    private static final Base64.Decoder DEC = Base64.getDecoder();

    private Passwords() {
    }

    static String salt() {
        byte[] s = new byte[16];
        RANDOM.nextBytes(s);
        return ENC.encodeToString(s);
    }

    static String hash(char[] password, String salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password, DEC.decode(salt), iterations, 256);
            try {
                return ENC.encodeToString(SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded());
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JDK", e);
        }
    }

    /** Compares in constant time. */
    static boolean matches(char[] password, String salt, int iterations, String expected) {
        return MessageDigest.isEqual(DEC.decode(expected), DEC.decode(hash(password, salt, iterations)));
    }

    static String token() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
