package org.storebox.manager.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Page sessions in memory: a random id in an HttpOnly, SameSite=Strict cookie, and a CSRF token the page sends back in a header. */
final class Sessions {
    static final String COOKIE = "storebox_session";

    /** A logged-in manager. */
    static final class Session {
        final String id;
        final String name;
        final String csrf;
        volatile Instant lastUse;

        Session(String id, String name, String csrf, Instant now) {
            this.id = id;
            this.name = name;
            this.csrf = csrf;
            this.lastUse = now;
        }
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Duration idle;
    private final Clock clock;

    Sessions(Duration idle, Clock clock) {
        this.idle = idle;
        this.clock = clock;
    }

    Session open(String name) {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> s.lastUse.plus(idle).isBefore(now));
        Session s = new Session(Passwords.token(), name, Passwords.token(), now);
        sessions.put(s.id, s);
        return s;
    }

    Optional<Session> get(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session s = sessions.get(id);
        Instant now = clock.instant();
        if (s == null || s.lastUse.plus(idle).isBefore(now)) {
            if (s != null) {
                sessions.remove(id);
            }
            return Optional.empty();
        }
        s.lastUse = now;
        return Optional.of(s);
    }

    void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    String cookie(Session s) {
        return COOKIE + "=" + s.id + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + idle.toSeconds();
    }

    static String expired() {
        return COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
    }
}
