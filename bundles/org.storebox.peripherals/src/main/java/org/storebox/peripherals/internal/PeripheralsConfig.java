package org.storebox.peripherals.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the peripheral manager: driver call timeouts, the drawer alert, the e-receipt link and the event buffer. */
@ObjectClassDefinition(name = "storebox peripherals", description = "How long the box waits for device drivers, when an open "
        + "drawer alerts, the e-receipt link printed as a QR code, and how many live events a reconnecting terminal can catch up on.")
public @interface PeripheralsConfig {
    String PID = "org.storebox.peripherals";

    @AttributeDefinition(description = "Milliseconds the box waits for a driver to answer a status, self-test, drawer or display call "
            + "before it reports the device as not answering.")
    int call__timeout__ms() default 3000;

    @AttributeDefinition(description = "Milliseconds the box waits for a printer to take a whole document.")
    int print__timeout__ms() default 20000;

    @AttributeDefinition(description = "Milliseconds a scale may take to settle when GET .../weight gives no timeout_ms (at most 30000).")
    int weigh__timeout__ms() default 2000;

    @AttributeDefinition(description = "Seconds a cash drawer may stay open before it is an alert.")
    int drawer__open__alert__s() default 120;

    @AttributeDefinition(description = "Base URL of the e-receipt page; a printed sale receipt ends with a QR code of this URL followed "
            + "by the sale id. Empty: no QR code.")
    String receipt__url__base() default "";

    @AttributeDefinition(description = "How many recent events the live stream keeps for terminals that reconnect with Last-Event-ID.")
    int events__buffer() default 200;
}
