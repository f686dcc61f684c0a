package io.berth.provisioning.spi;

import java.util.Optional;

/** Looks up secrets configured by the operator. Thread safe. */
@FunctionalInterface
public interface SecretResolver {

    /**
     * The secret of the given name.
     *
     * @param name never null
     * @return the value, or empty when no such secret is configured; never null
     */
    Optional<String> secret(String name);
}
