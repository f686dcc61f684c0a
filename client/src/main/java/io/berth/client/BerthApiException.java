package io.berth.client;

import io.berth.core.error.ErrorCode;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A request to the Berth server failed.
 *
 * <p>Either the server answered with an error ({@link #status()} is the HTTP status and {@link #code()} the
 * stable code of its problem document), or no usable answer arrived: then {@link #status()} is 0 and
 * {@link #code()} is one of the client-side codes {@link #CONNECTION_FAILED}, {@link #TIMEOUT} or
 * {@link #INTERRUPTED}. A server answer that is not the documented JSON has the code
 * {@link #UNEXPECTED_RESPONSE}.
 */
public class BerthApiException extends RuntimeException {

    /** The server could not be reached, or the connection broke; the message names the URL. */
    public static final String CONNECTION_FAILED = "connection-failed";
    /** {@link BerthClient#waitFor} gave up before the command reached a terminal state. */
    public static final String TIMEOUT = "timeout";
    /** The calling thread was interrupted while waiting for the server; its interrupt flag is set again. */
    public static final String INTERRUPTED = "interrupted";
    /** The server answered something other than the documented JSON (a proxy's error page, say). */
    public static final String UNEXPECTED_RESPONSE = "unexpected-response";

    private final int status;
    private final String code;
    private final String title;
    private final String detail;
    private final String instance;

    /**
     * @param status   the HTTP status, or 0 when no answer arrived
     * @param code     the stable error code, never null
     * @param title    a short summary, may be null
     * @param detail   the explanation for people, never null
     * @param instance the request path the problem is about, may be null
     */
    public BerthApiException(int status, String code, String title, String detail, String instance, Throwable cause) {
        super(message(status, requireNonNull(code, "code is null"), requireNonNull(detail, "detail is null")), cause);
        this.status = status;
        this.code = code;
        this.title = title;
        this.detail = detail;
        this.instance = instance;
    }

    /** An error the server explained with a problem document. */
    public static BerthApiException fromProblem(ProblemView problem) {
        String code = problem.code() != null ? problem.code() : codeFromType(problem.type());
        String detail = problem.detail() != null && !problem.detail().isBlank() ? problem.detail()
                : problem.title() != null ? problem.title() : "HTTP " + problem.status();
        return new BerthApiException(problem.status(), code, problem.title(), detail, problem.instance(), null);
    }

    /** The HTTP status of the answer, or 0 when none arrived. */
    public int status() {
        return status;
    }

    /** The stable error code, e.g. {@code plan-not-found} or {@link #CONNECTION_FAILED}. */
    public String code() {
        return code;
    }

    /** The problem's title (usually the HTTP reason phrase), or {@code null}. */
    public String title() {
        return title;
    }

    /** What went wrong, for people. */
    public String detail() {
        return detail;
    }

    /** The request path the problem is about, or {@code null}. */
    public String instance() {
        return instance;
    }

    /** The {@link ErrorCode} with this {@link #code()}, if this client knows it. */
    public Optional<ErrorCode> errorCode() {
        for (ErrorCode candidate : ErrorCode.values()) {
            if (candidate.code().equals(code)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static String codeFromType(String type) {
        String prefix = "urn:berth:problem:";
        return type != null && type.startsWith(prefix) && type.length() > prefix.length()
                ? type.substring(prefix.length()) : UNEXPECTED_RESPONSE;
    }

    private static String message(int status, String code, String detail) {
        return status == 0 ? detail + " (" + code + ")" : detail + " (" + code + ", HTTP " + status + ")";
    }
}
