package io.berth.server.http;

import io.berth.core.error.BerthException;

import io.berth.core.error.ErrorCode;
import io.berth.core.error.ErrorKind;
import io.berth.server.api.Problem;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * The one place where failures become HTTP answers: every error is an RFC 9457 problem document with the
 * stable {@link ErrorCode#code()}, and the status follows from the code's {@link ErrorKind} as docs/api.md
 * lists it. Unexpected exceptions are logged with a reference and answered 500 without their details.
 */
public final class Problems {
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    /** The detail of a RATE_LIMITED error that becomes the {@code Retry-After} header. */
    public static final String RETRY_AFTER_SECONDS = "retryAfterSeconds";

    private final JsonBodies json;

    public Problems(JsonBodies json) {
        this.json = requireNonNull(json, "json is null");
    }

    /** The HTTP status of an error code. */
    public static int status(ErrorCode code) {
        return switch (code) {
            case PAYLOAD_TOO_LARGE -> 413;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case METHOD_NOT_ALLOWED -> 405;
            // Raised only when a configuration is checked, where a script that does not exist or does not
            // match its digest is a mistake in the request, not a failing upstream.
            case SCRIPT_NOT_FOUND, SCRIPT_CHECKSUM_MISMATCH -> 400;
            default -> switch (code.kind()) {
                case USER -> 400;
                case AUTHENTICATION -> 401;
                case PERMISSION -> 403;
                case NOT_FOUND -> 404;
                case CONFLICT, CAPACITY -> 409;
                case RATE_LIMITED -> 429;
                case PROVIDER -> 502;
                case INTERNAL -> 500;
            };
        };
    }

    /** Installs the exception handlers. */
    public void register(RoutesConfig routes) {
        routes.exception(BerthException.class, (e, ctx) -> berth(e, ctx));
        routes.exception(HttpResponseException.class, (e, ctx) -> http(e, ctx));
        routes.exception(Exception.class, (e, ctx) -> unexpected(e, ctx));
    }

    private void berth(BerthException e, Context ctx) {
        if (e.kind() == ErrorKind.INTERNAL) {
            String reference = UUID.randomUUID().toString();
            LOG.error("{} {} failed [{}]: {}", ctx.method(), ctx.path(), reference, e.getMessage(), e);
            write(ctx, e.errorCode(), "the server could not complete the request (" + e.errorCode().code()
                    + "); reference " + reference + " in the server log");
            return;
        }
        write(ctx, e.errorCode(), e.getMessage(), e.details());
    }

    private void http(HttpResponseException e, Context ctx) {
        switch (e.getStatus()) {
            case 404 -> write(ctx, ErrorCode.ROUTE_NOT_FOUND, "no route " + ctx.method() + " " + ctx.path());
            case 405 -> {
                String allowed = e.getDetails().getOrDefault("availableMethods",
                        e.getDetails().get("Available methods"));
                if (allowed != null) {
                    ctx.header(Header.ALLOW, allowed);
                }
                write(ctx, ErrorCode.METHOD_NOT_ALLOWED, ctx.method() + " is not allowed on " + ctx.path()
                        + (allowed == null ? "" : "; allowed: " + allowed));
            }
            case 413 -> write(ctx, ErrorCode.PAYLOAD_TOO_LARGE, "the request body is larger than "
                    + JsonBodies.MAX_BODY_BYTES + " bytes");
            case 415 -> write(ctx, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "unsupported content type");
            case 401 -> write(ctx, ErrorCode.AUTHENTICATION_REQUIRED, "authentication required");
            case 403 -> write(ctx, ErrorCode.FORBIDDEN, "forbidden");
            default -> {
                if (e.getStatus() >= 400 && e.getStatus() < 500) {
                    write(ctx, ErrorCode.INVALID_REQUEST, e.getMessage() == null ? "bad request" : e.getMessage());
                } else {
                    unexpected(e, ctx);
                }
            }
        }
    }

    private void unexpected(Exception e, Context ctx) {
        String reference = UUID.randomUUID().toString();
        LOG.error("{} {} failed unexpectedly [{}]", ctx.method(), ctx.path(), reference, e);
        write(ctx, ErrorCode.INTERNAL_ERROR, "the server failed unexpectedly; reference " + reference
                + " in the server log");
    }

    /** Writes a problem answer with the status of {@code code}. */
    public void write(Context ctx, ErrorCode code, String detail) {
        write(ctx, code, detail, Map.of());
    }

    /**
     * Writes a problem answer with the status of {@code code} and {@code details} as extension members (they never
     * replace RFC 9457's members).
     */
    public void write(Context ctx, ErrorCode code, String detail, Map<String, String> details) {
        int status = status(code);
        if (status == 429 && details.containsKey(RETRY_AFTER_SECONDS)) {
            ctx.header(Header.RETRY_AFTER, details.get(RETRY_AFTER_SECONDS));
        }
        if (status == 401) {
            ctx.header(Header.WWW_AUTHENTICATE, code == ErrorCode.INVALID_CREDENTIALS
                    ? "Bearer realm=\"berth\", error=\"invalid_token\"" : "Bearer realm=\"berth\"");
        }
        Problem problem = new Problem(Problem.TYPE_PREFIX + code.code(), HttpStatus.forStatus(status).getMessage(),
                status, detail, code.code(), ctx.path());
        Object body = problem;
        if (!details.isEmpty()) {
            Map<String, Object> members = new LinkedHashMap<>();
            details.forEach(members::put);
            members.put("type", problem.type());
            members.put("title", problem.title());
            members.put("status", problem.status());
            members.put("detail", problem.detail());
            members.put("code", problem.code());
            members.put("instance", problem.instance());
            body = members;
        }
        ctx.status(status).contentType(Problem.MEDIA_TYPE).result(json.write(body));
    }
}
