package io.berth.core.error;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The one exception family of Berth: every failure carries a stable {@link ErrorCode}, and may carry
 * details a client can act on (the server adds them to its problem answer as extension members), such as
 * the longest extension of a booking that would still fit.
 */
public class BerthException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode errorCode;
    /** Transient: details are for the answer to a request, not for serialized exceptions. */
    private final transient Map<String, String> details;

    public BerthException(ErrorCode errorCode, String message) {
        this(errorCode, message, Map.of());
    }

    public BerthException(ErrorCode errorCode, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.errorCode = requireNonNull(errorCode, "errorCode is null");
        this.details = Map.of();
    }

    /**
     * @param details names (lower camel case, not one of RFC 9457's members) to values; copied
     */
    public BerthException(ErrorCode errorCode, String message, Map<String, String> details) {
        super(requireNonNull(message, "message is null"));
        this.errorCode = requireNonNull(errorCode, "errorCode is null");
        this.details = Map.copyOf(requireNonNull(details, "details is null"));
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public ErrorKind kind() {
        return errorCode.kind();
    }

    /** Machine-readable details; empty when there are none. Never null. */
    public Map<String, String> details() {
        return details == null ? Map.of() : details;
    }
}
