package io.berth.server.api;

import io.berth.core.provisioning.CommandAction;
import io.berth.core.provisioning.DeploymentId;
import io.berth.platform.provisioning.CommandRequest;

import java.util.Locale;
import java.util.Map;

/**
 * The body of {@code POST /commands}: {@code install} names a plan, {@code configure} and {@code remove}
 * name a deployment.
 */
public record CommandInput(String action, String plan, String deployment, Map<String, String> parameters) {

    /** @throws io.berth.core.error.BerthException INVALID_REQUEST for a bad action, id or combination */
    public CommandRequest toDomain() {
        if (action == null) {
            throw Fields.invalid("action is required (install, configure or remove)");
        }
        CommandAction parsed = switch (action.toLowerCase(Locale.ROOT)) {
            case "install" -> CommandAction.INSTALL;
            case "configure" -> CommandAction.CONFIGURE;
            case "remove" -> CommandAction.REMOVE;
            default -> throw Fields.invalid("action must be install, configure or remove: '"
                    + Fields.shorten(action) + "'");
        };
        DeploymentId deploymentId = deployment == null ? null : DeploymentId.parse(deployment);
        return new CommandRequest(parsed, plan, deploymentId, parameters);
    }
}
