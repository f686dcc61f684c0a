package io.berth.server.api;

import io.berth.core.provisioning.ServiceDeployment;
import io.berth.platform.provisioning.CommandService;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** A deployment as the API shows it. */
public record DeploymentView(
        String id,
        String plan,
        int configurationVersion,
        String owner,
        Map<String, String> parameters,
        String state,
        int stateCode,
        String reason,
        HealthView health,
        Instant created,
        Instant updated) {

    public static DeploymentView of(CommandService.DeploymentDetails details) {
        ServiceDeployment deployment = details.deployment();
        return new DeploymentView(deployment.id().toString(), details.planName(), details.configurationVersion(),
                deployment.owner().toString(), new TreeMap<>(deployment.parameters()), deployment.state().name(),
                deployment.state().code(), deployment.reason(), HealthView.of(deployment.health()),
                deployment.created(), deployment.updated());
    }
}
