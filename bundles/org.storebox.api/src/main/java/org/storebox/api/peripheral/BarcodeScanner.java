package org.storebox.api.peripheral;

import org.osgi.annotation.versioning.ConsumerType;

/** A barcode scanner; its scans are {@link PeripheralEvents#TOPIC_SCAN} events. */
@ConsumerType
public interface BarcodeScanner extends Peripheral {
}
