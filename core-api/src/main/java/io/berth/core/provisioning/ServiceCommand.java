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
 * A user's request to install, configure or remove, and the record of its execution.
 *
 * @param deployment         the deployment it acts on (for an install, the one it creates)
 * @param configuration      the configuration whose tasks it runs
 * @param idempotencyKey     client-chosen key, or {@code null}
 * @param requestFingerprint digest of the request body, used to tell a retry from a different request
 *                           that reuses a key
 * @param reason             why the command is in its state, never null
 */
public record ServiceCommand(
        CommandId id,
        CommandAction action,
        PlanId plan,
        DeploymentId deployment,
        ConfigurationId configuration,
        Map<String, String> parameters,
        AccountId requester,
        String idempotencyKey,
        String requestFingerprint,
        State state,
        String reason,
        Instant created,
        Instant updated) {

    public ServiceCommand {
        requireNonNull(id, "id is null");
        requireNonNull(action, "action is null");
        requireNonNull(plan, "plan is null");
        requireNonNull(deployment, "deployment is null");
        requireNonNull(configuration, "configuration is null");
        parameters = Checks.parameters(parameters, "parameters");
        requireNonNull(requester, "requester is null");
        if (idempotencyKey != null && (idempotencyKey.isEmpty() || idempotencyKey.length() > 200)) {
            throw Checks.invalid("idempotency key must be 1-200 characters");
        }
        requestFingerprint = requestFingerprint == null ? "" : requestFingerprint;
        requireNonNull(state, "state is null");
        reason = reason == null ? "" : reason;
        requireNonNull(created, "created is null");
        requireNonNull(updated, "updated is null");
    }

    public ServiceCommand moveTo(State target, String reason, Instant at) {
        return new ServiceCommand(id, action, plan, deployment, configuration, parameters, requester, idempotencyKey,
                requestFingerprint, state.moveTo(target), reason, created, at);
    }
}
