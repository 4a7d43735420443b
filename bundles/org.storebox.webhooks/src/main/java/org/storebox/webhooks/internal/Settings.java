package org.storebox.webhooks.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * A target's configuration, checked: every refusal is an {@link IllegalArgumentException} whose message
 * starts with the configuration key and says what to fix. Secrets are kept, never put in a message.
 */
record Settings(String name, URI url, EventFilter filter, String secret, int timeoutMs, int maxAttempts,
        long backoffInitialMs, long backoffMaxMs, int retryAfterMaxS, long pollIntervalMs, boolean deliverExisting,
        int failingAlertS, URI tokenUrl, String clientId, String clientSecret, String scope) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,100}");
    static final int MIN_SECRET = 16;

    static Settings of(WebhookTargetConfig c) {
        String name = trim(c.name());
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: '" + name + "' must be 1 to 100 letters, digits, '-' or '_', "
                    + "for example erp");
        }
        URI url = url("url", trim(c.url()), true);
        EventFilter filter = new EventFilter(c.event__types());
        String secret = c.secret() == null ? "" : c.secret();
        if (secret.length() < MIN_SECRET) {
            throw new IllegalArgumentException("secret: the signing secret of target " + name + " is "
                    + (secret.isEmpty() ? "missing" : "too short") + "; set at least " + MIN_SECRET
                    + " random characters and give the same to the receiver");
        }
        atLeast("timeout_ms", c.timeout__ms(), 1);
        atLeast("max_attempts", c.max__attempts(), 1);
        atLeast("backoff_initial_ms", c.backoff__initial__ms(), 1);
        if (c.backoff__max__ms() < c.backoff__initial__ms()) {
            throw new IllegalArgumentException("backoff_max_ms is " + c.backoff__max__ms()
                    + "; it must be at least backoff_initial_ms (" + c.backoff__initial__ms() + ")");
        }
        atLeast("retry_after_max_s", c.retry__after__max__s(), 0);
        atLeast("poll_interval_ms", c.poll__interval__ms(), 10);
        atLeast("failing_alert_s", c.failing__alert__s(), 1);
        String tokenUrl = trim(c.oauth__token__url());
        String clientId = trim(c.oauth__client__id());
        String clientSecret = c.oauth__client__secret() == null ? "" : c.oauth__client__secret();
        URI token = null;
        if (!tokenUrl.isEmpty()) {
            token = url("oauth_token_url", tokenUrl, false);
            if (clientId.isEmpty()) {
                throw new IllegalArgumentException("oauth_client_id: target " + name
                        + " has an oauth_token_url but no client id");
            }
            if (clientSecret.isEmpty()) {
                throw new IllegalArgumentException("oauth_client_secret: target " + name
                        + " has an oauth_token_url but no client secret");
            }
        } else if (!clientId.isEmpty() || !clientSecret.isEmpty()) {
            throw new IllegalArgumentException("oauth_token_url: target " + name
                    + " has OAuth client credentials but no token endpoint; set oauth_token_url or remove them");
        }
        return new Settings(name, url, filter, secret, c.timeout__ms(), c.max__attempts(), c.backoff__initial__ms(),
                c.backoff__max__ms(), c.retry__after__max__s(), c.poll__interval__ms(), c.deliver__existing(),
                c.failing__alert__s(), token, clientId, clientSecret, trim(c.oauth__scope()));
    }

    boolean oauth() {
        return tokenUrl != null;
    }

    /** The URL for logs and the admin API: scheme, host, port and path; never the query or user info. */
    static String redacted(URI u) {
        return u.getScheme() + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "")
                + (u.getRawPath() == null ? "" : u.getRawPath());
    }

    /** Checks an http(s) URL: https, or http to a loopback host only; no credentials in it. */
    static URI url(String key, String text, boolean allowQuery) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException(key + " is missing; for example https://erp.example.com/storebox/events");
        }
        URI u;
        try {
            u = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(key + ": '" + text.replaceAll("\\?.*", "?...") + "' is not a URL: "
                    + e.getReason());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase();
        if (u.getHost() == null || u.getHost().isBlank() || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new IllegalArgumentException(key + ": '" + text.replaceAll("\\?.*", "?...")
                    + "' must be an https:// URL with a host, for example https://erp.example.com/storebox/events");
        }
        if (u.getRawUserInfo() != null) {
            throw new IllegalArgumentException(key + ": the URL carries credentials; remove them from the URL "
                    + "(use secret, or the oauth_* keys)");
        }
        if (scheme.equals("http") && !loopback(u.getHost())) {
            throw new IllegalArgumentException(key + ": '" + redacted(u) + "' uses plain http://; https:// is required "
                    + "except to a loopback host (localhost, 127.0.0.1, [::1])");
        }
        if (!allowQuery && u.getRawQuery() != null) {
            throw new IllegalArgumentException(key + ": '" + redacted(u) + "' must not carry a query");
        }
        if (u.getPort() > 65535) {
            throw new IllegalArgumentException(key + ": '" + redacted(u) + "' has an invalid port");
        }
        return u;
    }

    /** Loopback by its literal name or address only: never a DNS lookup at activation. */
    static boolean loopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void atLeast(String key, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(key + " is " + value + "; it must be at least " + min);
        }
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }

    /** Never prints the secrets. */
    @Override
    public String toString() {
        return "Settings[" + name + " -> " + redacted(url) + ", " + filter.patterns() + "]";
    }
}
