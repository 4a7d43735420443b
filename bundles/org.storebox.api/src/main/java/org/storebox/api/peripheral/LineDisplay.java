package org.storebox.api.peripheral;

import org.osgi.annotation.versioning.ConsumerType;

/** A customer line display of two lines. */
@ConsumerType
public interface LineDisplay extends Peripheral {

    /** Characters per line. */
    int columns();

    /**
     * Shows two lines, each cut or padded to {@link #columns()}; null shows an empty line.
     *
     * @throws PeripheralException when the display is offline
     */
    void show(String line1, String line2);
}
