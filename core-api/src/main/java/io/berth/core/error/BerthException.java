package io.berth.core.error;

import static java.util.Objects.requireNonNull;

/** The one exception family of Berth: every failure carries a stable {@link ErrorCode}. */
public class BerthException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode errorCode;

    public BerthException(ErrorCode errorCode, String message) {
        super(requireNonNull(message, "message is null"));
        this.errorCode = requireNonNull(errorCode, "errorCode is null");
    }

    public BerthException(ErrorCode errorCode, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.errorCode = requireNonNull(errorCode, "errorCode is null");
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public ErrorKind kind() {
        return errorCode.kind();
    }
}
