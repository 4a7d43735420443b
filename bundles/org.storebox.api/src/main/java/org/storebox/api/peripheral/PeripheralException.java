package org.storebox.api.peripheral;

import org.storebox.api.common.StoreboxException;

/**
 * A device could not do what was asked: it is offline, out of paper, busy, or answered garbage.
 * The message says what is wrong and what to do; kind {@code UNAVAILABLE} when the device cannot
 * work now, {@code INVALID} when the request itself is wrong (a weight asked of a printer, text
 * the printer cannot encode).
 */
public class PeripheralException extends StoreboxException {
    private static final long serialVersionUID = 1L;

    public PeripheralException(Kind kind, String message) {
        super(kind, message);
    }

    public PeripheralException(Kind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }

    public static PeripheralException unavailable(String message) {
        return new PeripheralException(Kind.UNAVAILABLE, message);
    }
}
