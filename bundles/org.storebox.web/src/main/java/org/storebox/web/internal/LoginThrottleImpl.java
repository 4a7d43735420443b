package org.storebox.web.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.alert.AlertCondition;
import org.storebox.api.alert.AlertRule;
import org.storebox.api.alert.Severity;
import org.storebox.api.auth.LoginThrottle;

/**
 * Failed logins per account and per address in a sliding window; past the limit the key is locked
 * for a time that doubles with each further lock, up to a ceiling. In memory: a restart forgets it
 * (a restart takes seconds, so it is no shortcut for a guesser). Locked keys are alerts.
 */
@Component(service = { LoginThrottle.class, AlertRule.class }, configurationPid = LoginThrottleImpl.PID,
        property = "alert.rule.name=login-throttle")
@Designate(ocd = LoginThrottleImpl.Config.class)
public class LoginThrottleImpl implements LoginThrottle, AlertRule {
    static final String PID = "org.storebox.web.login";
    private static final Logger LOG = LoggerFactory.getLogger(LoginThrottleImpl.class);

    @ObjectClassDefinition(name = "storebox login throttle", description = "Limits on failed logins at /oauth2/token and the manager page.")
    public @interface Config {
        @AttributeDefinition(description = "Failed attempts per account or per address within window_s that lock it out.")
        int max__failures() default 5;

        @AttributeDefinition(description = "Seconds over which failed attempts are counted.")
        int window__s() default 900;

        @AttributeDefinition(description = "Seconds of the first lockout; each further lockout of the same key doubles it.")
        int lock__s() default 60;

        @AttributeDefinition(description = "Longest lockout in seconds.")
        int max__lock__s() default 1800;
    }

    private static final class Key {
        final Deque<Instant> failures = new ArrayDeque<>();
        Instant lockedUntil;
        int locks;
    }

    private final Map<String, Key> keys = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int maxFailures;
    private final Duration window;
    private final Duration lock;
    private final Duration maxLock;

    @Activate
    public LoginThrottleImpl(Config config) {
        this(config, Clock.systemUTC());
    }

    LoginThrottleImpl(Config config, Clock clock) {
        if (config.max__failures() < 1 || config.window__s() < 1 || config.lock__s() < 1 || config.max__lock__s() < config.lock__s()) {
            throw new IllegalArgumentException("max_failures, window_s and lock_s must be at least 1, max_lock_s at least lock_s");
        }
        this.clock = clock;
        this.maxFailures = config.max__failures();
        this.window = Duration.ofSeconds(config.window__s());
        this.lock = Duration.ofSeconds(config.lock__s());
        this.maxLock = Duration.ofSeconds(config.max__lock__s());
    }

    @Override
    public Optional<Duration> lockedFor(String account, String address) {
        Instant now = clock.instant();
        Duration a = remaining("account:" + account, now);
        Duration b = loopback(address) ? Duration.ZERO : remaining("address:" + address, now);
        Duration longer = a.compareTo(b) >= 0 ? a : b;
        return longer.isZero() ? Optional.empty() : Optional.of(longer);
    }

    private Duration remaining(String id, Instant now) {
        Key k = keys.get(id);
        if (k == null) {
            return Duration.ZERO;
        }
        synchronized (k) {
            return k.lockedUntil == null || !k.lockedUntil.isAfter(now) ? Duration.ZERO : Duration.between(now, k.lockedUntil);
        }
    }

    @Override
    public void failed(String account, String address) {
        Instant now = clock.instant();
        LOG.warn("Failed login for {} from {}", account, address);
        fail("account:" + account, now);
        if (!loopback(address)) {
            fail("address:" + address, now);
        }
    }

    /** The box itself (its shell, a local kiosk, the tests): only accounts are counted from there. */
    private static boolean loopback(String address) {
        return address == null || address.startsWith("127.") || address.equals("::1") || address.equals("0:0:0:0:0:0:0:1");
    }

    private void fail(String id, Instant now) {
        Key k = keys.computeIfAbsent(id, x -> new Key());
        synchronized (k) {
            k.failures.addLast(now);
            while (!k.failures.isEmpty() && k.failures.peekFirst().isBefore(now.minus(window))) {
                k.failures.removeFirst();
            }
            if (k.failures.size() >= maxFailures) {
                Duration d = lock.multipliedBy(1L << Math.min(k.locks, 20));
                d = d.compareTo(maxLock) > 0 ? maxLock : d;
                k.lockedUntil = now.plus(d);
                k.locks++;
                k.failures.clear();
                LOG.warn("Logins for {} locked for {} s after {} failures", id, d.toSeconds(), maxFailures);
            }
        }
    }

    @Override
    public void succeeded(String account, String address) {
        keys.remove("account:" + account);
    }

    @Override
    public String source() {
        return "security";
    }

    @Override
    public List<AlertCondition> evaluate() {
        Instant now = clock.instant();
        List<AlertCondition> out = new ArrayList<>();
        keys.forEach((id, k) -> {
            synchronized (k) {
                if (k.lockedUntil != null && k.lockedUntil.isAfter(now)) {
                    String who = id.substring(id.indexOf(':') + 1);
                    boolean account = id.startsWith("account:");
                    out.add(new AlertCondition("locked:" + id, Severity.WARNING, "login.locked", (account ? "Logins for " + who
                            : "Logins from " + who) + " are locked until " + k.lockedUntil + " after " + maxFailures
                            + " failed attempts; if that was not a member of staff, check who is on the store network.",
                            who, null));
                } else if (k.failures.isEmpty() && (k.lockedUntil == null || !k.lockedUntil.isAfter(now.minus(maxLock.multipliedBy(2))))) {
                    keys.remove(id, k);
                }
            }
        });
        return out;
    }
}
