package io.berth.provisioning.spi;

import java.util.Map;

/**
 * Entry point of a provider plugin, found with {@link java.util.ServiceLoader} through a
 * {@code META-INF/services/io.berth.provisioning.spi.ProviderFactory} file.
 *
 * <p>Implementations must have a public no-argument constructor and be cheap to construct: the host
 * instantiates every factory on the class path to read its name, and creates providers only for the
 * names it is configured to use. Two factories with the same name are a start-up error
 * ({@link io.berth.core.error.ErrorCode#DUPLICATE_PROVIDER}).
 */
public interface ProviderFactory {

    /**
     * The provider's unique name, a lower-case slug such as {@code local} or {@code kubernetes}.
     * Never null; the same value on every call.
     */
    String name();

    /**
     * Creates a provider.
     *
     * @param settings the provider's settings (for the reference server: the environment variables
     *                 {@code BERTH_PROVIDER_<NAME>_*}, with that prefix removed and the rest lower-cased,
     *                 {@code _} turned into {@code .}); never null, possibly empty
     * @param context  services of the host; never null
     * @return a ready provider, never null
     * @throws ProviderException with {@link io.berth.core.error.ErrorCode#INVALID_REQUEST} for a bad
     *                           setting, or {@link io.berth.core.error.ErrorCode#PROVIDER_UNAVAILABLE} when
     *                           a backend it needs at start cannot be reached
     */
    Provider create(Map<String, String> settings, ProviderContext context);
}
