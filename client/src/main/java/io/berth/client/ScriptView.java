package io.berth.client;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.net.URI;

import static java.util.Objects.requireNonNull;

/**
 * Where a task's script comes from: either {@code path}, relative to the server's script root, or
 * {@code url} together with the {@code sha256} digest the fetched script must match. Exactly one form
 * is set.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScriptView(String path, URI url, String sha256) {

    /** A script installed under the server's script root, e.g. {@code notebook/install.sh}. */
    public static ScriptView installed(String path) {
        return new ScriptView(requireNonNull(path, "path is null"), null, null);
    }

    /** A script the server downloads from {@code url} and checks against {@code sha256} (hexadecimal). */
    public static ScriptView fetched(URI url, String sha256) {
        return new ScriptView(null, requireNonNull(url, "url is null"), requireNonNull(sha256, "sha256 is null"));
    }
}
