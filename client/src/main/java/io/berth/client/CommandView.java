package io.berth.client;

import io.berth.core.state.State;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A command: one install, configure or remove of a deployment, with its tasks.
 *
 * @param action     {@code install}, {@code configure} or {@code remove}
 * @param deployment the deployment the command acts on (an install creates it)
 * @param requester  the id of the account that submitted the command
 * @param state      where the command is; {@code null} only for a state this client does not know,
 *                   {@code stateCode} still tells it then
 * @param reason     for a failed command, which task failed and why; else empty
 * @param tasks      the tasks in the order they run; may be empty in lists
 */
public record CommandView(
        String id,
        String action,
        String plan,
        String deployment,
        Integer configurationVersion,
        Map<String, String> parameters,
        String requester,
        State state,
        int stateCode,
        String reason,
        Instant created,
        Instant updated,
        List<TaskView> tasks) {

    public CommandView {
        parameters = TaskSpecView.ordered(parameters);
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }
}
