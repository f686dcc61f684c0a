package io.berth.core.catalog;

import io.berth.core.error.Checks;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a task's script comes from: pre-installed under the provider's script root, or fetched from a
 * URL and pinned by its SHA-256 digest.
 */
public sealed interface ScriptSource {

    /** A short human-readable description, e.g. {@code installed:notebook/install.sh}. */
    String describe();

    /**
     * A script under the configured script root. The path is relative, uses '/', and may not climb
     * out of the root.
     */
    record Installed(String path) implements ScriptSource {
        public Installed {
            Checks.required(path, "script.path");
            if (path.isBlank() || path.length() > 512) {
                throw Checks.invalid("script.path must be 1-512 characters");
            }
            if (path.startsWith("/") || path.contains("\\") || path.contains("\0")) {
                throw Checks.invalid("script.path must be relative to the script root: '" + path + "'");
            }
            for (String part : path.split("/")) {
                if (part.isEmpty() || part.equals("..") || part.equals(".")) {
                    throw Checks.invalid("script.path may not contain empty, '.' or '..' segments: '" + path + "'");
                }
            }
        }

        @Override
        public String describe() {
            return "installed:" + path;
        }
    }

    /** A script downloaded (over https, or http/file where the operator allows it) and checked against its digest. */
    record Fetched(URI url, String sha256) implements ScriptSource {
        private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

        public Fetched {
            Checks.required(url, "script.url");
            Checks.required(sha256, "script.sha256");
            sha256 = sha256.toLowerCase(Locale.ROOT);
            if (!HEX64.matcher(sha256).matches()) {
                throw Checks.invalid("script.sha256 must be 64 hexadecimal digits");
            }
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") && !scheme.equals("file")) {
                throw Checks.invalid("script.url must be an https, http or file URL: " + url);
            }
        }

        @Override
        public String describe() {
            return "fetched:" + url + "#sha256=" + sha256;
        }
    }
}
