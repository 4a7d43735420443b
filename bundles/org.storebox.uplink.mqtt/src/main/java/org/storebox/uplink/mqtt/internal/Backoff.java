package org.storebox.uplink.mqtt.internal;

import java.util.function.DoubleSupplier;

/**
 * Exponential reconnect delays with jitter: the n-th failure waits a random time between half and
 * all of {@code min(max, initial * 2^n)}, so a chain of boxes does not reconnect in lockstep.
 */
final class Backoff {
    private final long initialMs;
    private final long maxMs;
    private final DoubleSupplier random;
    private int failures;

    Backoff(long initialMs, long maxMs, DoubleSupplier random) {
        if (initialMs < 1 || maxMs < initialMs) {
            throw new IllegalArgumentException("back-off needs 1 <= backoff_initial_ms <= backoff_max_ms; got "
                    + initialMs + " and " + maxMs);
        }
        this.initialMs = initialMs;
        this.maxMs = maxMs;
        this.random = random;
    }

    /** The delay before the next attempt, after one more failure. */
    synchronized long next() {
        long ceiling = initialMs << Math.min(failures, 30);
        ceiling = ceiling <= 0 || ceiling > maxMs ? maxMs : ceiling;
        failures++;
        return ceiling / 2 + (long) (random.getAsDouble() * (ceiling - ceiling / 2));
    }

    /** After a successful connection. */
    synchronized void reset() {
        failures = 0;
    }

    synchronized int failures() {
        return failures;
    }
}
