package io.berth.platform.provisioning;

import io.berth.core.error.BerthException;
import io.berth.core.error.Checks;
import io.berth.core.error.ErrorCode;
import io.berth.core.provisioning.CommandAction;
import io.berth.core.provisioning.DeploymentId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a caller asks for: install a plan, or configure or remove a deployment.
 *
 * @param plan       the plan's name, for INSTALL only
 * @param deployment for CONFIGURE and REMOVE only
 */
public record CommandRequest(CommandAction action, String plan, DeploymentId deployment, Map<String, String> parameters) {

    public CommandRequest {
        if (action == null) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "action is required (install, configure or remove)");
        }
        parameters = Checks.parameters(parameters, "parameters");
        switch (action) {
            case INSTALL -> {
                if (plan == null || deployment != null) {
                    throw new BerthException(ErrorCode.INVALID_REQUEST, "install needs a plan and no deployment");
                }
            }
            case CONFIGURE, REMOVE -> {
                if (deployment == null || plan != null) {
                    throw new BerthException(ErrorCode.INVALID_REQUEST, action.name().toLowerCase(java.util.Locale.ROOT)
                            + " needs a deployment and no plan");
                }
            }
        }
        if (action == CommandAction.REMOVE && !parameters.isEmpty()) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "remove takes no parameters");
        }
    }

    public static CommandRequest install(String plan, Map<String, String> parameters) {
        return new CommandRequest(CommandAction.INSTALL, plan, null, parameters);
    }

    public static CommandRequest configure(DeploymentId deployment, Map<String, String> parameters) {
        return new CommandRequest(CommandAction.CONFIGURE, null, deployment, parameters);
    }

    public static CommandRequest remove(DeploymentId deployment) {
        return new CommandRequest(CommandAction.REMOVE, null, deployment, Map.of());
    }

    /** A digest of the request's content, equal for equal requests whatever the order of parameters. */
    public String fingerprint() {
        StringBuilder canonical = new StringBuilder().append(action).append('\n').append(plan).append('\n')
                .append(deployment).append('\n');
        new TreeMap<>(parameters).forEach((k, v) -> canonical.append(k.length()).append(':').append(k)
                .append('=').append(v.length()).append(':').append(v).append('\n'));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
