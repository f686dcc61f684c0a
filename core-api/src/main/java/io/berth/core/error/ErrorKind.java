package io.berth.core.error;

/**
 * The family an {@link ErrorCode} belongs to. Servers map a kind to a transport status in one place
 * (for HTTP: USER 400, AUTHENTICATION 401, PERMISSION 403, NOT_FOUND 404, CONFLICT 409,
 * CAPACITY 409, RATE_LIMITED 429, PROVIDER 502, INTERNAL 500).
 *
 * <p>AUTHENTICATION and PERMISSION are kinds of their own, beside the six the conventions name,
 * because "who are you" and "you may not" must reach clients as distinct statuses.
 */
public enum ErrorKind {
    USER,
    AUTHENTICATION,
    PERMISSION,
    NOT_FOUND,
    CONFLICT,
    CAPACITY,
    /** Too many attempts in a window; the caller may retry after a while. */
    RATE_LIMITED,
    PROVIDER,
    INTERNAL
}
