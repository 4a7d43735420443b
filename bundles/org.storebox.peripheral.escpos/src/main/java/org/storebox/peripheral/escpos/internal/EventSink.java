package org.storebox.peripheral.escpos.internal;

import java.util.Map;

/** Where a driver posts its events: EventAdmin in the framework, a recorder in tests. */
@FunctionalInterface
interface EventSink {
    /** Posts asynchronously; never throws. */
    void post(String topic, Map<String, Object> properties);
}
