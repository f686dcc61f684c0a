package io.berth.server.http;

import io.berth.core.error.ErrorCode;
import io.berth.server.api.Problem;
import io.javalin.http.HttpStatus;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

import static java.util.Objects.requireNonNull;

/**
 * Answers the errors Jetty raises before a request reaches Javalin (a malformed request line or header, a
 * path Jetty refuses) as problem documents too, instead of Jetty's HTML page. Jetty asks the server's
 * handler for errors outside any context and the servlet context's handler for those inside it, so one
 * variant of each is installed.
 */
final class ProblemErrorHandler {
    private ProblemErrorHandler() {
    }

    /** The handler of the server, for errors before a context is chosen. */
    static ErrorHandler forServer(JsonBodies json) {
        return new ErrorHandler() {
            @Override
            protected void generateResponse(Request request, Response response, int code, String message,
                    Throwable cause, Callback callback) {
                writeProblem(json, request, response, code, message, callback);
            }
        };
    }

    /** The handler of the servlet context. */
    static ErrorHandler forServletContext(JsonBodies json) {
        return new org.eclipse.jetty.ee10.servlet.ErrorHandler() {
            @Override
            protected void generateResponse(Request request, Response response, int code, String message,
                    Throwable cause, Callback callback) {
                writeProblem(json, request, response, code, message, callback);
            }
        };
    }

    private static void writeProblem(JsonBodies json, Request request, Response response, int status, String message,
            Callback callback) {
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        response.write(true, ByteBuffer.wrap(problem(json, status, message, path(request))), callback);
    }

    private static String path(Request request) {
        HttpURI uri = request.getHttpURI();
        // the encoded path: decoding it may be what made the request fail
        return uri == null || uri.getPath() == null ? "" : uri.getPath();
    }

    private static byte[] problem(JsonBodies json, int status, String message, String path) {
        ErrorCode code = switch (status) {
            case 404 -> ErrorCode.ROUTE_NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ErrorCode.TOO_MANY_ATTEMPTS;
            default -> status >= 400 && status < 500 ? ErrorCode.INVALID_REQUEST : ErrorCode.INTERNAL_ERROR;
        };
        HttpStatus known = HttpStatus.forStatus(status);
        String title = known == HttpStatus.UNKNOWN ? "Error" : known.getMessage();
        // Jetty's own messages name the rule the request broke; internal ones stay in the log
        String detail = message == null || message.isBlank() || code == ErrorCode.INTERNAL_ERROR ? title : message;
        return json.write(new Problem(Problem.TYPE_PREFIX + code.code(), title, status, detail, code.code(), path));
    }
}
