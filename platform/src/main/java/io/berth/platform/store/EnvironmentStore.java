package io.berth.platform.store;

import io.berth.core.environment.Environment;

import java.util.List;
import java.util.Optional;

/**
 * Environment configurations: each one's document and its flattened parameters. Every method is one
 * transaction and thread safe; errors are {@link io.berth.core.error.BerthException}s with the codes named.
 */
public interface EnvironmentStore {

    /** @throws io.berth.core.error.BerthException ENVIRONMENT_EXISTS when one of that name exists (of two concurrent inserts, one wins) */
    void insertEnvironment(Environment environment);

    /**
     * Replaces the document, description and parameters of the environment of the same name; its creation time
     * is kept.
     *
     * @throws io.berth.core.error.BerthException ENVIRONMENT_NOT_FOUND
     */
    void replaceEnvironment(Environment environment);

    /** @return whether an environment of that name was there to delete */
    boolean deleteEnvironment(String name);

    Optional<Environment> findEnvironment(String name);

    /** All environments, ordered by name. */
    List<Environment> listEnvironments();
}
