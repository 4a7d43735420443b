package org.storebox.api.common;

/**
 * A request that the box refuses or cannot serve, with a sentence that tells the caller what to fix.
 * <p>
 * Services throw it for every business-rule failure; nothing has been written when it is thrown.
 */
public class StoreboxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of failure this is; the web layer maps each kind to an HTTP status. */
    public enum Kind {
        /** The input is well-formed but breaks a rule (unknown SKU, short tender, ...). */
        INVALID,
        /** The thing named does not exist. */
        NOT_FOUND,
        /** The request conflicts with what is stored (reused id with another body, day already closed). */
        CONFLICT,
        /** The box cannot serve the request now (database down, shutting down). */
        UNAVAILABLE
    }

    private final Kind kind;

    public StoreboxException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public StoreboxException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static StoreboxException invalid(String message) {
        return new StoreboxException(Kind.INVALID, message);
    }

    public static StoreboxException notFound(String message) {
        return new StoreboxException(Kind.NOT_FOUND, message);
    }

    public static StoreboxException conflict(String message) {
        return new StoreboxException(Kind.CONFLICT, message);
    }
}
