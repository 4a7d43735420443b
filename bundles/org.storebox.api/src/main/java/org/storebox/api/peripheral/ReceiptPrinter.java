package org.storebox.api.peripheral;

import org.osgi.annotation.versioning.ConsumerType;

/** A receipt printer. */
@ConsumerType
public interface ReceiptPrinter extends Peripheral {

    /** Characters per line in normal size (East Asian wide characters count as two). */
    int columns();

    /**
     * Prints a document and returns once the printer took all of it.
     *
     * @throws PeripheralException when the printer is offline, out of paper, has its cover open, or
     *                             stops answering mid-document (the message says which)
     */
    void print(PrintDocument document);
}
