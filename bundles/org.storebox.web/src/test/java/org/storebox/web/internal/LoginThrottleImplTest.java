package org.storebox.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Lockouts per account and per address, their doubling, expiry and alerts, on a clock the test moves. */
class LoginThrottleImplTest {
    private final MovingClock clock = new MovingClock();
    private final LoginThrottleImpl throttle = new LoginThrottleImpl(new Config(5, 900, 60, 1800), clock);

    @Test
    void fiveFailuresLockTheAccountAndTheAddressForAMinute() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("terminal-1", "10.0.0.9");
        }
        assertEquals(Optional.empty(), throttle.lockedFor("terminal-1", "10.0.0.9"), "four failures are allowed");
        throttle.failed("terminal-1", "10.0.0.9");
        assertEquals(Optional.of(Duration.ofSeconds(60)), throttle.lockedFor("terminal-1", "10.0.0.9"));
        assertTrue(throttle.lockedFor("terminal-1", "10.0.0.77").isPresent(), "the account is locked from any address");
        assertTrue(throttle.lockedFor("terminal-2", "10.0.0.9").isPresent(), "the address is locked for any account");
        assertEquals(Optional.empty(), throttle.lockedFor("terminal-2", "10.0.0.77"));
        assertEquals(List.of("login.locked", "login.locked"), throttle.evaluate().stream().map(c -> c.code).toList());

        clock.advance(Duration.ofSeconds(61));
        assertEquals(Optional.empty(), throttle.lockedFor("terminal-1", "10.0.0.9"), "the lock ends");
        assertEquals(List.of(), throttle.evaluate(), "and its alerts clear");
    }

    @Test
    void eachFurtherLockoutDoublesUpToTheCeiling() {
        long[] expected = { 60, 120, 240, 480, 960, 1800, 1800 };
        for (long seconds : expected) {
            for (int i = 0; i < 5; i++) {
                throttle.failed("mgr", "10.0.0.5");
            }
            assertEquals(Optional.of(Duration.ofSeconds(seconds)), throttle.lockedFor("mgr", "10.0.0.5"));
            clock.advance(Duration.ofSeconds(seconds));
        }
    }

    @Test
    void failuresOutsideTheWindowDoNotCountAndSuccessStartsTheAccountAgain() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("mgr", "10.0.0.5");
        }
        clock.advance(Duration.ofSeconds(901));
        throttle.failed("mgr", "10.0.0.5");
        assertEquals(Optional.empty(), throttle.lockedFor("mgr", "10.0.0.5"), "the four older failures left the window");
        for (int i = 0; i < 3; i++) {
            throttle.failed("mgr", "10.0.0.6");
        }
        throttle.succeeded("mgr", "10.0.0.6");
        throttle.failed("mgr", "10.0.0.7");
        assertEquals(Optional.empty(), throttle.lockedFor("mgr", "10.0.0.7"), "a success reset the account's count");
    }

    @Test
    void theBoxItselfIsCountedByAccountOnly() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("terminal-1", "127.0.0.1");
        }
        assertTrue(throttle.lockedFor("terminal-1", "127.0.0.1").isPresent(), "the account is locked");
        assertEquals(Optional.empty(), throttle.lockedFor("terminal-2", "127.0.0.1"), "other accounts on the box are not");
    }

    @Test
    void settingsThatMakeNoSenseAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LoginThrottleImpl(new Config(0, 900, 60, 1800), clock));
        assertThrows(IllegalArgumentException.class, () -> new LoginThrottleImpl(new Config(5, 900, 60, 30), clock));
    }

    private record Config(int maxFailures, int windowS, int lockS, int maxLockS) implements LoginThrottleImpl.Config {
        @Override
        public Class<? extends Annotation> annotationType() {
            return LoginThrottleImpl.Config.class;
        }

        @Override
        public int max__failures() {
            return maxFailures;
        }

        @Override
        public int window__s() {
            return windowS;
        }

        @Override
        public int lock__s() {
            return lockS;
        }

        @Override
        public int max__lock__s() {
            return maxLockS;
        }
    }
}
