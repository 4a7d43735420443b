package org.storebox.peripherals.internal;

/** A device did not do what was asked; {@link #reason} says which way it failed, the message what to do. */
final class DeviceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** How a device call failed. */
    enum Reason {
        /** The device reports offline or error, so the box did not try. */
        NOT_READY,
        /** The driver did not answer in time. */
        TIMEOUT,
        /** An earlier call into the driver has still not returned. */
        STUCK,
        /** The box has too many device calls running. */
        BUSY,
        /** The driver threw: the device is offline, out of paper, or the driver is broken. */
        FAILED,
        /** The driver refused the request itself (text it cannot encode, for example). */
        REFUSED
    }

    final Reason reason;

    DeviceException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    DeviceException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }
}
