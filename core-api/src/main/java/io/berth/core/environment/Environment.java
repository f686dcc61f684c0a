package io.berth.core.environment;

import io.berth.core.error.Checks;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * A stored environment: its document as it was accepted, and the parameters Berth derived from the typed
 * {@link EnvironmentSpec} (never from the document itself).
 *
 * @param name        the environment's name, as in its document
 * @param description what it is for; empty when the document has none
 * @param document    the accepted JSON document, for people and for {@code GET}; never read by providers
 * @param parameters  the flattened parameters ({@link EnvironmentSpec#parameters()}); copied, sorted by name
 * @param createdAt   when it was first stored
 * @param updatedAt   when it was last replaced (equal to {@code createdAt} until then)
 */
public record Environment(String name, String description, String document, Map<String, String> parameters,
                          Instant createdAt, Instant updatedAt) {
    public Environment {
        Checks.name(name, "environment.name");
        description = Checks.text(description, "environment.description", EnvironmentSpec.MAX_DESCRIPTION);
        requireNonNull(document, "document is null");
        parameters = java.util.Collections.unmodifiableMap(new TreeMap<>(Checks.parameters(parameters,
                "environment.parameters")));
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    /** A new environment made from a checked specification and its document. */
    public static Environment of(EnvironmentSpec spec, String document, Instant at) {
        return new Environment(spec.name(), spec.description(), document, spec.parameters(), at, at);
    }
}
