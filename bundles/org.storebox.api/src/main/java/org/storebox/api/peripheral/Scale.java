package org.storebox.api.peripheral;

import java.time.Duration;

import org.osgi.annotation.versioning.ConsumerType;

/** A weighing scale. Only a stable weight may be sold. */
@ConsumerType
public interface Scale extends Peripheral {

    /**
     * Asks the scale for its weight and waits up to {@code timeout} for a stable one.
     *
     * @return a stable weight, or the state that stopped it (motion, overload, under zero)
     * @throws PeripheralException when the scale is offline or does not answer in time
     */
    Weight weigh(Duration timeout);

    /**
     * Sets the empty platter to zero.
     *
     * @throws PeripheralException UNAVAILABLE when the scale cannot zero now (the load moves, it is
     *                             busy, offline or does not answer); INVALID when the load is outside
     *                             the scale's zero range (something is on the platter)
     */
    void zero();
}
