package io.berth.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.berth.core.catalog.ScriptSource;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where a task's script comes from, in and out of the API: either {@code path} under the script root, or
 * {@code url} with the {@code sha256} its content must have.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScriptJson(String path, String url, String sha256) {

    public static ScriptJson of(ScriptSource source) {
        if (source instanceof ScriptSource.Installed installed) {
            return new ScriptJson(installed.path(), null, null);
        }
        ScriptSource.Fetched fetched = (ScriptSource.Fetched) source;
        return new ScriptJson(null, fetched.url().toString(), fetched.sha256());
    }

    /**
     * @param field where this script sits in the request, for messages
     * @throws BerthException INVALID_REQUEST unless exactly one form is given and valid
     */
    public ScriptSource toDomain(String field) {
        if (path != null && (url != null || sha256 != null)) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, field + " takes either a path or a url with its sha256,"
                    + " not both");
        }
        if (path != null) {
            return new ScriptSource.Installed(path);
        }
        if (url == null) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, field + " needs a path, or a url with its sha256");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, field + ".url is not a valid URL");
        }
        if (!uri.isAbsolute() || uri.isOpaque()) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, field + ".url must be an absolute URL");
        }
        return new ScriptSource.Fetched(uri, sha256);
    }
}
