package io.berth.client;

import io.berth.core.state.State;

import java.time.Instant;
import java.util.Map;

/**
 * A deployment: one installed instance of a plan, owned by an account.
 *
 * @param owner  the id of the owning account
 * @param state  the state of the deployment's last command outcome; REMOVED once removed
 * @param health the last health check, or {@code null} when the server sent none
 */
public record DeploymentView(
        String id,
        String plan,
        Integer configurationVersion,
        String owner,
        Map<String, String> parameters,
        State state,
        int stateCode,
        String reason,
        HealthView health,
        Instant created,
        Instant updated) {

    public DeploymentView {
        parameters = TaskSpecView.ordered(parameters);
    }
}
