package org.storebox.api.peripheral;

import org.osgi.annotation.versioning.ConsumerType;

/** A cash drawer; opening and closing are also {@link PeripheralEvents#TOPIC_DRAWER} events. */
@ConsumerType
public interface CashDrawer extends Peripheral {

    /**
     * Sends the kick pulse.
     *
     * @throws PeripheralException when the drawer (or the printer it hangs on) is offline
     */
    void open();

    /** Whether the drawer reports open now; false when it cannot tell. */
    boolean isOpen();
}
