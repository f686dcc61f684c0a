package io.berth.client.cli;

import io.berth.client.BerthApiException;

/** The exit codes of the {@code berth} command, as its help lists them; scripts may rely on them. */
public final class ExitCodes {

    /** Success; a watched command ended COMPLETED or REMOVED. */
    public static final int OK = 0;
    /** The watched command ended FAILED. */
    public static final int COMMAND_FAILED = 1;
    /** The command line was wrong. */
    public static final int USAGE = 2;
    /** The server knows no such plan, deployment, command or account (HTTP 404). */
    public static final int NOT_FOUND = 3;
    /** The request conflicts with the current state (HTTP 409). */
    public static final int CONFLICT = 4;
    /** No valid API key, or not allowed (HTTP 401 and 403). */
    public static final int DENIED = 5;
    /** The server could not be reached. */
    public static final int UNREACHABLE = 6;
    /** Any other error. */
    public static final int OTHER_ERROR = 7;

    private ExitCodes() {
    }

    /** The exit code for a failed request. */
    public static int of(BerthApiException failure) {
        return switch (failure.status()) {
            case 0 -> BerthApiException.CONNECTION_FAILED.equals(failure.code()) ? UNREACHABLE : OTHER_ERROR;
            case 401, 403 -> DENIED;
            case 404 -> NOT_FOUND;
            case 409 -> CONFLICT;
            default -> OTHER_ERROR;
        };
    }
}
