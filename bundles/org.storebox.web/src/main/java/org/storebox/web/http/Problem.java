package org.storebox.web.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.storebox.api.common.StoreboxException;

/**
 * An HTTP refusal: its status, title, the sentence for the caller ({@link #getMessage()}) and any
 * headers the answer carries. Thrown by request handling and written by {@link Http#problem}.
 */
public class Problem extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** Seconds a caller waits after a 503 before repeating the same request. */
    public static final String RETRY_AFTER_S = "1";

    private final int status;
    private final String title;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public Problem(int status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    /** Adds a header to the answer; returns this problem. */
    public Problem header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The headers the answer carries, in the order they were added. */
    public Map<String, String> headers() {
        return Collections.unmodifiableMap(headers);
    }

    /** 400: the request is malformed. */
    public static Problem badRequest(String detail) {
        return new Problem(400, "Bad request", detail);
    }

    /** 404: the thing or the route does not exist. */
    public static Problem notFound(String detail) {
        return new Problem(404, "Not found", detail);
    }

    /** 405 with {@code Allow}: the path exists, the method does not; "{what} takes GET, not POST". */
    public static Problem methodNotAllowed(String what, String method, String... allowed) {
        String allow = String.join(", ", allowed);
        return new Problem(405, "Method not allowed", what + " takes " + String.join(" or ", allowed) + ", not " + method)
                .header("Allow", allow);
    }

    /** 401 with {@code WWW-Authenticate}: no valid bearer token. */
    public static Problem unauthorized(String detail) {
        return new Problem(401, "Unauthorized", detail).header("WWW-Authenticate", "Bearer realm=\"storebox\"");
    }

    /** 403 with {@code WWW-Authenticate}: the client's scope ({@code has}, as the token says) is below {@code needed}. */
    public static Problem insufficientScope(String clientId, String has, Scope needed) {
        return new Problem(403, "Forbidden", "this call needs the '" + needed.value() + "' scope; client " + clientId + " has '"
                + has + "'").header("WWW-Authenticate", "Bearer realm=\"storebox\", error=\"insufficient_scope\", scope=\""
                        + needed.value() + "\"");
    }

    /**
     * The answer to a service's refusal: NOT_FOUND 404, CONFLICT 409, UNAVAILABLE 503 with
     * {@code Retry-After}, INVALID 422.
     */
    public static Problem of(StoreboxException e) {
        return switch (e.kind()) {
            case NOT_FOUND -> notFound(e.getMessage());
            case CONFLICT -> new Problem(409, "Conflict", e.getMessage());
            case UNAVAILABLE -> new Problem(503, "Service unavailable", e.getMessage()).header("Retry-After", RETRY_AFTER_S);
            default -> new Problem(422, "Unprocessable content", e.getMessage());
        };
    }
}
