package io.berth.client;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The body of {@code POST /commands}. Use the factories: an install names a plan, configure and remove
 * name a deployment.
 *
 * @param action {@code install}, {@code configure} or {@code remove}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommandRequest(String action, String plan, String deployment, Map<String, String> parameters) {

    public CommandRequest {
        requireNonNull(action, "action is null");
        parameters = parameters == null ? null : TaskSpecView.ordered(parameters);
    }

    /** Creates a deployment of the newest configuration of {@code plan}. */
    public static CommandRequest install(String plan, Map<String, String> parameters) {
        return new CommandRequest("install", requireNonNull(plan, "plan is null"), null,
                parameters == null ? Map.of() : parameters);
    }

    /** Runs the install tasks of {@code deployment} again with new parameters. */
    public static CommandRequest configure(String deployment, Map<String, String> parameters) {
        return new CommandRequest("configure", null, requireNonNull(deployment, "deployment is null"),
                parameters == null ? Map.of() : parameters);
    }

    /** Runs the removal tasks of {@code deployment}; it ends REMOVED. */
    public static CommandRequest remove(String deployment) {
        return new CommandRequest("remove", null, requireNonNull(deployment, "deployment is null"), null);
    }
}
