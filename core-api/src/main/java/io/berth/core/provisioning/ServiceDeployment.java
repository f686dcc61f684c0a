package io.berth.core.provisioning;

import io.berth.core.account.AccountId;
import io.berth.core.catalog.ConfigurationId;
import io.berth.core.catalog.PlanId;
import io.berth.core.error.Checks;
import io.berth.core.state.State;

import java.time.Instant;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * One deployment of a plan for an owner.
 *
 * @param configuration the configuration version the deployment was last installed or configured with
 * @param reason        why the deployment is in its state (the failing task and its output when FAILED), never null
 */
public record ServiceDeployment(
        DeploymentId id,
        PlanId plan,
        ConfigurationId configuration,
        AccountId owner,
        Map<String, String> parameters,
        State state,
        DeploymentHealth health,
        String reason,
        Instant created,
        Instant updated) {

    public ServiceDeployment {
        requireNonNull(id, "id is null");
        requireNonNull(plan, "plan is null");
        requireNonNull(configuration, "configuration is null");
        requireNonNull(owner, "owner is null");
        parameters = Checks.parameters(parameters, "parameters");
        requireNonNull(state, "state is null");
        health = health == null ? DeploymentHealth.UNKNOWN : health;
        reason = reason == null ? "" : reason;
        requireNonNull(created, "created is null");
        requireNonNull(updated, "updated is null");
    }

    /** This deployment moved to {@code target} (checked against the transition table). */
    public ServiceDeployment moveTo(State target, String reason, Instant at) {
        return new ServiceDeployment(id, plan, configuration, owner, parameters, state.moveTo(target), health,
                reason, created, at);
    }

    public ServiceDeployment withConfiguration(ConfigurationId configuration, Map<String, String> parameters, Instant at) {
        return new ServiceDeployment(id, plan, configuration, owner, parameters, state, health, reason, created, at);
    }

    public ServiceDeployment withHealth(DeploymentHealth health) {
        return new ServiceDeployment(id, plan, configuration, owner, parameters, state, health, reason, created, updated);
    }
}
