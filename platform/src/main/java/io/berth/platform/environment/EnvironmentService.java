package io.berth.platform.environment;

import io.berth.core.account.Principal;
import io.berth.core.environment.Environment;
import io.berth.core.environment.EnvironmentSpec;
import io.berth.core.environment.EnvironmentViolation;
import io.berth.core.environment.InvalidEnvironmentException;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.platform.auth.AccountService;
import io.berth.platform.store.EnvironmentStore;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Environment configurations: anyone may list and read them, admins create, replace and delete them. An
 * environment is always stored from a checked {@link EnvironmentSpec}; its parameters are the spec's, never
 * read from the document.
 */
public final class EnvironmentService {
    /** The environment a notebook runs when its command names none. */
    public static final String DEFAULT_ENVIRONMENT = "gaia-basic";

    private final EnvironmentStore store;
    private final Clock clock;

    public EnvironmentService(EnvironmentStore store, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** All environments, by name. */
    public List<Environment> list() {
        return store.listEnvironments();
    }

    /** @throws BerthException ENVIRONMENT_NOT_FOUND */
    public Environment get(String name) {
        requireNonNull(name, "name is null");
        return store.findEnvironment(name).orElseThrow(() -> notFound(name));
    }

    /** The environment of that name, if there is one. */
    public Optional<Environment> find(String name) {
        return store.findEnvironment(requireNonNull(name, "name is null"));
    }

    /**
     * Stores a new environment.
     *
     * @param document the JSON document {@code spec} was read from, kept for display
     * @throws BerthException FORBIDDEN for a caller who is not an admin, ENVIRONMENT_EXISTS
     */
    public Environment create(Principal caller, EnvironmentSpec spec, String document) {
        AccountService.requireAdmin(caller);
        Environment environment = Environment.of(requireNonNull(spec, "spec is null"),
                requireNonNull(document, "document is null"), clock.instant());
        store.insertEnvironment(environment);
        return environment;
    }

    /**
     * Replaces the environment called {@code name}; the document must carry the same name.
     *
     * @throws BerthException FORBIDDEN, INVALID_ENVIRONMENT (another name in the document),
     *                        ENVIRONMENT_NOT_FOUND
     */
    public Environment replace(Principal caller, String name, EnvironmentSpec spec, String document) {
        AccountService.requireAdmin(caller);
        requireNonNull(spec, "spec is null");
        if (!spec.name().equals(name)) {
            throw new InvalidEnvironmentException(List.of(new EnvironmentViolation("/name",
                    "must be '" + name + "', the name of the environment being replaced")));
        }
        Environment current = get(name);
        Instant now = clock.instant();
        Environment replacement = new Environment(spec.name(), spec.description(),
                requireNonNull(document, "document is null"), spec.parameters(), current.createdAt(), now);
        store.replaceEnvironment(replacement);
        return replacement;
    }

    /**
     * Deletes an environment. Deployments that ran it keep the parameters they were given.
     *
     * @throws BerthException FORBIDDEN, ENVIRONMENT_NOT_FOUND
     */
    public void delete(Principal caller, String name) {
        AccountService.requireAdmin(caller);
        if (!store.deleteEnvironment(requireNonNull(name, "name is null"))) {
            throw notFound(name);
        }
    }

    /**
     * Stores a standard environment unless one of its name exists (an operator's changes are kept). Safe
     * when several servers start at once.
     *
     * @return whether it was stored now
     */
    public boolean seed(EnvironmentSpec spec, String document) {
        if (store.findEnvironment(spec.name()).isPresent()) {
            return false;
        }
        try {
            store.insertEnvironment(Environment.of(spec, document, clock.instant()));
            return true;
        } catch (BerthException e) {
            if (e.errorCode() == ErrorCode.ENVIRONMENT_EXISTS) {
                return false;
            }
            throw e;
        }
    }

    static BerthException notFound(String name) {
        return new BerthException(ErrorCode.ENVIRONMENT_NOT_FOUND, "no environment named '"
                + (name.length() > 64 ? name.substring(0, 64) + "..." : name) + "'");
    }
}
