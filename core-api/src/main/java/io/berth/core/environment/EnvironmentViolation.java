package io.berth.core.environment;

import static java.util.Objects.requireNonNull;

/**
 * One reason an environment document was refused.
 *
 * @param path    the JSON Pointer (RFC 6901) of the field at fault, e.g. {@code /python/packages/3}; empty for
 *                the document itself
 * @param message what is wrong with it, for people
 */
public record EnvironmentViolation(String path, String message) {
    public EnvironmentViolation {
        requireNonNull(path, "path is null");
        requireNonNull(message, "message is null");
    }

    @Override
    public String toString() {
        return (path.isEmpty() ? "/" : path) + ": " + message;
    }
}
