package org.storebox.api.peripheral;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A configured device, registered as a service by its driver. Every method is safe to call from
 * any thread and returns or fails within the driver's configured timeout; none blocks forever on a
 * device that never answers.
 */
@ConsumerType
public interface Peripheral {

    /** Service property: the device's logical name (String), unique in the store, for example {@code front-printer}. */
    String PROP_NAME = "peripheral.name";
    /** Service property: the device's kind, {@link PeripheralKind#wire()} (String). */
    String PROP_KIND = "peripheral.kind";
    /** Service property: the driver that serves it, for example {@code escpos} or {@code javapos} (String). */
    String PROP_DRIVER = "peripheral.driver";

    /** The logical name, as in {@link #PROP_NAME}. */
    String name();

    PeripheralKind kind();

    /** The state now; never null, cheap (no device I/O). */
    PeripheralStatus status();

    /** Asks the device whether it works (a status query, not a printout); never throws. */
    SelfTest selfTest();
}
