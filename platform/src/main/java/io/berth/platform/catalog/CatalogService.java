package io.berth.platform.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.berth.core.account.Principal;
import io.berth.core.catalog.ConfigurationId;
import io.berth.core.catalog.PlanId;
import io.berth.core.catalog.ServiceConfiguration;
import io.berth.core.catalog.ServicePlan;
import io.berth.core.catalog.TaskSpec;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.platform.auth.AccountService;
import io.berth.platform.provider.ProviderRegistry;
import io.berth.platform.store.CatalogStore;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Plans and configurations: admins write them, everyone reads them. */
public final class CatalogService {
    private final CatalogStore store;
    private final ProviderRegistry providers;
    private final Clock clock;
    /**
     * Configurations never change once stored, so the executor may read them from memory for the life of
     * the process; the bound only limits memory.
     */
    private final Cache<ConfigurationId, ServiceConfiguration> configurations =
            Caffeine.newBuilder().maximumSize(10_000).build();

    /**
     * Plans never change, and a plan that a command or deployment refers to cannot be deleted, so reading
     * them by id from memory is safe; the executor does it for every command.
     */
    private final Cache<PlanId, ServicePlan> plansById = Caffeine.newBuilder().maximumSize(10_000).build();

    public CatalogService(CatalogStore store, ProviderRegistry providers, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.providers = requireNonNull(providers, "providers is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** A plan with the version of its newest configuration (null when it has none). */
    public record PlanView(ServicePlan plan, Integer latestVersion) {
    }

    /**
     * Creates a plan, and its first configuration when one is given. The configuration is checked first,
     * so a bad one leaves no plan behind.
     */
    public PlanView createPlan(Principal caller, String name, String description, ConfigurationDraft configuration) {
        AccountService.requireAdmin(caller);
        if (configuration != null) {
            validate(configuration);
        }
        ServicePlan plan = new ServicePlan(PlanId.random(), name, description, clock.instant());
        // built before the plan is stored, so that a record-level error leaves no plan behind either
        ServiceConfiguration first = configuration == null ? null : build(plan.id(), 1, configuration);
        store.insertPlan(plan);
        if (first == null) {
            return new PlanView(plan, null);
        }
        store.insertConfiguration(first);
        return new PlanView(plan, 1);
    }

    /** Adds the next configuration version of a plan; new installs and configures use it. */
    public ServiceConfiguration addConfiguration(Principal caller, String planName, ConfigurationDraft draft) {
        AccountService.requireAdmin(caller);
        validate(draft);
        ServicePlan plan = plan(planName);
        int next = store.latestConfiguration(plan.id()).map(c -> c.version() + 1).orElse(1);
        ServiceConfiguration configuration = build(plan.id(), next, draft);
        store.insertConfiguration(configuration);
        return configuration;
    }

    private ServiceConfiguration build(PlanId plan, int version, ConfigurationDraft draft) {
        return new ServiceConfiguration(ConfigurationId.random(), plan, version, draft.installTasks(),
                draft.removeTasks(), draft.healthCheck(), draft.healthInterval(), clock.instant());
    }

    /** Every task must have a provider for its kind, and that provider must accept it. */
    private void validate(ConfigurationDraft draft) {
        if (draft.installTasks().isEmpty()) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "a configuration needs at least one install task");
        }
        for (TaskSpec task : draft.installTasks()) {
            providers.validate(task);
        }
        for (TaskSpec task : draft.removeTasks()) {
            providers.validate(task);
        }
        if (draft.healthCheck() != null) {
            providers.validate(draft.healthCheck());
        }
    }

    public List<PlanView> listPlans() {
        return store.listPlans().stream().map(this::view).toList();
    }

    public PlanView getPlan(String name) {
        return view(plan(name));
    }

    private PlanView view(ServicePlan plan) {
        return new PlanView(plan, store.latestConfiguration(plan.id()).map(ServiceConfiguration::version).orElse(null));
    }

    public void deletePlan(Principal caller, String name) {
        AccountService.requireAdmin(caller);
        PlanId id = plan(name).id();
        store.deletePlan(id);
        plansById.invalidate(id);
    }

    public List<ServiceConfiguration> listConfigurations(String planName) {
        return store.listConfigurations(plan(planName).id());
    }

    public ServiceConfiguration getConfiguration(String planName, int version) {
        return listConfigurations(planName).stream().filter(c -> c.version() == version).findFirst()
                .orElseThrow(() -> new BerthException(ErrorCode.CONFIGURATION_NOT_FOUND,
                        "plan '" + planName + "' has no configuration version " + version));
    }

    public ServicePlan plan(String name) {
        if (name == null) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "plan is required");
        }
        return store.findPlanByName(name)
                .orElseThrow(() -> new BerthException(ErrorCode.PLAN_NOT_FOUND, "no plan named '" + name + "'"));
    }

    public ServicePlan plan(PlanId id) {
        ServicePlan cached = plansById.getIfPresent(id);
        if (cached != null) {
            return cached;
        }
        ServicePlan plan = store.findPlan(id)
                .orElseThrow(() -> new BerthException(ErrorCode.PLAN_NOT_FOUND, "no plan with id " + id));
        plansById.put(id, plan);
        return plan;
    }

    public Optional<ServiceConfiguration> latestConfiguration(PlanId plan) {
        return store.latestConfiguration(plan);
    }

    /** A configuration by id, from memory after the first read. */
    public ServiceConfiguration configuration(ConfigurationId id) {
        ServiceConfiguration cached = configurations.getIfPresent(id);
        if (cached != null) {
            return cached;
        }
        ServiceConfiguration loaded = store.findConfiguration(id)
                .orElseThrow(() -> new BerthException(ErrorCode.CONFIGURATION_NOT_FOUND, "no configuration " + id));
        configurations.put(id, loaded);
        return loaded;
    }
}
