package io.berth.platform.provider;

import io.berth.core.catalog.TaskSpec;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.provisioning.spi.Provider;
import io.berth.provisioning.spi.ProviderContext;
import io.berth.provisioning.spi.ProviderFactory;
import io.berth.provisioning.spi.ProviderHealth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * The providers of one server and the routing of task kinds to them. Each kind belongs to exactly one
 * provider; a kind claimed twice, or a factory name found twice, stops the start.
 */
public final class ProviderRegistry implements AutoCloseable {
    private final Map<String, Provider> byName;
    private final Map<String, Provider> byKind;

    private ProviderRegistry(List<Provider> providers) {
        Map<String, Provider> names = new LinkedHashMap<>();
        Map<String, Provider> kinds = new TreeMap<>();
        for (Provider provider : providers) {
            if (names.putIfAbsent(provider.name(), provider) != null) {
                throw new BerthException(ErrorCode.DUPLICATE_PROVIDER, "two providers are named '" + provider.name() + "'");
            }
            for (String kind : provider.kinds()) {
                Provider other = kinds.putIfAbsent(kind, provider);
                if (other != null) {
                    throw new BerthException(ErrorCode.DUPLICATE_PROVIDER, "task kind '" + kind + "' is declared by both '"
                            + other.name() + "' and '" + provider.name() + "'");
                }
            }
        }
        this.byName = Map.copyOf(names);
        this.byKind = Map.copyOf(kinds);
    }

    /** A registry of ready providers (used by tests and embedders that build providers themselves). */
    public static ProviderRegistry of(List<Provider> providers) {
        return new ProviderRegistry(providers);
    }

    /**
     * Finds every {@link ProviderFactory} with {@link ServiceLoader} and creates the named ones.
     *
     * @param names    the providers to create, in order
     * @param settings settings of a provider by name
     * @param contexts a host context per provider name
     * @throws BerthException DUPLICATE_PROVIDER when two factories share a name, PROVIDER_UNAVAILABLE when a
     *                        named provider has no factory
     */
    public static ProviderRegistry load(ClassLoader loader, List<String> names,
            Function<String, Map<String, String>> settings, Function<String, ProviderContext> contexts) {
        Map<String, ProviderFactory> factories = discover(loader);
        List<Provider> providers = new ArrayList<>();
        try {
            for (String name : names) {
                ProviderFactory factory = factories.get(name);
                if (factory == null) {
                    throw new BerthException(ErrorCode.PROVIDER_UNAVAILABLE, "no provider named '" + name
                            + "' on the class path; found: " + factories.keySet());
                }
                providers.add(requireNonNull(factory.create(settings.apply(name), contexts.apply(name)),
                        "factory " + name + " returned null"));
            }
            return new ProviderRegistry(providers);
        } catch (RuntimeException e) {
            providers.forEach(ProviderRegistry::closeQuietly);
            throw e;
        }
    }

    /** Every factory on the class path by name; two with one name is an error. */
    public static Map<String, ProviderFactory> discover(ClassLoader loader) {
        Map<String, ProviderFactory> factories = new TreeMap<>();
        for (ProviderFactory factory : ServiceLoader.load(ProviderFactory.class, loader)) {
            ProviderFactory other = factories.putIfAbsent(factory.name(), factory);
            if (other != null) {
                throw new BerthException(ErrorCode.DUPLICATE_PROVIDER, "two provider factories are named '"
                        + factory.name() + "': " + other.getClass().getName() + " and " + factory.getClass().getName());
            }
        }
        return factories;
    }

    public Optional<Provider> forKind(String kind) {
        return Optional.ofNullable(byKind.get(kind));
    }

    /**
     * The provider of a task's kind.
     *
     * @throws BerthException UNKNOWN_TASK_KIND naming the kinds that exist
     */
    public Provider require(String kind) {
        Provider provider = byKind.get(kind);
        if (provider == null) {
            throw new BerthException(ErrorCode.UNKNOWN_TASK_KIND, "no provider runs tasks of kind '" + kind
                    + "'; known kinds: " + byKind.keySet());
        }
        return provider;
    }

    /** Checks a task against its provider, as when a configuration is created. */
    public void validate(TaskSpec spec) {
        require(spec.kind()).validate(spec);
    }

    public Collection<Provider> providers() {
        return byName.values();
    }

    public Map<String, ProviderHealth> health() {
        Map<String, ProviderHealth> result = new TreeMap<>();
        for (Provider provider : byName.values()) {
            ProviderHealth health;
            try {
                health = provider.health();
            } catch (RuntimeException e) {
                health = ProviderHealth.unhealthy(e.toString());
            }
            result.put(provider.name(), health == null ? ProviderHealth.unhealthy("no answer") : health);
        }
        return result;
    }

    @Override
    public void close() {
        byName.values().forEach(ProviderRegistry::closeQuietly);
    }

    private static void closeQuietly(Provider provider) {
        try {
            provider.close();
        } catch (Exception e) {
            System.getLogger(ProviderRegistry.class.getName()).log(System.Logger.Level.WARNING,
                    "closing provider " + provider.name() + " failed", e);
        }
    }
}
