package io.berth.platform.store;

import io.berth.core.catalog.ConfigurationId;
import io.berth.core.catalog.PlanId;
import io.berth.core.catalog.ServiceConfiguration;
import io.berth.core.catalog.ServicePlan;

import java.util.List;
import java.util.Optional;

/**
 * Plans and their configurations. Every method is one transaction and thread safe; errors are
 * {@link io.berth.core.error.BerthException}s with the codes named.
 */
public interface CatalogStore {

    /** @throws io.berth.core.error.BerthException PLAN_EXISTS when a plan of that name exists */
    void insertPlan(ServicePlan plan);

    Optional<ServicePlan> findPlan(PlanId id);

    Optional<ServicePlan> findPlanByName(String name);

    /** All plans, ordered by name. */
    List<ServicePlan> listPlans();

    /**
     * Deletes a plan and its configurations.
     *
     * @throws io.berth.core.error.BerthException PLAN_NOT_FOUND, or PLAN_IN_USE when any deployment (even a
     *                                            removed one, kept for history) refers to it
     */
    void deletePlan(PlanId id);

    /**
     * Stores a new configuration version. Configurations never change afterwards.
     *
     * @throws io.berth.core.error.BerthException PLAN_NOT_FOUND, or CONFIGURATION_VERSION_TAKEN when the
     *                                            plan already has this version (of two concurrent additions,
     *                                            one wins)
     */
    void insertConfiguration(ServiceConfiguration configuration);

    Optional<ServiceConfiguration> findConfiguration(ConfigurationId id);

    /** The configuration with the highest version of the plan. */
    Optional<ServiceConfiguration> latestConfiguration(PlanId plan);

    /** All versions of a plan's configuration, oldest first. */
    List<ServiceConfiguration> listConfigurations(PlanId plan);
}
