package org.storebox.api.peripheral;

import java.math.BigDecimal;

/**
 * A scale's answer. Only {@link State#STABLE} carries a value; the other states are not numbers.
 *
 * @param state the scale's state
 * @param value the net weight with the scale's resolution, for example {@code 0.345}; null unless stable
 * @param unit  the unit as the scale reports it, for example {@code kg}; null unless stable
 */
public record Weight(State state, BigDecimal value, String unit) {

    public enum State {
        STABLE, MOTION, OVERLOAD, UNDER_ZERO
    }

    public static Weight stable(BigDecimal value, String unit) {
        return new Weight(State.STABLE, value, unit);
    }

    public static Weight of(State state) {
        if (state == State.STABLE) {
            throw new IllegalArgumentException("a stable weight needs a value");
        }
        return new Weight(state, null, null);
    }
}
