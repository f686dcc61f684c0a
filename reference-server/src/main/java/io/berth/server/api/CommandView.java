package io.berth.server.api;

import io.berth.core.provisioning.ServiceCommand;
import io.berth.platform.provisioning.CommandService;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A command with its tasks, as the API shows it. */
public record CommandView(
        String id,
        String action,
        String plan,
        String deployment,
        int configurationVersion,
        Map<String, String> parameters,
        String requester,
        String state,
        int stateCode,
        String reason,
        Instant created,
        Instant updated,
        List<TaskView> tasks) {

    public static CommandView of(CommandService.CommandDetails details) {
        ServiceCommand command = details.command();
        return new CommandView(command.id().toString(), command.action().name().toLowerCase(Locale.ROOT),
                details.planName(), command.deployment().toString(), details.configurationVersion(),
                new TreeMap<>(command.parameters()), command.requester().toString(), command.state().name(),
                command.state().code(), command.reason(), command.created(), command.updated(),
                details.tasks().stream().map(TaskView::of).toList());
    }
}
