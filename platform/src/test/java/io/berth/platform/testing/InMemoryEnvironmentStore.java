package io.berth.platform.testing;

import io.berth.core.environment.Environment;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.platform.store.EnvironmentStore;

import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** A hand-written fake of the environment store with the database store's semantics. */
public final class InMemoryEnvironmentStore implements EnvironmentStore {
    private final TreeMap<String, Environment> environments = new TreeMap<>();

    @Override
    public synchronized void insertEnvironment(Environment environment) {
        if (environments.putIfAbsent(environment.name(), environment) != null) {
            throw new BerthException(ErrorCode.ENVIRONMENT_EXISTS, "an environment named '" + environment.name()
                    + "' exists");
        }
    }

    @Override
    public synchronized void replaceEnvironment(Environment environment) {
        Environment current = environments.get(environment.name());
        if (current == null) {
            throw new BerthException(ErrorCode.ENVIRONMENT_NOT_FOUND, "no environment named '" + environment.name()
                    + "'");
        }
        environments.put(environment.name(), new Environment(environment.name(), environment.description(),
                environment.document(), environment.parameters(), current.createdAt(), environment.updatedAt()));
    }

    @Override
    public synchronized boolean deleteEnvironment(String name) {
        return environments.remove(name) != null;
    }

    @Override
    public synchronized Optional<Environment> findEnvironment(String name) {
        return Optional.ofNullable(environments.get(name));
    }

    @Override
    public synchronized List<Environment> listEnvironments() {
        return List.copyOf(environments.values());
    }
}
