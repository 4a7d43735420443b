package org.storebox.webhooks.internal;

import java.util.function.DoubleSupplier;

/**
 * Exponential retry delays with jitter: the n-th failure waits a random time between half and all of
 * {@code min(max, initial * 2^n)}, so boxes that lost the same receiver do not return together.
 */
final class Backoff {
    private final long initialMs;
    private final long maxMs;
    private final DoubleSupplier random;
    private int failures;

    Backoff(long initialMs, long maxMs, DoubleSupplier random) {
        this.initialMs = initialMs;
        this.maxMs = maxMs;
        this.random = random;
    }

    /** The delay before the next attempt, after one more failure. */
    long next() {
        long ceiling = initialMs << Math.min(failures, 30);
        ceiling = ceiling <= 0 || ceiling > maxMs ? maxMs : ceiling;
        failures++;
        return ceiling / 2 + (long) (random.getAsDouble() * (ceiling - ceiling / 2));
    }

    void reset() {
        failures = 0;
    }
}
