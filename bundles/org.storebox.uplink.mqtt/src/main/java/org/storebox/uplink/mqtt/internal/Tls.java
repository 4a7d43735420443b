package org.storebox.uplink.mqtt.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** TLS for {@code ssl://} brokers from PEM files: the CA that signs the broker, and an optional client certificate. */
final class Tls {
    private static final Pattern PKCS8 = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private Tls() {
    }

    /**
     * A socket factory trusting the CAs of {@code caFile} (null: the JVM's), presenting the client
     * certificate of {@code certFile} with the key of {@code keyFile} when both are given.
     *
     * @throws IllegalArgumentException with a sentence naming the file that is missing or unreadable
     */
    static SSLSocketFactory socketFactory(Path caFile, Path certFile, Path keyFile) {
        try {
            TrustManagerFactory tmf = null;
            if (caFile != null) {
                List<Certificate> cas = certificates(caFile, "ca_file");
                KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                for (int i = 0; i < cas.size(); i++) {
                    trust.setCertificateEntry("ca-" + i, cas.get(i));
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (certFile != null || keyFile != null) {
                if (certFile == null || keyFile == null) {
                    throw new IllegalArgumentException("a client certificate needs both client_cert_file and "
                            + "client_key_file; only " + (certFile == null ? "client_key_file" : "client_cert_file")
                            + " is set");
                }
                List<Certificate> chain = certificates(certFile, "client_cert_file");
                PrivateKey key = privateKey(keyFile);
                char[] pw = new char[0];
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                ks.setKeyEntry("client", key, pw, chain.toArray(new Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, pw);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot set up TLS for the MQTT uplink: " + e.getMessage(), e);
        }
    }

    private static List<Certificate> certificates(Path file, String key) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(key + " " + file + " does not exist or cannot be read");
        }
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> c = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (c.isEmpty()) {
                throw new IllegalArgumentException(key + " " + file + " holds no PEM certificate");
            }
            return new ArrayList<>(c);
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalArgumentException(key + " " + file + " is not a PEM certificate file: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("client_key_file " + file + " does not exist or cannot be read");
        }
        Matcher m = PKCS8.matcher(Files.readString(file, StandardCharsets.US_ASCII));
        if (!m.find()) {
            throw new IllegalArgumentException("client_key_file " + file + " holds no unencrypted PKCS#8 key "
                    + "(-----BEGIN PRIVATE KEY-----); convert it with `openssl pkcs8 -topk8 -nocrypt`");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(1));
        for (String alg : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("client_key_file " + file + " holds a key that is neither RSA nor EC "
                + "nor EdDSA");
    }
}
